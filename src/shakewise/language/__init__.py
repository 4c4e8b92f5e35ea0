"""Free text → evidence. Kept apart so it can be deepened without touching the engine."""

from shakewise.language.evidence import TextEvidence
from shakewise.language.parser import is_about_a_child, parse_text, subject_of

__all__ = ["TextEvidence", "is_about_a_child", "parse_text", "subject_of"]
