"""A phrase of the knowledge base: plain words, or a regular expression after "re:", for the
rare word sense plain words cannot say; checked when the knowledge base is loaded."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

REGEX = "re:"  # a phrase starting with this is a regular expression, for the rare word sense
AND = "&"  # in a synonym: "swollen & hot" needs both phrases in one or two sentences


def _regular_expressions_compile(phrase: str) -> str:
    """A phrase written as a regular expression (or any "a & b" part of one) must compile:
    a typo is refused at load, naming the file and field, instead of failing on a text."""
    for part in (p.strip() for p in phrase.split(AND)):
        if part.startswith(REGEX):
            try:
                re.compile(part[len(REGEX) :])
            except re.error as exc:
                raise ValueError(f"not a valid regular expression ({exc}): {part}") from None
    return phrase


# Words that say a finding or a concept
Phrase = Annotated[
    str,
    StringConstraints(min_length=2, strip_whitespace=True),
    AfterValidator(_regular_expressions_compile),
]
