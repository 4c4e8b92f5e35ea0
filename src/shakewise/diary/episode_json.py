"""Diary episodes and day check-ins as the REST API receives them: JSON's types, held to
the schema the API publishes.

The command line hands the diary text to read ("5", "yes"), so `EpisodeIn` is lax; pydantic
would also read "5" as a number, 1 as true and 1700000000 as a time. A JSON client is held
to the published types instead, so nothing the schema refuses is stored, and the schema
(`EpisodeJson`'s, and `episode_changes_schema` for an edit) says all the API refuses but
the rules that move with the clock (ImplausibleTimeError).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from shakewise.diary.episode import CheckInIn, EpisodeIn, parse
from shakewise.errors import InputError
from shakewise.iso8601 import ZONED_TIME_PATTERN


def _zoned_time(schema: dict[str, Any]) -> None:
    schema.pop("format", None)
    schema["pattern"] = ZONED_TIME_PATTERN


class EpisodeJson(EpisodeIn):
    """An episode as the REST API receives it. A whole number may come as 5.0, which JSON
    Schema calls an integer. The start time is text with its zone (ZONED_TIME_PATTERN),
    the pattern published in place of `format: date-time`, which would ask for seconds
    that people leave out."""

    model_config = ConfigDict(strict=True)

    started_at: datetime = Field(
        description="When it started, with its zone, like 2024-05-03T14:30+01:00 (stored UTC).",
        json_schema_extra=_zoned_time,
    )

    @field_validator("started_at", mode="before")
    @classmethod
    def _zoned_text(cls, value: object) -> datetime:
        if isinstance(value, str) and re.fullmatch(ZONED_TIME_PATTERN, value):
            return datetime.fromisoformat(value)
        raise ValueError("must be a time with its zone, like 2024-05-03T14:30+01:00")

    @field_validator(
        "exercise_intensity", "stress", "severity", "recording_id", "assessment_id", mode="before"
    )
    @classmethod
    def _whole_number(cls, value: object) -> object:
        return _whole(value)


def _whole(value: object) -> object:
    """5.0 as 5: JSON Schema calls it an integer."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class CheckInJson(CheckInIn):
    """A day's context as the REST API receives it (held to JSON's types like episodes)."""

    model_config = ConfigDict(strict=True)

    @field_validator("exercise_intensity", "stress", mode="before")
    @classmethod
    def _whole_number(cls, value: object) -> object:
        return _whole(value)


# Stands in for the stored start time while an edit's own fields are checked.
_SOME_TIME = {"started_at": "2000-01-01T00:00Z"}


def check_changes(changes: Mapping[str, Any]) -> None:
    """Refuse an edit sent over the API whose fields break JSON's types or their ranges,
    as EpisodeJson would; the stored episode with the edit is then checked as a whole."""
    parse(EpisodeJson, {**_SOME_TIME, **changes})


def episode_changes_schema() -> dict[str, Any]:
    """The JSON schema of an edit: any fields of an episode but its uid, none required."""
    schema = EpisodeJson.model_json_schema()
    del schema["properties"]["uid"]
    del schema["required"]
    schema["title"] = "EpisodeChanges"
    return schema


def parse_checkin_json(day: date, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a check-in sent for `day` (named by the address, not the body), held
    to JSON's types; returned as changes to merge into the day's stored context."""
    if "day" in changes:
        raise InputError("Leave 'day' out of the body: the address names the day.")
    checked = parse(CheckInJson, {**changes, "day": day})
    return {name: getattr(checked, name) for name in changes}


def checkin_changes_schema() -> dict[str, Any]:
    """The JSON schema of a check-in's body: a day's context fields, none required."""
    schema = CheckInJson.model_json_schema()
    del schema["properties"]["day"]
    schema.pop("required", None)
    schema["title"] = "CheckInChanges"
    return schema
