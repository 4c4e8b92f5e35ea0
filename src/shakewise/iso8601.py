"""Dates and times sent as text (query parameters, JSON), as patterns that match exactly
what Python's `date.fromisoformat` and `datetime.fromisoformat` read.

A pattern like `\\d{4}-\\d{2}-\\d{2}` publishes 0000-00-00 as a date, so a client (or a
fuzzer) that trusts the schema is refused. These spell out the calendar instead: months
01-12, the days each month has, 29 February in leap years only (every fourth year, not
centuries unless divisible by 400). Years run from 1000 to 9999: the diary begins in
1900, and no earlier year is worth a longer pattern. Digits are `[0-9]`, since `\\d` is
any Unicode digit to Python and pydantic but ASCII to ECMA-262, and there is no
lookaround, so the OpenAPI schema, pydantic's regex engine and Python read them alike.
"""

from __future__ import annotations

import datetime as dt

_YEAR = r"[1-9][0-9]{3}"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YEAR = r"(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[13579][26]|[2468][048])00)"
DATE = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"

DATE_PATTERN = rf"^{DATE}$"
# The zone may be left out: such a time is read as UTC.
TIME_PATTERN = rf"^{DATE}T{_CLOCK}{_OFFSET}?$"
# A moment a person logs: its zone is needed to know when it was.
ZONED_TIME_PATTERN = rf"^{DATE}T{_CLOCK}{_OFFSET}$"


def read_time(text: str) -> dt.datetime:
    """A time that matched TIME_PATTERN, in UTC (read as UTC if it names no zone). A time
    in year 9999 west of UTC would pass the largest datetime: it is read as that."""
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
