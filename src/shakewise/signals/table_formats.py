"""The text-table layouts (shakewise CSV, phyphox, Sensor Logger, CloudUPDRS, Daphnet):
how each is recognised from its first line, and which columns it gives.

The bytes go to arrays without a string of the whole file (`table.py`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from itertools import islice

import numpy as np

from shakewise.signals.errors import (
    EmptyRecordingError,
    MalformedRecordingError,
    UnknownFormatError,
)
from shakewise.signals.samples import JSON_FORMATS, RawSamples
from shakewise.signals.source import ByteSource
from shakewise.signals.table import Table, content_lines

_HEADERLESS = ("cloudupdrs", "daphnet")
DECIMAL_COMMA_LINES = 50  # the lines looked at for decimal commas


def parse_table(source: ByteSource, format: str | None) -> tuple[str, RawSamples]:
    """The format name and the columns of a text table (`format` overrides detection)."""
    lines = content_lines(source)
    first = next(lines, None)
    if first is None:
        raise EmptyRecordingError("The file holds no samples.")
    delimiter = _delimiter(first.text)
    has_header = not _all_numbers(first.text, delimiter)
    if format in JSON_FORMATS:
        raise UnknownFormatError(f"'{format}' is a JSON format, but the file is not JSON.")
    if has_header:
        header = _header(first.text, delimiter)
        fmt = format or _format_from_header(header)
        if fmt in _HEADERLESS:
            raise UnknownFormatError(f"A {fmt} file has no header line, but this one has.")
        offset, number = first.end, first.number + 1
        head = [line.text for line in islice(lines, DECIMAL_COMMA_LINES)]
    else:
        header = []
        fmt = format or _format_headerless(first.text, delimiter, first.number)
        if fmt not in _HEADERLESS:
            raise MalformedRecordingError(
                f"A {fmt} file starts with a header line naming its columns; line"
                f" {first.number} holds only numbers."
            )
        offset, number = source.start, 1
        head = [first.text] + [line.text for line in islice(lines, DECIMAL_COMMA_LINES - 1)]
    if not head:
        raise EmptyRecordingError("The file has a header but no samples.")
    decimal_comma = delimiter in (";", "\t") and any("," in line for line in head)
    table = Table(source, header, delimiter, offset, number, decimal_comma)
    return fmt, _TABLE_PARSERS[fmt](table)


def _delimiter(line: str) -> str | None:
    counts = {d: line.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def _all_numbers(line: str, delimiter: str | None) -> bool:
    try:
        [float(cell) for cell in line.split(delimiter) if cell.strip()]
    except ValueError:
        return False
    return True


def _header(line: str, delimiter: str | None) -> list[str]:
    cells = next(csv.reader([line], delimiter=delimiter or " ", skipinitialspace=True))
    return [re.sub(r"\s+", " ", c.strip().strip('"').strip()).lower() for c in cells if c.strip()]


def _format_from_header(header: list[str]) -> str:
    names = set(header)
    if {"ax", "ay", "az"} <= names and names & {"t", "timestamp"}:
        return "shakewise-csv"
    if {"seconds_elapsed", "x", "y", "z"} <= names:
        return "sensor-logger"
    if "time (s)" in names and any(n.endswith("acceleration x (m/s^2)") for n in names):
        return "phyphox"
    raise UnknownFormatError(
        f"Unknown CSV layout (columns: {', '.join(header[:8])}). shakewise reads a header"
        " 't' (s) or 'timestamp' (ms) with 'ax, ay, az' in m/s², phyphox and Sensor Logger"
        " exports, CloudUPDRS, mPower and Daphnet files."
    )


def _format_headerless(line: str, delimiter: str | None, line_no: int) -> str:
    n = len([c for c in line.split(delimiter) if c.strip()])
    if delimiter == "," and n in (4, 5):
        return "cloudupdrs"
    if delimiter is None and n == 11:
        return "daphnet"
    raise UnknownFormatError(
        f"Line {line_no} holds {n} numbers and no header. Add a header line naming the"
        " columns (t, ax, ay, az), or say which format the file is in."
    )


def _shakewise_csv(table: Table) -> RawSamples:
    t_col = table.column("t")
    time_col = t_col if t_col is not None else table.need("timestamp")
    names = ["t" if t_col is not None else "timestamp", "ax", "ay", "az"]
    cols = [time_col, table.need("ax"), table.need("ay"), table.need("az")]
    gyro_cols = [table.column(g) for g in ("gx", "gy", "gz")]
    has_gyro = all(c is not None for c in gyro_cols)
    if has_gyro:
        cols += [c for c in gyro_cols if c is not None]
        names += ["gx", "gy", "gz"]
    data = table.numbers(cols, names)
    t = data[:, 0]
    if t_col is None:
        t /= 1000.0  # in place: the table is ours
    return RawSamples(t, data[:, 1:4], "m/s2", data[:, 4:7] if has_gyro else None)


def _sensor_logger(table: Table) -> RawSamples:
    names = ["seconds_elapsed", "x", "y", "z"]
    data = table.numbers([table.need(n) for n in names], names)
    return RawSamples(data[:, 0], data[:, 1:4], "m/s2")


def _phyphox(table: Table) -> RawSamples:
    linear = "linear acceleration x (m/s^2)" in table.header
    prefix = "linear acceleration" if linear else "acceleration"
    names = ["time (s)"] + [f"{prefix} {a} (m/s^2)" for a in "xyz"]
    gyro_names = [f"gyroscope {a} (rad/s)" for a in "xyz"]
    has_gyro = all(n in table.header for n in gyro_names)
    if has_gyro:
        names += gyro_names
    data = table.numbers([table.need(n) for n in names], names)
    gyro = data[:, 4:7] if has_gyro else None
    return RawSamples(data[:, 0], data[:, 1:4], "m/s2", gyro, gravity_free=linear)


def _cloudupdrs(table: Table) -> RawSamples:
    data = table.numbers([0, 1, 2, 3], ["timestamp_ns", "x", "y", "z"])
    t = data[:, 0]
    t -= t[0]
    t /= 1e9
    return RawSamples(t, data[:, 1:4], "m/s2")


def _daphnet(table: Table) -> RawSamples:
    names = ["time_ms", "ankle_x", "ankle_y", "ankle_z", "label"]
    data = table.numbers([0, 1, 2, 3, 10], names)
    t = data[:, 0]
    t /= 1000.0
    return RawSamples(t, data[:, 1:4], "mg", labels=data[:, 4].astype(np.int64))


_TABLE_PARSERS: dict[str, Callable[[Table], RawSamples]] = {
    "shakewise-csv": _shakewise_csv,
    "sensor-logger": _sensor_logger,
    "phyphox": _phyphox,
    "cloudupdrs": _cloudupdrs,
    "daphnet": _daphnet,
}
