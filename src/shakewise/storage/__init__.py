"""Persistence: SQLAlchemy models, Alembic migrations and the repository functions the
CLI and the web call. SQLite by default, PostgreSQL by URL. Nothing connects at import.

    database.py    URL, engine settings (WAL, FULL sync, IMMEDIATE), migrations, sessions
    models.py      the tables; every row belongs to a user
    repository/    add/list/get/update/delete for one user at a time, a module per entry kind
    transfer/      export all of a user's data (JSON, CSV) and import it back
    accounts.py    users and API tokens
"""

from shakewise.storage.database import Database, default_database_url, open_database

__all__ = ["Database", "default_database_url", "open_database"]
