"""shakewise: likely causes, triage and self-care for shaking, twitching or cramping legs."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shakewise.assessment import assess, run_assessment
    from shakewise.errors import InputError, KnowledgeError, ShakewiseError
    from shakewise.knowledge import load_knowledge
    from shakewise.results import Assessment

# The pipeline imports pydantic and numpy; `shakewise --help` needs neither, so each name
# is imported on first use.
_HOMES = {
    "Assessment": "results",
    "InputError": "errors",
    "KnowledgeError": "errors",
    "ShakewiseError": "errors",
    "assess": "assessment",
    "load_knowledge": "knowledge",
    "run_assessment": "assessment",
}

__all__ = [
    "Assessment",
    "InputError",
    "KnowledgeError",
    "ShakewiseError",
    "assess",
    "load_knowledge",
    "run_assessment",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"shakewise.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'shakewise' has no attribute {name!r}")
