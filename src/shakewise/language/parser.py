"""Free text → evidence: spelling, phrases and concepts, context, the subject, numbers.

Steps:
1. Normalise the text (lower case, apostrophes dropped, dashes to spaces), keeping a map
   back to the original characters so every piece of evidence carries its span, and
   correct misspelt words toward the knowledge base's own words (`spelling.py`).
2. Decide whose symptoms the message is about (`subject.py`): the writer's, or another
   person's ("my dad…"); in a message about someone else their symptoms are the evidence.
3. Split it into clauses (sentence ends and contrast words like "but" end a clause).
4. Find every finding's synonyms and its concept compositions, gathered once
   (`lexicon.py`): lexicon atoms together in one clause ("leg + loss_of_function" reads "my
   left leg won't hold me").
5. Decide each match's state with ConText (`context.py`): negated → "no"; only feared,
   searched or dreamt → "unknown"; in the past or over → "unknown" for what is happening
   now; in doubt → "unknown", except that a warning sign in doubt stays "yes", marked
   uncertain, to be confirmed ("I think her mouth looks crooked").
6. Read numbers the phrases cannot (caffeine, durations, onset, age, temperature): a stated
   age outranks an age phrase; what spreads over months is not a rising weakness.
Conflicting mentions of one finding resolve to "yes" (a missed symptom costs more).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from shakewise.errors import InputError
from shakewise.knowledge.loader import KnowledgeBase
from shakewise.knowledge.schema import FindingKind
from shakewise.language.context import denial_state, match_state
from shakewise.language.lexicon import Lexicon, lexicon_for
from shakewise.language.numbers import SLOW_COURSE, NumberReading, read_numbers
from shakewise.language.phrases import normalise, occurring
from shakewise.language.spelling import corrected
from shakewise.language.subject import ANIMAL, OTHER_PERSON, Subject, message_subject
from shakewise.plain_text import UNSTORABLE

MAX_TEXT_CHARS = 5000
RISING = frozenset({"weakness_spreading_up"})  # spreads over hours or days, not months
SENTENCE_END = re.compile(r"[.!?\n]")
PARSE_CACHE_SIZE = 512  # descriptions kept parsed (a few MB at most)


@dataclass(frozen=True)
class TextEvidence:
    finding: str
    state: str  # "yes" | "no" | "unknown"
    span: tuple[int, int]  # character offsets in the original text
    phrase: str  # the words that matched, as written
    certain: bool = True  # False for a warning sign said in doubt: confirm before acting


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int


@dataclass(frozen=True)
class _Match:
    finding: str
    start: int
    end: int
    denial: bool = False  # the phrase says the finding is absent ("pee looks normal")
    parts: tuple[tuple[int, int], ...] = ()  # the other parts of an "a & b" synonym
    composed: bool = False  # from lexicon atoms: the context of the first atom decides
    nearby: tuple[tuple[int, int], ...] = ()  # atoms told in the sentence or the one before


CLAUSE_BREAK = re.compile(
    r"[.;!?\n()]+|\b(?:but|however|although|though|except|apart from|other than|whereas|"
    r"that said|because|(?<!obvious )(?<!clear )(?<!any )(?<!no )(?<!the )(?<!a )cause|cos|"
    r"which|who|so that|"
    r"and (?=i\b|my\b|it\b|im\b|ive\b|the\b|now\b|then\b|also\b|they\b|sometimes\b|"
    r"she\b|he\b|shes\b|hes\b|we\b|you\b|his\b|her\b|their\b|your\b|theres?\b))"
)
SENTENCE_BREAK = re.compile(r"[.;!?\n]+")
FAMILY_TREMOR_WORDS = re.compile(r"\b(?:shak|trembl|tremor|parkinson|restless)")
FAMILY_FINDINGS = frozenset({"family_history_tremor"})
# the writer back as the subject: "my son says I was having a fit", "mum had a stroke, now my
# face is drooping"
WRITER = re.compile(r"\b(?:i|im|ive|id|my|me)\b")
HAPPENING_NOW = frozenset({"is", "was"})  # "my mum is..." / "my dad's face was...", not "has"
# Findings that are about now: in the past or over, they are not evidence of the present.
# A risk factor ("I had a stroke years ago" as vascular risk) keeps its past.
NOW_KINDS = frozenset(FindingKind) - {FindingKind.RISK_FACTOR}
AGE_FINDINGS = frozenset({"age_over_60", "age_under_40"})


def _clauses(norm: str, breaks: re.Pattern[str] = CLAUSE_BREAK) -> list[_Clause]:
    out, start = [], 0
    for brk in breaks.finditer(norm):
        out.append(_Clause(start, brk.start()))
        start = brk.end()
    out.append(_Clause(start, len(norm)))
    return [c for c in out if c.end > c.start] or [_Clause(0, len(norm))]


def _state(
    norm: str, clause: _Clause, start: int, end: int, finding: str, lex: Lexicon
) -> tuple[str, bool]:
    return match_state(
        norm,
        (clause.start, clause.end),
        (start, end),
        warning=finding in lex.warning_signs,
        now=lex.kinds[finding] in NOW_KINDS,
    )


def _composed_state(norm: str, clause: _Clause, m: _Match, lex: Lexicon) -> tuple[str, bool]:
    """A composition holds unless one of its atoms is negated ("calf sore, not swollen").
    Each atom is read with the other atoms blanked out, so an atom's own words ("haven't
    managed to" + "pee") do not negate its partner."""
    spans = [(m.start, m.end), *m.parts]
    states = []
    for i, (start, end) in enumerate(spans):
        masked = norm
        for j, (s, e) in enumerate(spans):
            if j != i:
                masked = masked[:s] + " " * (e - s) + masked[e:]
        states.append(_state(masked, clause, start, end, m.finding, lex))
    if any(state == "no" for state, _ in states):
        return "no", True
    return states[0][0], all(certain for _, certain in states)


SENSE_REACH_WORDS = 3  # how far another sense's words may stand from the words they explain


def _near(norm: str, senses: Iterable[re.Match[str]], m: _Match) -> bool:
    """Whether another sense of a match's words stands next to them in its clause ("not
    answering the phone"), not elsewhere ("she isn't responding, I'm on the phone to 999")."""
    start = min([m.start, *(s for s, _ in m.parts)])
    end = max([m.end, *(e for _, e in m.parts)])
    for hit in senses:
        gap = norm[end : hit.start()] if hit.start() >= end else norm[hit.end() : start]
        if (
            len(gap.split()) <= SENSE_REACH_WORDS
            and "," not in gap
            and not CLAUSE_BREAK.search(gap)
        ):
            return True
    return False


@dataclass(frozen=True)
class _Relative:
    start: int
    end: int
    happening_now: bool  # "my wife is having a fit", not "my dad has epilepsy"


def _relative_part(segment: str) -> _Relative | None:
    """Where a clause of the writer's own message speaks of a relative: from "my mum
    has..." until the writer is the subject again ("my son says I was having a fit"; "mum
    had a stroke years ago, now my face is drooping"). What a relative *has* is family
    history; what *is* happening to them ("my dad's face is drooping and I'm panicking")
    keeps its warning signs, whoever is writing."""
    someone_else = OTHER_PERSON.search(segment)
    if someone_else is None:
        return None
    person_named = someone_else.start() + len(someone_else.group().split()[0])
    writer = WRITER.search(segment, person_named)
    now = someone_else.group().split()[-1] in HAPPENING_NOW
    return _Relative(someone_else.start(), writer.start() if writer else len(segment), now)


def _any_denied(
    norm: str,
    clauses: list[_Clause],
    clause: _Clause,
    spans: Iterable[tuple[int, int]],
    finding: str,
    lex: Lexicon,
) -> bool:
    """Whether any part told elsewhere in the sentence is negated in its own clause."""
    for start, end in spans:
        own = next((c for c in clauses if c.start <= start < c.end), clause)
        if _state(norm, own, start, end, finding, lex)[0] == "no":
            return True
    return False


def _present(norm: str, lex: Lexicon) -> Lexicon:
    """The part of the lexicon that occurs anywhere in the text, so the per-clause work
    below only touches the few phrases that can match."""
    hit = occurring(norm, lex.index)
    atoms = tuple(a for a in lex.atoms if a[1] in hit)
    found = {a for a, _ in atoms}
    return Lexicon(
        patterns=tuple(fp for fp in lex.patterns if fp[1] in hit),
        conjunctions=tuple(fc for fc in lex.conjunctions if hit.issuperset(fc[1])),
        denials=tuple(fp for fp in lex.denials if fp[1] in hit),
        other_senses={f: w for f, w in lex.other_senses.items() if w in hit},
        nearby_senses={f: w for f, w in lex.nearby_senses.items() if w in hit},
        atoms=atoms,
        compositions=tuple(c for c in lex.compositions if found.issuperset(c[1] + c[2])),
        warning_signs=lex.warning_signs,
        kinds=lex.kinds,
        speller=lex.speller,
        index=lex.index,
    )


def _matches(norm: str, clause: _Clause, sentence: _Clause, lex: Lexicon) -> Iterator[_Match]:
    """Every synonym found in a clause; "a & b" synonyms need all parts in `sentence`;
    compositions need every atom in the clause."""
    for finding, words in lex.patterns:
        for m in words.pattern.finditer(norm, clause.start, clause.end):
            yield _Match(finding, m.start(), m.end())
    for finding, words in lex.denials:
        for m in words.pattern.finditer(norm, clause.start, clause.end):
            yield _Match(finding, m.start(), m.end(), denial=True)
    for finding, parts in lex.conjunctions:
        first = parts[0].pattern.search(norm, clause.start, clause.end)
        others = [p.pattern.search(norm, sentence.start, sentence.end) for p in parts[1:]]
        if first and all(others):
            pairs = tuple((o.start(), o.end()) for o in others if o is not None)
            yield _Match(finding, first.start(), first.end(), parts=pairs)
    if lex.compositions:
        atoms = {
            name: (hit.start(), hit.end())
            for name, words in lex.atoms
            if (hit := words.pattern.search(norm, clause.start, clause.end))
        }
        near = {
            name: (hit.start(), hit.end())
            for name, words in lex.atoms
            if (hit := words.pattern.search(norm, sentence.start, sentence.end))
        }
        for finding, needed, nearby in lex.compositions:
            if all(a in atoms for a in needed) and all(a in near for a in nearby):
                spans = sorted(atoms[a] for a in needed)
                yield _Match(
                    finding,
                    spans[0][0],
                    spans[0][1],
                    parts=tuple(spans[1:]),
                    composed=True,
                    nearby=tuple(near[a] for a in nearby),
                )


def _phrase_evidence(
    text: str, norm: str, origin: list[int], lex: Lexicon
) -> Iterator[TextEvidence]:
    # In a message about someone else (my mum, my husband), what that person has is the
    # evidence; in the writer's own message, a relative's condition is family history.
    about_self = message_subject(norm) == Subject.SELF
    lex = _present(norm, lex)
    sentences = _clauses(norm, SENTENCE_BREAK)
    clauses = _clauses(norm)
    for clause in clauses:
        at = max((i for i, s in enumerate(sentences) if s.start <= clause.start), default=0)
        # a synonym pair may reach back one sentence: "I drink a lot. I stopped Friday."
        sentence = _Clause(sentences[max(at - 1, 0)].start, sentences[at].end)
        segment = norm[clause.start : clause.end]
        relative = _relative_part(segment) if about_self else None
        if relative and FAMILY_TREMOR_WORDS.search(segment, relative.start, relative.end):
            s, e = origin[clause.start], origin[clause.end]
            yield TextEvidence("family_history_tremor", "yes", (s, e), text[s:e].strip())
        here = sentences[at]
        for m in _matches(norm, clause, sentence, lex):
            sense = lex.other_senses.get(m.finding)
            if sense and sense.pattern.search(norm, here.start, here.end):
                continue  # "fit as a fiddle", "a faint smell": another meaning of the words
            nearby = lex.nearby_senses.get(m.finding)
            if nearby and _near(norm, nearby.pattern.finditer(norm, here.start, here.end), m):
                continue  # "not answering the phone"
            if ANIMAL.search(segment) or (
                relative
                and m.finding not in FAMILY_FINDINGS
                and not (relative.happening_now and m.finding in lex.warning_signs)
                and clause.start + relative.start < m.start < clause.start + relative.end
            ):
                continue  # a pet's symptoms, or a relative's condition in the writer's message
            if m.denial:
                state, certain = denial_state(
                    norm,
                    (clause.start, clause.end),
                    (m.start, m.end),
                    warning=m.finding in lex.warning_signs,
                )
            elif m.composed:
                state, certain = _composed_state(norm, clause, m, lex)
                if _any_denied(norm, clauses, clause, m.nearby, m.finding, lex):
                    state = "no"  # "pale ... never had an infection"
            else:
                state, certain = _state(norm, clause, m.start, m.end, m.finding, lex)
                # a pair holds only if none of its parts is negated ("calf ... no swelling")
                if _any_denied(norm, clauses, clause, m.parts, m.finding, lex):
                    state = "no"
            s, e = origin[m.start], origin[m.end]
            yield TextEvidence(m.finding, state, (s, e), text[s:e], certain)


def _from_reading(text: str, origin: list[int], r: NumberReading) -> TextEvidence:
    s, e = origin[r.start], origin[r.end]
    return TextEvidence(r.finding, r.state, (s, e), text[s:e])


def _resolve(items: Iterable[TextEvidence]) -> list[TextEvidence]:
    """One item per finding: any "yes" wins, then "no", then "unknown"; a certain reading
    wins over an unsure one of the same state."""
    order = {"yes": 0, "no": 1, "unknown": 2}
    best: dict[str, TextEvidence] = {}
    for item in items:
        held = best.get(item.finding)
        if held is None or (order[item.state], not item.certain) < (
            order[held.state],
            not held.certain,
        ):
            best[item.finding] = item
    return sorted(best.values(), key=lambda ev: ev.span)


def subject_of(text: str) -> Subject:
    """Whose symptoms a description is about: the writer's, or another person's."""
    return message_subject(normalise(text)[0])


def parse_text(text: str, kb: KnowledgeBase) -> list[TextEvidence]:
    """Evidence found in a person's own description, one item per finding, in text order."""
    if not text.strip():
        raise InputError("The description is empty. Describe what your legs do, in your words.")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"The description is {len(text)} characters long; the limit is {MAX_TEXT_CHARS}."
            " Please shorten it to the main points."
        )
    if UNSTORABLE.search(text):  # PostgreSQL refuses NUL; a lone surrogate is no character
        raise InputError(
            "The description holds a control or broken character that cannot be read or"
            " stored; remove it and try again."
        )
    return list(_parse(text, kb))


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse(text: str, kb: KnowledgeBase) -> tuple[TextEvidence, ...]:
    """Cached: a stateless interview sends the same description with every answer."""
    lex = lexicon_for(kb)
    norm, origin = corrected(*normalise(text), lex.speller)
    readings = list(read_numbers(norm))
    numbers = [_from_reading(text, origin, r) for r in readings if r.finding in lex.kinds]
    # a stated age outranks a phrase: "a 35 year old man" is not "old man"
    measured = {n.finding for n in numbers} & AGE_FINDINGS
    phrases = [e for e in _phrase_evidence(text, norm, origin, lex) if e.finding not in measured]
    slow = [(origin[r.start], origin[r.end]) for r in readings if r.finding == SLOW_COURSE]
    return tuple(_resolve([*_not_rising(text, phrases, slow), *numbers]))


def _not_rising(
    text: str, phrases: list[TextEvidence], slow: list[tuple[int, int]]
) -> list[TextEvidence]:
    """Numbness "creeping up to the ankles over the last few months" spreads, but not over
    hours or days as a rising weakness does: in a sentence that gives it months, the
    reading is left for the person to answer."""

    def months_here(ev: TextEvidence) -> bool:
        spans = ((min(ev.span[0], a), max(ev.span[1], b)) for a, b in slow)
        return any(not SENTENCE_END.search(text, start, end) for start, end in spans)

    return [
        TextEvidence(ev.finding, "unknown", ev.span, ev.phrase)
        if ev.finding in RISING and ev.state == "yes" and months_here(ev)
        else ev
        for ev in phrases
    ]
