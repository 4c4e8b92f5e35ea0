"""Reports for a clinician: a one-page PDF and a FHIR R4 Bundle, from one `ReportContent`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from shakewise.lazy import lazy_exports

if TYPE_CHECKING:
    from shakewise.report.content import DiarySummary, Measurement, ReportContent, build_content

PageSize = Literal["A4", "letter"]  # named here so `shakewise report --help` needs no reportlab

__all__ = ["DiarySummary", "Measurement", "PageSize", "ReportContent", "build_content"]
__getattr__ = lazy_exports(__name__, dict.fromkeys(set(__all__) - {"PageSize"}, "content"))
