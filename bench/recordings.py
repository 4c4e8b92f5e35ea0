"""Reading and analysing a long recording: 8 h of 100 Hz six-axis data in a shakewise CSV
(t, ax, ay, az, gx, gy, gz; about 170 MB), and an upload of the web's default size limit
(5 MB CSV, about 8 min at 100 Hz).

Every step runs in a fresh process, and each round runs a plain `np.loadtxt` of the same
file too, interleaved, so machine load hits baseline and candidate alike; figures are
medians over the rounds. Time leaves out the imports. Memory is the process's peak
resident size (ru_maxrss) above what it held once its imports were done; for the analysis
alone, the tracemalloc peak over the bytes of the arrays it is given.

Targets (issue "Recordings"): an upload of any file up to the size limit in <= 2 s with
<= 200 MB peak; the analysis's memory a small multiple of its input; and the command
itself, `shakewise tremor analyze` on 10 min, 1 h and 8 h of 100 Hz three-axis CSV, timed
as a whole process (start-up included) with its peak resident memory: <= 3 s and <= 300 MB
for 8 h, cost linear in length. Last line: one JSON object of figures."""

from __future__ import annotations

import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))  # this checkout's code, also in a git worktree

FS = 100.0
HOURS = 8.0
UPLOAD_BYTES = 5_000_000  # the web's default SHAKEWISE_MAX_RECORDING_BYTES
ROUNDS = 3
UPLOAD_ROUNDS = 5
TARGET_UPLOAD_S = 2.0
TARGET_UPLOAD_MB = 200.0
CLI_LENGTHS_S = {"10min": 600.0, "1h": 3600.0, "8h": 8 * 3600.0}
TARGET_CLI_S = 3.0
TARGET_CLI_MB = 300.0
IMPORTED_FIRST = (
    "scipy.ndimage",
    "scipy.signal",
    "shakewise.signals.analysis",
    "shakewise.signals.plm",
)
ROW_BYTES = 58  # "12345.67,0.98318,1.95869,9.52526,-0.00526,-0.00897,-0.00547\n", about


def write_csv(path: Path, seconds: float, seed: int = 0, gyroscope: bool = True) -> None:
    """Gravity, a 5.3 Hz tremor 3 min in every 10 and sensor noise, with a gyroscope."""
    rng = np.random.default_rng(seed)
    t = np.arange(0, seconds, 1 / FS)
    tremor = ((t % 600) < 180) * np.sin(2 * np.pi * 5.3 * t)
    acc = np.tile(9.80665 * np.array([0.1, 0.2, 0.97]), (len(t), 1))
    acc += np.outer(0.5 * tremor, [0.6, 0.8, 0.0]) + rng.normal(0, 0.02, acc.shape)
    gyro = np.outer(0.7 * tremor, [0.2, 0.1, 0.97]) + rng.normal(0, 0.01, acc.shape)
    columns, header = (
        ([t, acc, gyro], "t,ax,ay,az,gx,gy,gz") if gyroscope else ([t, acc], "t,ax,ay,az")
    )
    with path.open("w", encoding="ascii") as out:
        out.write(header + "\n")
        fmt = ["%.2f"] + ["%.5f"] * (len(header.split(",")) - 1)
        np.savetxt(out, np.column_stack(columns), fmt=fmt, delimiter=",")


# --- what a child process measures ------------------------------------------------------


def _loadtxt(path: Path) -> None:
    np.loadtxt(path, delimiter=",", skiprows=1)


def _read(path: Path) -> None:
    from shakewise.signals.recording import load_recording

    load_recording(path)


def _analyze(path: Path) -> None:
    """What `shakewise tremor analyze FILE` does."""
    from shakewise.signals.analysis import measure
    from shakewise.signals.recording import load_recording

    measure(load_recording(path))


def _plm(path: Path) -> None:
    from shakewise.signals.plm import score_plm
    from shakewise.signals.recording import load_recording

    score_plm(load_recording(path))


def _upload(path: Path) -> None:
    """What the web does with an uploaded body: parse the bytes, measure."""
    from shakewise.signals.analysis import measure
    from shakewise.signals.recording import parse_recording

    measure(parse_recording(path.read_bytes()))


STEPS: dict[str, Callable[[Path], None]] = {
    "loadtxt": _loadtxt,
    "read": _read,
    "analyze": _analyze,
    "plm": _plm,
    "upload": _upload,
}


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _analysis_over_input(path: Path) -> dict[str, float]:
    """tracemalloc peak of the tremor analysis and of PLM scoring, over the input arrays."""
    from shakewise.signals.analysis import measure
    from shakewise.signals.plm import score_plm
    from shakewise.signals.recording import load_recording

    rec = load_recording(path)
    arrays = rec.t.nbytes + rec.acc.nbytes + (0 if rec.gyro is None else rec.gyro.nbytes)
    peaks = {}
    for name, fn in (("analyze", measure), ("plm", score_plm)):
        tracemalloc.start()
        fn(rec)
        peaks[name] = tracemalloc.get_traced_memory()[1] / arrays
        tracemalloc.stop()
    return {"input_mb": arrays / 1e6, **peaks}


def child(step: str, path: Path) -> None:
    for module in IMPORTED_FIRST:  # every step needs them; their memory is not the step's
        importlib.import_module(module)
    if step == "analysis-memory":
        print(json.dumps(_analysis_over_input(path)))
        return
    before = _maxrss_mb()
    t0 = time.perf_counter()
    STEPS[step](path)
    print(json.dumps({"s": time.perf_counter() - t0, "peak_mb": _maxrss_mb() - before}))


# --- the parent: rounds, medians, report ------------------------------------------------


def run_cli(path: Path) -> dict[str, float]:
    """`shakewise tremor analyze FILE --json` as a person runs it: the whole process, timed
    from its start, and its own peak resident memory (wait4 reports it for that child)."""
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "shakewise", "tremor", "analyze", str(path), "--json"]
    t0 = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"shakewise tremor analyze {path} failed ({status})")
    return {"s": seconds, "peak_mb": usage.ru_maxrss / 1024}


def cli_lengths(tmp: Path) -> dict[str, dict[str, float]]:
    """The command on three-axis files of each length, interleaved, medians of ROUNDS."""
    files = {}
    for name, seconds in CLI_LENGTHS_S.items():
        files[name] = tmp / f"{name}-3axis.csv"
        arguments = ["--write-3axis", str(files[name]), str(seconds)]
        subprocess.run([sys.executable, __file__, *arguments], check=True)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in files}
    for _ in range(ROUNDS):
        for name, path in files.items():
            runs[name].append(run_cli(path))
    return {
        name: {key: round(statistics.median(r[key] for r in rs), 3) for key in rs[0]}
        for name, rs in runs.items()
    }


def run_child(step: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def medians(path: Path, steps: list[str], rounds: int) -> dict[str, dict[str, float]]:
    runs: dict[str, list[dict[str, float]]] = {s: [] for s in steps}
    for _ in range(rounds):  # interleaved: each round runs every step once
        for step in steps:
            runs[step].append(run_child(step, path))
    return {
        step: {key: round(statistics.median(r[key] for r in rs), 3) for key in rs[0]}
        for step, rs in runs.items()
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        night, upload = Path(tmp) / "8h.csv", Path(tmp) / "upload.csv"
        # Written by a child: a child process starts with its parent's peak memory as its
        # own (Linux ru_maxrss), so the parent must stay small.
        subprocess.run([sys.executable, __file__, "--write", str(night), str(upload)], check=True)
        upload.write_bytes(upload.read_bytes()[:UPLOAD_BYTES].rsplit(b"\n", 1)[0] + b"\n")
        big = medians(night, ["loadtxt", "read", "analyze", "plm"], ROUNDS)
        small = medians(upload, ["loadtxt", "upload"], UPLOAD_ROUNDS)
        ratios = run_child("analysis-memory", night)
        size_mb = night.stat().st_size / 1e6
        night.unlink()
        cli = cli_lengths(Path(tmp))
    base = big["loadtxt"]
    figures: dict[str, Any] = {
        "file": f"{HOURS:g} h, {FS:g} Hz, 6 axes, shakewise CSV, {size_mb:.0f} MB",
        **{f"{step}_s": big[step]["s"] for step in big},
        **{f"{step}_peak_mb": big[step]["peak_mb"] for step in big},
        "read_time_over_loadtxt": round(big["read"]["s"] / base["s"], 2),
        "read_memory_over_loadtxt": round(big["read"]["peak_mb"] / base["peak_mb"], 2),
        "analysis_input_mb": round(ratios["input_mb"], 1),
        "analyze_peak_over_input": round(ratios["analyze"], 2),
        "plm_peak_over_input": round(ratios["plm"], 2),
        "upload_5mb_s": small["upload"]["s"],
        "upload_5mb_peak_mb": small["upload"]["peak_mb"],
        "upload_5mb_loadtxt_s": small["loadtxt"]["s"],
        "upload_target_s": TARGET_UPLOAD_S,
        "upload_target_mb": TARGET_UPLOAD_MB,
        **{f"cli_3axis_{name}_s": cli[name]["s"] for name in cli},
        **{f"cli_3axis_{name}_peak_mb": cli[name]["peak_mb"] for name in cli},
        "cli_8h_over_1h_time": round(cli["8h"]["s"] / cli["1h"]["s"], 2),
        "cli_target_s": TARGET_CLI_S,
        "cli_target_mb": TARGET_CLI_MB,
    }
    print(f"{figures['file']}; medians of {ROUNDS} interleaved rounds")
    for step in big:
        print(f"  {step:8} {big[step]['s']:6.2f} s  peak +{big[step]['peak_mb']:5.0f} MB")
    print(
        f"  reading is {figures['read_time_over_loadtxt']}x the time and"
        f" {figures['read_memory_over_loadtxt']}x the memory of np.loadtxt"
    )
    print(
        f"  analysis peak (tracemalloc) over its {ratios['input_mb']:.0f} MB of input arrays:"
        f" tremor {ratios['analyze']:.2f}x, PLM {ratios['plm']:.2f}x"
    )
    print(
        f"5 MB upload: {small['upload']['s']:.2f} s (target <= {TARGET_UPLOAD_S:g}),"
        f" peak +{small['upload']['peak_mb']:.0f} MB (target <= {TARGET_UPLOAD_MB:g})"
    )
    print(f"shakewise tremor analyze, three-axis CSV, whole process; medians of {ROUNDS} rounds")
    for name in cli:
        print(f"  {name:6} {cli[name]['s']:6.2f} s  peak {cli[name]['peak_mb']:5.0f} MB")
    print(f"  target for 8 h: <= {TARGET_CLI_S:g} s, <= {TARGET_CLI_MB:g} MB")
    print(json.dumps(figures))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--write-3axis":
        write_csv(Path(sys.argv[2]), float(sys.argv[3]), gyroscope=False)
    elif len(sys.argv) == 4 and sys.argv[1] == "--write":
        write_csv(Path(sys.argv[2]), HOURS * 3600)
        write_csv(Path(sys.argv[3]), (UPLOAD_BYTES // ROW_BYTES) / FS, seed=1)
    else:
        main()
