"""A person's age from a description: an adult's ("I'm 67", "34f", "mum is 72", "in my
seventies") and a child's ("my 8 year old", "son is 8", "4yo boy"), read from normalised
text like the other numbers (`numbers.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from shakewise.language.numbers import ANY_DIGIT, NumberReading

AGE_RES = (
    re.compile(
        r"\b(?:i am|im|aged|age|age:)\s+(?:only\s+|just\s+)?(?P<n>\d{2})\b"
        r"(?!\.\d|\s*(?:minute|hour|day|week|month|mg|cup|kg|lb|%))"  # "38.8" is no age
    ),
    re.compile(  # not a simile: "walking like an 80 year old"
        r"(?<!\blike a )(?<!\blike an )\b(?P<n>\d{2})\s*(?:yo|y o|yrs? old|years? old|year old|"
        r"yr old|,?\s*(?:f|m|male|female))\b"
    ),
    re.compile(r"\bin (?:my|his|her) (?P<n>[1-9]0)s\b"),
    re.compile(  # "mum is 72", "she is 45", "my flatmate's 20", "my son's about to turn 21"
        r"\b(?:(?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|grandad|granddad|"
        r"grandpa|grandma|granny|gran|nan|brother|sister|boyfriend|girlfriend|flatmate|friend)s?|"
        r"he|she|hes|shes)"
        r"\s+(?:is\s+|was\s+|turned\s+|just turned\s+|aged\s+|about to turn\s+|turning\s+)?"
        r"\(?(?P<n>\d{2})\)?(?!\.\d|\s*(?:minute|hour|day|week|month|mg|cup|kg|lb|%|degree|c\b|f\b))"
    ),
)
# A child's age ("my 8 year old", "4yo boy", "my son is 8"): years, said of a person; not
# "my 5 year old car" nor "he is 6 foot"
CHILD_AGE_RES = (
    re.compile(
        r"\b(?:my|our|his|her|their)\s+(?P<n>[1-9]|1[0-7])\s*"
        r"(?:yo|y o|yrs? old|years? old|year old)\b"
        r"(?!\s+(?:car|van|bike|laptop|phone|dog|cat|puppy|kitten|horse|injury|scar|house|flat|"
        r"mattress|sofa|bed|boiler|shoes|trainers|boots))"
    ),
    re.compile(r"\b(?P<n>[1-9]|1[0-7])\s*(?:yo|y o)\s+(?:boy|girl|son|daughter|kid|child)\b"),
    re.compile(
        r"\b(?:son|daughter|boy|girl|kid|child|grandson|granddaughter|nephew|niece)s?\s+"
        r"(?:is\s+|turned\s+|just turned\s+|aged\s+)?(?P<n>[1-9])\b"
        r"(?!\.\d|\s*(?:minute|hour|day|week|month|mg|kg|lb|st\b|stone|foot|feet|ft|%))"
    ),
)
AGE_PATTERNS = tuple((p, False) for p in AGE_RES) + tuple((p, True) for p in CHILD_AGE_RES)
ADULT_AGE_FROM = 12  # "im 10" or "she is 9" alone may be anything; a child is said as one
OLDEST_AGE = 110
DECADES = {"twenties": 25, "thirties": 35, "forties": 45, "fifties": 55, "sixties": 65,
           "seventies": 75, "eighties": 85, "nineties": 95}  # fmt: skip
DECADE_RE = re.compile(
    r"\bin (?:my|his|her) (?:early |mid |late )?(?P<d>" + "|".join(DECADES) + r")\b"
)


def read_age(norm: str) -> Iterator[NumberReading]:
    """The first age said that a person can have: an adult's, else a child's."""
    for pattern, child in AGE_PATTERNS if ANY_DIGIT.search(norm) else ():  # each needs a number
        for m in pattern.finditer(norm):
            readings = list(_age_readings(int(m.group("n")), m.start(), m.end(), child=child))
            if readings:
                yield from readings
                return
    for m in DECADE_RE.finditer(norm):
        yield from _age_readings(DECADES[m.group("d")], m.start(), m.end())
        return


def _age_readings(
    age: int, start: int, end: int, *, child: bool = False
) -> Iterator[NumberReading]:
    if not (1 if child else ADULT_AGE_FROM) <= age <= OLDEST_AGE:
        return
    yield NumberReading("age_over_60", "yes" if age >= 60 else "no", start, end)
    yield NumberReading("age_under_40", "yes" if age < 40 else "no", start, end)
