"""Start-up of the command line: `shakewise --help` and `shakewise assess --text ... --json`
in fresh processes, interleaved in each round with `python -c "import numpy"` so machine
load hits baseline and commands alike; medians over the rounds.

Targets (issue "Fast and steady"): on a quiet run `--help` <= 0.3 s and `assess` <= 0.5 s
wall, and each <= 3x `import numpy` measured in the same run. Last line: one JSON object of
figures."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 9
TEXT = "my calves twitch after slow walks and I drink four coffees a day, no weakness"
COMMANDS = {
    "import_numpy": ["-c", "import numpy"],
    "help": ["-m", "shakewise", "--help"],
    "assess": ["-m", "shakewise", "assess", "--text", TEXT, "--json"],
}


def wall_s(args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}  # this checkout, also in a worktree
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, cwd=ROOT, env=env, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for args in COMMANDS.values():  # warm the file cache and the bytecode
        wall_s(args)
    for _ in range(ROUNDS):
        for name, args in COMMANDS.items():
            times[name].append(wall_s(args))
    median = {name: statistics.median(ts) for name, ts in times.items()}
    base = median["import_numpy"]
    figures = {f"{name}_median_s": round(s, 3) for name, s in median.items()}
    figures |= {f"{name}_over_numpy": round(median[name] / base, 2) for name in ("help", "assess")}
    print(f"import numpy: {base:.3f} s (baseline)")
    print(f"shakewise --help: {median['help']:.3f} s, {median['help'] / base:.1f}x (<= 0.3 s, 3x)")
    print(
        f"shakewise assess --json: {median['assess']:.3f} s, {median['assess'] / base:.1f}x"
        " (<= 0.5 s, 3x)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
