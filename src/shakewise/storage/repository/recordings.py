"""A user's saved tremor measurements (the analysis, not the samples)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from shakewise.storage import models
from shakewise.storage.repository.ownership import owned


class SavedRecording(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    uid: str
    created: datetime
    analysis: dict[str, Any]


def save_recording(session: Session, user_id: int, analysis: Mapping[str, Any]) -> SavedRecording:
    row = models.Recording(user_id=user_id, analysis=dict(analysis))
    session.add(row)
    session.commit()
    return SavedRecording.model_validate(row)


def get_recording(session: Session, user_id: int, recording_id: int) -> SavedRecording:
    row = owned(session, models.Recording, user_id, recording_id, "recording")
    session.commit()
    return SavedRecording.model_validate(row)
