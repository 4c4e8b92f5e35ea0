"""Database fixtures: every storage test runs on a fresh SQLite file and, when
`SHAKEWISE_TEST_POSTGRES_URL` is set, on a fresh schema of a real PostgreSQL server.

Locally, without the variable, the PostgreSQL half skips with a loud reason; under
CI=true it fails, so CI cannot pass without having run it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine

from shakewise.storage import Database, open_database

POSTGRES_ENV = "SHAKEWISE_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        return url
    reason = (
        f"{POSTGRES_ENV} is not set, so the storage tests did not run on PostgreSQL"
        f" (e.g. {POSTGRES_ENV}=postgresql+psycopg://shakewise:shakewise@localhost/shakewise_test)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(f"POSTGRESQL TESTS SKIPPED: {reason}")


@contextmanager
def empty_database(backend: str, folder: Path) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file in `folder`, or a new PostgreSQL
    schema, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'shakewise.db'}"
        return
    base = postgres_url().replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """As `db_url`, shared by the tests of one module (many small cases, one database)."""
    with empty_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    try:
        yield db
    finally:
        db.close()
