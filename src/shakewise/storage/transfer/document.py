"""The export file's format: the models an export is written from and validated with."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shakewise.diary.episode import NOTE_MAX_CHARS, CheckInIn, EpisodeIn

FORMAT = "shakewise-export"
VERSION = 1


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
