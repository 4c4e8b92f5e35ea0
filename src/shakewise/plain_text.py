"""Text a person types, checked before it is stored: PostgreSQL refuses NUL, and a lone
surrogate (from a Python caller or a file read with surrogateescape) is no character and
cannot be encoded for any database. Refusing both here gives one clear message on every
database instead of a failure on one of them."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

# Control characters (tab, newline and carriage return are allowed), in a form Python,
# JSON Schema (ECMA-262) and pydantic's regex engine all read the same way.
CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f"
UNSTORABLE = re.compile(rf"[{CONTROL}\ud800-\udfff]")
# Published in the OpenAPI schema so clients (and fuzzers) know what is refused; checked
# by `plain_text`, which says what is wrong in plain words.
PLAIN_PATTERN = rf"^[^{CONTROL}]*$"
# White space as Python's `str.isspace` and Unicode's White_Space read it, spelled out:
# ECMA-262's `\s` differs (it counts U+FEFF, not U+0085), so `\S` in a published pattern
# would mean something else to a client than to the server. (U+001C-U+001F, which Python
# also counts, are in CONTROL.)
SPACE = r"\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Something besides white space (pydantic's check of a description; refused in plain words
# by the HTTP error handler).
NOT_BLANK_PATTERN = rf"[^{SPACE}]"
# Plain text with something besides white space: a description. `[^{SPACE}]` alone would
# let one control character through as the "something" (`\S` matches U+000E).
WORDS_PATTERN = rf"^[^{CONTROL}]*[^{CONTROL}{SPACE}][^{CONTROL}]*$"


def plain_text(value: str) -> str:
    """The value unchanged, or ValueError naming what is wrong with it."""
    if UNSTORABLE.search(value):
        raise ValueError("contains a control or broken character; type it as plain text")
    return value


PlainText = Annotated[
    str, AfterValidator(plain_text), Field(json_schema_extra={"pattern": PLAIN_PATTERN})
]
