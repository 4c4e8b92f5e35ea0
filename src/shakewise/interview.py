"""The stateless interview every interface drives: the next screen for the answers so
far, a confirming question for an emergency read from unsure words, or the result.

The web pages, the terminal, the API and the evaluation all call `interview_step`, so what
is measured is what people use.
"""

from __future__ import annotations

from collections.abc import Mapping

from shakewise.about import CHILD_SCREEN, About, answers_for, of_them
from shakewise.assessment import (
    asks_about_a_child,
    assess_items,
    evidence_vector,
    gather_evidence,
    judge,
    model_for,
    subject_for,
)
from shakewise.engine import Model, Question, fired_red_flags, next_question
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.schema import TriageLevel
from shakewise.results import Choice, EvidenceItem, InterviewQuestion, InterviewStep


def _interview_question(
    kb: KnowledgeBase, model: Model, q: Question, subject: str = "self"
) -> InterviewQuestion:
    """The screen in the knowledge base's words, asked of "them" for someone else."""
    group = kb.groups.get(q.id)
    findings = [kb.findings[model.finding_ids[j]] for j in q.findings]
    said = of_them if subject == "other" else str
    return InterviewQuestion(
        id=q.id,
        type=q.type,
        text=said(group.text if group else findings[0].question),
        help=said(group.help or "") or None if group else said(findings[0].help),
        screen=q.screen,
        choices=[Choice(finding=f.id, text=said(f.question), help=said(f.help)) for f in findings],
    )


CONFIRM_PREFIX = "confirm_"


def _confirmation(
    kb: KnowledgeBase, model: Model, items: list[EvidenceItem]
) -> InterviewQuestion | None:
    """An emergency read only from unsure words ("I think her mouth looks a bit crooked")
    is checked with one question before the result; a sure reading goes straight to the
    emergency result. Answers override the text, so "no" lifts the flag and "yes" keeps it."""
    sure = [i for i in items if i.certain]
    vec = evidence_vector(model, sure)
    if any(rf.level == TriageLevel.EMERGENCY for rf in fired_red_flags(model, vec)):
        return None
    unsure = [i for i in items if not i.certain and i.state == "yes"]
    for item in unsure:
        finding = kb.findings[item.finding]
        now = "" if item.assumed else " Is this happening now?"
        return InterviewQuestion(
            id=CONFIRM_PREFIX + finding.id,
            type="single",
            text=f"You wrote “{item.phrase}”.{now} {finding.question}",
            help=finding.help,
            screen="confirm",
            choices=[Choice(finding=finding.id, text=finding.question, help=finding.help)],
        )
    return None


def _child_screen(model: Model, asked: list[str]) -> Question | None:
    """The questions about children, right after the emergency screens."""
    emergency = [model.questions[i].id for i in model.screens["emergency"]]
    if CHILD_SCREEN in asked or not set(emergency) <= set(asked):
        return None
    return model.questions[model.question_index[CHILD_SCREEN]]


def answered_questions(model: Model, answers: Mapping[str, str]) -> list[str]:
    """Screens already shown: every finding on them has an answer (don't know included)."""
    return [
        q.id for q in model.questions if all(model.finding_ids[j] in answers for j in q.findings)
    ]


def interview_step(
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    *,
    measured: Mapping[str, str] | None = None,
    logged: Mapping[str, str] | None = None,
    about: About | None = None,
    kb: KnowledgeBase | None = None,
) -> InterviewStep:
    """The next screen to show for these answers, or the result when the interview is done.
    In a check about a child the questions about children come first.

    The one interview driver: the web pages, the terminal, the API and the evaluation all
    call it, so what is measured is what people use."""
    kb = kb or load_knowledge()
    model = model_for(kb)
    answers = answers_for(about, dict(answers or {}))
    items = gather_evidence(kb, text or None, answers, measured, logged)
    asked = answered_questions(model, answers)
    judged = judge(kb, items)
    subject = subject_for(text or None, about)
    question: InterviewQuestion | None = None
    if judged.triage.level == TriageLevel.EMERGENCY:
        question = _confirmation(kb, model, items)
    else:
        q = _child_screen(model, asked) if asks_about_a_child(text or None, about) else None
        q = q or next_question(model, judged.vec, asked)
        question = _interview_question(kb, model, q, subject) if q else None
    return InterviewStep(
        question=question,
        should_stop=question is None,
        asked=asked,
        subject=subject,
        triage=judged.triage,
        causes=judged.causes,
        # the advice, sources and suggestions are worked out for the result only
        result=assess_items(kb, items, text, about, judged) if question is None else None,
    )
