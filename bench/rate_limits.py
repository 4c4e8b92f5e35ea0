"""What a rate-limit check costs: in memory (one process) against the shared database
store, on a fresh SQLite file (WAL, synchronous=FULL: each check is one durable commit)
and, when SHAKEWISE_BENCH_DATABASE_URL names one, on PostgreSQL (give it an empty
scratch database). Clients rotate over 200 addresses, all within their limit. Last line:
one JSON object of figures (microseconds per check, medians of 5 runs)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shakewise.storage import open_database
from shakewise.web.rate_limits import DatabaseRateLimiter, MemoryRateLimiter, RateLimiter

CHECKS = {"memory": 20_000, "database": 300}
CLIENTS = 200
RUNS = 5


def per_check_us(limiter: RateLimiter, checks: int) -> float:
    runs = []
    for run in range(RUNS):
        t0 = time.perf_counter()
        for n in range(checks):
            limiter.allow(f"10.{run}.{n % CLIENTS // 256}.{n % 256}")
        runs.append((time.perf_counter() - t0) / checks * 1e6)
    return statistics.median(runs)


def main() -> None:
    figures: dict[str, object] = {}
    roomy = 10**9  # never refuse: time the counting, not the refusing
    figures["memory_us"] = round(per_check_us(MemoryRateLimiter(roomy, 60), CHECKS["memory"]), 2)
    with tempfile.TemporaryDirectory() as tmp:
        urls = {"sqlite": f"sqlite:///{tmp}/bench.db"}
        if os.environ.get("SHAKEWISE_BENCH_DATABASE_URL"):
            urls["postgresql"] = os.environ["SHAKEWISE_BENCH_DATABASE_URL"]
        for name, url in urls.items():
            db = open_database(url)
            limiter = DatabaseRateLimiter(db, "bench", roomy, 60, secret=b"bench")
            figures[f"{name}_us"] = round(per_check_us(limiter, CHECKS["database"]), 1)
            db.close()
    for name, value in figures.items():
        print(f"{name.removesuffix('_us')}: {value} µs a check")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
