"""Text reader speed: parsing a typical 300-character description in process (cache
bypassed), and what the reader adds to a command's start-up, measured as the difference
between two fresh processes run interleaved in the same session (load the knowledge base;
load it and read one sentence). Targets (issue "Understand real people's words"): parse
median <= 1 ms, start-up added <= 0.3 s. Last line: one JSON object of figures."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shakewise.knowledge import load_knowledge  # noqa: E402
from shakewise.language import parser  # noqa: E402

NARRATIVES = ROOT / "tests" / "data" / "narratives.jsonl"
TYPICAL_CHARS = 300
ROUNDS = 9
LOAD = "from shakewise.knowledge import load_knowledge; kb = load_knowledge()"
READ = LOAD + "; from shakewise.language import parse_text; parse_text('my calf twitches', kb)"


def parse_ms() -> tuple[float, float]:
    kb = load_knowledge()
    texts = [json.loads(line)["text"][:TYPICAL_CHARS] for line in NARRATIVES.open()]
    for text in texts:  # first use compiles each phrase group once
        parser._parse.__wrapped__(text, kb)
    times = []
    for _ in range(3):
        for text in texts:
            t0 = time.perf_counter()
            parser._parse.__wrapped__(text, kb)
            times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.9)] * 1000


def process_s(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - t0


def startup_added_s() -> tuple[float, float]:
    base, read = [], []
    for _ in range(ROUNDS):  # interleaved, so machine load hits both sides alike
        base.append(process_s(LOAD))
        read.append(process_s(READ))
    return statistics.median(read) - statistics.median(base), statistics.median(base)


def main() -> None:
    median, p90 = parse_ms()
    added, base = startup_added_s()
    figures = {
        "parse_300_chars_median_ms": round(median, 3),
        "parse_300_chars_p90_ms": round(p90, 3),
        "reader_startup_added_s": round(added, 3),
        "knowledge_load_process_s": round(base, 3),
    }
    print(f"parse 300 chars: median {median:.2f} ms (target <= 1), p90 {p90:.2f} ms")
    print(f"reader start-up added to a process: {added:.3f} s (target <= 0.3)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
