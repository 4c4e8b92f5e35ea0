"""The diary over HTTP: JSON API and pages, always scoped to the user asking.

Every route takes the user from `auth.current_user`; storage answers another user's ids
exactly like missing ones, so one person can never read or change another's data.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup

from shakewise.diary.charts import all_charts
from shakewise.diary.episode import KINDS, SIDES, SITES, Episode, parse, parse_episode
from shakewise.diary.episode_json import EpisodeJson, check_changes, episode_changes_schema
from shakewise.diary.insights import Insights, compute_insights
from shakewise.errors import InputError
from shakewise.iso8601 import TIME_PATTERN, read_time
from shakewise.storage import repository as repo
from shakewise.storage.database import Database
from shakewise.storage.transfer import episodes_csv, export_user_data
from shakewise.web.api_models import STORED_ERRORS
from shakewise.web.auth import UserId, check_csrf
from shakewise.web.limits import limit_writes
from shakewise.web.templating import page

api = APIRouter(prefix="/api/v1", tags=["diary"], responses=STORED_ERRORS)
pages = APIRouter(include_in_schema=False)
Writes = Depends(limit_writes)
RowId = Annotated[int, FastPath(ge=1, le=2**31 - 1, description="An id from your own data.")]


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


# --- Pages ------------------------------------------------------------------------------


@pages.get("/diary", response_class=HTMLResponse)
def diarypage(request: Request, user: UserId) -> HTMLResponse:
    database = db(request)
    with database.session() as s:
        recent = repo.list_episodes(s, user, limit=20, newest_first=True)
    ins = insights_for(database, user)
    charts = {k: Markup(v) for k, v in all_charts(ins).items()} if ins.episodes else {}
    return page(
        request,
        "diary.html",
        recent=recent,
        insights=ins,
        charts=charts,
        kinds=KINDS,
        sides=SIDES,
        sites=SITES,
    )


def _form_episode(
    kind: str, severity: str, side: str, sites: list[str], note: str, context: dict[str, Any]
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(),
        "kind": kind,
        "sites": sites,
        **{k: v for k, v in context.items() if v not in ("", None)},
    }
    if severity:
        fields["severity"] = severity
    if side:
        fields["side"] = side
    if note.strip():
        fields["note"] = note.strip()
    return fields


@pages.post("/diary", dependencies=[Writes])
def diary_add(
    request: Request,
    user: UserId,
    csrf: Annotated[str, Form(max_length=64)],
    kind: Annotated[str, Form(max_length=16)],
    severity: Annotated[str, Form(max_length=2)] = "",
    side: Annotated[str, Form(max_length=8)] = "",
    site: Annotated[list[str], Form(max_length=4)] = [],  # noqa: B006
    note: Annotated[str, Form(max_length=2000)] = "",
    caffeine_mg: Annotated[str, Form(max_length=6)] = "",
    stress: Annotated[str, Form(max_length=2)] = "",
    exercise: Annotated[str, Form(max_length=3)] = "",
    weakness: Annotated[str, Form(max_length=3)] = "",
) -> RedirectResponse:
    check_csrf(request, csrf)
    context = {
        "caffeine_mg": caffeine_mg,
        "stress": stress,
        "exercise": True if exercise == "yes" else None,
        "weakness": True if weakness == "yes" else None,
    }
    data = parse_episode(_form_episode(kind, severity, side, site, note, context))
    with db(request).session() as s:
        repo.add_episode(s, user, data)
    return RedirectResponse("/diary?saved=1", status_code=303)


@pages.post("/diary/{episode_id}/delete", dependencies=[Writes])
def diary_delete(
    request: Request, user: UserId, episode_id: RowId, csrf: Annotated[str, Form(max_length=64)]
) -> RedirectResponse:
    check_csrf(request, csrf)
    with db(request).session() as s:
        repo.delete_episode(s, user, episode_id)
    return RedirectResponse("/diary", status_code=303)


@pages.get("/diary/export.csv")
def diary_csv(request: Request, user: UserId) -> Response:
    with db(request).session() as s:
        text = episodes_csv(repo.list_episodes(s, user))
    return Response(
        text,
        media_type="text/csv",
        headers={"content-disposition": 'attachment; filename="shakewise-diary.csv"'},
    )
