"""shakewise: likely causes, triage and self-care for shaking, twitching or cramping legs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shakewise.lazy import lazy_exports

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

__getattr__ = lazy_exports(__name__, _HOMES)
