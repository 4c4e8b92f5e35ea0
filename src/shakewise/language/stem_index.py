"""Which phrase sets occur in a text, found by the stems their phrases' first words start
with: the index of stems across the whole lexicon, the groups of sets tried together at a
word start, and, for each set found, the part of it that can match in the text and where.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from shakewise.language.leading_words import WHOLE
from shakewise.language.phrases import TOKEN, Words, compiled, source


@dataclass(frozen=True, eq=False)
class StemGroups:
    """The phrase sets with phrases starting with one stem, tried together: one pattern of
    lookaheads, each followed by an empty capture that says its set matched, so a single
    match call at a word start tells every set that occurs there."""

    groups: tuple[tuple[Words, tuple[str, ...]], ...]

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(
            "".join(f"(?:(?={source(phrases, words.loose)})()|)" for words, phrases in self.groups)
        )

    @cached_property
    def each(self) -> tuple[re.Pattern[str], ...]:
        """Each set's own pattern for the stem, held here: looking it up in the compile cache
        hashes every phrase again, a tenth of the search when done for each word."""
        return tuple(compiled(phrases, words.loose) for words, phrases in self.groups)


REMEMBERED_WORDS = 50_000  # words whose stems are remembered (a few MB at most)


@dataclass(frozen=True, eq=False)
class Index:
    """stem -> the phrase groups that start with it, across the whole lexicon; and for a
    word of a text, the stems it starts with ("twitching": "tw", "twitch"), remembered,
    since most words come again in the next text."""

    groups: dict[str, StemGroups]
    _stems: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def stems_of(self, word: str) -> tuple[str, ...]:
        stems = self._stems.get(word)
        if stems is None:
            prefixes = (word[:k] for k in range(1, len(word) + 1))
            stems = tuple(p for p in (*prefixes, word + WHOLE) if p in self.groups)
            if len(self._stems) < REMEMBERED_WORDS:
                self._stems[word] = stems
        return stems


def index_of(all_words: Iterable[Words]) -> Index:
    """stem -> the phrase groups that start with it, across the whole lexicon."""
    index: dict[str, list[tuple[Words, tuple[str, ...]]]] = {}
    for words in all_words:
        for stem, phrases in words.by_stem.items():
            index.setdefault(stem, []).append((words, phrases))
    return Index({stem: StemGroups(tuple(groups)) for stem, groups in index.items()})


Starts = tuple[int, ...] | None  # where a set's phrases may start in a text; None: anywhere
Found = dict[Words, tuple[Words, Starts]]  # set -> the part of it that can match, and where


def occurring(norm: str, index: Index) -> Found:
    """The phrase sets with a phrase in the text: the index says which of its stems each
    word starts with, and only their groups are tried, only where such a word begins.
    A stem shared by several sets tries them all in one match call (`StemGroups`); a stem of
    one set uses that set's own pattern, which is compiled once for both jobs. Each set
    found comes with the part of it that can match in this text and the starts of the words
    where one of its phrases matched, the only places where one can begin, so a clause
    without one is not searched (None for a set with a regular expression, which may begin
    anywhere)."""
    starts: dict[str, list[int]] = {}  # stem -> where words starting with it begin
    for token in TOKEN.finditer(norm):
        for stem in index.stems_of(token.group()):
            starts.setdefault(stem, []).append(token.start())
    found: dict[Words, list[int]] = {}  # set -> where its phrases matched
    for stem, at_words in starts.items():
        groups = index.groups[stem]
        if len(groups.groups) == 1:
            pattern = groups.each[0]
            if here := [at for at in at_words if pattern.match(norm, at)]:
                found.setdefault(groups.groups[0][0], []).extend(here)
            continue
        for at in at_words:
            hits = groups.pattern.match(norm, at)  # always matches: every part may be empty
            assert hits is not None
            if hits.lastindex is not None:  # at least one set matched here
                for k, hit in enumerate(hits.groups()):
                    if hit == "":
                        found.setdefault(groups.groups[k][0], []).append(at)
    regexes = index.groups.get("")
    for (words, _), pattern in zip(regexes.groups, regexes.each, strict=True) if regexes else ():
        if words not in found and pattern.search(norm):  # searched in full
            found[words] = []
    return {
        w: (the_part_that_can_match(w, starts), None if "" in w.by_stem else tuple(sorted(set(at))))
        for w, at in found.items()
    }


def found_in(
    norm: str, words: Words, starts: Starts, begin: int, end: int
) -> Iterator[tuple[int, int]]:
    """The set's matches between `begin` and `end`, left to right and not overlapping, as
    a search finds them: tried only at the words where one of its phrases matched in the
    whole text (`occurring`), when the set says where: a few match calls, not a scan."""
    if starts is None:
        for m in words.pattern.finditer(norm, begin, end):
            yield m.span()
        return
    after = begin
    for at in starts[bisect_left(starts, begin) :]:
        if at >= end:
            return
        if at >= after and (hit := words.pattern.match(norm, at, end)):
            after = hit.end()
            yield hit.span()


WHOLE_SET_AFTER = 1  # texts read with a part of a set before the whole set is compiled


def the_part_that_can_match(words: Words, stems: Collection[str]) -> Words:
    """The set's phrases whose first stem starts a word of the text (and its regular
    expressions), in the set's order: the only ones that can match there, so they find
    exactly what the whole set finds. A big set compiles in tens of milliseconds, most of a
    one-off command's reading (docs/performance.md); its part for one text is a fraction of
    it. A long-running process soon meets the same sets again: from the next text on, the
    whole set is compiled once and used."""
    if "pattern" in words.__dict__ or words.parts_used[0] >= WHOLE_SET_AFTER:
        return words
    part = cut_to(words, stems)
    if part is not words:
        words.parts_used[0] += 1
    return part


def cut_to(words: Words, stems: Collection[str]) -> Words:
    """The set's phrases that can begin at a word starting with one of these stems."""
    keep = {p for stem in words.by_stem.keys() & stems for p in words.by_stem[stem]}
    keep.update(words.by_stem.get("", ()))
    if len(keep) == len(words.phrases):
        return words
    by_stem = {s: ps for s, ps in words.by_stem.items() if s in stems or s == ""}
    return Words(tuple(p for p in words.phrases if p in keep), by_stem, words.loose)
