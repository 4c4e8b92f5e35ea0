"""Diary entries as validated values.

An *episode* is one bout of symptoms: when, how long, where, what kind, how bad, in what
context (exercise, caffeine, alcohol, stress, sleep, cold, last meal, medication, fever)
and a free note. A *check-in* is the context of one day, logged whether or not anything
happened: without the quiet days no trigger can be measured (every logged day would be
a day with episodes), so the insights count a day as exposed or unexposed only when its
context is known from an episode or a check-in.

These are the only shapes that reach storage and insights. `parse_episode` and
`parse_checkin` turn any mapping (CLI options, JSON, an import file) into a value or
raise `InputError` with one plain sentence naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from shakewise.diary.terms import SITES, Kind, Side, Site
from shakewise.errors import ImplausibleTimeError, InputError
from shakewise.plain_text import PlainText

NOTE_MAX_CHARS = 2000
MEDICATION_MAX_CHARS = 200
FUTURE_TOLERANCE = timedelta(minutes=10)  # a phone's clock and the server's differ a little
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
MAX_ID = 2**31 - 1  # ids are 32-bit integers in every database


class Context(BaseModel):
    """What was going on around an episode or on a day; every field may be unknown."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    exercise: bool | None = Field(None, description="Exercised in the hours before.")
    exercise_intensity: int | None = Field(None, ge=0, le=10, description="0 easy … 10 maximal.")
    caffeine_mg: float | None = Field(
        None, ge=0, le=3000, description="Caffeine that day so far, mg (a mug of coffee ≈ 100)."
    )
    alcohol_units: float | None = Field(None, ge=0, le=100, description="Alcohol, UK units.")
    stress: int | None = Field(None, ge=0, le=10, description="0 calm … 10 extremely stressed.")
    sleep_hours: float | None = Field(None, ge=0, le=24, description="Sleep the night before.")
    cold: bool | None = Field(None, description="Felt cold or was in the cold.")
    hours_since_meal: float | None = Field(None, ge=0, le=336, description="Hours since eating.")
    medication_taken: PlainText | None = Field(
        None, max_length=MEDICATION_MAX_CHARS, description="Medicines or drugs taken that day."
    )
    illness_fever: bool | None = Field(None, description="Ill or feverish.")


CONTEXT_FIELDS: tuple[str, ...] = tuple(Context.model_fields)


class _Happening(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    started_at: datetime = Field(description="When it started (with a time zone; stored UTC).")
    duration_s: float | None = Field(None, ge=0, le=86_400, description="How long, seconds.")
    side: Side | None = None
    sites: list[Site] = Field(default_factory=list, max_length=len(SITES))
    kind: Kind = "shaking"
    severity: int | None = Field(None, ge=0, le=10, description="0 barely … 10 worst imaginable.")
    weakness: bool | None = Field(None, description="The leg felt truly weaker.")
    note: PlainText = Field("", max_length=NOTE_MAX_CHARS)
    recording_id: int | None = Field(None, ge=1, le=MAX_ID)
    assessment_id: int | None = Field(None, ge=1, le=MAX_ID)


class EpisodeFields(Context, _Happening):
    """The fields of an episode with their ranges (no rule that depends on the clock);
    what happened first, then its context."""

    @field_validator("sites")
    @classmethod
    def _unique_sites(cls, sites: list[Site]) -> list[Site]:
        return list(dict.fromkeys(sites))


class EpisodeIn(EpisodeFields):
    """A new or edited episode as a person or program sends it.

    `uid` is an optional client key: sending the same uid twice stores one episode, so a
    phone may retry after a dropped connection without logging the episode twice.
    """

    uid: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")

    @field_validator("started_at")
    @classmethod
    def _plausible_time(cls, value: datetime) -> datetime:
        return _check_time(value)


class Episode(EpisodeFields):
    """A stored episode (read back; not re-checked against the clock)."""

    id: int
    uid: str
    created_at: datetime
    updated_at: datetime


class _Day(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    day: date = Field(description="The local calendar day this context describes.")
    note: PlainText = Field("", max_length=NOTE_MAX_CHARS)


class CheckInFields(Context, _Day):
    """The context of one day."""


class CheckInIn(CheckInFields):
    """The context of one day; sending a day again fills in or changes its fields."""

    @field_validator("day")
    @classmethod
    def _plausible_day(cls, value: date) -> date:
        if value > datetime.now(UTC).date() + timedelta(days=1):
            raise _Implausible(f"is in the future ({value.isoformat()}); log days that have begun")
        if value < EARLIEST.date():
            raise _Implausible(f"is before 1900 ({value.isoformat()})")
        return value


class CheckIn(CheckInFields):
    id: int
    updated_at: datetime


class _Implausible(ValueError):
    """A time refused by the clock (future) or the calendar's floor (1900): reported as
    ImplausibleTimeError, since no schema can state a rule that moves with the clock."""


def _check_time(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("needs a time zone, like 2024-05-03T14:30+01:00 or ...Z for UTC")
    try:
        value = value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59-14:00 is past the last day Python can hold
        raise ValueError("is out of range; give a real time, like 2024-05-03T14:30+01:00") from None
    now = datetime.now(UTC)
    if value > now + FUTURE_TOLERANCE:
        raise _Implausible(
            f"is in the future ({value.isoformat(timespec='minutes')}, now is"
            f" {now.isoformat(timespec='minutes')}); log episodes that have happened"
        )
    if value < EARLIEST:
        raise _Implausible(f"is before 1900 ({value.date().isoformat()})")
    return value


LABELS = {
    "started_at": "Start time",
    "duration_s": "Duration (seconds)",
    "side": "Side",
    "sites": "Site",
    "kind": "Kind",
    "severity": "Severity",
    "weakness": "Weakness",
    "note": "Note",
    "uid": "uid",
    "recording_id": "Recording id",
    "assessment_id": "Assessment id",
    "day": "Day",
    "exercise": "Exercise",
    "exercise_intensity": "Exercise intensity",
    "caffeine_mg": "Caffeine (mg)",
    "alcohol_units": "Alcohol (units)",
    "stress": "Stress",
    "sleep_hours": "Sleep (hours)",
    "cold": "Cold",
    "hours_since_meal": "Hours since a meal",
    "medication_taken": "Medication",
    "illness_fever": "Illness or fever",
}


def _shown(value: object) -> str:
    text = str(value)
    text = text[:40] + "…" if len(text) > 40 else text
    return repr(text) if isinstance(value, str) else text


def _sentence(error: Mapping[str, Any]) -> str:
    """One plain sentence for one pydantic error: label, rule, and the value given."""
    loc = [str(p) for p in error["loc"] if not isinstance(p, int)]
    positions = [p for p in error["loc"] if isinstance(p, int)]
    field = next((p for p in reversed(loc) if p in LABELS), loc[-1] if loc else "value")
    label = LABELS.get(field, f"'{field}'")
    where = ""
    if loc and loc[0] in {"episodes", "checkins", "assessments", "recordings"} and positions:
        where = f"{loc[0]} item {positions[0] + 1}: "
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        rule = f"{label} is missing"
    elif kind == "extra_forbidden":
        rule = f"'{field}' is not a diary field (known: {', '.join(LABELS)})"
    elif kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        rule = f"{label} must be at least {bound:g} (got {_shown(given)})"
    elif kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        rule = f"{label} must be at most {bound:g} (got {_shown(given)})"
    elif kind == "string_too_long" or (kind == "too_long" and isinstance(given, str)):
        rule = f"{label} is too long: {len(str(given))} characters, at most {ctx['max_length']}"
    elif kind == "too_long":
        rule = f"{label} lists too many values (at most {ctx.get('max_length')})"
    elif kind == "literal_error":
        rule = f"{label} must be one of {ctx.get('expected')} (got {_shown(given)})"
    elif kind.startswith("bool"):
        rule = f"{label} must be yes or no (true or false in JSON; got {_shown(given)})"
    elif kind.startswith("int"):
        rule = f"{label} must be a whole number (got {_shown(given)})"
    elif kind.startswith("float") or kind == "finite_number":
        rule = f"{label} must be a number (got {_shown(given)})"
    elif kind == "timezone_aware":
        rule = f"{label} needs a time zone, like 2024-05-03T14:30+01:00 or ...Z for UTC"
    elif kind.startswith(("datetime", "date")):
        example = "2024-05-03" if field == "day" else "2024-05-03T14:30+01:00"
        rule = f"{label} must be a real date like {example} (got {_shown(given)})"
    elif kind == "string_pattern_mismatch":
        rule = f"{label} may hold only letters, digits, '-' and '_' (1 to 64 of them)"
    elif kind == "value_error":
        rule = f"{label} {error['msg'].removeprefix('Value error, ')}"
    else:
        rule = f"{label}: {error['msg']}"
    return where + rule


def input_error(exc: ValidationError) -> InputError:
    """The first problem as one sentence, and how many more there are."""
    errors = exc.errors()
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    message = _sentence(errors[0]) + "." + (more if len(errors) > 1 else "")
    clock = all(isinstance((e.get("ctx") or {}).get("error"), _Implausible) for e in errors)
    return ImplausibleTimeError(message) if clock else InputError(message)


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: Mapping[str, Any]) -> M:
    """Validate `data` as `model`, raising `InputError` with a plain sentence."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc) from None


def parse_episode(data: Mapping[str, Any]) -> EpisodeIn:
    return parse(EpisodeIn, data)


def parse_checkin(data: Mapping[str, Any]) -> CheckInIn:
    return parse(CheckInIn, data)
