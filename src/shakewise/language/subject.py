"""Whose symptoms a message is about: the writer's, or another person's.

Carers write as often as patients ("my dad's leg keeps giving way", "my wife has been
shaking since..."). A message about another person is about the patient: the symptoms in
it are the evidence, and the questions speak of "them". Family history is only a
relative's condition mentioned in a message about the writer ("my mum has a tremor too").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shakewise.language.lexicon import Lexicon

CHILDREN = r"son|daughter|boy|girl|baby|child|kid|toddler|little one"
PEOPLE = (
    r"(?:mum|mom|mother|mam|mummy|dad|father|daddy|husband|hubby|wife|missus|partner|"
    rf"other half|boyfriend|girlfriend|fiance|fiancee|{CHILDREN}|lad|"
    r"kiddo|teenager|brother|sister|gran|granny|grandma|grandmother|"
    r"grandpa|grandad|granddad|grandfather|nan|nana|nanna|aunt|auntie|uncle|cousin|friend|"
    r"flatmate|roommate|neighbour|neighbor|mil|fil|father in law|mother in law|patient|"
    r"client|resident)"
)
# "my dad", "our 4 year old son", "my elderly mum"
OTHER_PERSON = re.compile(
    rf"\b(?:my|our)\s+(?:(?:\d+\s+(?:year|yr|month|week)s?\s+old|\w+)\s+)?{PEOPLE}s?\b"
    rf"(?:\s+\w+){{0,2}}?\s+(?:has|had|have|with|got|suffers|suffered|was|is|also has|"
    rf"passed|died)\b"
)
# A pet's fit is not the person's: a clause about an animal is never evidence.
ANIMAL = re.compile(
    r"\b(?:my|our|the|his|her)\s+(?:\w+\s+)?(?:dog|dogs|puppy|pup|cat|cats|kitten|horse|pony|"
    r"rabbit|hamster|guinea pig|parrot|budgie|bird|pet|tortoise|ferret)\b"
)
# a person named again after the animal: "walking the dog when my leg gave way"
PERSON_AGAIN = re.compile(r"\b(?:i|im|ive|my|me|he|hes|she|shes|his|her|him|they|their)\b")


def animals_part(segment: str, at: int) -> bool:
    """Whether the words at `at` in a clause are about a pet ("my dog is shaking"), not a
    person named after it ("I was walking the dog when my leg gave way")."""
    animal = ANIMAL.search(segment)
    return bool(
        animal and animal.start() <= at and not PERSON_AGAIN.search(segment, animal.end(), at)
    )


THIRD_PERSON = re.compile(
    rf"\b(?:he|she|his|her|him|hes|shes)\b|\b(?:my|our)\s+(?:\S+\s+)?{PEOPLE}s?\b"
)
# The writer as the one with the symptoms: their own body ("my legs"), a symptom they have
# ("I've been shaking", "I get cramps", "I felt dizzy", "I can't walk"), or someone taking
# them to be seen ("my daughter wants to take me to the doctor")
FIRST_PERSON_BODY = re.compile(
    r"\bmy\s+(?:left\s+|right\s+|both\s+|lower\s+|upper\s+)?(?:legs?|calf|calves|thighs?|feet|"
    r"foot|knees?|hands?|arms?|body|muscles?|toes?|back|shins?|ankles?|face|mouth|speech|"
    r"vision|eyes?|head|chest|bladder|hips?|bum|groin|jaw|neck|tongue|heart|balance|"
    r"temperature)\b"
    # not the hands and arms a carer holds with ("in my arms", "I put my hand on her")
    r"(?<!\bin my arms)(?<!\bin my arm)(?<!\binto my arms)"
    r"(?!\s+(?:on|around|round|under|over)\s+(?:him|her|them|his|their)\b)"
    r"|\b(?:i|im|ive)\s+(?:(?:also|just|still|keep|kept|often|always|sometimes|now|really|"
    r"was|am|been|have been|had been|started|start|suffer|suffered|get|got|getting|having|"
    r"have|had|feel|felt|keep on)\s+){0,3}"
    r"(?:shak\w*|shook|twitch\w*|cramp\w*|jerk\w*|trembl\w*|shiver\w*|fell|fall|falling|"
    r"faint\w*|passed out|collaps\w*|dizzy|weak|numb|tingl\w*|wobbly|unsteady|jittery|restless|"
    r"pins and needles|tremors?|spasms?|the shakes|sciatica|no strength|no feeling|freezing|"
    r"unwell|(?:feeling|feel|felt) (?:off|ill|sick|awful|terrible|rough|strange|weird|faint)|"
    r"(?:cant|couldnt) (?:walk|stand|move|feel|lift|breathe|speak|talk|stop shaking))\b"
    r"(?!\s+(?:him|her|them)\b)"  # not "I shook him but he wouldn't wake"
    r"|\b(?:take|took|taking|drive|drove|bring|brought|rush\w*|send|sent) me (?:to|into) "
    r"(?:the )?(?:doctors?|hospital|a and e|er|gp|clinic|emergency)\b"
)
# The writer's own doings and feelings ("I woke up", "I was so scared", "I checked him"):
# told of a carer as well as a patient, they weigh against the other person's mentions
FIRST_PERSON = re.compile(
    r"\b(?:i|im|ive)\s+(?:(?:also|just|still|keep|often|always|sometimes|now|really)\s+)?"
    r"(?:have|get|got|feel|felt|am|was|been|keep|cant|couldnt|woke|wake|started|suffer)\b"
    r"(?!\s+(?:him|her|them)\b)"
)


# A child written about: "my little boy", "our son", "my 3 year old", "our newborn daughter"
CHILD_WRITTEN_ABOUT = re.compile(
    r"\b(?:my|our)\s+(?:(?:little|baby|youngest|eldest|oldest|newborn|"
    r"\d+\s*(?:year|yr|month|week)s?\s*old)\s+)?"
    rf"(?:{CHILDREN}|newborn|infant|grandson|granddaughter)s?\b"
    r"|\b(?:my|our)\s+\d+\s*(?:yo|years? old|yrs? old|months? old|weeks? old)\b"
)


class Subject(StrEnum):
    SELF = "self"
    OTHER = "other"


# A mention of the writer's own body or symptom outweighs this many mentions of another
# person: children and partners quote their own complaints ("he said my leg hurts"), and a
# carer's own hands and head turn up ("I put my hand on her forehead"). Chosen on the
# development sets' labelled subjects (docs/evaluation.md): 4 leaves as few messages about
# the writer read as someone else's as before, and reads far fewer carers' as the writer's.
OWN_BODY_WEIGHT = 4


def message_subject(norm: str) -> Subject:
    """ "other" when the message speaks of another person more than of the writer, a
    mention of the writer's own body or symptoms counting `OWN_BODY_WEIGHT` times and one of
    their own doings once ("my husband has type 1 diabetes ... I checked him and he was 26
    ... he has stopped answering me"); otherwise the writer's, whose relatives' words are
    then family history or context."""
    others = len(THIRD_PERSON.findall(norm)) + len(CHILD_WRITTEN_ABOUT.findall(norm))
    if not others:  # most messages: nobody else is named, no need to count the writer
        return Subject.SELF
    writer = OWN_BODY_WEIGHT * len(FIRST_PERSON_BODY.findall(norm)) + len(
        FIRST_PERSON.findall(norm)
    )
    return Subject.OTHER if others > writer else Subject.SELF


# the writer back as the subject: "my son says I was having a fit", "mum had a stroke, now my
# face is drooping"
WRITER = re.compile(r"\b(?:i|im|ive|id|my|me)\b")
HAPPENING_NOW = frozenset({"is", "was"})  # "my mum is...", "my dad's face was drooping"
# a condition named, not a sign seen: "my dad has seizures" is family history
CONDITION_NAMES = re.compile(
    r"\b(?:seizures?|epilep\w*|grand mal|tonic clonic|sepsis|septic|dvt|clot|guillain\w*|"
    r"tetanus|lockjaw|stroke|heatstroke|sunstroke)\b"
)


@dataclass(frozen=True)
class Relative:
    start: int
    end: int
    verb: str  # "is" or "was": happening to them now; "has": theirs, now or in general


def relative_part(segment: str) -> Relative | None:
    """Where a clause of the writer's own message speaks of a relative: from "my mum
    has..." until the writer is the subject again ("my son says I was having a fit"; "mum
    had a stroke years ago, now my face is drooping"). What a relative *has* is family
    history; what *is* happening to them ("my dad's face is drooping and I'm panicking")
    keeps its warning signs, whoever is writing, and so does an emergency sign they *have*
    ("my husband has slurred speech") unless it names a condition ("my dad has seizures")."""
    someone_else = OTHER_PERSON.search(segment)
    if someone_else is None:
        return None
    person_named = someone_else.start() + len(someone_else.group().split()[0])
    writer = WRITER.search(segment, person_named)
    verb = someone_else.group().split()[-1]
    return Relative(someone_else.start(), writer.start() if writer else len(segment), verb)


def relatives_sign_counts(relative: Relative, finding: str, phrase: str, lex: Lexicon) -> bool:
    """Whether a relative's sign in the writer's own message stays evidence (see above)."""
    if finding not in lex.warning_signs or CONDITION_NAMES.search(phrase):
        return False
    return relative.verb in HAPPENING_NOW or (relative.verb == "has" and finding in lex.alarms)


def about_a_child(norm: str, subject: Subject | None = None) -> bool:
    """Whether a message about someone else speaks of a child ("my little boy started
    limping"): the interview then asks the questions about children, as it does when the
    person chooses "my child". An adult son is asked them too; one screen answered "no".
    `subject`: the message's subject when the caller has it already."""
    subject = subject or message_subject(norm)
    return subject == Subject.OTHER and CHILD_WRITTEN_ABOUT.search(norm) is not None
