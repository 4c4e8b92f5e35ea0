"""An export file back in, adding only what the user does not have yet."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from shakewise.diary.episode import CheckInIn, input_error
from shakewise.errors import InputError
from shakewise.plain_text import UNSTORABLE
from shakewise.storage import models
from shakewise.storage.repository.checkins import CHECKIN_FIELDS
from shakewise.storage.repository.episodes import EPISODE_FIELDS
from shakewise.storage.repository.ownership import owned_rows
from shakewise.storage.transfer.document import (
    FORMAT,
    VERSION,
    AssessmentRecord,
    EpisodeRecord,
    ExportDocument,
    RecordingRecord,
)

MAX_IMPORT_BYTES = 50_000_000


class ImportSummary(BaseModel):
    """How many entries of each kind were added, and how many were already there."""

    added: dict[str, int]
    already_present: dict[str, int]


def parse_export(text: str | bytes) -> ExportDocument:
    """Read and validate an export file; raises InputError naming the first problem."""
    if len(text) > MAX_IMPORT_BYTES:
        raise InputError(f"The file is too large to import (over {MAX_IMPORT_BYTES} bytes).")
    try:
        raw = json.loads(text, parse_constant=_no_constant)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"The file is not valid JSON ({exc}).") from None
    except RecursionError:
        raise InputError("The file is nested too deeply to be a shakewise export.") from None
    except ValueError:  # NaN, Infinity, or an integer of thousands of digits
        raise InputError(
            "The file holds a number no export has (NaN, Infinity or thousands of digits)."
        ) from None
    _refuse_unstorable(raw)
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


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON; PostgreSQL refuses them, and so does every export."""
    raise ValueError(name)


def _refuse_unstorable(raw: object) -> None:
    """Every key and text in the file, nested or not, as `plain_text` checks typed text:
    a NUL breaks PostgreSQL and a lone surrogate could not be exported again."""
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and UNSTORABLE.search(item):
            raise InputError(
                "The file holds a control or broken character, which cannot be stored;"
                " export the data again from shakewise."
            )


def import_user_data(session: Session, user_id: int, document: ExportDocument) -> ImportSummary:
    """Add the document's entries the user does not have yet (matched by uid, check-ins
    by day), all in one transaction."""
    added = dict.fromkeys(("episodes", "checkins", "assessments", "recordings"), 0)
    present = dict(added)
    try:
        rec_ids = _import_by_uid(
            session, user_id, models.Recording, document.recordings, "recordings", added, present
        )
        ass_ids = _import_by_uid(
            session, user_id, models.Assessment, document.assessments, "assessments", added, present
        )
        _import_episodes(session, user_id, document.episodes, rec_ids, ass_ids, added, present)
        _import_checkins(session, user_id, document.checkins, added, present)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportSummary(added=added, already_present=present)


def _import_by_uid(
    session: Session,
    user_id: int,
    table: type[Any],
    items: Sequence[RecordingRecord | AssessmentRecord],
    kind: str,
    added: dict[str, int],
    present: dict[str, int],
) -> dict[str, int]:
    """Add the recordings or assessments whose uid the user lacks; returns id by uid."""
    ids = {r.uid: r.id for r in owned_rows(session, table, user_id)}
    for item in items:
        if item.uid in ids:
            present[kind] += 1
            continue
        row = table(user_id=user_id, **item.model_dump())
        session.add(row)
        session.flush()
        ids[item.uid] = row.id
        added[kind] += 1
    return ids


def _import_episodes(
    session: Session,
    user_id: int,
    items: Sequence[EpisodeRecord],
    rec_ids: Mapping[str, int],
    ass_ids: Mapping[str, int],
    added: dict[str, int],
    present: dict[str, int],
) -> None:
    """Add the episodes whose uid the user lacks, their links turned from uids into ids."""
    have = {r.uid for r in owned_rows(session, models.Episode, user_id)}
    for ep in items:
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


def _import_checkins(
    session: Session,
    user_id: int,
    items: Sequence[CheckInIn],
    added: dict[str, int],
    present: dict[str, int],
) -> None:
    """Add the check-ins of days the user has none for."""
    days = {c.day for c in owned_rows(session, models.CheckIn, user_id)}
    for checkin in items:
        if checkin.day in days:
            present["checkins"] += 1
            continue
        fields = checkin.model_dump(include=set(CHECKIN_FIELDS))
        session.add(models.CheckIn(user_id=user_id, **fields))
        added["checkins"] += 1


def _link(ids: Mapping[str, int], uid: str | None, what: str) -> int | None:
    if uid is None:
        return None
    if uid not in ids:
        raise InputError(f"An episode links to {what} '{uid}', which is not in the file.")
    return ids[uid]
