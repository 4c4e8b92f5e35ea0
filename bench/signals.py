"""Signal analysis speed: one hour of 100 Hz three-axis data, time and peak memory, and
ParaDigMa's tremor pipeline on the same movement in the same run when it is installed
(it needs a gyroscope and pins pandas < 3 and scikit-learn < 1.6.1, so it is not a
dependency: `pip install paradigma` in an environment of its own). Last line: one JSON
object of figures."""

from __future__ import annotations

import json
import logging
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shakewise.signals.analysis import analyze
from shakewise.signals.recording import STANDARD_GRAVITY, Recording

FS = 100.0
SECONDS = 3600.0
TREMOR_HZ = 5.3
TARGET_S = 0.5


def one_hour(seed: int = 0) -> tuple[Recording, np.ndarray]:
    """Gravity, slow movement, noise, and a 5.3 Hz tremor in 30 % of the hour.

    Returns the accelerometer-only recording and the gyroscope of the same movement in
    deg/s (ParaDigMa's input).
    """
    rng = np.random.default_rng(seed)
    t = np.arange(0, SECONDS, 1 / FS)
    on = ((t % 600) < 180).astype(float)  # 3 min of tremor every 10 min
    wobble = 1 + 0.1 * np.sin(2 * np.pi * t / 40)  # the amplitude breathes a little
    phase = 2 * np.pi * TREMOR_HZ * t + 0.3 * np.sin(2 * np.pi * t / 25)
    tremor = on * wobble * np.sin(phase)
    acc = np.tile(STANDARD_GRAVITY * np.array([0.1, 0.2, 0.97]), (len(t), 1))
    acc += np.outer(0.5 * tremor, [0.6, 0.8, 0.0])
    acc += np.outer(0.8 * np.sin(2 * np.pi * 0.3 * t), [0.0, 0.3, 1.0])  # slow movement
    acc += rng.normal(0, 0.02, acc.shape)
    gyro = np.outer(40.0 * tremor, [0.2, 0.1, 0.97])  # deg/s
    gyro += np.outer(10 * np.sin(2 * np.pi * 0.3 * t), [1.0, 0.0, 0.0])
    gyro += rng.normal(0, 0.5, gyro.shape)
    return Recording(t, acc, source_format="synthetic"), gyro


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(first run s, median of the next `repeat` runs s, last result)."""
    t0 = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return first, statistics.median(times), result


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def paradigma_run(rec: Recording, gyro_deg_s: np.ndarray) -> Callable[[], dict[str, Any]]:
    import pandas as pd  # type: ignore[import-untyped]
    from paradigma.pipelines.tremor_pipeline import (  # type: ignore[import-not-found]
        run_tremor_pipeline,
    )

    frame = pd.DataFrame(
        {
            "time": rec.t - rec.t[0],
            "gyroscope_x": gyro_deg_s[:, 0],
            "gyroscope_y": gyro_deg_s[:, 1],
            "gyroscope_z": gyro_deg_s[:, 2],
        }
    )

    def run() -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as out:
            result: dict[str, Any] = run_tremor_pipeline(
                frame,
                out,
                return_intermediate=["classification"],
                logging_level=logging.WARNING,
            )
            return result

    return run


def main() -> None:
    logging.disable(logging.INFO)
    rec, gyro = one_hour()
    with_gyro = Recording(rec.t, rec.acc, np.radians(gyro), "synthetic")
    first, median, ours = timed(lambda: analyze(rec), 5)
    _, median_gyro, ours_gyro = timed(lambda: analyze(with_gyro), 3)
    memory = peak_mb(lambda: analyze(rec))
    print(
        f"shakewise, 1 h 100 Hz 3 axes: {median:.3f} s (first run {first:.3f} s),"
        f" peak memory {memory:.0f} MB, {ours.dominant_frequency_hz} Hz,"
        f" tremor in {ours.tremor_fraction:.0%} of windows"
    )
    print(f"shakewise with gyroscope: {median_gyro:.3f} s, {ours_gyro.dominant_frequency_hz} Hz")
    figures: dict[str, Any] = {
        "signal": "1 h, 100 Hz, 3-axis accelerometer, 5.3 Hz tremor in 30 % of the time",
        "analyze_s": round(median, 4),
        "analyze_first_run_s": round(first, 4),
        "target_s": TARGET_S,
        "peak_memory_mb": round(memory, 1),
        "dominant_frequency_hz": ours.dominant_frequency_hz,
        "true_frequency_hz": TREMOR_HZ,
        "tremor_fraction": ours.tremor_fraction,
        "true_tremor_fraction": 0.3,
        "analyze_with_gyroscope_s": round(median_gyro, 4),
    }
    try:
        run = paradigma_run(rec, gyro)
    except ImportError as exc:
        reason = f"paradigma is not installed here ({exc.name})"
        print(f"ParaDigMa comparison skipped: {reason}.")
        figures["paradigma"] = {"skipped": reason}
    else:
        p_first, p_median, result = timed(run, 3)
        windows = result["classification"]
        tremor = windows[windows["pred_tremor_checked"] == 1]
        p_freq = float(tremor["freq_peak"].median()) if len(tremor) else None
        p_memory = peak_mb(run)
        ratio = p_median / median_gyro
        print(
            f"ParaDigMa tremor pipeline, same movement (gyroscope): {p_median:.3f} s"
            f" (first run {p_first:.3f} s), peak memory {p_memory:.0f} MB, {p_freq} Hz,"
            f" tremor in {len(tremor) / len(windows):.0%} of windows"
        )
        print(f"shakewise (with gyroscope) is {ratio:.1f}× the speed of ParaDigMa")
        figures["paradigma"] = {
            "pipeline_s": round(p_median, 4),
            "first_run_s": round(p_first, 4),
            "peak_memory_mb": round(p_memory, 1),
            "tremor_window_frequency_hz": p_freq,
            "tremor_fraction": round(len(tremor) / len(windows), 3),
            "speed_ratio_shakewise_with_gyro": round(ratio, 2),
            "frequency_difference_hz": None
            if p_freq is None or ours_gyro.dominant_frequency_hz is None
            else round(abs(p_freq - ours_gyro.dominant_frequency_hz), 3),
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
