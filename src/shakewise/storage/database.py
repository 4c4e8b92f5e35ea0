"""Opening the database: URL, engine settings for durability, migrations, sessions.

SQLite (the default, one file in the user data directory) is set up per connection:

- `journal_mode=WAL`: readers never block the writer and a crash mid-write leaves the
  last committed state;
- `synchronous=FULL`: a commit returns only after the WAL is on disk. NORMAL (the usual
  WAL pairing) may lose the last commits on power loss, and an acknowledged diary entry
  must survive that;
- `foreign_keys=ON`: SQLite leaves them off by default, so cascades would not run;
- `BEGIN IMMEDIATE` for every transaction and a 30 s busy timeout: with SQLite's default
  deferred transactions a read that later writes fails at once ("database is locked")
  when another process wrote in between; IMMEDIATE takes the write lock first and waits.

PostgreSQL (`postgresql+psycopg://...`, the `postgres` extra) needs none of that; several
app processes may share it. Migrations take an advisory lock there, so workers starting
together do not race.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from shakewise.errors import StorageError
from shakewise.storage.models import User

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x5348414B  # "SHAK": pg_advisory_xact_lock key for migrations
BUSY_TIMEOUT_S = 30


def default_database_url() -> str:
    """A SQLite file in the user data directory (created when first opened)."""
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('shakewise', appauthor=False) / 'shakewise.db'}"


def _normalise(url: str) -> str:
    """Accept the spellings people paste: postgres://, postgresql:// (→ psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str) -> Engine:
    """An engine with the settings above; raises StorageError on an unusable URL."""
    url = _normalise(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(
            "SHAKEWISE_DATABASE_URL is not a database URL: use sqlite:///PATH or"
            " postgresql+psycopg://USER:PASSWORD@HOST/DB."
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError:
            raise StorageError(
                "PostgreSQL needs the psycopg driver: pip install 'shakewise[postgres]'."
            ) from None
    raise StorageError(f"Unsupported database '{backend}': use SQLite or PostgreSQL.")


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` in one transaction (serialised across processes)."""
    from alembic import command

    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            command.upgrade(_alembic_config(connection), revision)
    except SQLAlchemyError as exc:
        raise StorageError(f"Cannot open or update the database: {_first_line(exc)}") from None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass(frozen=True)
class Database:
    """An engine and its session factory; one per process, shared by threads."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session; repository functions commit their own transactions."""
        try:
            with self.sessions() as session:
                yield session
        except OperationalError as exc:
            raise StorageError(f"The database is unavailable: {_first_line(exc)}") from None

    def local_user_id(self) -> int:
        """The id of the local user (single-user mode), created on first use."""
        with self.session() as session:
            return local_user_id(session)

    def close(self) -> None:
        self.engine.dispose()


def local_user_id(session: Session) -> int:
    found = session.scalar(select(User.id).where(User.is_local.is_(True)))
    if found is not None:
        session.commit()
        return found
    user = User(is_local=True)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:  # another process created it first
        session.rollback()
        return session.scalars(select(User.id).where(User.is_local.is_(True))).one()
    return user.id


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open (and by default migrate) the database at `url`: the settings say which
    (`Settings.database_url`), built once by the shell that runs."""
    engine = create_db_engine(url)
    if migrate:
        upgrade(engine)
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
