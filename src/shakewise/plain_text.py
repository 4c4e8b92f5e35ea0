"""Text a person types, checked before it is stored: PostgreSQL refuses NUL, and a lone
surrogate (from a Python caller or a file read with surrogateescape) is no character and
cannot be encoded for any database. Refusing both here gives one clear message on every
database instead of a failure on one of them."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def plain_text(value: str) -> str:
    """The value unchanged, or ValueError naming what is wrong with it."""
    if UNSTORABLE.search(value):
        raise ValueError("contains a control or broken character; type it as plain text")
    return value


PlainText = Annotated[str, AfterValidator(plain_text)]
