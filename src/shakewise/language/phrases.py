"""Phrases as regular expressions, and finding which of thousands occur in a text.

A phrase is normalised like the text (lower case, no apostrophes, dashes as spaces), each
word may take its common endings, a word of an interchangeable class ("my", "his", "her")
stands for the others, and "..." lets up to three words in. Phrases are compiled on first
use and grouped by the stem their first word starts with (`stem_index` finds which groups
a text holds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

from shakewise.knowledge.phrase import REGEX
from shakewise.language.leading_words import WHOLE, leading_stems

APOSTROPHES = "'’‘`"
DASHES = "-–—_/"
_FOLD = str.maketrans(dict.fromkeys(APOSTROPHES, None) | dict.fromkeys(DASHES, " "))


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case text without apostrophes, and each kept character's original offset."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):  # no character lower-cases to two ("İ"): one pass
        origin = [i for i, ch in enumerate(text) if ch not in APOSTROPHES]
        origin.append(len(text))
        return lowered, origin
    chars: list[str] = []
    origin = []
    for i, ch in enumerate(text):
        if ch in APOSTROPHES:
            continue
        low = " " if ch in DASHES else ch.lower()
        chars.append(low if len(low) == 1 else ch)
        origin.append(i)
    origin.append(len(text))
    return "".join(chars), origin


# Words that stand for each other in a phrase, so "won't hold me" also reads "wouldn't hold
# him": carers write about someone else, and people mix tenses. One class per line.
INTERCHANGEABLE = (
    ("my", "his", "her", "their", "your"),
    ("me", "him", "her", "them"),
    ("i", "he", "she", "they"),
    ("myself", "himself", "herself", "themselves", "yourself"),
    ("im", "hes", "shes", "theyre"),
    ("ive", "hes", "shes", "theyve"),
    # a contraction also stands for its words spelled out ("could not move his leg"); a
    # function "barely" or "hardly" there is read as lost ("I could barely stand", "could
    # barely move out of bed": dev_03 d3_018, d3_034): when unsure, escalate
    (
        *("cant", "couldnt", "cannot", "can not", "could not"),
        *("can barely", "could barely", "can hardly", "could hardly"),
    ),
    ("wont", "wouldnt", "will not", "would not"),
    # an intensifier for another ("really drowsy" is "very drowsy")
    ("very", "really", "extremely", "super", "incredibly"),
    ("isnt", "wasnt", "is not", "was not"),
    # "doesn't" for "didn't", not the writer's own "don't" ("I don't know where my keys are")
    ("didnt", "doesnt", "did not", "does not"),
    ("hasnt", "havent", "hadnt", "has not", "have not", "had not"),
)
_ALTERNATIVES = {
    w: "|".join(
        re.escape(x).replace(r"\ ", r"\s+")
        for x in sorted({x for c in INTERCHANGEABLE if w in c for x in c}, key=len, reverse=True)
    )
    for c in INTERCHANGEABLE
    for w in c
}


def _word_pattern(word: str) -> str:
    """A word with its common English endings (twitch → twitches, twitching, twitchin), or
    any word of its class ("my" → my/his/her/their/your)."""
    if word in _ALTERNATIVES:
        return f"(?:{_ALTERNATIVES[word]})"
    esc = re.escape(word)
    if not word.isalpha() or len(word) < 3:
        return esc
    if word.endswith("e"):
        return re.escape(word[:-1]) + r"(?:e|es|ed|en|ing|in|y)"
    if word.endswith("y") and len(word) > 3:
        return re.escape(word[:-1]) + r"(?:y|ies|ied|ying)"
    return esc + r"(?:s|es|ed|ing|in|y)?"


GAP = "..."  # in a synonym: up to GAP_WORDS other words may stand here
GAP_WORDS = 3
LOOSE_GAP_WORDS = 1  # words a lexicon phrase of three or more words lets in between its own
LOOSE_FROM_WORDS = 3


# Words people slip between any two words of a phrase ("my leg just wouldn't work", "his
# face has suddenly dropped"): a phrase holds with one of them in between.
FILLER = r"\s+(?:(?:just|really|suddenly)\s+)?"


def phrase_pattern(phrase: str, *, loose: bool = False) -> str:
    """A synonym as a regular expression; "calf ... twitch" also finds "calf keeps twitching".
    A loose phrase lets one other word in between its words: people add one ("words keep
    coming out wrong", "his leg just won't hold him"); any phrase lets a FILLER word in."""
    words = normalise(phrase)[0].split()
    between = LOOSE_GAP_WORDS if loose and len(words) >= LOOSE_FROM_WORDS else 0
    parts: list[str] = []
    gap = False
    for word in words:
        if word == GAP:
            gap = True
            continue
        if parts:
            allowed = GAP_WORDS if gap else between
            parts.append(rf"(?:\s+\S+){{0,{allowed}}}?\s+" if allowed else FILLER)
        parts.append(_word_pattern(word))
        gap = False
    return r"\b" + "".join(parts) + r"\b"


# whole words only: "who" is not the start of "whole", nor "though" of "thought". The
# lookbehinds come after the word they guard, so that the scan tries them only there (three
# times faster than before every character; the same breaks)
CLAUSE_BREAK = re.compile(
    r"[.;!?\n()]+|\b(?:but|however|although|though|except|apart from|other than|whereas|"
    r"that said|because|cause(?<!obvious cause)(?<!clear cause)(?<!any cause)(?<!no cause)"
    r"(?<!the cause)(?<!a cause)|cos|which|who|so that)\b|"
    # not inside a list of body parts with one verb: "her face, her hand and her leg went numb"
    r"\band (?<!\bface and )(?<!\bhand and )(?<!\barm and )(?<!\bleg and )(?<!\bfoot and )"
    r"(?<!\bcheek and )"
    r"(?=i\b|my\b|it\b|im\b|ive\b|the\b|now\b|then\b|also\b|they\b|sometimes\b|"
    r"she\b|he\b|shes\b|hes\b|we\b|you\b|his\b|her\b|their\b|your\b|theres?\b)"
)
SENTENCE_BREAK = re.compile(r"[.;!?\n]+")

TOKEN = re.compile(r"[a-z0-9]+")


def _first_stems(phrase: str) -> frozenset[str] | None:
    """What a word of the text must start with for this phrase to match there: the first
    word without the endings `_word_pattern` allows; a word it allows no ending ("a", "on",
    "couldnt") must be the text's whole word (WHOLE), so "and" and "only" do not try the
    phrases of "a" and "on". None when that cannot be said."""
    if phrase.startswith(REGEX):
        return leading_stems(phrase[len(REGEX) :])
    words = [w for w in normalise(phrase)[0].split() if w != GAP]
    if not words:
        return None
    word = words[0]
    if word in _ALTERNATIVES:  # "could not" is tried where the word "could" is
        return frozenset(x.split()[0] + WHOLE for c in INTERCHANGEABLE if word in c for x in c)
    if not TOKEN.fullmatch(word):
        return None
    if not word.isalpha() or len(word) < 3:
        return frozenset({word + WHOLE})
    return frozenset({word[:-1] if word.endswith(("e", "y")) else word})


@dataclass(frozen=True, eq=False)
class Words:
    """Phrases compiled on first use, grouped by the stem their first word starts with: a
    text is searched only with the groups whose stem starts one of its words, and start-up
    compiles nothing (docs/performance.md)."""

    phrases: tuple[str, ...]
    by_stem: dict[str, tuple[str, ...]]  # stem -> phrases; "" holds regular expressions
    loose: bool = False  # lexicon phrases: one extra word may stand between their words
    # how many texts were searched with a part of the set (`stem_index.the_part_that_can_match`)
    parts_used: list[int] = field(default_factory=lambda: [0], compare=False, repr=False)

    @classmethod
    def of(cls, phrases: Iterable[str], *, loose: bool = False) -> Words:
        ordered = tuple(sorted(set(phrases), key=len, reverse=True))
        by_stem: dict[str, list[str]] = {}
        for phrase in ordered:
            for stem in _first_stems(phrase) or {""}:
                by_stem.setdefault(stem, []).append(phrase)
        return cls(ordered, {k: tuple(v) for k, v in by_stem.items()}, loose)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return compiled(self.phrases, self.loose)


@cache
def source(phrases: tuple[str, ...], loose: bool = False) -> str:
    return "|".join(
        p[len(REGEX) :] if p.startswith(REGEX) else phrase_pattern(p, loose=loose) for p in phrases
    )


@cache
def compiled(phrases: tuple[str, ...], loose: bool = False) -> re.Pattern[str]:
    return re.compile(source(phrases, loose))
