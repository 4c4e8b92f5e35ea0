"""The diary over HTTP as JSON (the pages are diary_pages.py), always scoped to the user asking.

Every route takes the user from `auth.current_user`; storage answers another user's ids
exactly like missing ones, so one person can never read or change another's data.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import JSONResponse, Response

from shakewise.diary.episode import CheckIn, Episode, parse
from shakewise.diary.episode_json import (
    EpisodeJson,
    check_changes,
    checkin_changes_schema,
    episode_changes_schema,
    parse_checkin_json,
)
from shakewise.diary.insights import Insights, compute_insights
from shakewise.errors import InputError
from shakewise.iso8601 import DATE_PATTERN, TIME_PATTERN, read_time
from shakewise.storage import repository as repo
from shakewise.storage.database import Database
from shakewise.storage.transfer import export_user_data
from shakewise.web.api_models import STORED_ERRORS, SinceDay
from shakewise.web.auth import UserId
from shakewise.web.limits import limit_writes

api = APIRouter(prefix="/api/v1", tags=["diary"], responses=STORED_ERRORS)
pages = APIRouter(include_in_schema=False)
Writes = Depends(limit_writes)
RowId = Annotated[int, FastPath(ge=1, le=2**31 - 1, description="An id from your own data.")]
Day = Annotated[
    str,
    FastPath(
        pattern=DATE_PATTERN, description="A day, YYYY-MM-DD.", json_schema_extra={"format": "date"}
    ),
]


def db(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


@cache
def time_zones() -> frozenset[str]:
    """The IANA time-zone names this server's tz database holds (read once, when first
    asked: it walks the database)."""
    return frozenset(available_timezones())


def _zone_names(schema: dict[str, Any]) -> None:
    """Publish the names `zone` accepts, so a client can offer them as a list."""
    schema["enum"] = sorted(time_zones())


def zone(name: str | None) -> dt.tzinfo:
    """UTC when no zone is given; a known name (exactly the published list); else a plain
    refusal. An empty name is refused too: leave `tz` out for UTC."""
    if name is None:
        return dt.UTC
    if name not in time_zones():
        raise InputError(f"Unknown time zone '{name[:40]}'; use e.g. Europe/London.")
    return ZoneInfo(name)


def insights_for(database: Database, user_id: int, tz: dt.tzinfo = dt.UTC) -> Insights:
    with database.session() as s:
        episodes, checkins = repo.diary_rows(s, user_id)
    return compute_insights(episodes, checkins, now=dt.datetime.now(dt.UTC), tz=tz)


def diary_findings(request: Request, user_id: int | None) -> dict[str, str]:
    """Pattern findings from the user's diary, to feed the assessment (empty if none)."""
    if user_id is None:
        return {}
    return dict(insights_for(db(request), user_id).findings)


# --- JSON API --------------------------------------------------------------------------


@api.get("/episodes", response_model=list[Episode])
def list_episodes(
    request: Request,
    user: UserId,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 500,
    before: Annotated[
        str | None,
        Query(
            pattern=TIME_PATTERN,
            description="Only episodes that started before this ISO 8601 time, like"
            " 2026-11-03T08:00:00Z (the next page; without a zone it is read as UTC).",
        ),
    ] = None,
) -> list[Episode]:
    """The latest `limit` episodes (before `before`), oldest first; the database does the
    limiting, so a long diary costs no more than a short one."""
    until = None if before is None else read_time(before)  # the pattern admits real times only
    with db(request).session() as s:
        newest = repo.list_episodes(s, user, until=until, limit=limit, newest_first=True)
    return list(reversed(newest))


def _body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """The request body as published: the body is taken as a plain object and checked by
    the diary's own models, whose refusals are one plain sentence, not pydantic's list."""
    schema = {**schema, "description": description}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


@api.post(
    "/episodes",
    response_model=Episode,
    status_code=201,
    dependencies=[Writes],
    openapi_extra=_body(EpisodeJson.model_json_schema(), "An episode, as `shakewise diary add`."),
)
def add_episode(request: Request, user: UserId, body: dict[str, Any]) -> Episode:
    """Log an episode (fields as `shakewise diary add`); a repeated `uid` is not stored twice.
    A start time in the future or before 1900 is refused with the code `implausible_time`."""
    data = parse(EpisodeJson, body)
    with db(request).session() as s:
        return repo.add_episode(s, user, data)


@api.get("/episodes/{episode_id}", response_model=Episode)
def get_episode(request: Request, user: UserId, episode_id: RowId) -> Episode:
    with db(request).session() as s:
        return repo.get_episode(s, user, episode_id)


@api.patch(
    "/episodes/{episode_id}",
    response_model=Episode,
    dependencies=[Writes],
    openapi_extra=_body(episode_changes_schema(), "The fields to change."),
)
def edit_episode(
    request: Request, user: UserId, episode_id: RowId, body: dict[str, Any]
) -> Episode:
    """Change some fields of an episode (its uid stays)."""
    check_changes(body)
    with db(request).session() as s:
        return repo.update_episode(s, user, episode_id, body)


@api.delete("/episodes/{episode_id}", status_code=204, dependencies=[Writes])
def delete_episode(request: Request, user: UserId, episode_id: RowId) -> Response:
    with db(request).session() as s:
        repo.delete_episode(s, user, episode_id)
    return Response(status_code=204)


@api.get("/checkins", response_model=list[CheckIn])
def list_checkins(
    request: Request,
    user: UserId,
    since: SinceDay = None,
) -> list[CheckIn]:
    """Your day check-ins, oldest first."""
    start = dt.date.fromisoformat(since) if since else None  # the pattern admits real days
    with db(request).session() as s:
        return repo.list_checkins(s, user, since=start)


@api.put(
    "/checkins/{day}",
    response_model=CheckIn,
    dependencies=[Writes],
    openapi_extra=_body(checkin_changes_schema(), "The day's context fields to set."),
)
def save_checkin(request: Request, user: UserId, day: Day, body: dict[str, Any]) -> CheckIn:
    """Log the context of a day (as `shakewise diary checkin`): fields sent are set (null
    clears one), fields not sent keep what was logged before. A day that has not begun is
    refused with the code `implausible_time`."""
    the_day = dt.date.fromisoformat(day)
    changes = parse_checkin_json(the_day, body)
    with db(request).session() as s:
        return repo.save_checkin(s, user, the_day, changes)


@api.delete("/checkins/{day}", status_code=204, dependencies=[Writes])
def delete_checkin(request: Request, user: UserId, day: Day) -> Response:
    with db(request).session() as s:
        repo.delete_checkin(s, user, dt.date.fromisoformat(day))
    return Response(status_code=204)


@api.get("/insights", response_model=Insights)
def insights(
    request: Request,
    user: UserId,
    tz: Annotated[
        str | None,
        Query(
            max_length=64,
            description="IANA time zone of the hours of the day, e.g. Europe/London (default UTC).",
            json_schema_extra=_zone_names,
        ),
    ] = None,
) -> Insights:
    """Trend, time patterns, triggers, spread and `pattern_flags` of the user's diary."""
    return insights_for(db(request), user, zone(tz))


@api.get("/me/export")
def export_all(request: Request, user: UserId) -> JSONResponse:
    """Everything stored about you, as JSON (health-data rules: yours to take)."""
    with db(request).session() as s:
        data = export_user_data(s, user)
    return JSONResponse(
        data, headers={"content-disposition": 'attachment; filename="shakewise-export.json"'}
    )


@api.delete("/me/data", dependencies=[Writes])
def delete_all(request: Request, user: UserId) -> dict[str, int]:
    """Delete every diary entry, assessment and recording you stored."""
    with db(request).session() as s:
        return repo.delete_user_data(s, user)
