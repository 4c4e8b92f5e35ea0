"""Reports for a clinician: a one-page PDF and a FHIR R4 Bundle, from one `ReportContent`."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from shakewise.report.content import DiarySummary, Measurement, ReportContent, build_content

PageSize = Literal["A4", "letter"]  # named here so `shakewise report --help` needs no reportlab

__all__ = ["DiarySummary", "Measurement", "PageSize", "ReportContent", "build_content"]


def __getattr__(name: str) -> Any:
    if name in {"DiarySummary", "Measurement", "ReportContent", "build_content"}:
        return getattr(import_module("shakewise.report.content"), name)
    raise AttributeError(f"module 'shakewise.report' has no attribute {name!r}")
