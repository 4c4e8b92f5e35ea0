"""Settings, read once from the environment (prefix SHAKEWISE_) by the shell that runs,
the web app or a command, and passed down; documented in docs/configuration.md."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from shakewise.errors import InputError
from shakewise.regions import RegionId
from shakewise.storage.database import default_database_url

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


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
    region: RegionId = Field(
        "uk",
        description="Region whose emergency number is shown until a person chooses another"
        " (uk 999, us 911, eu 112, au 000, in 112).",
    )
    emergency_number: str | None = Field(
        None,
        pattern=r"^[0-9]{2,6}$",
        description="Emergency number shown for the default region instead of its usual one"
        " (for a country not in the region list). Unset: the region's own number.",
    )
    urgent_service: str = Field(
        "NHS 111",
        description="Same-day advice service named on urgent results for the default region.",
    )
    database_url: str = Field(
        default_factory=default_database_url,
        min_length=1,
        description="SQLAlchemy URL of the diary database (default: a SQLite file in the"
        " user data directory; postgresql+psycopg://... for PostgreSQL).",
    )
    accounts: Literal["auto", "required", "off"] = Field(
        "auto",
        description="auto: accounts are required unless the server listens on a loopback"
        " address only (single-user mode); required; off (only allowed on loopback).",
    )
    secret_key: str | None = Field(
        None,
        min_length=32,
        description="Signs session cookies. Set the same value on every worker; when unset,"
        " a random key is kept in the user data directory.",
    )
    writes_per_minute: int = Field(
        120, ge=1, description="Write requests allowed per client per minute."
    )
    logins_per_minute: int = Field(
        10, ge=1, description="Sign-in and registration attempts per client per minute."
    )
    signins_per_address_per_hour: int = Field(
        100,
        ge=1,
        description="Sign-in attempts for one email address per hour, from all clients"
        " together (OWASP ASVS 2.2.1).",
    )
    uploads_per_minute: int = Field(
        20, ge=1, description="Recording uploads per client per minute."
    )
    rate_limit_store: Literal["auto", "memory", "database"] = Field(
        "auto",
        description="Where rate limits count: memory (each process on its own, cheapest);"
        " database (one count shared by every worker); auto: database when accounts are"
        " required, memory in single-user mode.",
    )
    trusted_proxies: str = Field(
        "",
        max_length=2000,
        pattern=r"^[0-9A-Fa-f:.,/* ]*$",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For and"
        " X-Forwarded-Proto are believed. Empty: none, so a client cannot choose the"
        " address its rate limits count against.",
    )
    secure_cookies: bool = Field(
        False, description="Send cookies only over HTTPS (set it behind a TLS proxy)."
    )
    allowed_hosts: str = Field(
        "",
        max_length=2000,
        description="Comma-separated host names the server answers to (the Host header)."
        " Empty: the loopback names when listening on loopback only, which stops a web page"
        " that rebinds its name to 127.0.0.1 from reading the diary; any host otherwise.",
    )

    @property
    def host_names(self) -> tuple[str, ...]:
        """The Host names to accept; empty means any (accounts protect a network server)."""
        given = tuple(h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip())
        if given or not self.loopback_only:
            return given
        return LOOPBACK_NAMES

    @property
    def loopback_only(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    @property
    def accounts_required(self) -> bool:
        """Single-user mode only when nobody else can reach the server."""
        return self.accounts == "required" or not self.loopback_only

    @property
    def shared_rate_limits(self) -> bool:
        """Count rate limits in the database? With accounts the sign-in limit is what
        stands between a guesser and a password, and the app cannot know how many workers
        run beside it (gunicorn starts them), so it counts where all of them see it. One
        person on loopback has no sign-in to guard; a write there pays no extra commit."""
        if self.rate_limit_store == "auto":
            return self.accounts_required
        return self.rate_limit_store == "database"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and the command line, or InputError naming the
    variable that is wrong (a newcomer sees one line, not a pydantic traceback)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = f"SHAKEWISE_{str(problem['loc'][0]).upper()}" if problem["loc"] else "a setting"
        raise InputError(
            f"{name} is not right: {problem['msg']} (got {problem.get('input')!r})."
        ) from None
