"""Command-line options shared by several commands, and reading --answer pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from shakewise.diary.terms import KINDS, SIDES, SITES
from shakewise.errors import InputError

if TYPE_CHECKING:
    from shakewise.regions import Region

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
RegionOpt = Annotated[
    str,
    typer.Option(
        "--region",
        envvar="SHAKEWISE_REGION",
        help="Whose emergency number and services to name: uk (999, NHS 111), us (911),"
        " eu (112), au (000), in (112).",
    ),
]


def region_named(name: str) -> Region:
    from shakewise.regions import REGIONS

    if name not in REGIONS:
        raise InputError(f"Unknown region '{name[:20]}'; use one of {', '.join(REGIONS)}.")
    return REGIONS[name]


# --- diary episodes: add and edit ---------------------------------------------------------

AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at", help="When it started, ISO 8601 (2024-05-03T14:30); local time if no zone."
    ),
]
KindOpt = Annotated[str | None, typer.Option(help=f"What it was: {'|'.join(KINDS)}.")]
SeverityOpt = Annotated[str | None, typer.Option(help="How bad, 0 (barely) to 10 (worst).")]
SiteOpt = Annotated[
    list[str] | None, typer.Option("--site", help=f"Where (repeatable): {'|'.join(SITES)}.")
]
SideOpt = Annotated[str | None, typer.Option(help=f"Which leg: {'|'.join(SIDES)}.")]
DurationOpt = Annotated[str | None, typer.Option(help="How long: 40s, 5m, 1.5h (default s).")]
ContextOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--context",
        help=(
            "KEY=VALUE (repeatable): exercise=yes intensity=7 caffeine=200 (mg) or cups=2,"
            " alcohol=3 (units) stress=0-10 sleep=6.5 cold=yes meal=5 (hours since)"
            " medication=TEXT fever=yes. An empty value clears it."
        ),
    ),
]
WeaknessOpt = Annotated[
    bool | None, typer.Option("--weakness/--no-weakness", help="The leg felt truly weaker.")
]
NoteOpt = Annotated[str | None, typer.Option(help="A free note (up to 2000 characters).")]
IdArg = Annotated[int, typer.Argument(help="The episode's id (see `shakewise diary list`).")]


def parse_answers(pairs: list[str]) -> dict[str, str]:
    answers = {}
    for pair in pairs:
        finding, sep, state = pair.partition("=")
        if not sep or not finding.strip():
            raise InputError(f"--answer '{pair}' should look like FINDING=yes|no|unknown.")
        answers[finding.strip()] = state.strip()
    return answers
