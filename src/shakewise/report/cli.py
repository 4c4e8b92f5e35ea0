"""`shakewise report`: the PDF and FHIR export for a clinician, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from shakewise.assessment import run_assessment
from shakewise.errors import InputError
from shakewise.report.content import Measurement, build_content
from shakewise.report.fhir import bundle_json
from shakewise.report.pdf import PageSize, render_pdf

console = Console()


def report_command(
    text: Annotated[str | None, typer.Option(help="Describe what happens, in your words.")] = None,
    answer: Annotated[
        list[str] | None, typer.Option(help="FINDING=yes|no|unknown (repeatable).")
    ] = None,
    recording: Annotated[
        list[Path] | None, typer.Option(help="A motion recording to include (repeatable).")
    ] = None,
    pdf: Annotated[Path | None, typer.Option(help="Write the PDF here.")] = None,
    fhir: Annotated[Path | None, typer.Option(help="Write the FHIR R4 Bundle (JSON) here.")] = None,
    pagesize: Annotated[PageSize, typer.Option(help="A4 or letter.")] = "A4",
    name: Annotated[str | None, typer.Option(help="Name to print (optional).")] = None,
) -> None:
    """A report for a clinician: a one-page PDF and/or a FHIR R4 Bundle."""
    from shakewise.cli import parse_answers

    if pdf is None and fhir is None:
        raise InputError("Say where to write the report: --pdf OUT.pdf and/or --fhir OUT.json.")
    measurements = [_measure(path) for path in recording or []]
    measured = {k: v for m in measurements for k, v in m.findings.items()}
    assessment = run_assessment(text, parse_answers(answer or []), measured=measured or None)
    content = build_content(
        assessment, description=text, measurements=measurements, patient_name=name
    )
    if pdf is not None:
        _write(pdf, render_pdf(content, pagesize))
        console.print(f"PDF written to {pdf}")
    if fhir is not None:
        _write(fhir, bundle_json(content).encode())
        console.print(f"FHIR Bundle written to {fhir}")


def _measure(path: Path) -> Measurement:
    import io

    from shakewise.signals import load_recording, measure
    from shakewise.signals.plot import plot_measurement

    m = measure(load_recording(path))
    buffer = io.BytesIO()
    plot_measurement(m, buffer)
    return Measurement(
        analysis=m.analysis.model_dump(mode="json"),
        findings=dict(m.analysis.findings),
        plot_png=buffer.getvalue(),
    )


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror}.") from None
