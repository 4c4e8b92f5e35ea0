"""ConText: decide from the words around a symptom whether it is absent, only possible,
only feared, in the past, or over (Harkema et al. 2009; rules in data/context.yaml).

A rule is a cue phrase with a category and a direction. A forward cue modifies symptoms
after it, a backward cue symptoms before it, within `max_scope` words and the clause; a
pseudo-cue ("not sure") hides the cues inside it; a termination ("but", "now") ends the
scope of the cues before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shakewise.knowledge.phrase import REGEX
from shakewise.knowledge.yaml_file import read_yaml

RULES_FILE = Path(__file__).parent / "data" / "context.yaml"


class Modifier(StrEnum):
    NEGATED = "negated"  # "no weakness": absent
    POSSIBLE = "possible"  # "maybe weak", "I think her mouth droops": present in doubt
    HYPOTHETICAL = "hypothetical"  # "terrified it's ALS", "read online", "a dream": not a symptom
    HISTORICAL = "historical"  # "a seizure years ago": not happening now
    ENDED = "ended"  # "the shivering has stopped": over
    LISTED = "listed"  # "no fever, purple spots": in a negated list, or a new statement?


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Literal[
        "negated", "possible", "hypothetical", "historical", "ended", "pseudo", "terminate"
    ]
    direction: Literal["forward", "backward", "bidirectional"] = "forward"
    phrases: tuple[str, ...] = Field(min_length=1)
    max_scope: int | None = None
    adjacent: bool = False  # a backward cue must follow the symptom at once
    crosses_commas: bool = False  # reaches past a comma (a film, a course: the whole sentence)


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_scope: int = Field(gt=0)
    rules: tuple[_Rule, ...]


@dataclass(frozen=True)
class _Cue:
    category: str
    direction: str
    scope: int
    adjacent: bool
    crosses_commas: bool
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    cues: tuple[_Cue, ...]
    pseudo: re.Pattern[str]
    terminate: re.Pattern[str]
    any_cue: re.Pattern[str]  # every cue at once: most clauses hold none, and are done at once


def _union(phrases: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(phrases, key=len, reverse=True)
    body = "|".join(p[len(REGEX) :] if p.startswith(REGEX) else re.escape(p) for p in words)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


@cache
def load_rules(path: Path = RULES_FILE) -> Rules:
    """The ConText rules, validated and compiled once (read with the knowledge base's strict
    YAML reader: libyaml's parser, ten times faster here than the pure-Python one)."""
    data = _RuleFile.model_validate(read_yaml(path))
    cue_rules = [r for r in data.rules if r.category not in ("pseudo", "terminate")]
    cues = tuple(
        _Cue(
            r.category,
            r.direction,
            r.max_scope or data.max_scope,
            r.adjacent,
            r.crosses_commas,
            _union(r.phrases),
        )
        for r in cue_rules
    )
    pick = {r.category: r.phrases for r in data.rules if r not in cue_rules}
    return Rules(
        cues,
        _union(pick.get("pseudo", ("\0",))),
        _union(pick.get("terminate", ("\0",))),
        _union(tuple(p for r in cue_rules for p in r.phrases)),
    )


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """The text with every match of `pattern` replaced by spaces (offsets kept)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


# A sign said in the negative ("can't walk", "isn't responding", "not breathing") carries
# its own "not": an earlier "no" does not undo it, because people do not stack negatives
# ("no fever, can't walk"; "no pain, unable to stand" both say the sign is there).
SAID_IN_THE_NEGATIVE = re.compile(
    r"(?:cant|cannot|couldnt|unable|not|isnt|wasnt|arent|werent|didnt|doesnt|dont|wont|"
    r"wouldnt|hasnt|havent|hadnt|no|never)\b"
)

STARTS_A_WORD = re.compile(r" ?[a-z]")
# A negation word with a punctuation mark straight after it is an answer, not a determiner
# of what follows: "No, my legs are shaking", "my body just said no: started shaking".
AN_ANSWER = re.compile(r"\s*[,:;.!?]")
# A film, a lecture or an article that only sets the scene of a sign ("watching a film
# when my face went numb", "during the lecture I fainted", "I fainted during the lecture"),
# unlike one the sign is in ("watched a film where he had a seizure").
SCENE_TURN = re.compile(r"\b(?:when|while|whilst|then|suddenly|until)\b")
SCENE_BEFORE = re.compile(
    r"\b(?:during|in the middle of|halfway through|midway through)\s+"
    r"(?:(?:the|a|an|my|his|her|our|their)\s+)?$"
)
SCENE = re.compile(r"\b(?:during|while|whilst|when|in the middle of|halfway through)\b")
NOT_RIGHT_BEFORE = re.compile(r"\b(?:not|isnt|wasnt|arent|werent|doesnt|dont|didnt|never)\s+$")
NOT_REACH = 12  # characters before a denial searched for its own "not"


def modifiers(norm: str, clause: tuple[int, int], target: tuple[int, int]) -> set[Modifier]:
    """The ConText categories that reach the target span within its clause.

    `norm` is the normalised text; `clause` and `target` are (start, end) offsets in it.
    Negation keeps its list scope: "no weakness, numbness or pain" negates all three, "never
    got better, numb and tingly" does not reach "numb" (see `negation_reaches`).
    """
    start, end = target
    if not _any_cue_in(norm, *clause):
        return set()
    rules = load_rules()
    text = norm[clause[0] : clause[1]]
    # a pseudo-cue ("not sure", "no longer") hides the negation inside it, not its doubt;
    # it is found in the whole clause, since it may hold the symptom ("never had a fit before")
    plain = _blank(text, rules.pseudo)
    at, to = start - clause[0], end - clause[0]
    # a termination ends the reach of every cue before it
    stops = list(rules.terminate.finditer(text, 0, at))
    cut = stops[-1].end() if stops else 0
    stop_after = rules.terminate.search(text, to)
    until = stop_after.start() if stop_after else len(text)
    before, after = " " * cut + text[cut:at], text[to:until]
    no_pseudo = (" " * cut + plain[cut:at], plain[to:until])
    negative_form = SAID_IN_THE_NEGATIVE.match(norm, start) is not None
    found: set[Modifier] = set()
    for cue in rules.cues:
        negation = cue.category == Modifier.NEGATED
        if negative_form and negation:
            continue
        near_before, near_after = no_pseudo if negation else (before, after)
        if cue.direction in ("forward", "bidirectional"):
            found |= _forward(cue, near_before, norm[start:end], near_after)
        if cue.direction in ("backward", "bidirectional"):
            found |= _backward(cue, near_after)
    return found


@lru_cache(maxsize=256)
def _any_cue_in(norm: str, start: int, end: int) -> bool:
    """Whether any cue occurs in the clause: most clauses hold none, and a clause is asked
    once for each sign in it (a tenth of the reader's time when searched every time)."""
    return load_rules().any_cue.search(norm, start, end) is not None


def _forward(cue: _Cue, before: str, phrase: str, after: str) -> set[Modifier]:
    """A cue before the symptom ("no weakness", "worried it's ALS, ...")."""
    hits = list(cue.pattern.finditer(before))
    if not hits:
        return set()
    between = before[hits[-1].end() :]
    negation = cue.category == Modifier.NEGATED
    if negation and AN_ANSWER.match(between):
        return set()
    # doubt, worry and the past stop at a comma ("worried it's ALS, my calf twitches");
    # negation runs on along a list (see negation_reaches)
    if len(between.split()) > cue.scope or (
        not negation and not cue.crosses_commas and "," in between
    ):
        return set()
    if cue.crosses_commas and (
        SCENE_TURN.search(between) or SCENE_BEFORE.search(before, 0, hits[-1].start())
    ):
        return set()  # "watching a film when my face went numb": the film only sets the scene
    if not negation:
        return {Modifier(cue.category)}
    if not negation_reaches(between, phrase):
        return set()
    # A symptom after another in a negated list ("no fever, purple spots"; "no headache and
    # slurred speech"): still in the list, or a new statement? Only "or" / "nor" make it
    # surely a list; otherwise the negation is only possible (a warning sign is asked).
    after_an_item = "," in between or " and " in f" {between} "
    surely_listed = SURE_LIST & set(between.split() + after.split()[:LIST_LOOKAHEAD])
    return {Modifier.LISTED if after_an_item and not surely_listed else Modifier.NEGATED}


def _backward(cue: _Cue, after: str) -> set[Modifier]:
    """A cue after the symptom ("chest pain: no", "the shivering has stopped")."""
    hit = cue.pattern.search(after)
    if hit is None or (cue.adjacent and STARTS_A_WORD.match(after, hit.end())):
        return set()  # "his arm, no pain": a new "no ..." item, not an answer
    gap = after[: hit.start()]
    if cue.crosses_commas and SCENE.search(gap):
        return set()  # "I fainted during the lecture": the lecture only sets the scene
    # as forward: doubt and the past stop at a comma ("I collapsed, no history of this" is
    # not a collapse in the past)
    if cue.category != Modifier.NEGATED and not cue.crosses_commas and "," in gap:
        return set()
    reaches = not gap.strip(" ,:-=") if cue.adjacent else len(gap.split()) <= cue.scope
    return {Modifier(cue.category)} if reaches else set()


LIST_JOINERS = frozenset({"or", "and", "nor", "any", "also", "no"})
LIST_ITEM_WORDS = 3  # longest first item of a negated list
LIST_LOOKAHEAD = 6  # words after a listed symptom searched for the list's "or" / "nor"
SURE_LIST = frozenset({"or", "nor", "neither", "either", "any"})
# Words that start a new statement after a negation: a subject ("no fever, he's drowsy";
# "i dont know whats happening he cant walk"), and after a comma also a possessive or "now"
_SUBJECTS = "i im ive id he hes she shes they theyre we theres"
_STATEMENT_STARTS = "were it its there my his her their our now then"
SUBJECT_PRONOUNS = frozenset(_SUBJECTS.split())
# "and" with a verb of its own starts a new predicate: "no fever and has a rash"
NEW_PREDICATE = re.compile(
    r"\band (?:(?:now|also|still|just) )?(?:has|have|had|is|was|are|were|keeps|kept|got|gets|"
    r"seems|seemed|feels|felt|looks|looked|started|starts|began|developed)\b"
)
NEW_SUBJECT = SUBJECT_PRONOUNS | frozenset(_STATEMENT_STARTS.split())


def negation_reaches(between: str, phrase: str) -> bool:
    """A negation reaches past a comma only along a list of short items ("no weakness,
    numbness or pain"), and never into a new statement ("never got better, numb and
    tingly"; "no aircon, sweated through my top"; "i dont know whats happening he cant walk")."""
    if NEW_PREDICATE.search(between):
        return False  # "not feeding and has a fever": a second thing said of the same person
    if "," not in between:
        # a new subject after the negated words starts a new statement even unpunctuated
        # ("i dont know whats happening he cant walk"); "no pain in my legs" is one
        return not SUBJECT_PRONOUNS & set(between.split()[1:])
    if len(between.split(",", 1)[0].split()) > LIST_ITEM_WORDS or phrase.split()[0].endswith(
        ("ed", "ing")
    ):
        return False
    tail = between.rsplit(",", 1)[1].split()
    if NEW_SUBJECT & set(tail):
        return False  # "no fever, he's drowsy and hard to wake": a new statement
    return not tail or (len(tail) <= 5 and bool(LIST_JOINERS & set(tail)))


def match_state(
    norm: str, clause: tuple[int, int], target: tuple[int, int], *, warning: bool, now: bool
) -> tuple[str, bool]:
    """The state of one match from its modifiers, and whether it is certain. `warning`: a
    warning sign, kept "yes" (to be confirmed) when said in doubt; `now`: a finding about
    the present, which the past or an end makes "unknown"."""
    found = modifiers(norm, clause, target)
    if Modifier.HYPOTHETICAL in found:
        return "unknown", True
    if Modifier.HISTORICAL in found and now:
        return "unknown", True
    if Modifier.POSSIBLE in found:
        return ("yes", False) if warning else ("unknown", True)
    if Modifier.NEGATED in found:
        return "no", True
    if Modifier.LISTED in found:
        return ("yes", False) if warning else ("no", True)  # a warning sign: ask, do not drop
    if Modifier.ENDED in found and now and not warning:
        return "unknown", True  # "the shivering has stopped"; a warning sign that passed counts
    return "yes", True


def denial_state(
    norm: str, clause: tuple[int, int], target: tuple[int, int], *, warning: bool
) -> tuple[str, bool]:
    """A denial ("pee looks normal", "no numbness") says no, unless it is said in doubt or
    is itself negated ("my leg isn't just sore": more than sore, not fine)."""
    found = modifiers(norm, clause, target)
    if Modifier.POSSIBLE in found or Modifier.HYPOTHETICAL in found:
        return ("yes", False) if warning else ("unknown", True)
    if NOT_RIGHT_BEFORE.search(norm, max(0, target[0] - NOT_REACH), target[0]):
        return "unknown", True
    return "no", True
