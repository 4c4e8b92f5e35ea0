"""A user's diary episodes: add (once per `uid`), list, count, get, change, delete."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shakewise.diary.episode import Episode, EpisodeFields, EpisodeIn, parse_episode
from shakewise.errors import InputError
from shakewise.storage import models
from shakewise.storage.repository.ownership import MAX_ID, owned

EPISODE_FIELDS = tuple(EpisodeFields.model_fields)


def episode_value(row: models.Episode) -> Episode:
    return Episode.model_validate(row, from_attributes=True)


def _check_links(session: Session, user_id: int, data: EpisodeFields) -> None:
    if data.recording_id is not None:
        owned(session, models.Recording, user_id, data.recording_id, "recording")
    if data.assessment_id is not None:
        owned(session, models.Assessment, user_id, data.assessment_id, "assessment")


def _episode_by_uid(session: Session, user_id: int, uid: str) -> models.Episode | None:
    return session.scalar(
        select(models.Episode).where(models.Episode.user_id == user_id, models.Episode.uid == uid)
    )


def add_episode(session: Session, user_id: int, data: EpisodeIn) -> Episode:
    """Store an episode. With a `uid` already stored for this user, return that one."""
    existing = _episode_by_uid(session, user_id, data.uid) if data.uid else None
    if existing is None:
        _check_links(session, user_id, data)
        row = models.Episode(user_id=user_id, **data.model_dump(include=set(EPISODE_FIELDS)))
        if data.uid is not None:
            row.uid = data.uid
        session.add(row)
        try:
            session.commit()
            return episode_value(row)
        except IntegrityError:  # the same uid sent twice at once (several workers)
            session.rollback()
            existing = _episode_by_uid(session, user_id, data.uid) if data.uid else None
            if existing is None:
                raise
    session.commit()
    return episode_value(existing)


def list_episodes(
    session: Session,
    user_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[Episode]:
    """The user's episodes by start time (oldest first unless `newest_first`)."""
    query = select(models.Episode).where(models.Episode.user_id == user_id)
    if since is not None:
        query = query.where(models.Episode.started_at >= since)
    if until is not None:
        query = query.where(models.Episode.started_at < until)
    order = models.Episode.started_at.desc() if newest_first else models.Episode.started_at
    limit = None if limit is None else max(0, min(limit, MAX_ID))
    query = query.order_by(order, models.Episode.id).limit(limit)
    rows = session.scalars(query).all()
    session.commit()
    return [episode_value(r) for r in rows]


def count_episodes(session: Session, user_id: int) -> int:
    query = select(func.count()).select_from(models.Episode)
    n = session.scalar(query.where(models.Episode.user_id == user_id)) or 0
    session.commit()
    return n


def get_episode(session: Session, user_id: int, episode_id: int) -> Episode:
    row = owned(session, models.Episode, user_id, episode_id, "episode")
    session.commit()
    return episode_value(row)


def update_episode(
    session: Session, user_id: int, episode_id: int, changes: Mapping[str, Any]
) -> Episode:
    """Change some fields; the whole episode is validated again as if new."""
    if "uid" in changes or "id" in changes:
        raise InputError("An episode's id and uid cannot be changed.")
    row = owned(session, models.Episode, user_id, episode_id, "episode")
    merged = {name: getattr(row, name) for name in EPISODE_FIELDS} | dict(changes)
    try:
        data = parse_episode(merged)
        _check_links(session, user_id, data)
    except InputError:
        session.rollback()
        raise
    for name in EPISODE_FIELDS:
        setattr(row, name, getattr(data, name))
    session.commit()
    return episode_value(row)


def delete_episode(session: Session, user_id: int, episode_id: int) -> None:
    row = owned(session, models.Episode, user_id, episode_id, "episode")
    session.delete(row)
    session.commit()
