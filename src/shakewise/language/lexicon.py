"""The knowledge base's words gathered once for the reader: each finding's synonyms,
denials, "a & b" pairs, concept compositions and other word senses, the lexicon atoms,
the speller over all of them and the stem index that finds which occur in a text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from shakewise.disk_cache import cached, code_of
from shakewise.knowledge.loader import KnowledgeBase, knowledge_inputs, load_knowledge
from shakewise.knowledge.phrase import AND, REGEX
from shakewise.knowledge.schema import AnyOf, Concept, Condition, FindingKind, TriageLevel
from shakewise.language.phrases import CLAUSE_BREAK, GAP, Words
from shakewise.language.spelling import Speller, speller_for
from shakewise.language.stem_index import Index, Starts, index_of


@dataclass(frozen=True, eq=False)
class Lexicon:
    patterns: tuple[tuple[str, Words], ...]
    conjunctions: tuple[tuple[str, tuple[Words, ...]], ...]
    denials: tuple[tuple[str, Words], ...]
    other_senses: dict[str, Words]  # finding -> its words' everyday senses
    nearby_senses: dict[str, Words]  # finding -> senses that hold only next to its words
    atoms: tuple[tuple[str, Words], ...]  # lexicon concepts
    # finding, atoms in one clause, atoms anywhere in the sentence and the one before
    compositions: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    warning_signs: frozenset[str]
    alarms: frozenset[str]  # warning signs an emergency red flag names
    kinds: dict[str, FindingKind]
    speller: Speller
    index: Index
    spanning: Words  # phrases that say a clause break themselves ("people who arent there")
    # in the part present in one text (`matching.present`): where each set's phrases may
    # start; a set not listed may start anywhere
    starts: dict[Words, Starts] = field(default_factory=dict)
    child_patterns: tuple[tuple[str, Words], ...] = ()  # read in a message about a child
    child_compositions: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()


@cache
def for_a_child(lex: Lexicon) -> Lexicon:
    """The lexicon for a message about a child: the phrases said of a child are synonyms
    too ("she has started limping", the child named in another sentence), and so are the
    compositions said of a child ("shook his arm while feeding")."""
    return replace(
        lex,
        patterns=(*lex.patterns, *lex.child_patterns),
        compositions=(*lex.compositions, *lex.child_compositions),
    )


COMPOSE = " + "  # in a finding's concepts: "leg + loss_of_function"
NEARBY = " & "  # "jaw + stiff & wound": the wound may be told in the sentence before


def composition(finding: str, text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    clause, *nearby = text.split(NEARBY)
    return finding, tuple(clause.split(COMPOSE)), tuple(a for n in nearby for a in n.split(COMPOSE))


@cache
def part(phrase: str) -> Words:
    """One part of an "a & b" synonym; many pairs share a part, so each is built once."""
    return Words.of([phrase])


@cache
def _said(concept: Concept) -> list[str]:
    """A concept's words: from published lay pages and from people's own posts."""
    return [*concept.words, *(w for group in concept.from_people for w in group.words)]


SUDDEN = "sudden_onset"
# Signs that are a stroke when they start suddenly (nhs-stroke: slurred speech, or sight
# lost or blurred, means call 999); told without a start, they are taken as sudden.
TIMED_STROKE_SIGNS = ("speech_change", "vision_change")


def _alarms(kb: KnowledgeBase) -> frozenset[str]:
    """The findings that call for an emergency on their own (or only with a sudden start):
    a relative's sign of this kind stays evidence in the writer's own message ("my
    husband has slurred speech"), a condition a relative has does not ("weakness")."""
    emergencies = (rf.when for rf in kb.red_flags.values() if rf.level == TriageLevel.EMERGENCY)
    return frozenset(f for when in emergencies for f in _alone(when))


def _alone(condition: Condition) -> Iterator[str]:
    if isinstance(condition, str):
        yield condition
    elif isinstance(condition, AnyOf):
        for part in condition.any:
            yield from _alone(part)
    elif SUDDEN in condition.all:
        yield from (p for p in condition.all if p in TIMED_STROKE_SIGNS)


@cache
def lexicon_for(kb: KnowledgeBase) -> Lexicon:
    """The knowledge base's words gathered once per process; the packaged knowledge base's
    lexicon is also kept between runs (`disk_cache`)."""
    if kb is not load_knowledge():
        return _gather(kb)
    inputs = [*knowledge_inputs(), *code_of("language")]
    return cached("lexicon", inputs, lambda: _gather(kb), Lexicon)


def _gather(kb: KnowledgeBase) -> Lexicon:
    """The phrases of each finding's synonyms and denials, of each lexicon concept, and the
    speller over all of them."""
    findings = [f for f in kb.findings.values() if f.askable]
    patterns = [
        (f.id, Words.of(phrases))
        for f in findings
        if (phrases := [p for p in f.synonyms if AND not in p])
    ]
    child_patterns = [(f.id, Words.of(f.about_a_child)) for f in findings if f.about_a_child]
    conjunctions = [
        (f.id, tuple(part(x.strip()) for x in combo.split(AND) if x.strip()))
        for f in findings
        for combo in f.synonyms
        if AND in combo
    ]
    denials = [(f.id, Words.of(f.denials)) for f in findings if f.denials]
    other_senses = {f.id: Words.of(f.other_senses) for f in findings if f.other_senses}
    nearby_senses = {f.id: Words.of(f.nearby_senses) for f in findings if f.nearby_senses}
    atoms = [(c.id, Words.of(said, loose=True)) for c in kb.concepts.values() if (said := _said(c))]
    words = [w for f in findings for w in (*f.synonyms, *f.about_a_child, *f.denials)]
    words += [w for c in kb.concepts.values() for w in _said(c)]
    spanning = Words.of(w for w in words if AND not in w and _says_a_break(w))
    warnings = frozenset(f.id for f in kb.findings.values() if f.kind == FindingKind.WARNING_SIGN)
    return Lexicon(
        patterns=tuple(patterns),
        child_patterns=tuple(child_patterns),
        conjunctions=tuple(conjunctions),
        denials=tuple(denials),
        other_senses=other_senses,
        nearby_senses=nearby_senses,
        atoms=tuple(atoms),
        compositions=tuple(composition(f.id, c) for f in findings for c in f.concepts),
        child_compositions=tuple(composition(f.id, c) for f in findings for c in f.child_concepts),
        warning_signs=warnings,
        alarms=_alarms(kb) & warnings,
        kinds={f.id: f.kind for f in kb.findings.values()},
        speller=speller_for(w for w in words if GAP not in w),
        spanning=spanning,
        index=index_of(
            [
                *(w for _, w in (*patterns, *child_patterns, *denials)),
                *other_senses.values(),
                *nearby_senses.values(),
                *(w for _, w in atoms),
                *{p for _, parts in conjunctions for p in parts},
                spanning,
            ]
        ),
    )


def _says_a_break(phrase: str) -> bool:
    """Whether a phrase holds a word that elsewhere ends a clause ("who", "but")."""
    return not phrase.startswith(REGEX) and bool(CLAUSE_BREAK.search(phrase.replace(GAP, " ")))
