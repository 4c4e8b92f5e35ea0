"""shakewise: likely causes, triage and self-care for shaking, twitching or cramping legs."""

from shakewise.assessment import assess, run_assessment
from shakewise.errors import InputError, KnowledgeError, ShakewiseError
from shakewise.knowledge import load_knowledge
from shakewise.results import Assessment

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
