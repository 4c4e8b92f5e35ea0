"""Evidence from every source a person gives: their description, diary patterns,
measurements and answers, checked and merged (a later source overrides an earlier one)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from shakewise.engine import NO, UNKNOWN, YES, Evidence, Model, compile_model
from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.schema import FindingKind
from shakewise.language import parse_text
from shakewise.language.lexicon import TIMED_STROKE_SIGNS
from shakewise.results import EvidenceItem, State

STATE_VALUES: dict[str, int] = {"yes": YES, "no": NO, "unknown": UNKNOWN}
AS_STATE: dict[str, State] = {"yes": "yes", "no": "no", "unknown": "unknown"}
ANSWER_ALIASES = {
    "y": "yes", "true": "yes", "1": "yes", "n": "no", "false": "no", "0": "no",
    "dont know": "unknown", "don't know": "unknown", "dk": "unknown", "?": "unknown",
    "not sure": "unknown",
}  # fmt: skip


@cache
def model_for(kb: KnowledgeBase) -> Model:
    """The compiled model of a knowledge base, built once."""
    return compile_model(kb)


def normalise_answers(answers: Mapping[str, str], kb: KnowledgeBase) -> dict[str, State]:
    """Check answer ids and values; refuse answers that contradict each other."""
    clean: dict[str, State] = {}
    for finding, raw in answers.items():
        kb.finding(finding)  # raises UnknownFindingError with suggestions
        value = ANSWER_ALIASES.get(str(raw).strip().lower(), str(raw).strip().lower())
        state = AS_STATE.get(value)
        if state is None:
            raise InputError(
                f"Answer for '{finding}' is '{raw}'; use yes, no or unknown (don't know)."
            )
        clean[finding] = state
    for finding, value in clean.items():
        for other in kb.findings[finding].excludes:
            if value == "yes" and clean.get(other) == "yes":
                raise InputError(
                    f"Answers contradict each other: '{finding}' and '{other}' cannot both be"
                    " yes. Change one of them."
                )
    return clean


def gather_evidence(
    kb: KnowledgeBase,
    text: str | None,
    answers: Mapping[str, str] | None,
    measured: Mapping[str, str] | None = None,
    logged: Mapping[str, str] | None = None,
) -> list[EvidenceItem]:
    """Evidence from text, the diary's patterns, measurements, then answers; a later source
    overrides an earlier one."""
    items: dict[str, EvidenceItem] = {}
    if text is not None:
        for ev in parse_text(text, kb):
            items[ev.finding] = EvidenceItem(
                finding=ev.finding,
                state=ev.state,
                source="text",
                span=ev.span,
                phrase=ev.phrase,
                question=kb.findings[ev.finding].question,
                certain=ev.certain,
            )
    _onset_unknown_is_sudden(kb, items)
    for finding in measured or {}:
        if finding in kb.findings and kb.findings[finding].kind != FindingKind.MEASUREMENT:
            raise InputError(f"'{finding}' is not a measurement; send it as an answer instead.")
    for source, given in (("diary", logged), ("measurement", measured), ("answer", answers)):
        for finding, state in normalise_answers(given or {}, kb).items():
            items[finding] = EvidenceItem(
                finding=finding,
                state=state,
                source=source,
                question=kb.findings[finding].question,
            )
    return list(items.values())


def evidence_vector(model: Model, items: list[EvidenceItem]) -> Evidence:
    vec = np.zeros(len(model.finding_ids), np.int8)
    index = model.finding_index
    for item in items:
        vec[index[item.finding]] = STATE_VALUES[item.state]
    return vec


# TIMED_STROKE_SIGNS (language/lexicon.py), told without when they began, are taken as
# sudden ("when unsure, escalate", clinical brief §2) until the person says, unless the
# words already place them in time.
LONG_STANDING = ("lasted_over_2_weeks", "present_for_years", "worsening_over_time")


def _onset_unknown_is_sudden(kb: KnowledgeBase, items: dict[str, EvidenceItem]) -> None:
    """Unless the words say how it started, or that it has lasted weeks or years or keeps
    getting worse ("for a few minutes" places it in time but says nothing against a
    sudden start)."""
    signs = [items[f] for f in TIMED_STROKE_SIGNS if f in items and items[f].state == "yes"]
    long_standing = any(items[f].state == "yes" for f in LONG_STANDING if f in items)
    if not signs or "sudden_onset" in items or long_standing:
        return
    items["sudden_onset"] = EvidenceItem(
        finding="sudden_onset",
        state="yes",
        source="text",
        span=signs[0].span,
        phrase=signs[0].phrase,
        question=kb.findings["sudden_onset"].question,
        certain=False,
        assumed=True,
    )
