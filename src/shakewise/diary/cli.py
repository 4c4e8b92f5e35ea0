"""`shakewise diary ...` and `shakewise db ...`: parse options, call storage and insights,
render. The database is `SHAKEWISE_DATABASE_URL` (default: a SQLite file in the user
data directory); the command line acts as the local user."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from shakewise.diary.episode import CONTEXT_FIELDS, KINDS, SIDES, SITES, Episode
from shakewise.diary.options import episode_options, local_zone, parse_context, zone_option
from shakewise.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from shakewise.diary.insights import Insights
    from shakewise.results import Assessment

diary_app = typer.Typer(
    help="Log episodes of shaking, twitching, jerks or cramps, and see their patterns.",
    no_args_is_help=True,
)
db_app = typer.Typer(help="The database (a SQLite file, or PostgreSQL by URL).")
console = Console()

# --- options shared by add and edit -----------------------------------------------------

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
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IdArg = Annotated[int, typer.Argument(help="The episode's id (see `shakewise diary list`).")]


# --- database -------------------------------------------------------------------------


@contextmanager
def local_session() -> Iterator[tuple[Session, int]]:
    """A session on the configured database and the local user's id."""
    from shakewise.storage import open_database
    from shakewise.storage.database import local_user_id

    db = open_database()
    try:
        with db.session() as session:
            yield session, local_user_id(session)
    finally:
        db.close()


def store_assessment(
    result: Assessment, text: str | None, answers: Mapping[str, str]
) -> Assessment:
    """`shakewise assess --save`: store the result for the local user; returns it with id."""
    from shakewise.storage.repository import save_assessment

    with local_session() as (session, user):
        return save_assessment(session, user, result, text=text, answers=answers)


# --- commands -------------------------------------------------------------------------


def _where(ep: Episode) -> str:
    sites = ", ".join(s.replace("_", " ") for s in ep.sites)
    return " ".join(p for p in (ep.side or "", sites) if p) or "—"


def _print_episode(ep: Episode, as_json: bool, verb: str) -> None:
    if as_json:
        print(ep.model_dump_json(indent=2))
        return
    when = ep.started_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")
    severity = f", severity {ep.severity}/10" if ep.severity is not None else ""
    console.print(f"{verb} episode {ep.id}: {ep.kind}{severity}, {_where(ep)}, {when}.")


@diary_app.command()
def add(
    at: AtOpt = None,
    kind: KindOpt = None,
    severity: SeverityOpt = None,
    site: SiteOpt = None,
    side: SideOpt = None,
    duration: DurationOpt = None,
    context: ContextOpt = None,
    weakness: WeaknessOpt = None,
    note: NoteOpt = None,
    uid: Annotated[str | None, typer.Option(hidden=True)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Log an episode (now, unless --at says when)."""
    from shakewise.diary.episode import parse_episode
    from shakewise.storage.repository import add_episode

    data = episode_options(
        at=at, kind=kind, severity=severity, site=site, side=side, duration=duration,
        context=context, weakness=weakness, note=note,
    )  # fmt: skip
    data.setdefault("started_at", datetime.now(UTC))
    if uid is not None:
        data["uid"] = uid
    episode = parse_episode(data)
    with local_session() as (session, user):
        _print_episode(add_episode(session, user, episode), as_json, "Saved")


@diary_app.command("list")
def list_command(
    as_json: JsonOpt = False,
    limit: Annotated[int | None, typer.Option(help="Only the latest N.")] = None,
    since: Annotated[str | None, typer.Option(help="Only from this date (YYYY-MM-DD).")] = None,
) -> None:
    """List episodes, oldest first."""
    from shakewise.storage.repository import list_episodes

    tz = local_zone()
    start = None
    if since is not None:
        try:
            start = datetime.combine(date.fromisoformat(since), datetime.min.time(), tz)
        except ValueError:
            raise InputError(f"--since must be a date like 2024-05-03 (got '{since}').") from None
    with local_session() as (session, user):
        episodes = list_episodes(session, user, since=start, limit=limit, newest_first=True)
    episodes.reverse()
    if as_json:
        print(json.dumps([e.model_dump(mode="json") for e in episodes], indent=2))
        return
    if not episodes:
        console.print("No episodes yet. Log one with: shakewise diary add --kind twitching")
        return
    table = Table("id", "when", "kind", "severity", "where", "duration", "note")
    for ep in episodes:
        table.add_row(
            str(ep.id),
            ep.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            ep.kind,
            "" if ep.severity is None else str(ep.severity),
            _where(ep),
            "" if ep.duration_s is None else f"{ep.duration_s:g} s",
            ep.note if len(ep.note) <= 40 else ep.note[:39] + "…",
        )
    console.print(table)


@diary_app.command()
def show(episode_id: IdArg, as_json: JsonOpt = False) -> None:
    """Show one episode with its context."""
    from shakewise.storage.repository import get_episode

    with local_session() as (session, user):
        ep = get_episode(session, user, episode_id)
    if as_json:
        print(ep.model_dump_json(indent=2))
        return
    table = Table("field", "value", show_header=False)
    for name, value in ep.model_dump().items():
        if value not in (None, "", []):
            shown = (
                value.astimezone(local_zone()).isoformat() if isinstance(value, datetime) else value
            )
            table.add_row(name, str(shown))
    console.print(table)


@diary_app.command()
def edit(
    episode_id: IdArg,
    at: AtOpt = None,
    kind: KindOpt = None,
    severity: SeverityOpt = None,
    site: SiteOpt = None,
    side: SideOpt = None,
    duration: DurationOpt = None,
    context: ContextOpt = None,
    weakness: WeaknessOpt = None,
    note: NoteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Change some fields of an episode (the others stay as they are)."""
    from shakewise.storage.repository import update_episode

    changes = episode_options(
        at=at, kind=kind, severity=severity, site=site, side=side, duration=duration,
        context=context, weakness=weakness, note=note,
    )  # fmt: skip
    if not changes:
        raise InputError("Nothing to change: give an option such as --severity 5.")
    with local_session() as (session, user):
        _print_episode(update_episode(session, user, episode_id, changes), as_json, "Updated")


@diary_app.command()
def delete(episode_id: IdArg) -> None:
    """Delete an episode."""
    from shakewise.storage.repository import delete_episode

    with local_session() as (session, user):
        delete_episode(session, user, episode_id)
    console.print(f"Deleted episode {episode_id}.")


@diary_app.command()
def checkin(
    day: Annotated[str | None, typer.Option(help="The day (YYYY-MM-DD); default today.")] = None,
    context: ContextOpt = None,
    note: NoteOpt = None,
) -> None:
    """Log the context of a day, with or without episodes (quiet days make triggers
    measurable)."""
    from shakewise.storage.repository import save_checkin

    try:
        the_day = date.fromisoformat(day) if day else datetime.now(local_zone()).date()
    except ValueError:
        raise InputError(f"--day must be a real date like 2024-05-03 (got '{day}').") from None
    changes = parse_context(context or [])
    if note is not None:
        changes["note"] = note
    if not changes:
        raise InputError("Nothing to log: give --context KEY=VALUE (e.g. caffeine=200) or --note.")
    with local_session() as (session, user):
        saved = save_checkin(session, user, the_day, changes)
    known = saved.model_dump(include=set(CONTEXT_FIELDS), exclude_none=True)
    shown = ", ".join(f"{k}={v}" for k, v in known.items())
    console.print(f"Saved day {saved.day.isoformat()}: {shown or 'a note'}.")


@diary_app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", help="json (everything) or csv (episodes).")
    ] = "json",
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of the screen.")
    ] = None,
) -> None:
    """Export all of your data (JSON) or your episodes (CSV)."""
    from shakewise.storage.repository import list_episodes
    from shakewise.storage.transfer import episodes_csv, export_user_data

    if format not in {"json", "csv"}:
        raise InputError(f"--format must be json or csv (got '{format}').")
    with local_session() as (session, user):
        if format == "json":
            text = json.dumps(export_user_data(session, user), indent=2, ensure_ascii=False) + "\n"
        else:
            text = episodes_csv(list_episodes(session, user))
    if out is None:
        print(text, end="")
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"Cannot write {out}: {exc.strerror}.") from None
    console.print(f"Wrote {out}.")


@diary_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A JSON file from `shakewise diary export`.")],
) -> None:
    """Import a JSON export; entries already present are skipped, a bad file changes nothing."""
    from shakewise.storage.transfer import import_user_data, parse_export

    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {file}: {exc.strerror}.") from None
    document = parse_export(raw)
    with local_session() as (session, user):
        summary = import_user_data(session, user, document)
    added = ", ".join(f"{k}: {n}" for k, n in summary.added.items() if n) or "nothing new"
    skipped = sum(summary.already_present.values())
    console.print(f"Imported {added}" + (f"; {skipped} already present." if skipped else "."))


@diary_app.command()
def insights(
    as_json: JsonOpt = False,
    charts: Annotated[
        Path | None, typer.Option(help="Also write the charts as SVG files to this folder.")
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Time zone for days and hours (default: local).")
    ] = None,
) -> None:
    """Trend, time of day, triggers, spread, severity and warning signs of your diary."""
    from shakewise.diary.insights import compute_insights
    from shakewise.storage.repository import diary_rows

    zone = zone_option(tz)
    with local_session() as (session, user):
        episodes, checkins = diary_rows(session, user)
    result = compute_insights(episodes, checkins, now=datetime.now(UTC), tz=zone)
    if charts is not None:
        from shakewise.diary.charts import all_charts

        try:
            charts.mkdir(parents=True, exist_ok=True)
            for name, svg in all_charts(result).items():
                (charts / f"{name}.svg").write_text(svg, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"Cannot write the charts to {charts}: {exc.strerror}.") from None
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        render_insights(result)


def render_insights(result: Insights) -> None:
    if result.episodes == 0:
        console.print("No episodes logged yet. Log one with: shakewise diary add")
        return
    if result.pattern_flags:
        console.print("[bold red]Warning signs in your diary[/] (show these to a doctor):")
        for flag in result.pattern_flags:
            console.print(f"  [bold]{flag.id}[/]: {flag.reason}")
        console.print("")
    console.print(f"[bold]Frequency[/]  {result.recent_trend.summary}")
    console.print(f"           {result.trend.summary}")
    console.print(f"[bold]When[/]       {result.time_of_day.summary}")
    console.print(f"           {result.day_of_week.summary}")
    console.print(f"[bold]Where[/]      {result.sites.summary}")
    console.print(f"[bold]Severity[/]   {result.severity.summary}")
    console.print("[bold]Triggers[/]")
    ordered = sorted(result.triggers, key=lambda t: (not t.claimed, t.rate_ratio is None))
    for trigger in ordered:
        console.print(f"  {trigger.summary}")


@db_app.command()
def upgrade() -> None:
    """Create the database or bring it up to date (also done automatically on start)."""
    from sqlalchemy.engine import make_url

    from shakewise.storage.database import current_revision, open_database, resolve_database_url

    url = resolve_database_url()
    db = open_database(url)
    try:
        revision = current_revision(db.engine)
    finally:
        db.close()
    shown = make_url(url).render_as_string(hide_password=True)
    console.print(f"Database {shown} is up to date (revision {revision}).")
