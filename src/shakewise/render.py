"""Terminal presentation of an assessment with Rich: triage first, then causes and advice."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from shakewise.evaluation import Report
from shakewise.knowledge.schema import TriageLevel
from shakewise.results import Assessment

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
