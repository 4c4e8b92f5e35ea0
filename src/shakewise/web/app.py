"""The web application: pages for people, a REST API for programs, one pipeline."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from platformdirs import user_data_dir
from starlette.middleware.sessions import SessionMiddleware

from shakewise import __version__
from shakewise.errors import InputError
from shakewise.storage.database import open_database
from shakewise.web import (
    account,
    api,
    diary,
    diary_pages,
    knowledge_pages,
    pages,
    recordings,
    reports,
)
from shakewise.web.auth import SESSION_DAYS, Accounts, secret_key
from shakewise.web.errors import install_error_handlers
from shakewise.web.middleware import AllowedHosts, BodyLimit, SecurityHeaders
from shakewise.web.rate_limits import rate_limiter
from shakewise.web.settings import Settings
from shakewise.web.templating import error_page

HERE = Path(__file__).parent


def create_app(
    settings: Settings | None = None, *, clock: Callable[[], float] | None = None
) -> FastAPI:
    """Build the app. Settings come from the environment (SHAKEWISE_*) unless given;
    `clock` (Unix seconds) times the rate-limit windows (tests pass a hand-moved one)."""
    settings = settings or Settings()
    app = FastAPI(
        title="shakewise API",
        version=__version__,
        description=(
            "Why legs shake, twitch, jerk or cramp: likely causes, triage level and advice."
            " Stateless: send every answer with each request. Not a diagnosis."
        ),
        docs_url=None,  # served by pages.api_docs with local assets, no CDN
        redoc_url=None,
    )
    if settings.accounts == "off" and not settings.loopback_only:
        raise InputError(
            "SHAKEWISE_ACCOUNTS=off is only allowed when the server listens on loopback"
            " (127.0.0.1); anyone on the network could read the diary otherwise."
        )
    key = secret_key(settings, Path(user_data_dir("shakewise")))
    _open_state(app, settings, key, clock)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/docs-assets", StaticFiles(directory=_swagger_dir()), name="docs-assets")
    for router in ROUTERS:
        app.include_router(router)
    install_error_handlers(app, error_page)
    _add_middleware(app, settings, key)
    return app


# API routes first, then pages; the order is the order of matching.
ROUTERS = (
    api.router,
    api.kb_router,
    api.health_router,
    recordings.router,
    reports.router,
    diary.api,
    account.api,
    diary_pages.pages,
    account.pages,
    pages.router,
    knowledge_pages.router,
)


def _open_state(
    app: FastAPI, settings: Settings, key: str, clock: Callable[[], float] | None
) -> None:
    """What every request reads: the settings, the database (migrated), the accounts, the
    local user in single-user mode, and one rate limiter per bucket."""
    app.state.settings = settings
    db = open_database(settings.database_url)  # runs the migrations
    app.state.db = db
    app.state.accounts = Accounts(db)
    app.state.local_user_id = None if settings.accounts_required else db.local_user_id()
    counted_in = db if settings.shared_rate_limits else None
    for bucket, limit, seconds in [
        ("login", settings.logins_per_minute, 60),
        ("write", settings.writes_per_minute, 60),
        ("upload", settings.uploads_per_minute, 60),
        ("address", settings.signins_per_address_per_hour, 3600),
    ]:
        limiter = rate_limiter(
            bucket, limit, seconds=seconds, db=counted_in, secret=key.encode(), clock=clock
        )
        setattr(app.state, f"{bucket}_limiter", limiter)


def _add_middleware(app: FastAPI, settings: Settings, key: str) -> None:
    """Body limits, sessions, the Host allow-list and security headers (the last added
    runs first)."""
    uploads = dict.fromkeys(("/api/v1/recordings", "/measure/upload"), settings.max_recording_bytes)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, larger=uploads)
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        session_cookie="shakewise_session",
        max_age=SESSION_DAYS * 24 * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(AllowedHosts, names=settings.host_names)
    app.add_middleware(SecurityHeaders)


def _swagger_dir() -> Path:
    """Swagger UI 5 (reads OpenAPI 3.1, which FastAPI writes), served from the files that
    the fastapi-offline package ships: no third-party origin."""
    return Path(str(files("fastapi_offline") / "static"))
