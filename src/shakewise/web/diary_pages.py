"""The diary's pages: log an episode in one tap, add its details after, check in a day,
see the charts. Plain forms that work without JavaScript, always scoped to the user asking.

The order follows a person in the middle of an episode: one tap stores it (with "it
started a while ago" if they log late), then the details page opens on it, to fill in when
they can. A day's check-in (caffeine, sleep, stress ...) is logged whether or not anything
happened, since quiet days are what make a trigger measurable.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from shakewise.diary.charts import all_charts
from shakewise.diary.episode import CheckIn, parse_episode
from shakewise.diary.terms import KINDS, SIDES, SITES
from shakewise.errors import InputError
from shakewise.storage import repository as repo
from shakewise.storage.transfer import episodes_csv
from shakewise.web.auth import UserId, check_csrf
from shakewise.web.diary import RowId, Writes, db, insights_for
from shakewise.web.templating import page

pages = APIRouter(include_in_schema=False)

KIND_NAMES = {
    "shaking": "Shaking",
    "tremor": "Trembling",
    "twitching": "Twitching",
    "jerk": "Jerking",
    "cramp": "Cramp",
    "urge": "Urge to move",
}
STARTED_AGO_MINUTES = {0: "Just now", 10: "10 minutes ago", 30: "30 minutes ago",
                       60: "An hour ago", 180: "3 hours ago"}  # fmt: skip
RECENT_EPISODES = 20
RECENT_DAYS = 14


class _Form(BaseModel):
    """Form fields arrive as text; "" means "not said" (stored as unknown)."""

    model_config = ConfigDict(extra="forbid")
    csrf: str = Field(max_length=64)

    def changes(self, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        """The fields as diary values: "" to unknown, text trimmed. Numbers and yes/no stay
        text for the diary's own models to read and, if wrong, name."""
        return {
            name: (value.strip() or None) if isinstance(value, str) else value
            for name, value in self.model_dump(exclude={"csrf", *skip}).items()
        }


class _ContextForm(_Form):
    caffeine_mg: str = Field("", max_length=8)
    alcohol_units: str = Field("", max_length=8)
    stress: str = Field("", max_length=4)
    sleep_hours: str = Field("", max_length=8)
    exercise: str = Field("", max_length=3)
    cold: str = Field("", max_length=3)
    note: str = Field("", max_length=2000)


class DayForm(_ContextForm):
    day: dt.date
    illness_fever: str = Field("", max_length=3)
    medication_taken: str = Field("", max_length=200)


class EpisodeForm(_ContextForm):
    kind: str = Field(max_length=16)
    severity: str = Field("", max_length=4)
    side: str = Field("", max_length=8)
    site: list[str] = Field(default_factory=list, max_length=4)
    duration_min: str = Field("", max_length=8)
    weakness: str = Field("", max_length=3)

    def episode_changes(self) -> dict[str, Any]:
        fields = self.changes(skip=("site", "duration_min"))
        fields["sites"] = self.site
        fields["note"] = fields["note"] or ""
        minutes = self.duration_min.strip()
        try:
            fields["duration_s"] = float(minutes) * 60 if minutes else None
        except ValueError:
            raise InputError(f"How long must be a number of minutes (got '{minutes}').") from None
        return fields


def day_summary(day: CheckIn) -> str:
    """A logged day in a few words, as the person said it."""
    said = [
        f"caffeine {day.caffeine_mg:g} mg" if day.caffeine_mg is not None else "",
        f"alcohol {day.alcohol_units:g} units" if day.alcohol_units is not None else "",
        f"stress {day.stress}/10" if day.stress is not None else "",
        f"slept {day.sleep_hours:g} h" if day.sleep_hours is not None else "",
        {True: "exercised", False: "no exercise", None: ""}[day.exercise],
        {True: "cold", False: "", None: ""}[day.cold],
        {True: "ill or feverish", False: "", None: ""}[day.illness_fever],
        day.medication_taken or "",
        f"“{day.note[:60]}”" if day.note else "",
    ]
    return ", ".join(part for part in said if part) or "nothing noted"


def _day_note(changes: dict[str, Any]) -> dict[str, Any]:
    return {**changes, "note": changes["note"] or ""}


@pages.get("/diary", response_class=HTMLResponse)
def diarypage(request: Request, user: UserId) -> HTMLResponse:
    database = db(request)
    today = dt.date.today()
    with database.session() as s:
        recent = repo.list_episodes(s, user, limit=RECENT_EPISODES, newest_first=True)
        days = repo.list_checkins(s, user, since=today - dt.timedelta(days=RECENT_DAYS))
    ins = insights_for(database, user)
    charts = {k: Markup(v) for k, v in all_charts(ins).items()} if ins.episodes else {}
    return page(
        request,
        "diary.html",
        recent=recent,
        days=[(d, day_summary(d)) for d in reversed(days)],
        today=today,
        insights=ins,
        charts=charts,
        kind_names=KIND_NAMES,
        started_ago=STARTED_AGO_MINUTES,
    )


@pages.post("/diary", dependencies=[Writes])
def diary_add(
    request: Request,
    user: UserId,
    csrf: Annotated[str, Form(max_length=64)],
    kind: Annotated[str, Form(max_length=16)],
    ago: Annotated[int, Form(ge=0, le=max(STARTED_AGO_MINUTES))] = 0,
) -> RedirectResponse:
    """One tap: the episode is stored now; its details page opens on it."""
    check_csrf(request, csrf)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=ago)
    with db(request).session() as s:
        saved = repo.add_episode(s, user, parse_episode({"started_at": started, "kind": kind}))
    return RedirectResponse(f"/diary/{saved.id}?saved=1", status_code=303)


@pages.get("/diary/export.csv")
def diary_csv(request: Request, user: UserId) -> Response:
    with db(request).session() as s:
        text = episodes_csv(repo.list_episodes(s, user))
    return Response(
        text,
        media_type="text/csv",
        headers={"content-disposition": 'attachment; filename="shakewise-diary.csv"'},
    )


@pages.get("/diary/{episode_id}", response_class=HTMLResponse)
def episode_page(request: Request, user: UserId, episode_id: RowId) -> HTMLResponse:
    with db(request).session() as s:
        episode = repo.get_episode(s, user, episode_id)
    return page(
        request,
        "episode.html",
        episode=episode,
        kinds=KINDS,
        sides=SIDES,
        sites=SITES,
        kind_names=KIND_NAMES,
    )


@pages.post("/diary/{episode_id}", dependencies=[Writes])
def episode_edit(
    request: Request, user: UserId, episode_id: RowId, form: Annotated[EpisodeForm, Form()]
) -> RedirectResponse:
    check_csrf(request, form.csrf)
    with db(request).session() as s:
        repo.update_episode(s, user, episode_id, form.episode_changes())
    return RedirectResponse("/diary?saved=1", status_code=303)


@pages.post("/diary/{episode_id}/delete", dependencies=[Writes])
def diary_delete(
    request: Request, user: UserId, episode_id: RowId, csrf: Annotated[str, Form(max_length=64)]
) -> RedirectResponse:
    check_csrf(request, csrf)
    with db(request).session() as s:
        repo.delete_episode(s, user, episode_id)
    return RedirectResponse("/diary?deleted=1", status_code=303)


@pages.post("/diary-day", dependencies=[Writes])
def day_checkin(
    request: Request, user: UserId, form: Annotated[DayForm, Form()]
) -> RedirectResponse:
    """A day's context; sending the same day again changes what was said for it."""
    check_csrf(request, form.csrf)
    with db(request).session() as s:
        repo.save_checkin(s, user, form.day, _day_note(form.changes(skip=("day",))))
    return RedirectResponse("/diary?checked=1#days", status_code=303)


@pages.post("/diary-day/{day}/delete", dependencies=[Writes])
def day_delete(
    request: Request, user: UserId, day: dt.date, csrf: Annotated[str, Form(max_length=64)]
) -> RedirectResponse:
    check_csrf(request, csrf)
    with db(request).session() as s:
        repo.delete_checkin(s, user, day)
    return RedirectResponse("/diary#days", status_code=303)
