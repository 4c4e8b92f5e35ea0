"""Command line: parse, call the pipeline, render. Errors exit 2 with one line."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from shakewise.cli.database import db_app, settings, store_assessment
from shakewise.cli.diary import diary_app
from shakewise.cli.kb import kb_app
from shakewise.cli.options import JsonOpt, RegionOpt, parse_answers, region_named
from shakewise.cli.report import report_command
from shakewise.cli.tremor import tremor_app
from shakewise.errors import ShakewiseError

# Each command imports the pipeline it runs (pydantic, numpy, the knowledge base), so
# `shakewise --help` and a command's own --help start at once.

app = typer.Typer(
    help="Understand leg shaking, twitching, jerks and cramps: likely causes, triage, self-care.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(kb_app, name="kb")
app.add_typer(tremor_app, name="tremor", help="Measure shaking in a motion recording.")
app.add_typer(diary_app, name="diary")
app.add_typer(db_app, name="db")
app.command("report")(report_command)
console = Console()


@app.command()
def check(region: RegionOpt = "uk") -> None:
    """Interactive interview in the terminal."""
    from shakewise.knowledge import load_knowledge
    from shakewise.regions import localised
    from shakewise.render import render_assessment
    from shakewise.terminal import run_interview

    try:
        result = run_interview(load_knowledge(), console.input, console)
    except (KeyboardInterrupt, EOFError):
        console.print("\nStopped. Nothing was saved.")
        raise typer.Exit(130) from None
    render_assessment(localised(result, region_named(region)), console)


def _self_signed(host: str, port: int) -> dict[str, str]:
    """A self-signed certificate for this machine's addresses, so a phone on the same
    network can use its motion sensor (browsers allow it only over HTTPS)."""
    from platformdirs import user_data_dir

    from shakewise.web.tls import ensure_certificate, local_addresses

    addresses = local_addresses()
    phone_address = next((a for a in addresses if a != "127.0.0.1"), "127.0.0.1")
    cert, key = ensure_certificate(Path(user_data_dir("shakewise")) / "tls", [*addresses, host])
    console.print(
        "Self-signed certificate: the browser will warn once; choose to continue."
        f"\nOn a phone on the same network open https://{phone_address}:{port}"
        " (start with --host 0.0.0.0)."
    )
    return {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    https: Annotated[
        bool,
        typer.Option("--https", help="Self-signed HTTPS, so phones on the network can measure."),
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (share one PostgreSQL).")
    ] = 1,
) -> None:
    """Start the web app and REST API (open the printed address in a browser)."""
    import uvicorn

    from shakewise.web import create_app
    from shakewise.web.settings import load_settings

    overrides = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    if https:  # the session cookie must then never travel over plain HTTP
        overrides["secure_cookies"] = True
    settings = load_settings(**overrides)
    tls = _self_signed(settings.host, settings.port) if https else {}
    scheme = "https" if https else "http"
    console.print(
        f"shakewise is running at {scheme}://{settings.host}:{settings.port}  (Ctrl+C stops)"
    )
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "access_log": False,  # paths only would be harmless, but nothing about people is logged
        "log_level": "warning",
        "proxy_headers": bool(settings.trusted_proxies),  # only configured proxies are believed
        "forwarded_allow_ips": settings.trusted_proxies or None,
        **tls,
    }
    if workers > 1:  # each worker builds its own app from the same SHAKEWISE_* settings
        os.environ.update({f"SHAKEWISE_{k.upper()}": str(v) for k, v in overrides.items()})
        uvicorn.run("shakewise.web:create_app", factory=True, workers=workers, **options)
        return
    uvicorn.run(create_app(settings), **options)


@app.command()
def assess(
    text: Annotated[str | None, typer.Option(help="What happens, in your own words.")] = None,
    answer: Annotated[
        list[str] | None, typer.Option(help="FINDING=yes|no|unknown (repeatable).")
    ] = None,
    as_json: JsonOpt = False,
    save: Annotated[bool, typer.Option("--save", help="Store it in the database.")] = False,
    region: RegionOpt = "uk",
) -> None:
    """One-shot assessment of a description and/or answers."""
    from shakewise.assessment import run_assessment
    from shakewise.regions import localised

    answers = parse_answers(answer or [])
    result = run_assessment(text, answers)
    if save:
        result = store_assessment(result, text, answers)
        if not as_json:
            console.print(f"Saved as assessment {result.id}.")
    result = localised(result, region_named(region))
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        from shakewise.render import render_assessment  # Rich tables: not for --json

        render_assessment(result, console)


@app.command("eval")
def eval_command(
    file: Annotated[Path, typer.Argument(help="Vignettes, one JSON object per line.")],
    as_json: JsonOpt = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Figures only, no case list: for held-out batches, never tuned on."
        ),
    ] = False,
) -> None:
    """Score the assessment on vignettes and list the misses."""
    from shakewise.evaluation import evaluate, load_vignettes
    from shakewise.render import render_report

    report = evaluate(load_vignettes(file))
    if as_json:
        exclude = {"cases"} if summary else None
        print(report.model_dump_json(indent=2, exclude=exclude))
    else:
        render_report(report, console, misses=not summary)


def main() -> None:
    """Entry point: one place where errors become a line on stderr and exit code 2, and
    where each invocation starts from the settings of the moment."""
    settings.cache_clear()
    try:
        app()
    except ShakewiseError as exc:
        print(f"shakewise: {exc.message}", file=sys.stderr)
        sys.exit(2)
