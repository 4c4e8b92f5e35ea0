"""`shakewise tremor ...`: read a recording, call the analysis, render. No logic here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from shakewise.signals.recording import ACC_UNITS, FORMATS, load_recording

if TYPE_CHECKING:  # imported in the commands: scipy is slow to import
    from shakewise.signals.analysis import TremorAnalysis
    from shakewise.signals.plm import PLMResult

tremor_app = typer.Typer(
    help="Measure shaking in a motion recording (accelerometer CSV or JSON).",
    no_args_is_help=True,
)
console = Console()

FileArg = Annotated[Path, typer.Argument(help="The recording: CSV, TXT or JSON.")]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", help=f"Layout of the file (default: detected): {', '.join(FORMATS)}."),
]
UnitsOpt = Annotated[
    str | None,
    typer.Option(
        "--units",
        help=f"Unit of the acceleration (default: checked by gravity): {', '.join(ACC_UNITS)}.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@tremor_app.command()
def analyze(
    file: FileArg,
    as_json: JsonOpt = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the trace and spectrum to a PNG.")
    ] = None,
    format: FormatOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Dominant frequency, amplitude, regularity and band of a tremor."""
    from shakewise.signals.analysis import measure

    m = measure(load_recording(file, format=format, acc_unit=units))
    if plot is not None:
        from shakewise.signals.plot import plot_measurement

        plot_measurement(m, plot)
    if as_json:
        print(m.analysis.model_dump_json(indent=2))
    else:
        render_analysis(m.analysis, console)
        if plot is not None:
            console.print(f"Plot written to {plot}.")


@tremor_app.command()
def plm(file: FileArg, as_json: JsonOpt = False, format: FormatOpt = None) -> None:
    """Periodic limb movements in a night recording of one leg."""
    from shakewise.signals.plm import score_plm

    result = score_plm(load_recording(file, format=format))
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        render_plm(result, console)


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
