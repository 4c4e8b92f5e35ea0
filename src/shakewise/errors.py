"""The one exception tree of shakewise.

    ShakewiseError            base: a message a person can act on; CLI exits 2 with it
    ├── KnowledgeError        the knowledge base (YAML) is malformed or inconsistent
    ├── StorageError          the database cannot be opened, reached or migrated
    └── InputError            a request is wrong: bad answer, text too long, bad file
        ├── UnknownFindingError   an answer names a finding id the knowledge base lacks
        ├── NotFoundError         an id names no diary entry, assessment or recording of
                                  this user (another user's ids look exactly the same)
        ├── ImplausibleTimeError  a diary time is in the future or before 1900 (a rule
                                  that depends on the clock, so no schema can state it)
        └── RecordingError        a motion recording cannot be used (signals/errors.py:
                                  unknown format, malformed, empty, too short, rate too
                                  low for the band, saturated)

Every edge (CLI, HTTP) maps these once; nothing else should escape to a user.
"""

from __future__ import annotations


class ShakewiseError(Exception):
    """Base of every error shakewise raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class KnowledgeError(ShakewiseError):
    """Raised at load when a knowledge file breaks the schema or a cross-check."""


class StorageError(ShakewiseError):
    """Raised when the database cannot be opened, reached or brought up to date."""


class InputError(ShakewiseError):
    """Raised when input from a person or a program cannot be used as given."""


class NotFoundError(InputError):
    """Raised when an id names nothing this user owns (someone else's looks the same)."""


class ImplausibleTimeError(InputError):
    """Raised when a diary entry starts in the future (beyond a clock's drift) or before
    1900."""


class UnknownFindingError(InputError):
    """Raised when an answer names a finding id that does not exist."""

    def __init__(self, finding: str, suggestions: list[str]) -> None:
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"Unknown finding '{finding}'.{hint} Run 'shakewise kb show --json' to list them."
        )
        self.finding = finding
