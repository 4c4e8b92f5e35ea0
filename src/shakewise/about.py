"""Who a check is about, said by the person: themselves, their child, or an adult they
look after. Choosing is answering: "my child" says the person is not over 60, "me" says
the questions about a child do not apply; a check about someone else asks its questions
about "them".

The knowledge base asks every question of "you". For someone else the same question is
said of "they" (whose verbs agree with "you"'s): "Do you have..." becomes "Do they
have...", "Does bright light hurt your eyes?" becomes "...their eyes?", and "you" after
a verb or preposition ("it wakes you") becomes "them".
"""

from __future__ import annotations

import re
from typing import Literal

About = Literal["self", "child", "other"]
ABOUT_CHOICES: dict[str, str] = {
    "self": "Me",
    "child": "My child",
    "other": "An adult I look after",
}
CHILD_FINDINGS = (
    "night_leg_pain_child",
    "infant_jerks_only_asleep",
    "infant_jerks_awake",
    "child_limp_refuses_walk",
)
ANSWERED_BY_CHOOSING: dict[str, dict[str, str]] = {
    "self": dict.fromkeys(CHILD_FINDINGS, "no"),  # the child questions are not about them
    "child": {"age_over_60": "no"},
    "other": {},
}
CHILD_SCREEN = "about_a_child"  # asked right after the emergency screens for a child

_ASKED_OF_THEM = re.compile(r",? or the person you are asking for,?", re.IGNORECASE)
_BEFORE_OBJECT = (
    "wakes|wake|leave|leaves|stops|stop|make|makes|with|to|for|about|help|helps|keep|keeps"
)
_OBJECT_YOU = re.compile(rf"\b({_BEFORE_OBJECT}) you\b", re.IGNORECASE)
_WORDS = {
    "you": "they", "your": "their", "yours": "theirs", "yourself": "themselves",
    "you're": "they're", "you've": "they've", "you'd": "they'd", "you'll": "they'll",
}  # fmt: skip
_YOU = re.compile(r"\b(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def answers_for(about: About | None, answers: dict[str, str]) -> dict[str, str]:
    """The answers with what choosing said; anything answered outright wins."""
    return {**ANSWERED_BY_CHOOSING.get(about or "", {}), **answers}


def of_them(text: str) -> str:
    """A question to the person, asked about someone else."""
    text = _ASKED_OF_THEM.sub("", text)
    text = _OBJECT_YOU.sub(lambda m: f"{m.group(1)} them", text)
    return _YOU.sub(lambda m: _cased(_WORDS[m.group(1).lower()], m.group(1)), text)


def _cased(word: str, like: str) -> str:
    return word.capitalize() if like[0].isupper() else word
