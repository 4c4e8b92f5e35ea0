"""Diary speed: a user with 10 years of entries (20,000 episodes, five or six a day, and a
check-in every day, with context), on a fresh SQLite file — or on the database named by
SHAKEWISE_BENCH_DATABASE_URL (e.g. a PostgreSQL scratch database: its tables are used as
they are, so give it an empty one).

Measures: inserting the 10 years in one transaction (as `shakewise diary import` does),
adding single episodes the durable way (one commit each, as the CLI and the web do), and
the insights (loading the diary, then computing; target < 200 ms). Last line: one JSON
object of figures."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shakewise.diary.episode import parse_episode
from shakewise.diary.insights import compute_insights
from shakewise.storage import open_database
from shakewise.storage.accounts import create_user
from shakewise.storage.repository import add_episode, diary_rows, list_episodes
from shakewise.storage.transfer import ExportDocument, import_user_data

YEARS = 10
EPISODES = 20_000  # the size for the insights target
SINGLE_ADDS = 100
TARGET_INSIGHTS_MS = 200.0


def ten_years(now: datetime, seed: int = 0) -> ExportDocument:
    """EPISODES episodes spread over ten years, and one check-in a day, with context."""
    rng = np.random.default_rng(seed)
    days = 365 * YEARS
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    episodes, checkins = [], []
    for d in range(days):
        day = start + timedelta(days=d)
        caffeine = float(rng.choice([0, 100, 250, 400]))
        checkins.append({"day": day.date().isoformat(), "caffeine_mg": caffeine,
                         "stress": int(rng.integers(0, 11)), "sleep_hours": 7.0})  # fmt: skip
    for i in range(EPISODES):
        day = start + timedelta(days=i * days // EPISODES)
        caffeine = float(rng.choice([0, 100, 250, 400]))
        episodes.append(
            {
                "uid": f"bench-{i}",
                "started_at": (day + timedelta(hours=float(rng.uniform(6, 23)))).isoformat(),
                "kind": str(rng.choice(["twitching", "cramp", "shaking"])),
                "severity": int(rng.integers(1, 8)),
                "side": str(rng.choice(["left", "right", "both"])),
                "sites": ["calf"],
                "caffeine_mg": caffeine,
                "note": "bench",
            }
        )
    return ExportDocument.model_validate(
        {"format": "shakewise-export", "version": 1, "episodes": episodes, "checkins": checkins}
    )


def main() -> None:
    now = datetime.now(UTC)
    document = ten_years(now)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("SHAKEWISE_BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
        db = open_database(url)
        with db.session() as s:
            user = create_user(s, f"bench-{time.time_ns()}@example.org", "x")

        t0 = time.perf_counter()
        with db.session() as s:
            import_user_data(s, user, document)
        bulk_s = time.perf_counter() - t0

        single = []
        for i in range(SINGLE_ADDS):
            data = parse_episode({"started_at": now - timedelta(minutes=i), "severity": 3})
            t0 = time.perf_counter()
            with db.session() as s:
                add_episode(s, user, data)
            single.append(time.perf_counter() - t0)

        load, compute = [], []
        for _ in range(7):
            t0 = time.perf_counter()
            with db.session() as s:
                episodes, checkins = diary_rows(s, user)
            t1 = time.perf_counter()
            result = compute_insights(episodes, checkins, now=now)
            t2 = time.perf_counter()
            load.append(t1 - t0)
            compute.append(t2 - t1)
        t0 = time.perf_counter()
        with db.session() as s:
            list_episodes(s, user)
        full_load_ms = (time.perf_counter() - t0) * 1000
        backend = db.dialect
        db.close()

    load_ms = statistics.median(load) * 1000
    compute_ms = statistics.median(compute) * 1000
    figures = {
        "backend": backend,
        "episodes": result.episodes,
        "checkins": len(checkins),
        "bulk_insert_10_years_s": round(bulk_s, 3),
        "single_add_ms_median": round(statistics.median(single) * 1000, 2),
        "insights_compute_ms": round(compute_ms, 1),
        "insights_load_ms": round(load_ms, 1),
        "insights_total_ms": round(load_ms + compute_ms, 1),
        "target_insights_ms": TARGET_INSIGHTS_MS,
        "list_episodes_full_ms": round(full_load_ms, 1),
    }
    print(f"{backend}: {result.episodes} episodes and {len(checkins)} check-ins over {YEARS} years")
    print(f"insert the 10 years in one transaction: {bulk_s:.2f} s")
    print(f"add one episode (own durable commit): {figures['single_add_ms_median']} ms median")
    print(
        f"insights: load {load_ms:.0f} ms + compute {compute_ms:.0f} ms ="
        f" {load_ms + compute_ms:.0f} ms (target < {TARGET_INSIGHTS_MS:.0f} ms)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
