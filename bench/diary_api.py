"""Diary API paging: a person with 10,000 episodes asks `GET /api/v1/episodes?limit=50`
(the newest fifty) and the next page (`before=`), in process through the real app on a
fresh SQLite file, against `GET /healthz` on the same client as the baseline, the two
interleaved. Target (hardening issue): <= 20 ms a page. Last line: one JSON object."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient

from shakewise.storage.transfer import ExportDocument, import_user_data
from shakewise.web import Settings, create_app

EPISODES = 10_000
ROUNDS = 15
INNER = 10
TARGET_PAGE_MS = 20.0


def diary(now: datetime) -> ExportDocument:
    start = now - timedelta(hours=EPISODES * 2)
    episodes = [
        {
            "uid": f"bench-{i}",
            "started_at": (start + timedelta(hours=2 * i)).isoformat(),
            "kind": "twitching",
            "severity": i % 8,
            "sites": ["calf"],
            "caffeine_mg": float(i % 400),
        }
        for i in range(EPISODES)
    ]
    return ExportDocument.model_validate(
        {"format": "shakewise-export", "version": 1, "episodes": episodes, "checkins": []}
    )


def per_call_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    for _ in range(INNER):
        fn()
    return (time.perf_counter() - t0) / INNER * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite:///{tmp}/bench.db"))
        db = app.state.db
        with db.session() as s:
            import_user_data(s, db.local_user_id(), diary(datetime.now(UTC)))
        client = TestClient(app, base_url="http://127.0.0.1:8000")
        first = client.get("/api/v1/episodes?limit=50")
        assert first.status_code == 200 and len(first.json()) == 50, first.text[:200]
        oldest = first.json()[-1]["started_at"]
        page, next_page, health = [], [], []
        for _ in range(ROUNDS):  # interleaved, so machine load falls on all three alike
            page.append(per_call_ms(lambda: client.get("/api/v1/episodes?limit=50")))
            next_page.append(
                per_call_ms(
                    lambda: client.get("/api/v1/episodes", params={"limit": 50, "before": oldest})
                )
            )
            health.append(per_call_ms(lambda: client.get("/healthz")))
        db.close()
    figures = {
        "episodes": EPISODES,
        "page_ms": round(statistics.median(page), 2),
        "next_page_ms": round(statistics.median(next_page), 2),
        "healthz_ms": round(statistics.median(health), 2),
        "page_over_healthz": round(statistics.median(page) / statistics.median(health), 1),
        "target_page_ms": TARGET_PAGE_MS,
    }
    print(
        f"GET /api/v1/episodes?limit=50 at {EPISODES:,} episodes: {figures['page_ms']} ms,"
        f" next page {figures['next_page_ms']} ms (target <= {TARGET_PAGE_MS:g});"
        f" /healthz {figures['healthz_ms']} ms on the same client"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
