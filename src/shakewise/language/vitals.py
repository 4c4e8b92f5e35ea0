"""The body's own readings written in a description: temperature, blood pressure, sugar.

Thresholds and their sources:
- fever: 38 °C or more is a high temperature (nhs-fever-adults); 39 °C counts as high fever
  here (shakewise-estimate).
- blood pressure: 160/110 or more is severe (nice-hypertension-pregnancy-ng133).
- blood sugar: a reading below 4 mmol/L is low (nhs-low-blood-sugar), below 70 mg/dL in
  the units of American meters (ada-hypoglycemia); it reads as the signs of low blood sugar,
  as the words "my sugar was low" do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from shakewise.language.numbers import ANY_DIGIT, NumberReading

BP_RE = re.compile(
    r"\b(?:blood pressure|bp|pressure)\b\D{0,40}?(?P<top>\d{2,3})\s*(?:over|\s)\s*"
    r"(?P<bottom>\d{2,3})\b"
)
SEVERE_SYSTOLIC, SEVERE_DIASTOLIC = (
    160,
    110,
)  # severe hypertension (nice-hypertension-pregnancy-ng133)
# "my sugar is 2.1", "bm was 3.2", "blood glucose of 55 mg/dl", "sugars dropped to 3"
SUGAR_RE = re.compile(
    r"\b(?:blood\s+)?(?:sugars?|glucose|bms?|bgs?)\s+(?:level\s+|reading\s+)?"
    r"(?:(?:is|was|were|are|at|of|read|reads|only|just|down to|dropped to|went down to|"
    r"fell to|showed|came up as|a)\s+){0,3}(?P<n>\d{1,3}(?:\.\d)?)\s*(?P<u>mmol|mg)?"
)
LOW_SUGAR_MMOL, LOW_SUGAR_MG_DL = 4.0, 70  # nhs-low-blood-sugar; ada-hypoglycemia
SUGAR_MG_DL_FROM = 30  # a reading above this is in mg/dL (30 mmol/L is beyond any meter)
TEMP_RE = re.compile(
    # "temp keeps going up even with her stripped off, its 39.2": the reading may come a
    # clause later; only values a body can have (34-43 °C) count
    r"\b(?:temps?|temperatures?|fevers?|feverish|thermometer)\b\D{0,50}?(?P<n>\d{2,3}(?:\.\d)?)\s*(?:degrees?|deg)?\s*(?P<u>c|f)?\b"
)

# "he's 38.8", "she was 39.4 last night": a parent gives the reading alone; a body
# temperature with a decimal, never an age, unless a unit says it is something else
BARE_TEMP_RE = re.compile(
    r"\b(?:hes|shes|he is|she is|im|i am|theyre|baby is|was|were|at|reading|read|now)\s+"
    r"(?P<n>3[5-9]\.\d|4[0-2]\.\d)\b(?!\s*(?:kg|kilos?|lbs?|pounds?|weeks?|stone|cm|mm|ml|"
    r"mmol|mg|km|miles?|%|percent|seconds?|minutes?|hours?|years?|hrs?))"
)

# "a 103 degree fever", "we recorded 39.8c", "he was 39.4 degrees": the number before the
# word, or a reading with a decimal and its unit (weather is seldom told in tenths)
FEVER_AFTER_RE = re.compile(
    r"\b(?P<n>\d{2,3}(?:\.\d)?)\s*(?:degrees?|deg)?\s*(?P<u>c|f)?\s+(?:fever|temperature|temp)\b"
)
TENTHS_TEMP_RE = re.compile(r"\b(?P<n>3[5-9]\.\d|4[0-2]\.\d)\s*(?:degrees?|c\b|celsius)")
TEMP_RES = (TEMP_RE, BARE_TEMP_RE, FEVER_AFTER_RE, TENTHS_TEMP_RE)


def blood_pressure(norm: str) -> Iterator[NumberReading]:
    """A blood pressure reading written as top/bottom ("169/107", "bp 190 over 120");
    normalising turns the slash into a space."""
    for m in BP_RE.finditer(norm):
        top, bottom = int(m.group("top")), int(m.group("bottom"))
        if 60 <= top <= 300 and 30 <= bottom <= 200 and top > bottom:
            severe = top >= SEVERE_SYSTOLIC or bottom >= SEVERE_DIASTOLIC
            yield NumberReading(
                "very_high_blood_pressure", "yes" if severe else "no", m.start(), m.end()
            )


def temperature(norm: str) -> Iterator[NumberReading]:
    for m in (m for pattern in TEMP_RES for m in pattern.finditer(norm)):
        value = float(m.group("n"))
        unit = m.groupdict().get("u")
        celsius = (value - 32) * 5 / 9 if (unit == "f" or value > 50) else value
        if not 34 <= celsius <= 43:
            continue
        yield NumberReading("fever", "yes" if celsius >= 38 else "no", m.start(), m.end())
        if celsius >= 39:
            yield NumberReading("high_fever", "yes", m.start(), m.end())


def blood_sugar(norm: str) -> Iterator[NumberReading]:
    """A blood sugar reading: below 4 mmol/L (70 mg/dL) is low."""
    for m in SUGAR_RE.finditer(norm):
        value = float(m.group("n"))
        in_mg = m.group("u") == "mg" or value > SUGAR_MG_DL_FROM
        if value <= 0 or (in_mg and value > 1000):
            continue
        low = value < (LOW_SUGAR_MG_DL if in_mg else LOW_SUGAR_MMOL)
        if low:
            yield NumberReading("shaky_sweaty_hungry", "yes", m.start(), m.end())


def read_vitals(norm: str) -> Iterator[NumberReading]:
    """Every reading of temperature, blood pressure and blood sugar in normalised text
    (each is a number: a text without a digit is not searched, for speed)."""
    if ANY_DIGIT.search(norm) is None:
        return
    yield from temperature(norm)
    yield from blood_pressure(norm)
    yield from blood_sugar(norm)
