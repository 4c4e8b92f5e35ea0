"""Engine speed: posterior + next question on the real and on a synthetic large KB, and
the same posterior in pgmpy, timed interleaved with the engine's in one loop so machine
load hits both alike. The real-KB step has its warning screens already asked, so the
question is chosen by information gain and value of information, not by the screen order.
Last line: one JSON object of figures."""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pgmpy_model import pgmpy_network, pgmpy_posterior
from shakewise.assessment import model_for
from shakewise.engine import NO, YES, next_question, posterior
from shakewise.engine.model import Model, build_model
from shakewise.knowledge import load_knowledge


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def interleaved_ms(
    ours: Callable[[], object], theirs: Callable[[], object], rounds: int, inner: int
) -> tuple[float, float]:
    """Medians of `inner` back-to-back calls of each side, alternating, in ms per call."""
    ours(), theirs()  # warm up
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        for fn, out in ((ours, a), (theirs, b)):
            t0 = time.perf_counter()
            for _ in range(inner):
                fn()
            out.append((time.perf_counter() - t0) / inner)
    return statistics.median(a) * 1000, statistics.median(b) * 1000


def some_evidence(model: Model, n: int, seed: int = 1) -> np.ndarray:
    """Random answers that fire no emergency red flag, so the interview goes on."""
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        vec = np.zeros(len(model.finding_ids), np.int8)
        picked = rng.choice(np.flatnonzero(model.askable), size=n, replace=False)
        vec[picked] = rng.choice([YES, NO], size=n, p=[0.3, 0.7])
        if next_question(model, vec, ()) is not None:
            return vec
    raise RuntimeError("no evidence found that keeps the interview going")


def synthetic(n_causes: int = 1000, n_findings: int = 5000) -> Model:
    rng = np.random.default_rng(7)
    p = np.tile(rng.uniform(0.01, 0.3, n_findings), (n_causes, 1))
    for i in range(n_causes):  # about 20 specific links per cause
        cols = rng.choice(n_findings, 20, replace=False)
        p[i, cols] = rng.uniform(0.3, 0.95, 20)
    return build_model(rng.uniform(0.1, 100, n_causes), p, p.mean(axis=0))


def main() -> None:
    real = model_for(load_knowledge())
    ev_real = some_evidence(real, 10)
    big = synthetic()
    ev_big = some_evidence(big, 30)

    def step(model: Model, ev: np.ndarray) -> Callable[[], object]:
        screens = tuple(q.id for q in model.questions if q.screen != "none")
        return lambda: (posterior(model, ev), next_question(model, ev, screens))

    real_step = median_ms(step(real, ev_real), 2000)
    big_step = median_ms(step(big, ev_big), 30)

    from pgmpy.inference import VariableElimination

    engine = VariableElimination(pgmpy_network(real))
    ours_post, theirs_post = interleaved_ms(
        lambda: posterior(real, ev_real),
        lambda: pgmpy_posterior(real, ev_real, engine),
        rounds=15,
        inner=20,
    )
    agree = bool(np.allclose(posterior(real, ev_real), pgmpy_posterior(real, ev_real, engine)))
    figures = {
        "real_kb_causes": len(real.cause_ids),
        "real_kb_findings": len(real.finding_ids),
        "real_posterior_next_question_ms": round(real_step, 4),
        "target_real_ms": 1.0,
        "synthetic_1000x5000_posterior_next_question_ms": round(big_step, 3),
        "target_synthetic_ms": 50.0,
        "real_posterior_ms": round(ours_post, 4),
        "pgmpy_posterior_ms": round(theirs_post, 3),
        "speedup_vs_pgmpy": round(theirs_post / ours_post, 1),
        "target_speedup": 100,
        "pgmpy_agrees": agree,
    }
    print(f"posterior + next question, real KB:        {real_step:.3f} ms (target < 1 ms)")
    print(f"posterior + next question, 1000 x 5000 KB: {big_step:.2f} ms (target < 50 ms)")
    print(
        f"posterior: shakewise {ours_post:.4f} ms, pgmpy {theirs_post:.2f} ms, "
        f"{theirs_post / ours_post:.0f}x faster (target >= 100x), agree={agree}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
