"""Terminal presentation of an assessment with Rich: triage first, then causes and advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from shakewise.diary.episode import Episode
from shakewise.diary.options import local_zone
from shakewise.evaluation import Report
from shakewise.knowledge.schema import TriageLevel
from shakewise.results import Assessment

if TYPE_CHECKING:  # signals import scipy, slow to load: only their result types here
    from shakewise.diary.insights import Insights
    from shakewise.signals.measurement import TremorAnalysis
    from shakewise.signals.plm import PLMResult

STYLES = {
    TriageLevel.EMERGENCY: ("bold white on red", "!!"),
    TriageLevel.URGENT: ("bold black on dark_orange", "!"),
    TriageLevel.DOCTOR: ("bold white on blue", "i"),
    TriageLevel.SELF_CARE: ("bold black on green", "ok"),
}
BAR_WIDTH = 24


def _bar(p: float) -> str:
    filled = round(p * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def render_assessment(result: Assessment, console: Console) -> None:
    t = result.triage
    style, icon = STYLES[t.level]
    banner = Group(
        Text(f"[{icon}] {t.label.upper()}: {t.headline}", style=style),
        Text(t.action),
        *(Text(f"• {r.message}" + (f" {r.action}" if r.action else "")) for r in t.reasons),
    )
    console.print(Panel(banner, title="What to do now", border_style=style.split()[-1]))

    table = Table(title="Most likely causes", show_lines=False, expand=True)
    table.add_column("Cause", ratio=3)
    table.add_column("Likelihood", ratio=3)
    table.add_column("Why", ratio=5)
    for c in result.causes:
        why = "\n".join(w.text for w in c.why[:3]) or "No answer pointed strongly either way."
        table.add_row(c.name, f"{_bar(c.probability)} {c.probability:.0%}", why)
    console.print(table)

    if result.advice:
        console.print("[bold]Things you can try yourself[/bold]")
        for a in result.advice:
            console.print(f"  • {a.text}")
    console.print("[bold]When to get help[/bold]")
    for s in result.seek_help:
        console.print(f"  • [{s.level.value}] {s.text}")
    console.print("[bold]Sources[/bold]")
    for src in result.sources:
        console.print(f"  • {src.title} — {src.publisher}" + (f" {src.url}" if src.url else ""))
    console.print(
        Panel(
            f"{result.disclaimer}\nKnowledge version {result.knowledge_version}"
            f" ({result.knowledge_date}).",
            border_style="dim",
        )
    )


def render_report(report: Report, console: Console, *, misses: bool = True) -> None:
    """The evaluation table: text alone and through the simulated interview, side by side."""
    table = Table(title=f"Evaluation on {report.n} cases")
    table.add_column("Measure")
    table.add_column("Text alone", justify="right")
    table.add_column("After interview", justify="right")
    table.add_column("Target", justify="right")
    r = report
    rows = [
        ("Top-1 cause, strict", f"{r.top1_strict:.1%}", f"{r.interview_top1_strict:.1%}", "≥ 70 %"),
        ("Top-1 cause, any expected", f"{r.top1:.1%}", "", ""),
        ("Top-3 causes", f"{r.top3:.1%}", f"{r.interview_top3:.1%}", "≥ 90 %"),
        ("Triage exact", f"{r.triage_exact:.1%}", f"{r.interview_triage_exact:.1%}", "≥ 85 %"),
        ("Under-triaged", f"{r.under_triage:.1%}", f"{r.interview_under_triage:.1%}", "≤ 3 %"),
        ("Two levels or more too low", f"{r.two_levels_low}", f"{r.interview_two_levels_low}", "0"),
        (
            "Emergencies caught",
            f"{r.emergencies_caught} of {r.emergencies}",
            f"{r.interview_emergencies_caught} of {r.emergencies}",
            "all",
        ),
        ("Self-care over-triaged", f"{r.over_triage_self_care:.1%}", "", "≤ 15 %"),
        ("Mild cases two levels too high", "", f"{r.interview_over_two_levels:.1%}", "≤ 3 %"),
        ("Brier score (causes)", f"{r.brier:.3f}", "", "lower is better"),
        ("Screens: median / p90", "", f"{r.median_screens:g} / {r.p90_screens:g}", "≤ 8 / ≤ 12"),
    ]
    for row in rows:
        table.add_row(*row)
    console.print(table)
    missed = report.misses if misses else []
    if missed:
        m = Table(title=f"Misses ({len(missed)})")
        for col in ("id", "expected", "predicted (top 3)", "triage expected → got"):
            m.add_column(col)
        for c in missed:
            m.add_row(
                c.id,
                ", ".join(c.expected_causes),
                ", ".join(c.predicted),
                f"{c.expected_triage.value} → {c.triage.value}",
            )
        console.print(m)


def render_analysis(a: TremorAnalysis, out: Console) -> None:
    table = Table(show_header=False, box=None)
    table.add_row("Recording", f"{a.duration_s:.1f} s at {a.sample_rate_hz:g} samples a second")
    if a.tremor_detected:
        table.add_row("Tremor", f"yes, in {a.tremor_fraction:.0%} of the {a.windows} windows")
        table.add_row("Frequency", f"{a.dominant_frequency_hz:.2f} Hz ({a.band})")
        table.add_row(
            "Strength",
            f"{a.rms_m_s2:.3f} m/s² RMS, about {a.displacement_mm:.2f} mm peak to peak",
        )
        if a.frequency_stability_hz is not None:
            table.add_row("Frequency spread", f"{a.frequency_stability_hz:.2f} Hz")
        table.add_row("What it suggests", a.suggests or "")
    else:
        table.add_row("Tremor", "none above the background")
        table.add_row("Background", f"{a.rms_m_s2:.3f} m/s² RMS in {a.searched_hz[0]:g}–"
                      f"{a.searched_hz[1]:g} Hz")  # fmt: skip
    table.add_row("Findings", ", ".join(f"{k}={v}" for k, v in a.findings.items()))
    table.add_row("Sources", ", ".join(a.sources))
    out.print(table)
    for note in a.notes:
        out.print(f"[dim]Note: {note}[/dim]")
    out.print("[dim]A measurement, not a diagnosis.[/dim]")


def render_plm(r: PLMResult, out: Console) -> None:
    table = Table(show_header=False, box=None)
    table.add_row("Recording", f"{r.duration_h:.2f} h at {r.sample_rate_hz:g} samples a second")
    table.add_row("Leg movements", f"{len(r.movements)} ({r.lm_index_per_hour:.1f} an hour)")
    table.add_row(
        "Periodic (WASM 2016)",
        f"{r.plm_index_per_hour:.1f} an hour in {len(r.series)} series"
        + (" — above the adult threshold of 15" if r.above_adult_threshold else ""),
    )
    table.add_row("Periodic (AASM)", f"{r.plm_index_aasm_per_hour:.1f} an hour")
    out.print(table)
    if r.timeline:
        hours = Table("Hour", "Movements", "Periodic")
        for h in r.timeline:
            hours.add_row(f"{h.start_s / 3600:.0f}", str(h.movements), str(h.plm))
        out.print(hours)
    for note in r.notes:
        out.print(f"[dim]Note: {note}[/dim]")
    out.print("[dim]A measurement, not a diagnosis.[/dim]")


def render_insights(result: Insights, console: Console) -> None:
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


def episode_where(ep: Episode) -> str:
    sites = ", ".join(s.replace("_", " ") for s in ep.sites)
    return " ".join(p for p in (ep.side or "", sites) if p) or "—"


def render_episode(ep: Episode, verb: str, console: Console) -> None:
    when = ep.started_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")
    severity = f", severity {ep.severity}/10" if ep.severity is not None else ""
    console.print(f"{verb} episode {ep.id}: {ep.kind}{severity}, {episode_where(ep)}, {when}.")
