"""Free text → evidence: spelling, phrases and concepts, context, the subject, numbers.

Steps:
1. Normalise the text (lower case, apostrophes dropped, dashes to spaces), keeping a map
   back to the original characters so every piece of evidence carries its span, and
   correct misspelt words toward the knowledge base's own words (`spelling.py`).
2. Decide whose symptoms the message is about (`subject.py`): the writer's, or another
   person's ("my dad…"); in a message about someone else their symptoms are the evidence.
3. Split it into clauses (sentence ends and words like "but" end one) and find every
   finding's synonyms and concept compositions in them (`matching.py`, `lexicon.py`): atoms
   together in one clause ("leg + loss_of_function": "my left leg won't hold me"). In the
   writer's own message a relative's condition is family history, their events are signs.
4. Decide each match's state with ConText (`context.py`): negated → "no"; feared, searched,
   dreamt, in the past or over → "unknown"; a warning sign in doubt stays "yes", marked
   uncertain, to be confirmed ("I think her mouth looks crooked").
5. Read numbers the phrases cannot (caffeine, durations and onset in `numbers.py`, age in
   `ages.py`, temperature and the body's other readings in `vitals.py`): a stated
   age outranks an age phrase, a measured temperature the words it measures; what spreads
   over months is not a rising weakness, nor an illness had weeks ago a fever now.
   Conflicting mentions resolve to "yes" (`evidence.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from shakewise.errors import InputError
from shakewise.knowledge.loader import KnowledgeBase
from shakewise.knowledge.schema import FindingKind
from shakewise.language.ages import read_age
from shakewise.language.context import denial_state, match_state
from shakewise.language.evidence import (
    TextEvidence,
    from_reading,
    not_now,
    outranked_by_numbers,
    resolved,
)
from shakewise.language.lexicon import Lexicon, for_a_child, lexicon_for
from shakewise.language.matching import (
    Clause,
    Match,
    clauses_of,
    matches,
    own_negations_hidden,
    present,
    signs_said_in_the_negative,
)
from shakewise.language.numbers import read_numbers
from shakewise.language.phrases import CLAUSE_BREAK, SENTENCE_BREAK, normalise
from shakewise.language.spelling import corrected
from shakewise.language.subject import (
    Subject,
    about_a_child,
    animals_part,
    message_subject,
    relative_part,
    relatives_sign_counts,
)
from shakewise.language.vitals import read_vitals
from shakewise.plain_text import UNSTORABLE

MAX_TEXT_CHARS = 5000
PARSE_CACHE_SIZE = 512  # descriptions kept parsed (a few MB at most)


FAMILY_TREMOR_WORDS = re.compile(r"\b(?:shak|trembl|tremor|parkinson|restless)")
FAMILY_FINDINGS = frozenset({"family_history_tremor"})
# Findings that are about now: in the past or over, they are not evidence of the present.
# A risk factor ("I had a stroke years ago" as vascular risk) keeps its past.
NOW_KINDS = frozenset(FindingKind) - {FindingKind.RISK_FACTOR}


def _state(
    norm: str, clause: Clause, start: int, end: int, finding: str, lex: Lexicon
) -> tuple[str, bool]:
    return match_state(
        norm,
        (clause.start, clause.end),
        (start, end),
        warning=finding in lex.warning_signs,
        now=lex.kinds[finding] in NOW_KINDS,
    )


def _composed_state(norm: str, clause: Clause, m: Match, lex: Lexicon) -> tuple[str, bool]:
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


def _near(norm: str, senses: Iterable[re.Match[str]], m: Match) -> bool:
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


def _any_denied(
    norm: str,
    clauses: list[Clause],
    clause: Clause,
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


def _phrase_evidence(
    text: str, norm: str, origin: list[int], lex: Lexicon
) -> Iterator[TextEvidence]:
    # In a message about someone else (my mum, my husband), what that person has is the
    # evidence; in the writer's own message, a relative's condition is family history.
    subject = message_subject(norm)
    about_self = subject == Subject.SELF
    lex = present(norm, for_a_child(lex) if about_a_child(norm, subject) else lex)
    sentences = clauses_of(norm, SENTENCE_BREAK)
    clauses = clauses_of(norm, whole=lex.spanning.pattern if lex.spanning.phrases else None)
    for clause in clauses:
        at = max((i for i, s in enumerate(sentences) if s.start <= clause.start), default=0)
        # a synonym pair may reach back one sentence: "I drink a lot. I stopped Friday."
        sentence = Clause(sentences[max(at - 1, 0)].start, sentences[at].end)
        segment = norm[clause.start : clause.end]
        relative = relative_part(segment) if about_self else None
        if relative and FAMILY_TREMOR_WORDS.search(segment, relative.start, relative.end):
            s, e = origin[clause.start], origin[clause.end]
            yield TextEvidence("family_history_tremor", "yes", (s, e), text[s:e].strip())
        here = sentences[at]
        found = list(matches(norm, clause, sentence, lex))
        signs = [span for m in found if not m.denial for span in [(m.start, m.end), *m.parts]]
        negative = signs_said_in_the_negative(norm, signs)
        for m in found:
            if _another_meaning(norm, clause, here, m, lex) or animals_part(
                segment, m.start - clause.start
            ):
                continue  # "fit as a fiddle", "not answering the phone", a pet's fit
            if (
                relative
                and m.finding not in FAMILY_FINDINGS
                and not relatives_sign_counts(relative, m.finding, norm[m.start : m.end], lex)
                and clause.start + relative.start < m.start
                and m.end <= clause.start + relative.end
            ):
                continue  # a relative's condition in the writer's own message; a sign that
                # runs on into the writer ("my wife had to help me up the stairs") is theirs
            keep = [(m.start, m.end), *m.parts, *m.nearby]
            seen = own_negations_hidden(norm, negative, keep) if negative else norm
            state, certain = _match_state(seen, clauses, clause, m, lex)
            s, e = origin[m.start], origin[m.end]
            yield TextEvidence(m.finding, state, (s, e), text[s:e], certain)


def _another_meaning(norm: str, clause: Clause, sentence: Clause, m: Match, lex: Lexicon) -> bool:
    """The words mean something else here: "fit as a fiddle", "a faint smell" anywhere in
    the sentence, "not answering the phone" next to them. For a sign that is an emergency
    on its own, only in its clause: "she kept fit, and now she isn't responding"."""
    sense = lex.other_senses.get(m.finding)
    within = clause if m.finding in lex.alarms else sentence
    if sense and sense.pattern.search(norm, within.start, within.end):
        return True
    nearby = lex.nearby_senses.get(m.finding)
    return bool(
        nearby and _near(norm, nearby.pattern.finditer(norm, sentence.start, sentence.end), m)
    )


def _match_state(
    norm: str, clauses: list[Clause], clause: Clause, m: Match, lex: Lexicon
) -> tuple[str, bool]:
    """A match's state from its context: a denial says no unless in doubt; a composition or
    a pair holds unless one of its parts is negated ("calf ... no swelling", "pale ...
    never had an infection")."""
    if m.denial:
        return denial_state(
            norm,
            (clause.start, clause.end),
            (m.start, m.end),
            warning=m.finding in lex.warning_signs,
        )
    if m.composed:
        state, certain = _composed_state(norm, clause, m, lex)
        others = m.nearby
    else:
        state, certain = _state(norm, clause, m.start, m.end, m.finding, lex)
        others = m.parts
    if _any_denied(norm, clauses, clause, others, m.finding, lex):
        state = "no"
    return state, certain


def subject_of(text: str) -> Subject:
    """Whose symptoms a description is about: the writer's, or another person's."""
    return message_subject(normalise(text)[0])


def is_about_a_child(text: str) -> bool:
    """Whether a description is about someone else who is a child."""
    return about_a_child(normalise(text)[0])


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
    readings = [*read_numbers(norm), *read_age(norm), *read_vitals(norm)]
    numbers = [from_reading(text, origin, r) for r in readings if r.finding in lex.kinds]
    phrases = outranked_by_numbers(list(_phrase_evidence(text, norm, origin, lex)), numbers)
    return tuple(resolved([*not_now(text, phrases, readings, origin), *numbers]))
