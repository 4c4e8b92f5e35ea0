"""shakewise: likely causes, triage and self-care for shaking, twitching or cramping legs."""

from shakewise.assessment import Assessment, assess, run_assessment
from shakewise.errors import InputError, KnowledgeError, ShakewiseError
from shakewise.knowledge import load_knowledge

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
