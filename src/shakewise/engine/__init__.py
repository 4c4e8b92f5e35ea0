"""Pure inference over arrays compiled from the knowledge base; no I/O, no frameworks."""

from shakewise.engine.inference import (
    Contribution,
    contributions,
    most_likely_first,
    posterior,
)
from shakewise.engine.interview import information_gain, next_question
from shakewise.engine.model import NO, UNKNOWN, YES, Evidence, Model, Question, compile_model
from shakewise.engine.triage import TriageDecision, cause_ranks, decide_triage, fired_red_flags

__all__ = [
    "NO",
    "UNKNOWN",
    "YES",
    "Contribution",
    "Evidence",
    "Model",
    "Question",
    "TriageDecision",
    "cause_ranks",
    "compile_model",
    "contributions",
    "decide_triage",
    "fired_red_flags",
    "information_gain",
    "most_likely_first",
    "next_question",
    "posterior",
]
