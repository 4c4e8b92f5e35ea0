"""Server settings, read from the environment (prefix SHAKEWISE_), documented in
docs/configuration.md."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHAKEWISE_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the server listens on.")
    max_body_bytes: int = Field(
        64_000, ge=1_000, description="Largest request body accepted; larger gets 413."
    )
    max_recording_bytes: int = Field(
        5_000_000, ge=10_000, description="Largest motion recording accepted for upload."
    )
    emergency_number: str = Field(
        "999", description="Emergency number shown on results (999 UK, 911 US, 112 EU)."
    )
    urgent_service: str = Field(
        "NHS 111", description="Same-day advice service named on urgent results."
    )
