"""`shakewise report`: the PDF and FHIR export for a clinician, from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from shakewise.cli.database import local_session
from shakewise.cli.options import RegionOpt, parse_answers, region_named
from shakewise.errors import InputError
from shakewise.report import PageSize

if TYPE_CHECKING:  # imported where used: pydantic, reportlab and fhir.resources are slow
    from shakewise.regions import Region
    from shakewise.report.content import Measurement, ReportContent

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
    assessment: Annotated[
        int | None, typer.Option("--assessment", help="A saved assessment's id.")
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The latest saved assessment.")] = False,
    since: Annotated[
        str | None, typer.Option(help="Diary from this date (YYYY-MM-DD) for saved ones.")
    ] = None,
    region: RegionOpt = "uk",
) -> None:
    """A report for a clinician: a one-page PDF and/or a FHIR R4 Bundle.

    From a saved assessment (--assessment ID or --last, with the diary since --since) or
    from a description and answers given here (--text, --answer, --recording)."""
    from shakewise.report.fhir import bundle_json
    from shakewise.report.pdf import render_pdf

    if pdf is None and fhir is None:
        raise InputError("Say where to write the report: --pdf OUT.pdf and/or --fhir OUT.json.")
    if assessment is not None or last:
        if text or answer or recording:
            raise InputError("Use either a saved assessment or --text/--answer, not both.")
        content = _stored(assessment, since, name, region_named(region))
    else:
        content = _described(text, answer or [], recording or [], name, region_named(region))
    if pdf is not None:
        _write(pdf, render_pdf(content, pagesize))
        console.print(f"PDF written to {pdf}")
    if fhir is not None:
        _write(fhir, bundle_json(content).encode())
        console.print(f"FHIR Bundle written to {fhir}")


def _described(
    text: str | None, answer: list[str], recording: list[Path], name: str | None, region: Region
) -> ReportContent:
    from shakewise.assessment import run_assessment
    from shakewise.regions import localised
    from shakewise.report.content import build_content

    measurements = [_measure(path) for path in recording]
    measured = {k: v for m in measurements for k, v in m.findings.items()}
    result = run_assessment(text, parse_answers(answer), measured=measured or None)
    return build_content(
        localised(result, region), description=text, measurements=measurements, patient_name=name
    )


def _stored(
    assessment_id: int | None, since: str | None, name: str | None, region: Region
) -> ReportContent:
    from shakewise.report.stored import stored_report

    try:
        start = dt.date.fromisoformat(since) if since else None
    except ValueError:
        raise InputError(f"--since '{since}' is not a date; use YYYY-MM-DD.") from None
    with local_session() as (session, user):
        return stored_report(
            session,
            user,
            assessment_id=assessment_id,
            since=start,
            patient_name=name,
            region=region,
        )


def _measure(path: Path) -> Measurement:
    from shakewise.report.content import Measurement
    from shakewise.signals import load_recording, measure
    from shakewise.signals.plot import plot_png

    m = measure(load_recording(path))
    return Measurement(
        analysis=m.analysis.model_dump(mode="json"),
        findings=dict(m.analysis.findings),
        plot_png=plot_png(m),
    )


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror}.") from None
