"""Rate-limit counters as stored: how many requests a client was allowed in one fixed
window of one bucket (`models.RateLimitWindow`). The arithmetic (window sizes, the
sliding estimate, what to do when the database fails) lives in `web/rate_limits.py`;
this module only counts, atomically, and forgets.

`take` is one statement on both databases:

    INSERT INTO rate_limits (bucket, client, window_start, hits) VALUES (..., 1)
    ON CONFLICT (bucket, client, window_start)
    DO UPDATE SET hits = rate_limits.hits + 1 WHERE rate_limits.hits < :allowance
    RETURNING hits

so two workers can never both take the last place in a window: the row lock (PostgreSQL)
or the write lock (SQLite, `BEGIN IMMEDIATE`) orders them, and the second sees the first's
count. A read followed by a write would let both through. SQLite needs 3.35 (2021) or
newer for RETURNING; with an older library every count fails, and the web limiter falls
back to counting in its own process and logs why.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shakewise.storage.models import RateLimitWindow

__all__ = ["forget_before", "hits_in", "take"]

KEY = ("bucket", "client", "window_start")


def take(session: Session, bucket: str, client: str, window_start: int, allowance: int) -> bool:
    """Count one more request if the window has had fewer than `allowance`; True if it
    was counted (the request may go ahead). The caller commits."""
    if allowance < 1:
        return False
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(RateLimitWindow)
        .values(bucket=bucket, client=client, window_start=window_start, hits=1)
        .on_conflict_do_update(
            index_elements=list(KEY),
            set_={"hits": RateLimitWindow.hits + 1},
            where=RateLimitWindow.hits < allowance,
        )
        .returning(RateLimitWindow.hits)
    )
    return session.execute(statement).first() is not None


def hits_in(session: Session, bucket: str, client: str, window_start: int) -> int:
    """Requests counted for this client in the window that starts at `window_start`."""
    found = session.scalar(
        select(RateLimitWindow.hits).where(
            RateLimitWindow.bucket == bucket,
            RateLimitWindow.client == client,
            RateLimitWindow.window_start == window_start,
        )
    )
    return found or 0


def forget_before(session: Session, bucket: str, window_start: int) -> int:
    """Delete this bucket's windows that start before `window_start`; how many went. The
    caller commits."""
    result = session.execute(
        delete(RateLimitWindow).where(
            RateLimitWindow.bucket == bucket, RateLimitWindow.window_start < window_start
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
