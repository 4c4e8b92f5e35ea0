"""All of a user's data out (JSON, or the episodes as CSV) and back in.

The JSON document is what "export all of my data" hands over, and what `import` reads:

    {"format": "shakewise-export", "version": 1, "exported_at": ..., "account": {...},
     "episodes": [...], "checkins": [...], "assessments": [...], "recordings": [...]}

Entries carry their `uid`, and episodes point at their recording and assessment by uid,
so a file can move between databases and be imported twice without doubling anything.
An import is validated whole before anything is written and written in one transaction:
a bad file changes nothing.

    document.py     the document's models (format, version, one record per kind)
    exporter.py     export_user_data
    importer.py     parse_export, import_user_data
    spreadsheet.py  episodes_csv, csv_cell
"""

from shakewise.storage.transfer.document import (
    FORMAT,
    VERSION,
    Account,
    AssessmentRecord,
    EpisodeRecord,
    ExportDocument,
    RecordingRecord,
)
from shakewise.storage.transfer.exporter import export_user_data
from shakewise.storage.transfer.importer import (
    MAX_IMPORT_BYTES,
    ImportSummary,
    import_user_data,
    parse_export,
)
from shakewise.storage.transfer.spreadsheet import (
    CSV_COLUMNS,
    FORMULA_STARTS,
    csv_cell,
    episodes_csv,
)

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "FORMULA_STARTS",
    "MAX_IMPORT_BYTES",
    "VERSION",
    "Account",
    "AssessmentRecord",
    "EpisodeRecord",
    "ExportDocument",
    "ImportSummary",
    "RecordingRecord",
    "csv_cell",
    "episodes_csv",
    "export_user_data",
    "import_user_data",
    "parse_export",
]
