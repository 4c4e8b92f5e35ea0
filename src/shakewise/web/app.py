"""The web application: pages for people, a REST API for programs, one pipeline."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from platformdirs import user_data_dir
from starlette.middleware.sessions import SessionMiddleware

from shakewise import __version__
from shakewise.errors import InputError
from shakewise.storage.database import open_database
from shakewise.web import account, api, diary, pages, recordings, reports
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
    app.state.settings = settings
    db = open_database(settings.database_url)  # runs the migrations
    app.state.db = db
    app.state.accounts = Accounts(db)
    app.state.local_user_id = None if settings.accounts_required else db.local_user_id()
    key = secret_key(settings, Path(user_data_dir("shakewise")))
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
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/docs-assets", StaticFiles(directory=_swagger_dir()), name="docs-assets")
    app.include_router(api.router)
    app.include_router(api.kb_router)
    app.include_router(api.health_router)
    app.include_router(recordings.router)
    app.include_router(reports.router)
    app.include_router(diary.api)
    app.include_router(account.api)
    app.include_router(diary.pages)
    app.include_router(account.pages)
    app.include_router(pages.router)

    def render_error(request: Request, status: int, message: str) -> HTMLResponse:
        return error_page(request, status, message)

    install_error_handlers(app, render_error)
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
    return app


def _swagger_dir() -> Path:
    """Swagger UI 5 (reads OpenAPI 3.1, which FastAPI writes), served from the files that
    the fastapi-offline package ships: no third-party origin."""
    return Path(str(files("fastapi_offline") / "static"))
