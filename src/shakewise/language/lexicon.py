"""The knowledge base's words gathered once for the reader: each finding's synonyms,
denials, "a & b" pairs, concept compositions and other word senses, the lexicon atoms,
the speller over all of them and the stem index that finds which occur in a text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from shakewise.knowledge.loader import KnowledgeBase
from shakewise.knowledge.schema import FindingKind
from shakewise.language.phrases import GAP, Index, Words, index_of
from shakewise.language.spelling import Speller, speller_for


@dataclass(frozen=True, eq=False)
class Lexicon:
    patterns: tuple[tuple[str, Words], ...]
    conjunctions: tuple[tuple[str, tuple[Words, ...]], ...]
    denials: tuple[tuple[str, Words], ...]
    other_senses: dict[str, Words]  # finding -> its words' everyday senses
    atoms: tuple[tuple[str, Words], ...]  # lexicon concepts
    # finding, atoms in one clause, atoms anywhere in the sentence and the one before
    compositions: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    warning_signs: frozenset[str]
    kinds: dict[str, FindingKind]
    speller: Speller
    index: Index


AND = "&"  # in a synonym: "swollen & hot" needs both phrases in one or two sentences
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
def lexicon_for(kb: KnowledgeBase) -> Lexicon:
    """Gather the knowledge base's words once: the phrases of each finding's synonyms and
    denials, of each lexicon concept, and the speller over all of them."""
    patterns = []
    conjunctions = []
    denials = []
    compositions = []
    other_senses = {}
    words: list[str] = []
    for finding in kb.findings.values():
        if not finding.askable:
            continue
        words += [*finding.synonyms, *finding.denials]
        if finding.denials:
            denials.append((finding.id, Words.of(finding.denials)))
        phrases = [p for p in finding.synonyms if AND not in p]
        if phrases:
            patterns.append((finding.id, Words.of(phrases)))
        for combo in (p for p in finding.synonyms if AND in p):
            parts = tuple(part(x.strip()) for x in combo.split(AND) if x.strip())
            conjunctions.append((finding.id, parts))
        compositions += [composition(finding.id, c) for c in finding.concepts]
        if finding.other_senses:
            other_senses[finding.id] = Words.of(finding.other_senses)
    atoms = []
    for concept in kb.concepts.values():
        said = [*concept.words, *(w for group in concept.from_people for w in group.words)]
        words += said
        if said:
            atoms.append((concept.id, Words.of(said, loose=True)))
    warnings = frozenset(f.id for f in kb.findings.values() if f.kind == FindingKind.WARNING_SIGN)
    return Lexicon(
        patterns=tuple(patterns),
        conjunctions=tuple(conjunctions),
        denials=tuple(denials),
        other_senses=other_senses,
        atoms=tuple(atoms),
        compositions=tuple(compositions),
        warning_signs=warnings,
        kinds={f.id: f.kind for f in kb.findings.values()},
        speller=speller_for(w for w in words if GAP not in w),
        index=index_of(
            [
                *(w for _, w in patterns),
                *(w for _, w in denials),
                *other_senses.values(),
                *(w for _, w in atoms),
                *{p for _, parts in conjunctions for p in parts},
            ]
        ),
    )
