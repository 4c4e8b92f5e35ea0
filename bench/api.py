"""API throughput: /api/v1/assess and /api/v1/interview against a separate bare FastAPI
hello-world app, each served the same way by uvicorn in its own process and loaded over
loopback; every endpoint is warmed up first (each varied description sent once), so the
figures are for a running server, not its first requests.

The load comes from wrk (Debian's package, a C load generator) when it is installed, so
the client is not the bottleneck; otherwise from an async Python client in this process,
which on a 2-core machine saturates before the server does (the ratios then understate
nothing but say little). Last line: one JSON object of figures."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = 16
SECONDS = 4.0
TEXT = "my calves twitch after slow walks and I drink four coffees a day, no weakness"
TARGET_RATIO = 0.5
# Descriptions people might send, more of them than the reader keeps parsed, sent in turn:
# every request reads its text afresh, as with real traffic.
VARIED = ("narratives.jsonl", "probes.jsonl", "vignettes.jsonl", "negative_controls.jsonl")


def varied_texts() -> list[str]:
    texts = [
        json.loads(line).get("text")
        for name in VARIED
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
    ]
    return [t for t in texts if t]


def bare_app() -> object:
    """The baseline: a bare FastAPI app answering hello-world, nothing else."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    return app


@contextmanager
def served(factory: str) -> Iterator[str]:
    """An app served by uvicorn in its own process, as `shakewise serve` does; its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", factory, "--factory",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # wait for it to answer, however slow the machine
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def warm_up(url: str, bodies: list[object | None]) -> None:
    """Each body sent once (the reader compiles a phrase group on its first use); None: GET."""
    with httpx.Client(timeout=30) as client:
        for body in bodies:
            r = client.get(url) if body is None else client.post(url, json=body)
            r.raise_for_status()


async def load(url: str, body: object | None) -> dict[str, float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + SECONDS
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                if body is None:
                    r = await client.get(url)
                else:
                    r = await client.post(url, json=body)
                r.raise_for_status()
                latencies.append(time.perf_counter() - t0)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    }


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _lua_string(value: object) -> str:
    return '"' + json.dumps(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_wrk(url: str, body: object | None) -> dict[str, float]:
    """`body` is one JSON body, or a list of them sent in turn."""
    script = ""
    if isinstance(body, list):
        bodies = ",\n".join(_lua_string(b) for b in body)
        script = (
            f"bodies = {{{bodies}}}\ncounter = 0\n"
            "request = function()\n  counter = counter + 1\n"
            '  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},'
            " bodies[(counter % #bodies) + 1])\nend\n"
        )
    elif body is not None:
        script = (
            'wrk.method = "POST"\n'
            f"wrk.body = {_lua_string(body)}\n"
            'wrk.headers["Content-Type"] = "application/json"\n'
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{int(SECONDS)}s", "--latency", "-s", f.name, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    Path(f.name).unlink()
    latency = {q: float(v) * UNIT_MS[u] for q, v, u in WRK_LATENCY.findall(out)}
    match = WRK_LINE.search(out)
    assert match, out
    return {"rps": float(match.group(1)), "p50_ms": latency["50"], "p99_ms": latency["99"]}


def main() -> None:
    generator = "wrk" if shutil.which("wrk") else "python-async"

    def run(url: str, body: object | None) -> dict[str, float]:
        warm_up(url, body if isinstance(body, list) else [body] * 50)
        if generator == "wrk":
            return load_wrk(url, body)
        return asyncio.run(load(url, body))

    with served("bench.api:bare_app") as base:
        runs = {"hello": run(base + "/hello", None)}
    with served("shakewise.web:create_app") as base:
        runs["assess"] = run(base + "/api/v1/assess", {"text": TEXT})
        interview = {"answers": {"chest_pain": "no"}, "text": TEXT}
        runs["interview"] = run(base + "/api/v1/interview", interview)
        if generator == "wrk":
            varied: list[object] = [{"text": t} for t in varied_texts()]
            runs["assess_varied"] = run(base + "/api/v1/assess", varied)
    hello = runs["hello"]["rps"]
    figures: dict[str, object] = {
        "generator": generator,
        "concurrency": CONCURRENCY,
        "seconds": SECONDS,
    }
    for name, r in runs.items():
        figures.update({f"{name}_{k}": v for k, v in r.items()})
        ratio = r["rps"] / hello
        figures[f"{name}_vs_hello"] = round(ratio, 3)
        print(
            f"{name:13s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.2f} ms"
            f"  p99 {r['p99_ms']:6.2f} ms"
            f"  ({ratio:.0%} of hello-world; target >= {TARGET_RATIO:.0%})"
        )
    figures["target_ratio"] = TARGET_RATIO
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
