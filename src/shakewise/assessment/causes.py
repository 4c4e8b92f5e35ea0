"""What the result shows beside the level: the causes (warning-sign causes first), why
each is likely, self-care and when to get help, and the questions worth answering next."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from shakewise.engine import (
    UNKNOWN,
    Contribution,
    Evidence,
    Model,
    contributions,
    fired_red_flags,
    information_gain,
    most_likely_first,
)
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.schema import TriageLevel
from shakewise.results import AdviceItem, NextQuestion, SeekHelpItem, TriageResult, Why

MAX_CAUSES_SHOWN = 5
MAX_WHY = 4


SHOWN_PROBABILITY = 0.02  # causes less likely than this are not listed
ADVICE_PROBABILITY = 0.10  # self-care advice only from causes at least this likely
ADVICE_CAUSES = 3  # and only from the three most likely


@dataclass(frozen=True)
class Flagged:
    """The causes the most urgent fired warning signs point to, and the rank of their level
    (none, rank 0, below `LEAD_FROM`)."""

    causes: tuple[int, ...]
    rank: int


def shown_causes(model: Model, post: np.ndarray, flagged: Flagged, needs: np.ndarray) -> list[int]:
    """Most likely first, except that the causes a fired warning sign points to lead (at
    most two): under an emergency banner for a stroke, stroke is not listed fifth. The most
    likely cause stays first when it needs that level of care itself (`needs`: each cause's
    level given the answers): a likely stroke, not a nerve illness, leads under the banner
    for weak legs, and the banner is right for both."""
    order = [int(i) for i in most_likely_first(model, post)]
    first = [i for i in order if i in flagged.causes][:2]
    if order[0] not in first and needs[order[0]] >= flagged.rank:
        first.insert(0, order[0])
    rest = [i for i in order[:MAX_CAUSES_SHOWN] if post[i] >= SHOWN_PROBABILITY]
    keep = first + [i for i in rest if i not in first]
    return keep[:MAX_CAUSES_SHOWN] or order[:1]


LEAD_FROM = TriageLevel.URGENT  # warning signs from this level put their causes first


def flagged_causes(model: Model, vec: Evidence) -> Flagged:
    """The causes the most urgent fired warning signs point to, when they are urgent or an
    emergency (a see-a-doctor sign such as poor sleep says little about which cause)."""
    fired = fired_red_flags(model, vec)
    top = fired[0].level.rank if fired else 0
    if top < LEAD_FROM.rank:
        return Flagged((), 0)
    return Flagged(tuple(c for rf in fired if rf.level.rank == top for c in rf.causes), top)


def advice_for(
    kb: KnowledgeBase,
    model: Model,
    post: np.ndarray,
    shown: list[int],
    triage: TriageResult,
) -> tuple[list[AdviceItem], list[SeekHelpItem]]:
    fired = {r.id for r in [*triage.reasons, *triage.also_noted] if r.kind == "red_flag"}
    advice: dict[str, AdviceItem] = {}
    seek: dict[str, SeekHelpItem] = {}
    for rank, i in enumerate(shown):
        if rank > 0 and post[i] < ADVICE_PROBABILITY and i not in shown[:2]:
            break
        cause = kb.causes[model.cause_ids[i]]
        if triage.level != TriageLevel.EMERGENCY and rank < ADVICE_CAUSES:
            for a in cause.self_care:
                if fired.isdisjoint(a.withheld_when):
                    advice.setdefault(
                        a.text, AdviceItem(text=a.text, cause=cause.id, sources=list(a.sources))
                    )
        for s in cause.seek_help:
            seek.setdefault(
                s.text,
                SeekHelpItem(level=s.level, text=s.text, cause=cause.id, sources=list(s.sources)),
            )
    ordered = sorted(seek.values(), key=lambda s: -s.level.rank)
    return list(advice.values()), ordered


def why_likely(
    kb: KnowledgeBase, model: Model, vec: Evidence, causes: list[int], said: Mapping[str, str]
) -> list[list[Why]]:
    """For each cause, the answers that moved it most, in plain words."""
    return [
        [_why(kb, c, said) for c in moved[:MAX_WHY]] for moved in contributions(model, vec, causes)
    ]


def _why(kb: KnowledgeBase, c: Contribution, said: Mapping[str, str]) -> Why:
    raises = c.ratio > 1
    label = kb.findings[c.finding].question.rstrip("?")
    how = "You said" if said.get(c.finding) == "text" else "You answered"
    return Why(
        finding=c.finding,
        answer=c.state,
        likelihood_ratio=round(c.ratio, 2),
        direction="raises" if raises else "lowers",
        text=f"{label}? {how} {c.state}: "
        + ("makes this more likely" if raises else "makes this less likely")
        + f" ({_times(c.ratio)}).",
    )


def _times(ratio: float) -> str:
    """A likelihood ratio in words a worried reader can follow ("3 times", "a third")."""
    if ratio >= 1:
        return f"about {ratio:.0f} times as likely" if ratio >= 2 else "a little more likely"
    return f"about 1/{1 / ratio:.0f} as likely" if ratio <= 0.5 else "a little less likely"


def suggested_questions(
    kb: KnowledgeBase, model: Model, vec: Evidence, post: np.ndarray, n: int = 3
) -> list[NextQuestion]:
    """The most informative questions still open, for a person to answer next."""
    gain = information_gain(model, post)
    gain[(vec != UNKNOWN) | ~model.askable] = 0.0
    singles = [j for j in np.argsort(-gain) if gain[j] > 0.01][:n]
    return [
        NextQuestion(
            id=model.finding_ids[j],
            type="single",
            text=kb.findings[model.finding_ids[j]].question,
            findings=[model.finding_ids[j]],
        )
        for j in singles
    ]
