"""Free text → evidence. Kept apart so it can be deepened without touching the engine."""

from shakewise.language.evidence import TextEvidence
from shakewise.language.parser import parse_text, subject_of

__all__ = ["TextEvidence", "parse_text", "subject_of"]
