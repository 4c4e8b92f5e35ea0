"""Episodes as CSV for a spreadsheet, with no cell that a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from shakewise.diary.episode import CONTEXT_FIELDS, Episode

CSV_COLUMNS = (
    "id",
    "uid",
    "started_at",
    "duration_s",
    "kind",
    "severity",
    "side",
    "sites",
    "weakness",
    *CONTEXT_FIELDS,
    "note",
    "recording_id",
    "assessment_id",
)


def episodes_csv(episodes: Sequence[Episode]) -> str:
    """Episodes as CSV (one row each; sites joined by ';'; empty cell = not recorded).

    Cells that a spreadsheet would run as a formula get a leading ' (see `csv_cell`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for ep in episodes:
        data = ep.model_dump(mode="json")
        data["sites"] = ";".join(ep.sites)
        writer.writerow([csv_cell(data[c]) for c in CSV_COLUMNS])
    return out.getvalue()


FORMULA_STARTS = frozenset("=+-@\t\r")  # OWASP CSV injection: a tab or CR first also runs


def csv_cell(value: object) -> str:
    """One CSV cell; text a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if isinstance(value, str) and text[:1] in FORMULA_STARTS:
        return "'" + text
    return text
