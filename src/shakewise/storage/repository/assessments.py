"""A user's saved assessments: what was asked, and the result as it was shown then."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from shakewise.results import Assessment as AssessmentResult
from shakewise.storage import models
from shakewise.storage.repository.ownership import owned


class SavedAssessment(BaseModel):
    """A stored assessment: what was asked and the result as it was shown then."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    uid: str
    created: datetime
    input_text: str | None
    answers: dict[str, str]
    measured: dict[str, str]
    result: dict[str, Any]
    knowledge_version: str


def save_assessment(
    session: Session,
    user_id: int,
    result: AssessmentResult,
    *,
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    measured: Mapping[str, str] | None = None,
) -> AssessmentResult:
    """Store an assessment and its input; returns the result with its `id` filled in."""
    row = models.Assessment(
        user_id=user_id,
        input_text=text,
        answers=dict(answers or {}),
        measured=dict(measured or {}),
        result=result.model_dump(mode="json", exclude={"id"}),
        knowledge_version=result.knowledge_version,
    )
    session.add(row)
    session.commit()
    return result.model_copy(update={"id": str(row.id)})


def get_assessment(session: Session, user_id: int, assessment_id: int) -> SavedAssessment:
    row = owned(session, models.Assessment, user_id, assessment_id, "assessment")
    session.commit()
    return SavedAssessment.model_validate(row)


def list_assessments(
    session: Session, user_id: int, *, limit: int | None = None
) -> list[SavedAssessment]:
    """The user's assessments, newest first."""
    rows = session.scalars(
        select(models.Assessment)
        .where(models.Assessment.user_id == user_id)
        .order_by(models.Assessment.created.desc(), models.Assessment.id.desc())
        .limit(limit)
    ).all()
    session.commit()
    return [SavedAssessment.model_validate(r) for r in rows]


def latest_assessment(session: Session, user_id: int) -> SavedAssessment | None:
    found = list_assessments(session, user_id, limit=1)
    return found[0] if found else None
