"""Strict models of the knowledge base: what a YAML file may say, checked once at load.

Every model forbids unknown keys and freezes its values, so a typo in a YAML file is an
error naming the file and the field, and the engine receives an immutable object.
Cross-file checks (every id referenced exists, every claim cites a source) live in
`loader.py`, because they need the whole knowledge base.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from shakewise.knowledge.phrase import Phrase

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=2, strip_whitespace=True)]
Probability = Annotated[float, Field(gt=0.0, lt=1.0)]


def _list_item(label: str) -> str:
    """A label reads as an item in a list: sentence case, nothing closing it."""
    if not label[:1].isupper() and not label[:1].isdigit():
        raise ValueError("a label starts with a capital letter (sentence case)")
    if label[-1] in ".?!:;,":
        raise ValueError("a label ends without a full stop or other punctuation")
    return label


# A finding's name in plain words, short enough for one line of a list or a PDF column
Label = Annotated[
    str,
    StringConstraints(min_length=2, max_length=60, strip_whitespace=True),
    AfterValidator(_list_item),
]


class TriageLevel(StrEnum):
    """The four levels of DESIGN.md. Ordered: `rank` grows with urgency."""

    SELF_CARE = "self_care"
    DOCTOR = "doctor"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {
    TriageLevel.SELF_CARE: 0,
    TriageLevel.DOCTOR: 1,
    TriageLevel.URGENT: 2,
    TriageLevel.EMERGENCY: 3,
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceKind(StrEnum):
    SEED = "seed"  # one of the five articles the project started from
    GUIDELINE = "guideline"  # guideline or consensus statement
    PUBLIC_HEALTH = "public_health"  # NHS, MedlinePlus, Mayo Clinic, NINDS, CDC...
    REFERENCE = "reference"  # StatPearls, Merck/MSD Manual, clinical textbooks
    REVIEW = "review"  # peer-reviewed review or meta-analysis
    STUDY = "study"  # peer-reviewed primary study
    CODE_SET = "code_set"  # ICD-10-CM and other terminologies
    ESTIMATE = "estimate"  # the project's own marked estimate, to calibrate


class Source(Strict):
    id: SourceId
    title: Text
    publisher: Text
    kind: SourceKind
    url: str | None = None
    note: str | None = None


class FindingKind(StrEnum):
    SYMPTOM = "symptom"
    TIMING = "timing"  # when it happens, how long it lasts, how it changes
    CONTEXT = "context"  # circumstances: exercise, heat, cold, meals
    TRIGGER = "trigger"  # substances and stressors: caffeine, alcohol, anxiety
    RISK_FACTOR = "risk_factor"  # age, pregnancy, known conditions
    MEDICATION = "medication"
    WARNING_SIGN = "warning_sign"  # signs that feed red-flag rules
    MEASUREMENT = "measurement"  # produced by the motion-sensor analysis


# "a + b" atoms in one clause; "a + b & c": and c in the same or the previous sentence
Composition = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*( [+&] [a-z][a-z0-9_]*)*$", max_length=200)
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class PeopleWords(Strict):
    """Words found in real people's own writing, with the addresses of at least two
    independent texts that use them."""

    words: tuple[Phrase, ...] = Field(min_length=1)
    seen_in: tuple[Url, ...] = Field(min_length=2)


class Concept(Strict):
    """A concept atom of the lay lexicon: a body part, a loss of function, a sensation...

    `words` come from published lay pages (`sources`: NHS, MedlinePlus...); `from_people`
    from real people's posts, each group backed by two or more independent texts."""

    id: Id
    meaning: Text
    words: tuple[Phrase, ...] = ()
    sources: tuple[SourceId, ...] = ()
    from_people: tuple[PeopleWords, ...] = ()


class Finding(Strict):
    """Something a person can report (or a sensor can measure), asked as one yes/no question."""

    id: Id
    label: Label = Field(
        description="The finding named in plain words, for lists a clinician and a worried"
        ' reader both read ("Weakness in a leg"); `question` is what the screens ask.'
    )
    kind: FindingKind
    question: Text
    help: Text
    base_rate: Probability = Field(
        description="P(finding) among people with leg symptoms whose cause is not linked to it"
        " (the leak probability)."
    )
    synonyms: tuple[Phrase, ...] = ()
    about_a_child: tuple[Phrase, ...] = Field(
        default=(),
        description="Phrases that say the finding in a message about a child, wherever the"
        ' child is named ("my daughter is 3. She has started limping").',
    )
    denials: tuple[Phrase, ...] = Field(
        default=(), description='Phrases that say the finding is absent ("pee looks normal").'
    )
    other_senses: tuple[Phrase, ...] = Field(
        default=(),
        description="Everyday senses of the finding's words: in a sentence holding one of"
        ' these, the words mean something else ("fit as a fiddle", "a faint smell").',
    )
    nearby_senses: tuple[Phrase, ...] = Field(
        default=(),
        description="Words that give the finding's words another sense only next to them"
        ' ("not answering the phone"), not anywhere in the sentence ("she isn\'t responding,'
        " I'm on the phone to 999\").",
    )
    concepts: tuple[Composition, ...] = Field(
        default=(),
        description="Compositions of lexicon concepts found together in one clause:"
        ' "leg + loss_of_function" reads "my leg won\'t hold me".',
    )
    child_concepts: tuple[Composition, ...] = Field(
        default=(),
        description="Compositions read only in a message about a child, as `about_a_child`"
        ' is: "jerk_shake & awake_feeding" is a baby\'s fit, not a parent shaky while feeding.',
    )
    askable: bool = True
    excludes: tuple[Id, ...] = Field(
        default=(), description="Findings that cannot also be true (e.g. two age bands)."
    )
    sources: tuple[SourceId, ...] = ()


class Likelihood(Strict):
    p: Probability
    source: SourceId
    note: str | None = None


class Advice(Strict):
    text: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)
    withheld_when: tuple[Id, ...] = Field(
        default=(),
        description="Red flags that make this advice unsafe: it is not shown when one fires"
        " (no massage with a suspected clot, no 'keep taking it' with a toxicity flag).",
    )


class SeekHelp(Strict):
    level: TriageLevel
    text: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)


class LevelOnceDenied(Strict):
    """A cause whose urgency lies in a few warning signs (shaking chills, a high fever; a
    hypo on insulin) needs its own level only while those are possible: once the person
    has said no to every one of them, the cause asks for this lower level. Its red flags
    still fire on a "yes", and the warning-sign screens are still asked before any result
    is called complete."""

    level: TriageLevel
    findings: tuple[Id, ...] = Field(min_length=1)
    sources: tuple[SourceId, ...] = Field(min_length=1)


class Cause(Strict):
    id: Id
    name: Text
    icd10: Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")]
    summary: Text
    prior: Annotated[float, Field(gt=0.0, le=1000.0)] = Field(
        description="Weight per 1,000 people presenting with leg symptoms."
    )
    prior_source: SourceId
    triage: TriageLevel
    triage_once_denied: LevelOnceDenied | None = None
    likelihoods: dict[Id, Likelihood] = Field(min_length=2)
    self_care: tuple[Advice, ...] = ()
    seek_help: tuple[SeekHelp, ...] = Field(min_length=1)
    sources: tuple[SourceId, ...] = Field(min_length=1)


class AllOf(Strict):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Strict):
    any: tuple[Condition, ...] = Field(min_length=1)


# A red-flag condition is monotone: it fires on findings answered "yes", never on absence,
# so a new answer can add a red flag but never take one away.
Condition = Id | AllOf | AnyOf
AllOf.model_rebuild()
AnyOf.model_rebuild()


class RedFlag(Strict):
    id: Id
    level: Literal[TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.DOCTOR]
    when: Condition
    message: Text = Field(description="Why this matters, in plain words.")
    action: Text = Field(description="What to do now.")
    causes: tuple[Id, ...] = ()
    sources: tuple[SourceId, ...] = Field(min_length=1)


class QuestionGroup(Strict):
    """Several findings asked on one screen, to save a worried person time."""

    id: Id
    type: Literal["group_multiple", "group_single"]
    text: Text
    help: Text | None = None
    findings: tuple[Id, ...] = Field(min_length=2)
    # emergency and urgent screens are asked first; a doctor screen before any self-care result
    screen: Literal["emergency", "urgent", "doctor", "none"] = "none"


class LevelWording(Strict):
    level: TriageLevel
    label: Text
    headline: Text
    action: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)


class SeedItem(Strict):
    """One statement of a seed article and the knowledge-base ids that carry it."""

    seed: SourceId
    kind: Literal["cause", "warning_sign", "self_care", "mechanism"]
    statement: Text
    carried_by: tuple[str, ...] = Field(min_length=1)


class Meta(Strict):
    version: Text
    date: Text
    disclaimer: Text
    levels: tuple[LevelWording, ...] = Field(min_length=4, max_length=4)
    escalation_thresholds: dict[TriageLevel, Probability]


class KnowledgeFile(Strict):
    """The shape of every YAML file under knowledge/data: any of these lists, merged at load."""

    meta: Meta | None = None
    sources: tuple[Source, ...] = ()
    findings: tuple[Finding, ...] = ()
    causes: tuple[Cause, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    groups: tuple[QuestionGroup, ...] = ()
    concepts: tuple[Concept, ...] = ()
    seed_coverage: tuple[SeedItem, ...] = ()
