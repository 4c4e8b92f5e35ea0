"""`shakewise tremor ...`: read a recording, call the analysis, render. No logic here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from shakewise.cli.options import JsonOpt
from shakewise.signals.samples import ACC_UNITS, FORMATS

# The commands import the analysis they run: numpy and scipy are slow to import.

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
    from shakewise.render import render_analysis
    from shakewise.signals.analysis import measure
    from shakewise.signals.recording import load_recording

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
    from shakewise.render import render_plm
    from shakewise.signals.plm import score_plm
    from shakewise.signals.recording import load_recording

    result = score_plm(load_recording(file, format=format))
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        render_plm(result, console)
