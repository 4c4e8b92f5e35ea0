"""Alembic environment for SQLite and PostgreSQL.

`shakewise.storage.database.upgrade` passes an open connection (in a transaction, under a
lock) through `config.attributes["connection"]`; the `alembic` command line opens its own
from `-x url=...` (storage reads no settings itself: `shakewise db upgrade` does both).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from shakewise.storage.models import Base

target_metadata = Base.metadata


def run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,  # SQLite can alter few things in place; batch copies the table
        transactional_ddl=True,  # true for SQLite too: we emit BEGIN ourselves
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:
        run(given)
        return
    from shakewise.storage.database import create_db_engine

    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit(
            "Say which database: alembic -x url=... upgrade head (or run"
            " `shakewise db upgrade`, which reads SHAKEWISE_DATABASE_URL)."
        )
    engine = create_db_engine(url)
    with engine.begin() as connection:
        run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run `shakewise db upgrade`.")
main()
