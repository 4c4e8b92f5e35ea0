"""The words a regular-expression phrase must begin with, so the stem index can try it only
where such a word starts instead of searching every text with it in full.

Only the plain shape the lexicon's expressions use is read: optional lookbehinds, a word
boundary, then a literal word or a group of alternatives that each start with one
("\\b(?:fell|fallen|falls?)", "(?<!\\ba )\\blimp"); an alternative may open with lookbehinds
of its own ("(?:doubling|(?<!\\bwas )doubled)"); a digit class stands for the ten digits and
a literal may be digits ("111"). Anything else (an expression with a top-level "|", an
optional first group, a start that is not a word) says None: searched in full, as before.
The stem index test checks the result against a full search on every narrative and
negative control.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD_START = r"\b"
DIGIT = r"\d"
_LOOKBEHIND = re.compile(r"\(\?<[!=](?:\\.|[^()\\])*\)")
_LITERAL = re.compile(r"[a-z0-9]+")
_OPTIONAL = frozenset("?*{")  # a quantifier that can leave out what stands before it
_WORD_ENDS = (r"\b", r"\s", " ")  # after a literal: the word ends there
WHOLE = " "  # after a stem: the text's word must be this word itself, not start with it


def _structure(rx: str) -> Iterator[tuple[int, str, int]]:
    """Each character that shapes the expression (not escaped, not in a character class),
    with its position and the group depth before it."""
    depth, i, in_class = 0, 0, False
    while i < len(rx):
        ch = rx[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            yield i, ch, depth
            depth += {"(": 1, ")": -1}.get(ch, 0)
        i += 1


def _closing(rx: str) -> int:
    """Where the group that opens `rx` closes, or -1."""
    return next((i for i, ch, depth in _structure(rx) if ch == ")" and depth == 1), -1)


def _top_level_split(rx: str) -> list[str]:
    """The expression's alternatives at its own level (not inside a group)."""
    cuts = [i for i, ch, depth in _structure(rx) if ch == "|" and depth == 0]
    return [rx[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(rx)], strict=True)]


def _starts(rx: str, after: str = "") -> frozenset[str] | None:
    """What a word must start with for `rx`, which begins where a word begins, to match;
    `after` is what follows `rx` when it is one alternative of a group. A literal word
    followed by a word end, a space or `\\s` must be the text's whole word (WHOLE): the
    phrases of "i" are not tried at "in", "it" and "is"."""
    rx = _after_lookbehinds(rx)
    if rx.startswith(DIGIT):
        return frozenset("0123456789")
    if rx.startswith("(?:"):
        end = _closing(rx)
        if end < 0 or rx[end + 1 : end + 2] in _OPTIONAL:
            return None
        stems: set[str] = set()
        for alternative in _top_level_split(rx[3:end]):
            stem = _starts(alternative, rx[end + 1 :] + after)
            if stem is None:
                return None
            stems |= stem
        return frozenset(stems)
    literal = _LITERAL.match(rx)
    if literal is None:
        return None
    word = literal.group()
    rest = rx[literal.end() :] or after
    if rest[:1] in _OPTIONAL:
        word = word[:-1]
    elif rest.startswith(_WORD_ENDS):
        return frozenset({word + WHOLE})
    return frozenset({word}) if word else None


def _after_lookbehinds(rx: str) -> str:
    """The expression without the lookbehinds it opens with: they look at text before the
    word, so they do not change which word it starts at."""
    while (behind := _LOOKBEHIND.match(rx)) is not None:
        rx = rx[behind.end() :]
    return rx


def leading_stems(rx: str) -> frozenset[str] | None:
    """The stems a text's word must start with where this expression can match, or None."""
    if len(_top_level_split(rx)) > 1:
        return None
    rx = _after_lookbehinds(rx)
    if not rx.startswith(WORD_START):
        return None
    return _starts(rx[len(WORD_START) :])
