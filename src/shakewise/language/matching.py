"""Which of the lexicon's phrases occur in a clause: clauses and sentences of a normalised
text, the part of the lexicon present anywhere in it, and every synonym, denial, "a & b"
pair and concept composition found in one clause (the parser then reads their context),
and which of the signs found carry their own "not"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from shakewise.language.lexicon import Lexicon
from shakewise.language.phrases import CLAUSE_BREAK, Words
from shakewise.language.stem_index import found_in, occurring


@dataclass(frozen=True)
class Clause:
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    finding: str
    start: int
    end: int
    denial: bool = False  # the phrase says the finding is absent ("pee looks normal")
    parts: tuple[tuple[int, int], ...] = ()  # the other parts of an "a & b" synonym
    composed: bool = False  # from lexicon atoms: the context of the first atom decides
    nearby: tuple[tuple[int, int], ...] = ()  # atoms told in the sentence or the one before


def clauses_of(
    norm: str, breaks: re.Pattern[str] = CLAUSE_BREAK, whole: re.Pattern[str] | None = None
) -> list[Clause]:
    """The text cut at its breaks, except inside a phrase that says a break word itself
    (`whole`: "people who aren't there", "drunk but hadn't drunk")."""
    kept = [(w.start(), w.end()) for w in whole.finditer(norm)] if whole else []
    out, start = [], 0
    for brk in breaks.finditer(norm):
        if any(s <= brk.start() and brk.end() <= e for s, e in kept):
            continue
        out.append(Clause(start, brk.start()))
        start = brk.end()
    out.append(Clause(start, len(norm)))
    return [c for c in out if c.end > c.start] or [Clause(0, len(norm))]


NO_WORDS = Words.of(())


def present(norm: str, lex: Lexicon) -> Lexicon:
    """The part of the lexicon that occurs anywhere in the text, each set cut to the
    phrases that can match in it, so the per-clause work below only touches those."""
    hit = occurring(norm, lex.index)
    part = {words: here for words, (here, _) in hit.items()}
    atoms = tuple((a, part[w]) for a, w in lex.atoms if w in hit)
    found = {a for a, _ in atoms}
    if PLURAL_PRONOUN in found:
        found.add(BOTH_LEGS_AS)  # what "them" may stand for (_what_them_stands_for)
    return Lexicon(
        patterns=tuple((f, part[w]) for f, w in lex.patterns if w in hit),
        conjunctions=tuple(  # the first part alone rules most out, at a third of the cost
            (f, tuple(part[p] for p in ps))
            for f, ps in lex.conjunctions
            if ps[0] in hit and all(p in hit for p in ps[1:])
        ),
        denials=tuple((f, part[w]) for f, w in lex.denials if w in hit),
        other_senses={f: part[w] for f, w in lex.other_senses.items() if w in hit},
        nearby_senses={f: part[w] for f, w in lex.nearby_senses.items() if w in hit},
        atoms=atoms,
        compositions=tuple(c for c in lex.compositions if found.issuperset(c[1] + c[2])),
        warning_signs=lex.warning_signs,
        alarms=lex.alarms,
        kinds=lex.kinds,
        speller=lex.speller,
        index=lex.index,
        spanning=part.get(lex.spanning, NO_WORDS),
        starts=dict(hit.values()),
    )


def _all_in(norm: str, words: Words, span: Clause, lex: Lexicon) -> Iterator[tuple[int, int]]:
    """The set's matches in the span, tried only where the whole text says one begins."""
    return found_in(norm, words, lex.starts.get(words), span.start, span.end)


def _first_in(norm: str, words: Words, span: Clause, lex: Lexicon) -> tuple[int, int] | None:
    """The set's first match in the span: an atom or a pair's part stands for itself once."""
    return next(_all_in(norm, words, span, lex), None)


def matches(norm: str, clause: Clause, sentence: Clause, lex: Lexicon) -> Iterator[Match]:
    """Every synonym found in a clause; "a & b" synonyms need all parts in `sentence`;
    compositions need every atom in the clause."""
    for finding, words in lex.patterns:
        for start, end in _all_in(norm, words, clause, lex):
            yield Match(finding, start, end)
    for finding, words in lex.denials:
        for start, end in _all_in(norm, words, clause, lex):
            yield Match(finding, start, end, denial=True)
    for finding, parts in lex.conjunctions:
        first = _first_in(norm, parts[0], clause, lex)
        if first is None:
            continue
        others = [_first_in(norm, p, sentence, lex) for p in parts[1:]]
        if all(others):
            pairs = tuple(o for o in others if o is not None)
            yield Match(finding, first[0], first[1], parts=pairs)
    if lex.compositions:
        yield from _composed(norm, clause, sentence, lex)


def _composed(norm: str, clause: Clause, sentence: Clause, lex: Lexicon) -> Iterator[Match]:
    """Compositions whose atoms are all in the clause (and their nearby atoms in the
    sentence); the first hit of each atom stands for it."""
    said = dict(lex.atoms)  # each atom's words by name, built once per clause
    atoms = {name: hit for name, words in lex.atoms if (hit := _first_in(norm, words, clause, lex))}
    linked = _what_it_stands_for(norm, sentence, atoms, said)
    atoms |= linked
    atoms |= _what_them_stands_for(norm, sentence, atoms)
    wanted = {a for _, needed, nearby in lex.compositions if nearby for a in nearby}
    near = {
        name: hit
        for name, words in lex.atoms
        if name in wanted and (hit := _first_in(norm, words, sentence, lex))
    }
    for finding, needed, nearby in lex.compositions:
        if all(a in atoms or a == SIDE for a in needed) and all(a in near for a in nearby):
            own = atoms
            if SIDE in needed and SIDE not in linked:
                side = _side_said_of(norm, clause, needed, said) or _side_of_that_limb(
                    norm, clause, sentence, needed, said
                )
                if side is None:
                    continue
                own = atoms | {SIDE: side}
            spans = sorted(own[a] for a in needed)
            yield Match(
                finding,
                spans[0][0],
                spans[0][1],
                parts=tuple(spans[1:]),
                composed=True,
                nearby=tuple(near[a] for a in nearby),
            )


# "My left leg hurts and I can't move it": "it" after a verb of moving a limb stands for the
# arm or leg said last before it (in its sentence or the one before), with the side said
# with that limb, unless another thing is named in between ("my knee was stuck under the
# table and I couldn't move it") or the limb was the tool ("pushed the car with my left leg
# but couldn't move it"). The link lends the limb the pronoun's place, so the pronoun's own
# clause decides negation and doubt.
PRONOUN = "limb_it"
LIMBS = ("leg", "arm")
SIDE = "one_side"
# "a" of an amount ("her legs feel a bit numb and she can't move them") names no thing
ANOTHER_THING = re.compile(
    r"\b(?:the|a(?! (?:bit|little|lot|tad)\b)|an|this|that|these|those|another|some|your|our)\b"
)
AS_A_TOOL = re.compile(
    r"\b(?:with|using)\s+(?:(?:my|his|her|their|your|the|one|both)\s+)?(?:(?:left|right)\s+)?$"
)
TOOL_REACH = 30  # characters before the limb where "with my left" is looked for


def _pronoun_refers_to(norm: str, limb: tuple[int, int], pronoun_at: int) -> bool:
    """Whether a pronoun can stand for the limb said before it: not when another thing is
    named in between, nor when the limb was the tool."""
    start, end = limb
    return not (
        ANOTHER_THING.search(norm, end, pronoun_at)
        or AS_A_TOOL.search(norm, max(start - TOOL_REACH, 0), start)
    )


def _what_it_stands_for(
    norm: str, sentence: Clause, atoms: dict[str, tuple[int, int]], said: dict[str, Words]
) -> dict[str, tuple[int, int]]:
    if PRONOUN not in atoms or any(limb in atoms for limb in LIMBS):
        return {}
    it = atoms[PRONOUN]
    limbs = [
        (hit.start(), hit.end(), name)
        for name in LIMBS
        if name in said
        for hit in said[name].pattern.finditer(norm, sentence.start, it[0])
    ]
    if not limbs:
        return {}
    start, end, limb = max(limbs)
    if not _pronoun_refers_to(norm, (start, end), it[0]):
        return {}
    linked = {limb: it}
    sides = said[SIDE].pattern.finditer(norm, sentence.start, end) if SIDE in said else ()
    if any(side.end() >= start - 1 for side in sides):  # "left leg", "one of my legs"
        linked[SIDE] = it
    return linked


# "My left foot twitches and my hands are numb": a side word goes with the part of the body
# said just after it (or in it: "one leg"), so "left" does not make the hands one-sided.
REGIONS = (*LIMBS, "face")
BOUND_TO = re.compile(r"(?:\s+\S+){0,2}")  # the words a side is said of: "left big toe"


def _side_is_said_of(norm: str, side: re.Match[str], part: Words) -> bool:
    """Whether a side word is said of this part of the body ("left big toe", "one leg")."""
    bound = BOUND_TO.match(norm, side.end())  # always matches: no word is a match too
    assert bound is not None
    return part.pattern.search(norm, side.start(), bound.end()) is not None


def _side_said_of(
    norm: str, clause: Clause, needed: tuple[str, ...], said: dict[str, Words]
) -> tuple[int, int] | None:
    """The first side word in the clause not said of another part of the body than the
    ones the composition names."""
    others = [said[r] for r in REGIONS if r not in needed and r in said]
    for side in said[SIDE].pattern.finditer(norm, clause.start, clause.end):
        if not any(_side_is_said_of(norm, side, o) for o in others):
            return side.span()
    return None


# "His left hand jerked. Since then that hand has no feeling": a limb said with "that", "this"
# or "the same" is the one said before it with its side, in its sentence or the one before
# (six development accounts: "that hand", "that foot", "that leg", "the same leg"), if that
# side was said of the same part of the body ("my left foot twitches. That hand is numb" is
# not one-sided). The limb lends the side its place, so its own clause decides negation.
THAT = re.compile(r"\b(?:that|this|the same)\s+$")
THAT_REACH = 10  # characters before the limb where "that", "this" or "the same" is looked for


def _side_of_that_limb(
    norm: str, clause: Clause, sentence: Clause, needed: tuple[str, ...], said: dict[str, Words]
) -> tuple[int, int] | None:
    """A limb said with "that" whose side was said with it before: it stands for the side."""
    for limb in (said[r] for r in REGIONS if r in needed and r in said):
        for this in limb.pattern.finditer(norm, clause.start, clause.end):
            if not THAT.search(norm, max(this.start() - THAT_REACH, 0), this.start()):
                continue
            sides = said[SIDE].pattern.finditer(norm, sentence.start, this.start())
            if any(_side_is_said_of(norm, side, limb) for side in sides):
                return this.span()
    return None


# "His legs are floppy and he can't move them": "them" after a verb of moving a limb stands
# for legs said before it, unless another thing is named in between ("my legs were under
# the table and I couldn't move them"). Legs that cannot be moved at all are the lower
# body's loss of function, as "I can't move my legs" is.
PLURAL_PRONOUN = "limbs_them"
LEGS = re.compile(r"\blegs\b")
BOTH_LEGS_AS = "lower_body"


def _what_them_stands_for(
    norm: str, sentence: Clause, atoms: dict[str, tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    if PLURAL_PRONOUN not in atoms or BOTH_LEGS_AS in atoms:
        return {}
    them = atoms[PLURAL_PRONOUN]
    legs = list(LEGS.finditer(norm, sentence.start, them[0]))
    if not legs or not _pronoun_refers_to(norm, legs[-1].span(), them[0]):
        return {}
    return {BOTH_LEGS_AS: them}


NEGATION_INSIDE = re.compile(
    r"\b(?:not|never|isnt|wasnt|arent|werent|didnt|doesnt|dont|wont|hasnt|havent|hadnt)\b"
)


def signs_said_in_the_negative(norm: str, signs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of found signs that carry their own "not" ("is not responding")."""
    return [(start, end) for start, end in signs if NEGATION_INSIDE.search(norm, start, end)]


def own_negations_hidden(
    norm: str, negative: list[tuple[int, int]], keep: list[tuple[int, int]]
) -> str:
    """The text with the signs that carry their own "not" blanked, except where they touch
    the words being read (`keep`): "he is not responding and has a fever" must not deny the
    fever, as "he can't walk and has a fever" never did. A denial ("no numbness or
    weakness") is not among the signs: its "no" runs on along the list."""
    hidden = norm
    for start, end in negative:
        if not any(start < k_end and k_start < end for k_start, k_end in keep):
            hidden = hidden[:start] + " " * (end - start) + hidden[end:]
    return hidden
