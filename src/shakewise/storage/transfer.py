"""All of a user's data out (JSON, or the episodes as CSV) and back in.

The JSON document is what "export all of my data" hands over, and what `import` reads:

    {"format": "shakewise-export", "version": 1, "exported_at": ..., "account": {...},
     "episodes": [...], "checkins": [...], "assessments": [...], "recordings": [...]}

Entries carry their `uid`, and episodes point at their recording and assessment by uid,
so a file can move between databases and be imported twice without doubling anything.
An import is validated whole before anything is written and written in one transaction:
a bad file changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from shakewise.diary.episode import (
    CONTEXT_FIELDS,
    NOTE_MAX_CHARS,
    CheckIn,
    CheckInIn,
    Episode,
    EpisodeIn,
    input_error,
)
from shakewise.errors import InputError
from shakewise.storage import models
from shakewise.storage.repository import (
    CHECKIN_FIELDS,
    EPISODE_FIELDS,
    episode_value,
)

FORMAT = "shakewise-export"
VERSION = 1
MAX_IMPORT_BYTES = 50_000_000


class EpisodeRecord(EpisodeIn):
    """An episode in an export file: links by uid, since ids differ between databases."""

    recording_uid: str | None = None
    assessment_uid: str | None = None
    created_at: datetime | None = None


class AssessmentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uid: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    created: datetime
    input_text: str | None = Field(None, max_length=NOTE_MAX_CHARS * 5)
    answers: dict[str, str] = Field(default_factory=dict)
    measured: dict[str, str] = Field(default_factory=dict)
    result: dict[str, Any]
    knowledge_version: str = Field(max_length=50)


class RecordingRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uid: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    created: datetime
    analysis: dict[str, Any]


class Account(BaseModel):
    email: str | None = None
    created: datetime | None = None


class ExportDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["shakewise-export"]
    version: Literal[1]
    exported_at: datetime | None = None
    account: Account = Field(default_factory=Account)
    episodes: list[EpisodeRecord] = Field(default_factory=list)
    checkins: list[CheckInIn] = Field(default_factory=list)
    assessments: list[AssessmentRecord] = Field(default_factory=list)
    recordings: list[RecordingRecord] = Field(default_factory=list)


class ImportSummary(BaseModel):
    """How many entries of each kind were added, and how many were already there."""

    added: dict[str, int]
    already_present: dict[str, int]


def _rows(session: Session, table: type[Any], user_id: int) -> Sequence[Any]:
    return session.scalars(select(table).where(table.user_id == user_id).order_by(table.id)).all()


def export_user_data(session: Session, user_id: int) -> dict[str, Any]:
    """Everything stored about the user, as a JSON-ready dict (see the module docstring)."""
    user = session.get(models.User, user_id)
    recordings = _rows(session, models.Recording, user_id)
    assessments = _rows(session, models.Assessment, user_id)
    rec_uid = {r.id: r.uid for r in recordings}
    ass_uid = {a.id: a.uid for a in assessments}
    episodes = []
    for row in _rows(session, models.Episode, user_id):
        item = episode_value(row).model_dump(
            mode="json", exclude={"id", "updated_at", "recording_id", "assessment_id"}
        )
        item["recording_uid"] = rec_uid.get(row.recording_id) if row.recording_id else None
        item["assessment_uid"] = ass_uid.get(row.assessment_id) if row.assessment_id else None
        episodes.append(item)
    account = {"email": user.email, "created": user.created.isoformat()} if user else {}
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "account": account,
        "episodes": episodes,
        "checkins": [
            CheckIn.model_validate(c, from_attributes=True).model_dump(
                mode="json", include=set(CHECKIN_FIELDS)
            )
            for c in _rows(session, models.CheckIn, user_id)
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


def parse_export(text: str | bytes) -> ExportDocument:
    """Read and validate an export file; raises InputError naming the first problem."""
    if len(text) > MAX_IMPORT_BYTES:
        raise InputError(f"The file is too large to import (over {MAX_IMPORT_BYTES} bytes).")
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"The file is not valid JSON ({exc}).") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError('This is not a shakewise export (it needs "format": "shakewise-export").')
    if raw.get("version") != VERSION:
        raise InputError(f"Export version {raw.get('version')!r} is not supported (only 1).")
    try:
        document = ExportDocument.model_validate(raw)
    except ValidationError as exc:
        raise input_error(exc) from None
    for what, items in (
        ("episodes", document.episodes),
        ("assessments", document.assessments),
        ("recordings", document.recordings),
    ):
        uids = [i.uid for i in items if i.uid is not None]
        if len(set(uids)) != len(uids):
            raise InputError(f"The file lists the same {what[:-1]} uid twice.")
    days = [c.day for c in document.checkins]
    if len(set(days)) != len(days):
        raise InputError("The file lists the same check-in day twice.")
    return document


def import_user_data(session: Session, user_id: int, document: ExportDocument) -> ImportSummary:
    """Add the document's entries the user does not have yet (matched by uid, check-ins
    by day), all in one transaction."""
    added = dict.fromkeys(("episodes", "checkins", "assessments", "recordings"), 0)
    present = dict(added)
    try:
        rec_ids = _import_recordings(session, user_id, document.recordings, added, present)
        ass_ids = _import_assessments(session, user_id, document.assessments, added, present)
        have = {r.uid for r in _rows(session, models.Episode, user_id)}
        for ep in document.episodes:
            if ep.uid is not None and ep.uid in have:
                present["episodes"] += 1
                continue
            fields = ep.model_dump(include=set(EPISODE_FIELDS))
            if ep.recording_id is not None or ep.assessment_id is not None:
                raise InputError("Imported episodes link by recording_uid and assessment_uid.")
            fields["recording_id"] = _link(rec_ids, ep.recording_uid, "recording")
            fields["assessment_id"] = _link(ass_ids, ep.assessment_uid, "assessment")
            row = models.Episode(user_id=user_id, **fields)
            if ep.uid is not None:
                row.uid = ep.uid
            if ep.created_at is not None:
                row.created_at = ep.created_at
            session.add(row)
            added["episodes"] += 1
        days = {c.day for c in _rows(session, models.CheckIn, user_id)}
        for checkin in document.checkins:
            if checkin.day in days:
                present["checkins"] += 1
                continue
            fields = checkin.model_dump(include=set(CHECKIN_FIELDS))
            session.add(models.CheckIn(user_id=user_id, **fields))
            added["checkins"] += 1
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportSummary(added=added, already_present=present)


def _link(ids: Mapping[str, int], uid: str | None, what: str) -> int | None:
    if uid is None:
        return None
    if uid not in ids:
        raise InputError(f"An episode links to {what} '{uid}', which is not in the file.")
    return ids[uid]


def _import_recordings(
    session: Session,
    user_id: int,
    items: Sequence[RecordingRecord],
    added: dict[str, int],
    present: dict[str, int],
) -> dict[str, int]:
    ids = {r.uid: r.id for r in _rows(session, models.Recording, user_id)}
    for item in items:
        if item.uid in ids:
            present["recordings"] += 1
            continue
        row = models.Recording(user_id=user_id, **item.model_dump())
        session.add(row)
        session.flush()
        ids[item.uid] = row.id
        added["recordings"] += 1
    return ids


def _import_assessments(
    session: Session,
    user_id: int,
    items: Sequence[AssessmentRecord],
    added: dict[str, int],
    present: dict[str, int],
) -> dict[str, int]:
    ids = {a.uid: a.id for a in _rows(session, models.Assessment, user_id)}
    for item in items:
        if item.uid in ids:
            present["assessments"] += 1
            continue
        row = models.Assessment(user_id=user_id, **item.model_dump())
        session.add(row)
        session.flush()
        ids[item.uid] = row.id
        added["assessments"] += 1
    return ids


CSV_COLUMNS = (
    "id",
    "uid",
    "started_at",
    "duration_s",
    "kind",
    "severity",
    "side",
    "sites",
    "weakness",
    *CONTEXT_FIELDS,
    "note",
    "recording_id",
    "assessment_id",
)


def episodes_csv(episodes: Sequence[Episode]) -> str:
    """Episodes as CSV (one row each; sites joined by ';'; empty cell = not recorded).

    Cells that a spreadsheet would run as a formula get a leading ' (see `csv_cell`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for ep in episodes:
        data = ep.model_dump(mode="json")
        data["sites"] = ";".join(ep.sites)
        writer.writerow([csv_cell(data[c]) for c in CSV_COLUMNS])
    return out.getvalue()


FORMULA_STARTS = frozenset("=+-@\t\r")  # OWASP CSV injection: a tab or CR first also runs


def csv_cell(value: object) -> str:
    """One CSV cell; text a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if isinstance(value, str) and text[:1] in FORMULA_STARTS:
        return "'" + text
    return text
