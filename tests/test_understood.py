"""What we understood: the findings read back from a description, and the person's
choices as answers."""

from __future__ import annotations

import pytest

from shakewise.errors import InputError
from shakewise.interview import interview_step
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.schema import TriageLevel
from shakewise.language import parse_text
from shakewise.understood import understood_answers, understood_items

TEXT = "my calves twitch after slow walks and I drink four coffees a day, no weakness"


def test_items_follow_the_text_with_their_words(kb: KnowledgeBase) -> None:
    items = understood_items(kb, TEXT)
    assert [i.finding for i in items] == [e.finding for e in parse_text(TEXT, kb)]
    by_id = {i.finding: i for i in items}
    assert TEXT[TEXT.index(by_id["twitch_flicker"].phrase) :].startswith("twitch")
    assert by_id["twitch_flicker"].question == kb.findings["twitch_flicker"].question
    assert by_id["weakness_leg"].state == "no" and by_id["weakness_leg"].warning_sign
    assert not by_id["in_calf"].warning_sign
    assert all(kb.findings[i.finding].askable for i in items)


def test_an_unsure_reading_is_marked(kb: KnowledgeBase) -> None:
    (face,) = [
        i
        for i in understood_items(kb, "I think her mouth looks a bit droopy")
        if i.finding == "face_arm_weakness_one_side"
    ]
    assert not face.certain and face.warning_sign


def test_choices_become_answers(kb: KnowledgeBase) -> None:
    items = understood_items(kb, TEXT)
    chosen = {"high_caffeine": "no", "weakness_leg": "unknown", "twitch_flicker": "yes"}
    assert understood_answers(items, chosen) == chosen
    assert understood_answers(items, {}) == {}  # nothing chosen: the words stand


@pytest.mark.parametrize(
    ("chosen", "says"),
    [({"chest_pain": "yes"}, "not on the list"), ({"twitch_flicker": "maybe"}, "Not sure")],
)
def test_changed_forms_are_refused(kb: KnowledgeBase, chosen: dict[str, str], says: str) -> None:
    with pytest.raises(InputError, match=says):
        understood_answers(understood_items(kb, TEXT), chosen)


def test_not_sure_on_an_emergency_sign_keeps_a_same_day_floor(kb: KnowledgeBase) -> None:
    text = "I think her mouth looks a bit droopy"
    items = understood_items(kb, text)
    answers = understood_answers(items, {"face_arm_weakness_one_side": "unknown"})
    step = interview_step(text, answers, kb=kb)
    for _ in range(40):
        if step.question is None:
            break
        answers |= {c.finding: "no" for c in step.question.choices if c.finding not in answers}
        step = interview_step(text, answers, kb=kb)
    assert step.triage.level.rank >= TriageLevel.URGENT.rank
