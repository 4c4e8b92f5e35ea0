"""The report as a PDF (reportlab): calm, clinical, one page where possible, two at most.

Order follows what a clinician reads first: who and when, the triage and why, what was
reported present and absent, likely causes with their evidence, measurements, diary,
medicines, then the knowledge version and sources.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from shakewise.report import PageSize
from shakewise.report.content import ReportContent

SIZES = {"A4": A4, "letter": LETTER}
LEVEL_COLOURS = {
    "emergency": colors.HexColor("#b00020"),
    "urgent": colors.HexColor("#a34700"),
    "doctor": colors.HexColor("#0b5cad"),
    "self_care": colors.HexColor("#1e6b33"),
}
MAX_LISTED = 14  # findings per column before "and N more"
MAX_HELP = 5  # "when to get help" lines, most urgent first

_base = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_base["BodyText"], fontSize=8.5, leading=10.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7, leading=8.5, textColor=colors.grey)
H1 = ParagraphStyle("h1", parent=_base["Title"], fontSize=14, leading=17, alignment=TA_LEFT)
H2 = ParagraphStyle("h2", parent=_base["Heading2"], fontSize=10, leading=12, spaceBefore=5)
BANNER = ParagraphStyle("banner", parent=BODY, fontSize=10, leading=13, textColor=colors.white)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _names(content: ReportContent) -> dict[str, str]:
    """Each finding in plain words, with the person's own words quoted when it came from
    their description: "Weakness in a leg ("no weakness")"."""
    said = {
        e.finding: f' ("{e.phrase}")'
        for e in content.assessment.evidence
        if e.source == "text" and e.phrase
    }
    return {f: label + said.get(f, "") for f, label in content.labels.items()}


def _findings_table(content: ReportContent) -> Table:
    def cell(items: list[str]) -> list[Paragraph]:
        shown = [Paragraph(_esc(x), BODY) for x in items[:MAX_LISTED]]
        if len(items) > MAX_LISTED:
            shown.append(Paragraph(f"and {len(items) - MAX_LISTED} more", SMALL))
        return shown or [Paragraph("none", SMALL)]

    names = _names(content)
    present = [names[e.finding] for e in content.present]
    absent = [names[e.finding] for e in content.absent]
    table = Table(
        [[Paragraph("<b>Reported present</b>", BODY), Paragraph("<b>Reported absent</b>", BODY)],
         [cell(present), cell(absent)]],
        colWidths=["50%", "50%"],
    )  # fmt: skip
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _causes_table(content: ReportContent) -> Table:
    rows: list[list[object]] = [
        [
            Paragraph(f"<b>{h}</b>", BODY)
            for h in ("Possible cause", "ICD-10-CM", "Prob.", "Evidence")
        ]
    ]
    names = _names(content)
    for c in content.assessment.causes:
        why = "; ".join(
            f"{names[w.finding]}: {w.answer} (LR {w.likelihood_ratio:g})" for w in c.why
        )
        rows.append(
            [
                Paragraph(_esc(c.name), BODY),
                Paragraph(c.icd10, BODY),
                Paragraph(f"{c.probability:.0%}", BODY),
                Paragraph(_esc(why), SMALL),
            ]
        )
    table = Table(rows, colWidths=["32%", "12%", "8%", "48%"], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f5f7")]),
            ]
        )
    )
    return table


def _num(values: dict[str, object], key: str) -> float | None:
    value = values.get(key)
    return float(value) if isinstance(value, int | float) else None


def _fitted_image(png: bytes, width: float, height: float) -> Image:
    """The PNG scaled to fit in width × height, its proportions kept."""
    image = Image(io.BytesIO(png))
    scale = min(width / image.imageWidth, height / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def _measurements(content: ReportContent, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for m in content.measurements:
        a = m.analysis
        freq, rms = _num(a, "dominant_frequency_hz"), _num(a, "rms_m_s2") or 0.0
        shift = _num(a, "displacement_mm")
        parts = [f"Tremor detected: <b>{'yes' if a.get('tremor_detected') else 'no'}</b>"]
        if freq is not None:
            parts.append(f"dominant frequency {freq:.2f} Hz ({a.get('band')})")
        parts.append(f"RMS {rms:.3f} m/s²" + (f" (~{shift:.1f} mm)" if shift else ""))
        parts.append(f"tremor in {_num(a, 'tremor_fraction') or 0.0:.0%} of windows")
        parts.append(
            f"{_num(a, 'duration_s') or 0.0:.0f} s at {_num(a, 'sample_rate_hz') or 0.0:.0f} Hz"
        )
        out.append(Paragraph("; ".join(parts) + ".", BODY))
        if m.plot_png:
            out.append(_fitted_image(m.plot_png, width, 55 * mm))
    return out


def _diary(content: ReportContent, width: float) -> list[Flowable]:
    d = content.diary
    if d is None:
        return []
    out: list[Flowable] = [
        Paragraph(
            f"{d.episodes} episodes logged from {d.since.isoformat()} to {d.until.isoformat()}.",
            BODY,
        )
    ]
    for label, items in (("Pattern warnings", d.pattern_warnings), ("Triggers", d.triggers)):
        if items:
            out.append(Paragraph(f"<b>{label}:</b> " + _esc("; ".join(items)), BODY))
    if d.chart_png:
        out.append(_fitted_image(d.chart_png, width, 35 * mm))
    return out


def render_pdf(content: ReportContent, pagesize: PageSize = "A4") -> bytes:
    """The report as PDF bytes."""
    buffer = io.BytesIO()
    size = SIZES[pagesize]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="shakewise report for a clinician",
        author="shakewise",
    )
    width = size[0] - 28 * mm
    doc.build(
        [*_heading(content), _banner(content, width), *_body(content, width), _sources(content)]
    )
    return buffer.getvalue()


def _heading(content: ReportContent) -> list[Flowable]:
    """Who the report is for, when it was made, and with which knowledge."""
    a = content.assessment
    who = f" for {_esc(content.patient_name)}" if content.patient_name else ""
    return [
        Paragraph(f"Leg shaking, twitching or cramps: self-assessment report{who}", H1),
        Paragraph(
            f"Created {content.created:%Y-%m-%d %H:%M} UTC with shakewise, knowledge base"
            f" {a.knowledge_version} ({a.knowledge_date}). Entered by the person; not a diagnosis.",
            SMALL,
        ),
        Spacer(1, 3 * mm),
    ]


def _banner(content: ReportContent, width: float) -> Table:
    """The triage level and its reasons, in the level's colour."""
    t = content.assessment.triage
    reasons = "<br/>".join("• " + _esc(r.message) for r in t.reasons)
    banner = Table(
        [[Paragraph(f"<b>Triage: {_esc(t.label)}</b> — {_esc(t.headline)}<br/>{reasons}", BANNER)]],
        colWidths=[width],
    )
    banner.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), LEVEL_COLOURS[t.level.value]),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return banner


def _body(content: ReportContent, width: float) -> list[Flowable]:
    """The sections in the order a clinician reads them; empty ones are left out."""
    a = content.assessment
    story: list[Flowable] = []
    if content.description:
        story += [
            Paragraph("In the person's words", H2),
            Paragraph(_esc(content.description), BODY),
        ]
    story += [Paragraph("Findings", H2), _findings_table(content)]
    story += [
        Paragraph("Likely causes (probabilities from the answers)", H2),
        _causes_table(content),
    ]
    if content.measurements:
        story += [Paragraph("Measurements (phone or wearable motion sensor)", H2)]
        story += _measurements(content, width)
    if content.diary:
        story += [Paragraph("Diary", H2), *_diary(content, width)]
    if content.medications:
        story += [
            Paragraph("Medicines mentioned", H2),
            Paragraph(_esc("; ".join(content.medications)), BODY),
        ]
    if a.seek_help:  # every result shows when to get help, the report too
        story += [
            Paragraph("When to get help (as shown to the person)", H2),
            *[Paragraph("• " + _esc(h.text), BODY) for h in a.seek_help[:MAX_HELP]],
        ]
    return story


def _sources(content: ReportContent) -> KeepTogether:
    a = content.assessment
    sources = "; ".join(f"{s.title} ({s.publisher})" for s in a.sources[:12])
    return KeepTogether(
        [
            Paragraph("Knowledge and sources", H2),
            Paragraph(_esc(sources), SMALL),
            Spacer(1, 2 * mm),
            Paragraph(_esc(a.disclaimer), SMALL),
        ]
    )
