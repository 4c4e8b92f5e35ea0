"""Free text → evidence: phrases and synonyms, negation, uncertainty, numbers.

Steps:
1. Normalise the text (lower case, apostrophes dropped, dashes to spaces), keeping a map
   back to the original characters so every piece of evidence carries its span.
2. Split it into clauses (sentence ends and contrast words like "but" end a clause), the
   scope of a negation.
3. Match every finding's synonyms (with simple word endings) in each clause; decide its
   state from cues before it ("no", "never", "without"...), after it ("chest pain: no"),
   doubt ("maybe", "not sure if": a warning sign in doubt counts as present, to escalate
   when unsure), and whose body it is ("my mum has a tremor" is family history).
4. Read numbers the phrases cannot: caffeine amounts, durations, age, temperature.
Conflicting mentions of one finding resolve to "yes": missing a symptom costs more than
asking about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from shakewise.errors import InputError
from shakewise.knowledge.loader import KnowledgeBase
from shakewise.knowledge.schema import FindingKind
from shakewise.language.numbers import NumberReading, read_numbers

MAX_TEXT_CHARS = 5000
PARSE_CACHE_SIZE = 512  # descriptions kept parsed (a few MB at most)


@dataclass(frozen=True)
class TextEvidence:
    finding: str
    state: str  # "yes" | "no" | "unknown"
    span: tuple[int, int]  # character offsets in the original text
    phrase: str  # the words that matched, as written


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


NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|dont|doesnt|didnt|havent|hasnt|hadnt|isnt|arent|wasnt|"
    r"werent|wont|nor|neither|denies|deny|denied|free of|none|nothing|zero|absence of|"
    r"ruled out|negative for|nope|lack of)\b"
)
PSEUDO_NEGATION = re.compile(
    r"\b(?:not sure|not only|not just|no idea|no matter|not certain|without fail|"
    r"nothing else|no doubt|not even sure|dont know|dont think so)\b"
)
HYPOTHETICAL = re.compile(  # not a real event: "I dream I'm tripping", "a feeling of falling"
    r"\b(?:dream|dreamt|dreaming|nightmare)|\b(?:feeling|sensation) of\s*$"
)
DOUBT_AFTER = re.compile(r"^[\s,]*(?:\?|maybe|perhaps|possibly|probably|i think|i guess|or not)\b")
NEGATION_AFTER = re.compile(
    r"^\s*[:?\-=]?\s*(?:no|none|nope|never|negative|not really|"
    r"(?:is |are |was |were |feels? |seems? )?(?:fine|ok|okay|normal|all good|good|unaffected))\b"
)
DOUBT = re.compile(
    r"\b(?:maybe|might|possibly|perhaps|not sure|unsure|could be|wondering if|"
    r"worried (?:it|that|about)|scared (?:it|that|of)|afraid (?:it|that)|in case|"
    r"what if|if i get|in the future)\b"
)
CLAUSE_BREAK = re.compile(
    r"[.;!?\n()]+|\b(?:but|however|although|though|except|apart from|other than|whereas|"
    r"that said|because|cause|cos|which|who|so that|"
    r"and (?=i\b|my\b|it\b|im\b|ive\b|the\b|now\b|then\b|also\b|they\b|sometimes\b|"
    r"she\b|he\b|shes\b|hes\b|we\b|you\b))"
)
SENTENCE_BREAK = re.compile(r"[.;!?\n]+")
LIST_JOINERS = frozenset({"or", "and", "nor", "any", "also", "no"})
OTHER_PERSON = re.compile(
    r"\bmy (?:mum|mom|mother|dad|father|brother|sister|gran|granny|grandma|grandmother|"
    r"grandpa|grandad|granddad|grandfather|aunt|auntie|uncle|cousin|son|daughter|friend|"
    r"nan|nana)s?\b(?:\s+\w+){0,2}?\s+(?:has|had|have|with|got|suffers|suffered|was|is|"
    r"also has|passed|died)\b"
)
FIRST_PERSON = re.compile(
    r"\b(?:i|im|ive|id|me|myself)\b|\bmy\s+(?:legs?|calf|calves|thighs?|feet|foot|knees?|"
    r"hands?|arms?|body|muscles?|toes?|back|shins?|ankles?)\b"
)
FAMILY_TREMOR_WORDS = re.compile(r"\b(?:shak|trembl|tremor|parkinson|restless)")
FAMILY_FINDINGS = frozenset({"family_history_tremor"})
NEGATION_WINDOW = 7  # words between a cue and the phrase it negates
LIST_ITEM_WORDS = 3  # longest first item of a negated list


def _normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case text without apostrophes, and each kept character's original offset."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in "'’‘`":
            continue
        low = ch.lower()
        if ch in "-–—_/":
            low = " "
        chars.append(low if len(low) == 1 else ch)
        origin.append(i)
    origin.append(len(text))
    return "".join(chars), origin


def _word_pattern(word: str) -> str:
    """A word with its common English endings (twitch → twitches, twitching, twitchin)."""
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


def phrase_pattern(phrase: str) -> str:
    """A synonym as a regular expression; "calf ... twitch" also finds "calf keeps twitching"."""
    parts: list[str] = []
    gap = False
    for word in _normalise(phrase)[0].split():
        if word == GAP:
            gap = True
            continue
        if parts:
            parts.append(rf"(?:\s+\S+){{0,{GAP_WORDS}}}?\s+" if gap else r"\s+")
        parts.append(_word_pattern(word))
        gap = False
    return r"\b" + "".join(parts) + r"\b"


@dataclass(frozen=True, eq=False)
class Lexicon:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    conjunctions: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    denials: tuple[tuple[str, re.Pattern[str]], ...]
    warning_signs: frozenset[str]
    known: frozenset[str]


AND = "&"  # in a synonym: "swollen & hot" needs both phrases in one or two sentences


@cache
def lexicon_for(kb: KnowledgeBase) -> Lexicon:
    """Compile one regular expression per finding from its synonyms, once per KB."""
    patterns = []
    conjunctions = []
    denials = []
    for finding in kb.findings.values():
        if not finding.askable:
            continue
        if finding.denials:
            union = "|".join(phrase_pattern(p) for p in finding.denials)
            denials.append((finding.id, re.compile(union)))
        phrases = sorted({p for p in finding.synonyms if AND not in p}, key=len, reverse=True)
        if phrases:
            union = "|".join(phrase_pattern(p) for p in phrases)
            patterns.append((finding.id, re.compile(union)))
        for combo in (p for p in finding.synonyms if AND in p):
            parts = tuple(re.compile(phrase_pattern(x)) for x in combo.split(AND) if x.strip())
            conjunctions.append((finding.id, parts))
    warnings = frozenset(f.id for f in kb.findings.values() if f.kind == FindingKind.WARNING_SIGN)
    return Lexicon(
        tuple(patterns), tuple(conjunctions), tuple(denials), warnings, frozenset(kb.findings)
    )


def _clauses(norm: str, breaks: re.Pattern[str] = CLAUSE_BREAK) -> list[_Clause]:
    out, start = [], 0
    for brk in breaks.finditer(norm):
        out.append(_Clause(start, brk.start()))
        start = brk.end()
    out.append(_Clause(start, len(norm)))
    return [c for c in out if c.end > c.start] or [_Clause(0, len(norm))]


def _state(norm: str, clause: _Clause, start: int, end: int, finding: str, lex: Lexicon) -> str:
    before = norm[clause.start : start]
    words_before = before.split()
    window = " ".join(words_before[-NEGATION_WINDOW:])
    window_clean = PSEUDO_NEGATION.sub(" ", window)
    in_doubt = "yes" if finding in lex.warning_signs else "unknown"
    if HYPOTHETICAL.search(window):
        return "unknown"
    if DOUBT.search(window):
        return in_doubt
    cues = list(NEGATION_BEFORE.finditer(window_clean))
    if cues and _in_scope(window_clean[cues[-1].end() :], norm[start:end]):
        return "no"
    if NEGATION_AFTER.match(norm[end : clause.end]):
        return "no"
    if DOUBT_AFTER.search(norm[end : clause.end]):
        return in_doubt
    return "yes"


def _denial_state(norm: str, clause: _Clause, start: int, finding: str, lex: Lexicon) -> str:
    """A denial ("pee looks normal", "no numbness") says no, unless it is said in doubt."""
    window = " ".join(norm[clause.start : start].split()[-NEGATION_WINDOW:])
    if DOUBT.search(window):
        return "yes" if finding in lex.warning_signs else "unknown"
    return "no"


def _in_scope(between: str, phrase: str) -> bool:
    """A negation reaches past a comma only along a list of short items ("no weakness,
    numbness or pain"), not into a new statement ("never got better, numb and tingly";
    "no aircon, sweated through my top")."""
    if "," not in between:
        return True
    if len(between.split(",", 1)[0].split()) > LIST_ITEM_WORDS or phrase.split()[0].endswith(
        ("ed", "ing")
    ):
        return False
    tail = between.rsplit(",", 1)[1].split()
    return not tail or (len(tail) <= 5 and bool(LIST_JOINERS & set(tail)))


def _present(norm: str, lex: Lexicon) -> Lexicon:
    """The part of the lexicon that occurs anywhere in the text: one scan per pattern,
    so the per-clause work below only touches the few synonyms that can match."""
    parts = {p for _, combo in lex.conjunctions for p in combo}  # many pairs share a part
    hit = {p for p in parts if p.search(norm)}
    return Lexicon(
        tuple(fp for fp in lex.patterns if fp[1].search(norm)),
        tuple(fc for fc in lex.conjunctions if hit.issuperset(fc[1])),
        tuple(fp for fp in lex.denials if fp[1].search(norm)),
        lex.warning_signs,
        lex.known,
    )


def _matches(norm: str, clause: _Clause, sentence: _Clause, lex: Lexicon) -> Iterator[_Match]:
    """Every synonym found in a clause; "a & b" synonyms need all parts in `sentence`."""
    for finding, pattern in lex.patterns:
        for m in pattern.finditer(norm, clause.start, clause.end):
            yield _Match(finding, m.start(), m.end())
    for finding, pattern in lex.denials:
        for m in pattern.finditer(norm, clause.start, clause.end):
            yield _Match(finding, m.start(), m.end(), denial=True)
    for finding, parts in lex.conjunctions:
        first = parts[0].search(norm, clause.start, clause.end)
        others = [p.search(norm, sentence.start, sentence.end) for p in parts[1:]]
        if first and all(others):
            spans = tuple((m.start(), m.end()) for m in others if m is not None)
            yield _Match(finding, first.start(), first.end(), parts=spans)


def _phrase_evidence(
    text: str, norm: str, origin: list[int], lex: Lexicon
) -> Iterator[TextEvidence]:
    # A text with no "I" or "my leg" is someone describing another person (my mum, my
    # husband): then what that person has is the evidence, not family history.
    proxy = not FIRST_PERSON.search(norm)
    lex = _present(norm, lex)
    sentences = _clauses(norm, SENTENCE_BREAK)
    clauses = _clauses(norm)
    for clause in clauses:
        at = max((i for i, s in enumerate(sentences) if s.start <= clause.start), default=0)
        # a synonym pair may reach back one sentence: "I drink a lot. I stopped Friday."
        sentence = _Clause(sentences[max(at - 1, 0)].start, sentences[at].end)
        segment = norm[clause.start : clause.end]
        someone_else = None if proxy else OTHER_PERSON.search(segment)
        if someone_else and FAMILY_TREMOR_WORDS.search(segment):
            s, e = origin[clause.start], origin[clause.end]
            yield TextEvidence("family_history_tremor", "yes", (s, e), text[s:e].strip())
        for m in _matches(norm, clause, sentence, lex):
            if (
                someone_else
                and m.finding not in FAMILY_FINDINGS
                and m.start > clause.start + someone_else.start()
            ):
                continue
            if m.denial:
                state = _denial_state(norm, clause, m.start, m.finding, lex)
            else:
                state = _state(norm, clause, m.start, m.end, m.finding, lex)
                # a pair holds only if none of its parts is negated ("calf ... no swelling")
                for start, end in m.parts:
                    own = next((c for c in clauses if c.start <= start < c.end), clause)
                    part = _state(norm, own, start, end, m.finding, lex)
                    state = "no" if "no" in (state, part) else state
            s, e = origin[m.start], origin[m.end]
            yield TextEvidence(m.finding, state, (s, e), text[s:e])


def _number_evidence(
    text: str, norm: str, origin: list[int], lex: Lexicon
) -> Iterator[TextEvidence]:
    for reading in read_numbers(norm):
        if reading.finding in lex.known:
            yield _from_reading(text, origin, reading)


def _from_reading(text: str, origin: list[int], r: NumberReading) -> TextEvidence:
    s, e = origin[r.start], origin[r.end]
    return TextEvidence(r.finding, r.state, (s, e), text[s:e])


def _resolve(items: Iterable[TextEvidence]) -> list[TextEvidence]:
    """One item per finding: any "yes" wins, then "no", then "unknown"."""
    order = {"yes": 0, "no": 1, "unknown": 2}
    best: dict[str, TextEvidence] = {}
    for item in items:
        held = best.get(item.finding)
        if held is None or order[item.state] < order[held.state]:
            best[item.finding] = item
    return sorted(best.values(), key=lambda ev: ev.span)


def parse_text(text: str, kb: KnowledgeBase) -> list[TextEvidence]:
    """Evidence found in a person's own description, one item per finding, in text order."""
    if not text.strip():
        raise InputError("The description is empty. Describe what your legs do, in your words.")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"The description is {len(text)} characters long; the limit is {MAX_TEXT_CHARS}."
            " Please shorten it to the main points."
        )
    return list(_parse(text, kb))


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse(text: str, kb: KnowledgeBase) -> tuple[TextEvidence, ...]:
    """Cached: a stateless interview sends the same description with every answer."""
    lex = lexicon_for(kb)
    norm, origin = _normalise(text)
    found = [*_phrase_evidence(text, norm, origin, lex), *_number_evidence(text, norm, origin, lex)]
    return tuple(_resolve(found))
