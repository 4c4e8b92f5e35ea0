"""Reports for a clinician: a one-page PDF and a FHIR R4 Bundle, from one `ReportContent`."""

from shakewise.report.content import DiarySummary, Measurement, ReportContent, build_content

__all__ = ["DiarySummary", "Measurement", "ReportContent", "build_content"]
