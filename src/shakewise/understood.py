"""What we understood: the findings read from a person's own words, shown back to them
before the warning-sign screens, so a misreading is corrected by the person rather than
carried silently into the result.

Pure functions over the knowledge base. `understood_items` lists what the text says, with
the words each finding came from; `understood_answers` turns the person's choices into
answers. A choice is the person's own answer, so it overrides the text and is not asked
again; every other finding in the description still counts. An item left without a
choice stays as the text said it (an unsure reading is then confirmed by the interview,
as before).

Warning signs are never dropped quietly: "no" on one is the person's own answer, and
"not sure" is an answer of "don't know", which keeps the engine's floor (an emergency
sign not ruled out still needs a same-day check).
"""

from __future__ import annotations

from collections.abc import Mapping

from shakewise.assessment.evidence import AS_STATE
from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.schema import FindingKind
from shakewise.language import parse_text
from shakewise.results import Out, State

WARNING_SCREENS = ("emergency", "urgent")


class UnderstoodItem(Out):
    """One finding read from the text, as the person will see it."""

    finding: str
    state: State  # what the words say: yes, no ("no weakness") or unknown
    phrase: str  # the words it came from
    question: str  # the finding's own plain question, as the screens ask it
    help: str
    certain: bool  # False: the reader was unsure ("I think..."), so nothing is pre-chosen
    warning_sign: bool  # a sign that can raise the level; "not sure" keeps its floor


def understood_items(kb: KnowledgeBase, text: str) -> list[UnderstoodItem]:
    """The findings the description gives, in the order they were written. Findings only
    a sensor can give are left out: a person cannot confirm them."""
    screen = {f: g.screen for g in kb.groups.values() for f in g.findings}
    items: list[UnderstoodItem] = []
    for ev in parse_text(text, kb):
        finding = kb.findings[ev.finding]
        if not finding.askable:
            continue
        items.append(
            UnderstoodItem(
                finding=finding.id,
                state=ev.state,
                phrase=ev.phrase,
                question=finding.question,
                help=finding.help,
                certain=ev.certain,
                warning_sign=finding.kind == FindingKind.WARNING_SIGN
                or screen.get(finding.id) in WARNING_SCREENS,
            )
        )
    return items


def understood_answers(items: list[UnderstoodItem], chosen: Mapping[str, str]) -> dict[str, State]:
    """The person's choices on the understood list as answers (yes, no, or "unknown" for
    "not sure"). A choice for a finding not on the list is refused: the form was changed."""
    listed = {item.finding for item in items}
    stray = sorted(set(chosen) - listed)
    if stray:
        raise InputError(
            f"'{stray[0][:40]}' was not on the list of what we understood. Start the check again."
        )
    answers: dict[str, State] = {}
    for finding, value in chosen.items():
        state = AS_STATE.get(value)
        if state is None:
            raise InputError("Please choose Yes, No or Not sure for each line.")
        answers[finding] = state
    return answers
