"""The export file's format: the models an export is written from and validated with."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from shakewise.diary.episode import NOTE_MAX_CHARS, CheckInIn, EpisodeIn
from shakewise.results import Assessment


def _in_utc(value: datetime) -> datetime:
    """Stored in UTC: a time that cannot be moved there (9999-12-31T23:59-14:00) is refused."""
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range; give a real time, like 2024-05-03T14:30Z") from None


# A time with its zone (a time without one could be any of 27 hours), held in UTC.
UtcTime = Annotated[AwareDatetime, AfterValidator(_in_utc)]

FORMAT = "shakewise-export"
VERSION = 1


class EpisodeRecord(EpisodeIn):
    """An episode in an export file: links by uid, since ids differ between databases."""

    recording_uid: str | None = None
    assessment_uid: str | None = None
    created_at: UtcTime | None = None


class AssessmentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uid: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    created: UtcTime
    input_text: str | None = Field(None, max_length=NOTE_MAX_CHARS * 5)
    answers: dict[str, str] = Field(default_factory=dict)
    measured: dict[str, str] = Field(default_factory=dict)
    result: dict[str, Any]
    knowledge_version: str = Field(max_length=50)

    @field_validator("result")
    @classmethod
    def _an_assessment(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Read back by the reports: anything else would fail there, long after the import."""
        try:
            Assessment.model_validate(value)
        except ValueError:
            raise ValueError("is not the result of a shakewise assessment") from None
        return value


class RecordingRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uid: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    created: UtcTime
    analysis: dict[str, Any]


class Account(BaseModel):
    email: str | None = None
    created: UtcTime | None = None


class ExportDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["shakewise-export"]
    version: Literal[1]
    exported_at: UtcTime | None = None
    account: Account = Field(default_factory=Account)
    episodes: list[EpisodeRecord] = Field(default_factory=list)
    checkins: list[CheckInIn] = Field(default_factory=list)
    assessments: list[AssessmentRecord] = Field(default_factory=list)
    recordings: list[RecordingRecord] = Field(default_factory=list)
