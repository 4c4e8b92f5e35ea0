"""All of a user's data out, as the JSON document of document.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from shakewise.storage import models
from shakewise.storage.repository.checkins import CHECKIN_FIELDS, checkin_value
from shakewise.storage.repository.episodes import episode_value
from shakewise.storage.repository.ownership import owned_rows
from shakewise.storage.transfer.document import (
    FORMAT,
    VERSION,
    AssessmentRecord,
    RecordingRecord,
)


def export_user_data(session: Session, user_id: int) -> dict[str, Any]:
    """Everything stored about the user, as a JSON-ready dict (see the package docstring)."""
    user = session.get(models.User, user_id)
    recordings = owned_rows(session, models.Recording, user_id)
    assessments = owned_rows(session, models.Assessment, user_id)
    account = {"email": user.email, "created": user.created.isoformat()} if user else {}
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "account": account,
        "episodes": _episodes(session, user_id, recordings, assessments),
        "checkins": [
            checkin_value(c).model_dump(mode="json", include=set(CHECKIN_FIELDS))
            for c in owned_rows(session, models.CheckIn, user_id)
        ],
        "assessments": [
            AssessmentRecord.model_validate(a, from_attributes=True).model_dump(mode="json")
            for a in assessments
        ],
        "recordings": [
            RecordingRecord.model_validate(r, from_attributes=True).model_dump(mode="json")
            for r in recordings
        ],
    }
    session.commit()
    return data


def _episodes(
    session: Session,
    user_id: int,
    recordings: Sequence[models.Recording],
    assessments: Sequence[models.Assessment],
) -> list[dict[str, Any]]:
    """The episodes, each pointing at its recording and assessment by uid, not by id."""
    rec_uid = {r.id: r.uid for r in recordings}
    ass_uid = {a.id: a.uid for a in assessments}
    episodes = []
    for row in owned_rows(session, models.Episode, user_id):
        item = episode_value(row).model_dump(
            mode="json", exclude={"id", "updated_at", "recording_id", "assessment_id"}
        )
        item["recording_uid"] = rec_uid.get(row.recording_id) if row.recording_id else None
        item["assessment_uid"] = ass_uid.get(row.assessment_id) if row.assessment_id else None
        episodes.append(item)
    return episodes
