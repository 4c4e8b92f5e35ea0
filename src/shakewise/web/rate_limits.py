"""Rate limits: at most `limit` requests per client in `seconds`, per bucket (sign-ins,
writes and uploads per client a minute, sign-ins per email address an hour), counted in
this process or in the database every worker shares.

- `MemoryRateLimiter`: an exact sliding log per client in this process. About a
  microsecond a check (`bench/rate_limits.py`), but each worker counts on its own, so
  with four workers a client gets four times the limit. The single-user default.
- `DatabaseRateLimiter`: counters in the `rate_limits` table (`storage/rate_limits.py`),
  one row per client and fixed window, shared by every worker. A request is let through
  while the sliding estimate

      hits in this window + hits in the previous window × (share of it still in view)

  stays within the limit (the sliding-window estimate of Cloudflare's limiter). A fixed
  window alone lets a client send the whole limit twice within a moment, either side of
  a boundary; the estimate, which assumes the previous window's requests were spread
  evenly, spreads that out and is exact for a client sending at a steady rate. Windows
  older than the previous one are deleted by the first check of each new window in each
  worker. Clients are stored as a keyed hash of their address, never the address.

When the database cannot count (it is down, locked for too long, or the table is
missing), a `DatabaseRateLimiter` counts in its own process instead, as the memory
limiter would, and logs it once: neither open (unlimited guessing exactly when something
is wrong) nor closed (one broken table would lock every person out, and anyone able to
make the store fail would get that outage for free). Reasons in docs/deployment.md.

The clock is injected: tests move time by hand instead of waiting for windows to pass.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from shakewise.errors import StorageError
from shakewise.storage import rate_limits as stored
from shakewise.storage.database import Database

log = logging.getLogger("shakewise.web")

LIMITER_SWEEP_AT = 4096  # clients remembered in memory before quiet ones are forgotten
Clock = Callable[[], float]


class RateLimiter(Protocol):
    """Anything that can say whether one more request from a client fits its limit."""

    seconds: int

    def allow(self, key: str) -> bool:
        """Count one request from `key` if it fits; False if it does not (not counted)."""
        ...


@dataclass
class MemoryRateLimiter:
    """At most `limit` requests per `seconds` per client, in this process only."""

    limit: int
    seconds: int
    clock: Clock = time.monotonic
    sweep_at: int = LIMITER_SWEEP_AT
    hits: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, key: str) -> bool:
        with self.lock:  # dependencies run in the thread pool
            now = self.clock()
            if len(self.hits) >= self.sweep_at:
                self._forget_quiet_clients(now)
            recent = self.hits[key]
            while recent and now - recent[0] > self.seconds:
                recent.popleft()
            if len(recent) >= self.limit:
                return False
            recent.append(now)
            return True

    def _forget_quiet_clients(self, now: float) -> None:
        """Drop clients with no hit in the window, so rotating addresses cannot grow the
        table without bound."""
        quiet = [k for k, hits in self.hits.items() if not hits or now - hits[-1] > self.seconds]
        for key in quiet:
            del self.hits[key]
        self.sweep_at = max(LIMITER_SWEEP_AT, 2 * len(self.hits))  # amortised O(1) a check


@dataclass
class DatabaseRateLimiter:
    """At most `limit` requests per `seconds` per client across every worker that shares
    the database. `clock` must be the same wall clock in every worker (Unix time), not a
    per-process monotonic one: windows are numbered by it."""

    db: Database
    bucket: str
    limit: int
    seconds: int
    secret: bytes
    clock: Clock = time.time
    fallback: MemoryRateLimiter = field(init=False)
    _swept: int | None = field(default=None, init=False)
    _failing: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.fallback = MemoryRateLimiter(self.limit, self.seconds, clock=self.clock)

    def allow(self, key: str) -> bool:
        now = self.clock()
        start = int(now // self.seconds) * self.seconds
        client = self.client(key)
        try:
            if self._swept != start:
                self._forget_old_windows(start)
            with self.db.session() as s:
                previous = stored.hits_in(s, self.bucket, client, start - self.seconds)
                still_in_view = 1 - (now - start) / self.seconds
                allowance = self.limit - math.ceil(previous * still_in_view)
                allowed = stored.take(s, self.bucket, client, start, allowance)
                s.commit()
        except (SQLAlchemyError, StorageError) as exc:
            if not self._failing:
                log.warning(
                    "rate limits: the database cannot count (%s); counting %r in this"
                    " process until it can",
                    _first_line(exc),
                    self.bucket,
                )
                self._failing = True
            return self.fallback.allow(key)
        if self._failing:
            log.warning("rate limits: the database counts %r again", self.bucket)
            self._failing = False
        return allowed

    def client(self, key: str) -> str:
        """What is stored for a client: a keyed hash, so the table holds no addresses."""
        digest = hmac.new(self.secret, key.encode("utf-8", "replace"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def _forget_old_windows(self, start: int) -> None:
        """Delete windows before the previous one (they no longer count), once per window
        per worker, in a transaction of its own."""
        with self.db.session() as s:
            stored.forget_before(s, self.bucket, start - self.seconds)
            s.commit()
        self._swept = start


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def rate_limiter(
    bucket: str,
    limit: int,
    *,
    seconds: int = 60,
    db: Database | None,
    secret: bytes,
    clock: Clock | None = None,
) -> RateLimiter:
    """A limiter counting in `db` (shared by every worker), or in memory without one."""
    if db is None:
        return MemoryRateLimiter(limit, seconds, clock=clock or time.monotonic)
    return DatabaseRateLimiter(db, bucket, limit, seconds, secret, clock=clock or time.time)
