"""The command line's settings and database: the settings read once per command, the
database they name (`SHAKEWISE_DATABASE_URL`, default a SQLite file in the user data
directory) and the local user, plus `shakewise db`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from shakewise.results import Assessment
    from shakewise.web.settings import Settings

db_app = typer.Typer(help="The database (a SQLite file, or PostgreSQL by URL).")
console = Console()


@cache
def settings() -> Settings:
    """The settings of the running command, read from the environment once (the root
    command forgets them before each invocation: `shakewise.cli.main`)."""
    from shakewise.web.settings import load_settings  # pydantic-settings: only when needed

    return load_settings()


@contextmanager
def local_session() -> Iterator[tuple[Session, int]]:
    """A session on the configured database and the local user's id."""
    from shakewise.storage import open_database
    from shakewise.storage.database import local_user_id

    db = open_database(settings().database_url)
    try:
        with db.session() as session:
            yield session, local_user_id(session)
    finally:
        db.close()


def store_assessment(
    result: Assessment, text: str | None, answers: Mapping[str, str]
) -> Assessment:
    """`shakewise assess --save`: store the result for the local user; returns it with id."""
    from shakewise.storage.repository import save_assessment

    with local_session() as (session, user):
        return save_assessment(session, user, result, text=text, answers=answers)


@db_app.command()
def upgrade() -> None:
    """Create the database or bring it up to date (also done automatically on start)."""
    from sqlalchemy.engine import make_url

    from shakewise.storage.database import current_revision, open_database

    url = settings().database_url
    db = open_database(url)
    try:
        revision = current_revision(db.engine)
    finally:
        db.close()
    shown = make_url(url).render_as_string(hide_password=True)
    console.print(f"Database {shown} is up to date (revision {revision}).")
