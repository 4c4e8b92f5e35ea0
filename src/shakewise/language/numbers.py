"""Numbers in a description that phrases cannot carry: caffeine, durations, travel (a
person's age is in `ages.py`; the body's own readings, temperature, blood pressure and
blood sugar, are in `vitals.py`).

Each reader works on normalised text (lower case, no apostrophes) and yields a finding
with a state and the span that supports it. Thresholds cite their sources:
- caffeine: up to 400 mg a day, about four or five cups of coffee, is not generally linked
  to harm in healthy adults (FDA, source fda-caffeine); 400 mg or more counts as a lot.
  Amounts per drink are typical label figures (a cup of coffee counted as 100 mg).
- durations: twitching for more than 2 weeks should be checked by a doctor (nhs-twitching);
  a cramp lasting more than 10 minutes needs an urgent appointment (nhs-leg-cramps).
- onset: something that began minutes or hours ago ("started 20 mins ago", "since this
  afternoon") began suddenly for triage: stroke signs count from the time they started,
  even if they pass (nhs-stroke); RECENT_ONSET_HOURS is a design estimate.
- slow course: the weakness of Guillain-Barre syndrome gets worse over days to a few weeks
  (nhs-guillain-barre), four at most (gbs-diagnostic-criteria): numbness or weakness told
  as spreading over longer than SLOW_COURSE_DAYS is a slow course, not a rising weakness.
  It is a marker for the reader (`SLOW_COURSE`), not a finding.
- travel: a flight, drive or other journey of four hours or more doubles the risk of a clot
  in the weeks after (travel-vte-cohort): "a six hour flight" is a long spell kept still.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "couple": 2, "a couple": 2, "a couple of": 2, "couple of": 2, "few": 3, "a few": 3,
    "several": 3, "many": 4, "half a dozen": 6, "a dozen": 12, "dozen": 12,
}  # fmt: skip
NUMBER = (
    r"(?P<n>\d+(?:\.\d+)?|"
    + "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
    + r")"
)

CAFFEINE_MG = {
    "coffee": 100, "espresso": 65, "latte": 100, "cappuccino": 100, "americano": 100,
    "flat white": 130, "cold brew": 200, "tea": 45, "energy drink": 150, "red bull": 80,
    "redbull": 80, "monster": 160, "rockstar": 160, "celsius": 200, "prime": 200,
    "pre workout": 250, "preworkout": 250, "cola": 35, "coke": 35, "diet coke": 45,
    "caffeine pill": 200, "caffeine tablet": 200, "pro plus": 50, "no doz": 200, "nodoz": 200,
}  # fmt: skip
DRINKS = "|".join(
    sorted((re.escape(d).replace(r"\ ", r"\s*") for d in CAFFEINE_MG), key=len, reverse=True)
)
DRINK = r"(?P<what>" + DRINKS + r")(?:e?s)?\b"
# The expressions below begin at a word boundary, which keeps the regular-expression engine
# from skipping ahead to a likely start: each is tried only in a text holding a word it
# needs, found by a plain search the engine does scan fast (the reader's speed target).
ANY_DRINK = re.compile(DRINKS)
ANY_DIGIT = re.compile(r"\d")
# a drink named as a word, not "tea" in "steady": for the count's lower bound
DRINK_WORD = re.compile(r"\b(?:" + DRINKS + r")")
CAFFEINE_RE = re.compile(
    r"\b" + NUMBER + r"\s*x?\s*(?:(?:large|big|strong|double|triple|extra|small|"
    r"cups?|mugs?|cans?|shots?|bottles?|glass(?:es)?|of)\s+)*" + DRINK
)
CUPS_RE = re.compile(r"\b" + NUMBER + r"\s+(?:cups|mugs)\b")
MG_RE = re.compile(r"\b(?P<n>\d{2,4})\s*mg\s+(?:of\s+)?caffeine\b")
HIGH_CAFFEINE_MG = 400
LOW_CAFFEINE_MG = 200

UNIT_DAYS = {"minute": 0.0007, "hour": 0.04, "day": 1, "week": 7, "month": 30, "year": 365}
ANY_UNIT = re.compile(r"(?:minute|hour|day|week|month|year|min|hr|wk|yr)s?\b")
DURATION_RE = re.compile(
    r"\b(?P<lead>for|since|past|last|over|about|almost|nearly|around|over the|for the past|"
    r"for the last|in the last|in the past|the last|the past)?\s*"
    r"(?:(?:at least|more than|over|about|around|nearly|almost|like|maybe)\s+)?"
    + NUMBER
    + r"\s*(?P<unit>minute|hour|day|week|month|year|min|hr|wk|yr)s?\b"
    + r"(?P<tail>\s+(?:now|ago|pregnant|old|of))?"
)
# "I had flu two weeks ago": the time of an illness or event had before the symptom, not the
# symptom's duration (issue: "a fortnight ago" is not "lasting two weeks"; after an
# infection, weakness of days is Guillain-Barre, not a neuropathy of months)
EVENT_VERBS = r"(?:had|got|caught|came down with|picked up)\s+"
EVENT_VERB = re.compile(EVENT_VERBS)
EVENT_HAD = (  # said by or of the person ("I had", "she had", "Had ..."), not "flatmates had"
    r"(?:^|[.!?]\s*|\b(?:i|he|she|we|they|you)\s+)"
    + EVENT_VERBS
    + r"(?:(?:a|an|the|my|his|her|some|this|that|bad|nasty|bit of a|really bad)\s+)*"
    r"(?:flu|covid|cold|virus|bug|infection|fever|"
    r"temperature|temp|sickness|tummy bug|stomach bug|chest infection|water infection|uti|"
    r"tonsillitis|food poisoning|operation|op|surgery|fall|accident|baby|jab|vaccine|booster)"
)
EVENT_HAD_RE = re.compile(EVENT_HAD + r"\s*$")
EVENT_REACH = 60  # characters before "N weeks ago" where the illness may be named
# "I had covid in March", "had flu last month": an illness over by now
EVENT_THEN_RE = re.compile(
    EVENT_HAD + r"\s+(?:last (?:week|month|year|winter|summer|spring|autumn|christmas)|"
    r"(?:in|back in) (?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|(?:19|20)\d\d)|(?:over|at) christmas)\b"
)
PAST_ILLNESS = "past_illness"  # a marker the reader uses: an illness had and over
OVER_BY_NOW_DAYS = 7  # an illness had a week or more ago is not a fever now
SHORT_SINCE_RE = re.compile(
    r"\bsince (?:yesterday|last night|this morning|today|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|the weekend)\b"
)
LONG_SINCE_RE = re.compile(
    r"\bsince (?:last (?:month|year|summer|winter|spring|autumn|fall|christmas)|"
    r"january|february|march|april|june|july|august|september|october|november|december)\b"
)
RECENT_SINCE_RE = re.compile(
    r"\b(?:since|from) (?:this morning|this afternoon|this evening|tonight|lunch|lunchtime|"
    r"dinner|breakfast|tea time|teatime|i woke up|he woke up|she woke up|waking up|"
    r"an hour ago|half an hour ago)\b|\bhalf (?:an )?hour ago\b|\bjust now\b|"
    r"\b(?:in|within|over) the (?:last|past) "
    r"(?:hour|few hours|couple of hours|half hour)\b"
    # "it started on the walk home", "came on this morning"
    r"|\b(?:started|began|came on|kicked in)(?:\s+\S+){0,6}?\s+(?:today|this morning|"
    r"this afternoon|this evening|tonight|on the walk|on the way)\b"
)
RECENT_ONSET_HOURS = 12
TWO_WEEKS_DAYS = 14
MINUTES_PER_DAY = 1440
LONG_CRAMP_MINUTES = 10  # a cramp this long that does not ease needs a same-day check
CRAMP_NEAR = re.compile(r"\bcramp")
YEARS_DAYS = 700
SLOW_COURSE_DAYS = 28  # gbs-diagnostic-criteria
SLOW_COURSE = "slow_course"  # a marker the reader uses, not a knowledge-base finding
SLOW_WORDS_RE = re.compile(  # months or years with no number: "for months", "years now"
    r"\b(?:for|over the (?:last|past))\s+(?:many\s+|several\s+|a few\s+|some\s+)?(?:months|years)\b"
    r"|\b(?:for|over|during|in)\s+the\s+(?:last|past)\s+(?:year|month)\b"  # "over the past year"
    r"|\b(?:months|years) (?:now|ago|of)\b"
)

LONG_TRAVEL_HOURS = 4  # travel-vte-cohort
TRAVEL_RE = re.compile(
    r"\b" + NUMBER + r"\s*(?:-\s*)?(?:hour|hr)s?\s*(?:-\s*)?(?:long\s+)?(?:flight|drive|journey|"
    r"car journey|car ride|coach journey|coach trip|coach ride|train journey|train ride|"
    r"bus journey|bus ride|plane ride|road trip)s?\b"
)
# the hours told after the journey: "flew from Costa Rica to Paris (11 and a half hours)",
# "flew back from New Orleans, 20 hours" (development sets 5 and 8); not a delay or a
# time since landing ("the flight was delayed 5 hours", "flew in 3 hours ago")
TRAVEL_HOURS_AFTER_RE = re.compile(
    r"\b(?:flew|flight|flights|drove)\b(?:(?!delay|late)[^.;!?]){0,40}?\b"
    + NUMBER
    + r"\s*(?:and a half\s+)?(?:hour|hr)s?\b(?!\s+(?:ago|late|delay))"
)
INFANT_RE = re.compile(r"\b" + NUMBER + r"\s*(?P<u>day|week|month)s?\s+old\b")
YOUNG_INFANT_DAYS = 90  # under 3 months: a fever is high risk (nice-fever-under-5)


@dataclass(frozen=True)
class NumberReading:
    finding: str
    state: str
    start: int
    end: int


def _number(token: str) -> float:
    return float(token) if token[0].isdigit() else float(WORD_NUMBERS[token])


def _caffeine(norm: str) -> Iterator[NumberReading]:
    if "caffeine" not in norm and ANY_DRINK.search(norm) is None:
        return
    total, counted = 0.0, []
    for m in CAFFEINE_RE.finditer(norm):
        drink = re.sub(r"\s+", " ", m.group("what"))
        mg = CAFFEINE_MG.get(drink, CAFFEINE_MG.get(drink.replace(" ", ""), 100))
        total += _number(m.group("n")) * mg
        counted.append(m.span())
    if not counted and ("coffee" in norm or "tea" in norm):
        per = CAFFEINE_MG["coffee"] if "coffee" in norm else CAFFEINE_MG["tea"]
        for m in CUPS_RE.finditer(norm):
            total += _number(m.group("n")) * per
            counted.append(m.span())
    for m in MG_RE.finditer(norm):
        total = max(total, float(m.group("n")))
        counted.append(m.span())
    if not counted:
        return
    first, last = counted[0][0], counted[-1][1]
    if total >= HIGH_CAFFEINE_MG:
        yield NumberReading("high_caffeine", "yes", first, last)
    elif total <= LOW_CAFFEINE_MG and not _drink_left_uncounted(norm, counted):
        yield NumberReading("high_caffeine", "no", first, last)


def _drink_left_uncounted(norm: str, counted: list[tuple[int, int]]) -> bool:
    """Whether a drink is named without an amount besides the counted ones ("three shots
    of espresso plus a huge cup of extra strong coffee"; "loads of coffee for years ... a
    coffee with friends"): the count is then only a lower bound and cannot say "not a lot"."""
    return any(
        not any(start <= m.start() < end for start, end in counted)
        for m in DRINK_WORD.finditer(norm)
    )


def _durations(norm: str) -> Iterator[NumberReading]:
    for m in DURATION_RE.finditer(norm) if ANY_UNIT.search(norm) else ():
        tail = (m.group("tail") or "").strip()
        # "for 3 weeks", "3 weeks ago", "3 weeks now", "three months of twitching",
        # "twitching 3 wks"; not "3 weeks pregnant" or "a 3 week old"
        after_symptom = norm[: m.start()].rstrip().endswith("ing")
        if tail in ("pregnant", "old") or not (
            m.group("lead") or tail in ("ago", "now", "of") or after_symptom
        ):
            continue
        unit = {"min": "minute", "hr": "hour", "wk": "week", "yr": "year"}.get(
            m.group("unit"), m.group("unit")
        )
        days = _number(m.group("n")) * UNIT_DAYS[unit]
        if tail == "ago" and (
            had := EVENT_HAD_RE.search(norm, max(m.start() - EVENT_REACH, 0), m.start())
        ):
            if days >= OVER_BY_NOW_DAYS:
                yield NumberReading(PAST_ILLNESS, "yes", had.start(), m.end())
            continue
        if (
            unit in ("minute", "hour")
            and days * MINUTES_PER_DAY >= LONG_CRAMP_MINUTES
            and CRAMP_NEAR.search(norm, max(m.start() - 80, 0), m.end() + 80)
        ):
            yield NumberReading("cramp_over_10_min", "yes", m.start(), m.end())
        state = "yes" if days >= TWO_WEEKS_DAYS else "no"
        yield NumberReading("lasted_over_2_weeks", state, m.start(), m.end())
        if days > SLOW_COURSE_DAYS:
            yield NumberReading(SLOW_COURSE, "yes", m.start(), m.end())
        # "20 mins ago", "in the last hour", "since one hour" (said so in several languages)
        recent = m.group("tail") == " ago" or m.group("lead") in (
            "in the last",
            "in the past",
            "since",
        )
        if unit in ("minute", "hour") and recent and days * 24 <= RECENT_ONSET_HOURS:
            yield NumberReading("sudden_onset", "yes", m.start(), m.end())
        if days >= YEARS_DAYS:
            yield NumberReading("present_for_years", "yes", m.start(), m.end())
    for m in SLOW_WORDS_RE.finditer(norm) if "month" in norm or "year" in norm else ():
        yield NumberReading(SLOW_COURSE, "yes", m.start(), m.end())
    for m in EVENT_THEN_RE.finditer(norm) if EVENT_VERB.search(norm) else ():
        yield NumberReading(PAST_ILLNESS, "yes", m.start(), m.end())
    for m in RECENT_SINCE_RE.finditer(norm):
        yield NumberReading("sudden_onset", "yes", m.start(), m.end())
    for m in SHORT_SINCE_RE.finditer(norm) if "since" in norm else ():
        yield NumberReading("lasted_over_2_weeks", "no", m.start(), m.end())
    for m in LONG_SINCE_RE.finditer(norm) if "since" in norm else ():
        yield NumberReading("lasted_over_2_weeks", "yes", m.start(), m.end())


def _long_travel(norm: str) -> Iterator[NumberReading]:
    """ "a six hour flight", "8-hour drive": a long journey is a time kept still."""
    if "hour" not in norm and "hr" not in norm:
        return
    for m in (*TRAVEL_RE.finditer(norm), *TRAVEL_HOURS_AFTER_RE.finditer(norm)):
        if _number(m.group("n")) >= LONG_TRAVEL_HOURS:
            yield NumberReading("long_travel_immobility", "yes", m.start(), m.end())


def _infant(norm: str) -> Iterator[NumberReading]:
    """A baby's age in days, weeks or months ("my 3 week old", "she is 10 days old")."""
    for m in INFANT_RE.finditer(norm) if "old" in norm else ():
        n = m.group("n")
        count = float(WORD_NUMBERS.get(n, 0) if not n[0].isdigit() else n)
        days = count * UNIT_DAYS[m.group("u")]
        if 0 < days <= YOUNG_INFANT_DAYS:
            yield NumberReading("young_infant", "yes", m.start(), m.end())


def read_numbers(norm: str) -> Iterator[NumberReading]:
    """Every number-borne finding in normalised text."""
    yield from _caffeine(norm)
    yield from _durations(norm)
    yield from _infant(norm)
    yield from _long_travel(norm)
