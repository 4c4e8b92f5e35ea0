"""`shakewise diary ...`: parse options, call storage and insights, render. The database
is `SHAKEWISE_DATABASE_URL` (default: a SQLite file in the user data directory); the
command line acts as the local user.

Storage, the episode models and the insights are imported inside each command, not at
the top: SQLAlchemy, pydantic and the models would add to every start, and `shakewise
--help` never needs them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from shakewise.cli.database import local_session
from shakewise.cli.options import (
    AtOpt,
    ContextOpt,
    DurationOpt,
    IdArg,
    JsonOpt,
    KindOpt,
    NoteOpt,
    SeverityOpt,
    SideOpt,
    SiteOpt,
    WeaknessOpt,
)
from shakewise.errors import InputError

if TYPE_CHECKING:
    from shakewise.diary.episode import Episode

diary_app = typer.Typer(
    help="Log episodes of shaking, twitching, jerks or cramps, and see their patterns.",
    no_args_is_help=True,
)
console = Console()

# --- commands -------------------------------------------------------------------------


def _print_episode(ep: Episode, as_json: bool, verb: str) -> None:
    from shakewise.render import render_episode

    if as_json:
        print(ep.model_dump_json(indent=2))
    else:
        render_episode(ep, verb, console)


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
    from shakewise.diary.options import episode_options
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
    from shakewise.diary.options import local_zone
    from shakewise.render import episode_where
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
            episode_where(ep),
            "" if ep.duration_s is None else f"{ep.duration_s:g} s",
            ep.note if len(ep.note) <= 40 else ep.note[:39] + "…",
        )
    console.print(table)


@diary_app.command()
def show(episode_id: IdArg, as_json: JsonOpt = False) -> None:
    """Show one episode with its context."""
    from shakewise.diary.options import local_zone
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
    from shakewise.diary.options import episode_options
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
    from shakewise.diary.episode import CONTEXT_FIELDS
    from shakewise.diary.options import local_zone, parse_context
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
    from shakewise.files import read_file
    from shakewise.storage.transfer import import_user_data, parse_export
    from shakewise.storage.transfer.importer import MAX_IMPORT_BYTES

    document = parse_export(read_file(file, MAX_IMPORT_BYTES))
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
    from shakewise.diary.options import zone_option
    from shakewise.render import render_insights
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
        render_insights(result, console)
