"""One piece of evidence read from a text, and how the readings of one text combine: a
number outranks the phrase it measures, the text's own time can leave a phrase to ask, and
of what remains any "yes" wins."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from shakewise.language.numbers import PAST_ILLNESS, SLOW_COURSE, NumberReading


@dataclass(frozen=True)
class TextEvidence:
    finding: str
    state: str  # "yes" | "no" | "unknown"
    span: tuple[int, int]  # character offsets in the original text
    phrase: str  # the words that matched, as written
    certain: bool = True  # False for a warning sign said in doubt: confirm before acting


RISING = frozenset({"weakness_spreading_up"})  # spreads over hours or days, not months
FEVER = frozenset({"fever"})  # now, not an illness had weeks ago
SENTENCE_END = re.compile(r"[.!?\n]")
# A stated age outranks an age phrase anywhere ("a 35 year old man" is not "old man"); a
# measured temperature outranks the words it measures ("a temperature of 37.8" is no
# fever: 38 °C or more is, nhs-fever-adults), not a later "burning up".
AGE_FINDINGS = frozenset({"age_over_60", "age_under_40"})
TEMPERATURE_FINDINGS = frozenset({"fever", "high_fever"})


def from_reading(text: str, origin: list[int], r: NumberReading) -> TextEvidence:
    s, e = origin[r.start], origin[r.end]
    return TextEvidence(r.finding, r.state, (s, e), text[s:e])


def outranked_by_numbers(
    phrases: list[TextEvidence], numbers: list[TextEvidence]
) -> list[TextEvidence]:
    """The phrases a number does not outrank."""
    ages = {n.finding for n in numbers} & AGE_FINDINGS
    temperatures = [n.span for n in numbers if n.finding in TEMPERATURE_FINDINGS]

    def measured(ev: TextEvidence) -> bool:
        return ev.finding in TEMPERATURE_FINDINGS and any(
            a < ev.span[1] and ev.span[0] < b for a, b in temperatures
        )

    return [ev for ev in phrases if ev.finding not in ages and not measured(ev)]


def not_now(
    text: str, phrases: list[TextEvidence], readings: list[NumberReading], origin: list[int]
) -> list[TextEvidence]:
    """Readings the text's own time contradicts are left to ask: numbness creeping up "over
    the last few months" is no rising weakness, nor "I had flu two weeks ago" a fever now."""
    slow, past = (
        [(origin[r.start], origin[r.end]) for r in readings if r.finding == k]
        for k in (SLOW_COURSE, PAST_ILLNESS)
    )

    def months_here(ev: TextEvidence) -> bool:
        spans = ((min(ev.span[0], a), max(ev.span[1], b)) for a, b in slow)
        return any(not SENTENCE_END.search(text, start, end) for start, end in spans)

    def over(ev: TextEvidence) -> bool:
        return any(a <= ev.span[0] and ev.span[1] <= b for a, b in past)

    return [
        TextEvidence(ev.finding, "unknown", ev.span, ev.phrase)
        if ev.state == "yes"
        and ((ev.finding in RISING and months_here(ev)) or (ev.finding in FEVER and over(ev)))
        else ev
        for ev in phrases
    ]


def resolved(items: Iterable[TextEvidence]) -> list[TextEvidence]:
    """One item per finding: any "yes" wins, then "no", then "unknown"; a certain reading
    wins over an unsure one of the same state."""
    order = {"yes": 0, "no": 1, "unknown": 2}
    best: dict[str, TextEvidence] = {}
    for item in items:
        held = best.get(item.finding)
        if held is None or (order[item.state], not item.certain) < (
            order[held.state],
            not held.certain,
        ):
            best[item.finding] = item
    return sorted(best.values(), key=lambda ev: ev.span)
