"""The file layouts shakewise reads, and how each becomes columns of numbers.

Formats (`format=` name: layout; time; acceleration unit):
- `shakewise-csv`: header with `t` (s) or `timestamp` (ms), `ax, ay, az` and optionally
  `gx, gy, gz` (rad/s); m/s².
- `shakewise-json`: the web page's upload, below; s; m/s².
- `mpower`: JSON list of `{"x", "y", "z", "timestamp"}` (mPower iPhone app); s; g.
- `cloudupdrs`: CSV without header, `timestamp_ns, x, y, z[, accuracy]`; ns; m/s².
- `daphnet`: space-separated, 11 columns: time, ankle x/y/z, thigh x/y/z, trunk x/y/z,
  label (Daphnet Freezing of Gait); ms; mg. The ankle sensor is read.
- `phyphox`: phyphox export, `"Time (s)", "Acceleration x (m/s^2)", ...` (or `Linear
  Acceleration`, optional `Gyroscope x (rad/s)`), separated by `,` `;` or tab; s; m/s².
- `sensor-logger`: Sensor Logger's `Accelerometer.csv` or `TotalAcceleration.csv`,
  `time, seconds_elapsed, z, y, x`; `seconds_elapsed`; m/s².

The web page's JSON (`shakewise-json`), one object per motion event:

    {"acc_unit": "m/s2",          optional: "m/s2" (default) | "g" | "mg"
     "gyro_unit": "rad/s",        optional: "rad/s" (default) | "deg/s" (DeviceMotion)
     "samples": [{"t": 0.0,       seconds, any origin (DeviceMotionEvent.timeStamp / 1000)
                  "ax": 0.1, "ay": 9.7, "az": 0.3,   accelerationIncludingGravity (or acceleration)
                  "gx": 0.0, "gy": 0.0, "gz": 0.0}]} optional rotation rate
A bare list of the sample objects is accepted too.

`read_samples(source)` detects the layout from the content (`format=` overrides) and
returns the columns with the unit the file claims; `recording.parse_recording` checks the
unit and builds the `Recording`. Tables go from the bytes to arrays without a string of the
whole file (`table.py`); JSON is parsed whole, as it has to be.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

import numpy as np
from numpy.typing import NDArray

from shakewise.signals.errors import (
    EmptyRecordingError,
    MalformedRecordingError,
    UnknownFormatError,
)
from shakewise.signals.source import ByteSource
from shakewise.signals.table import Table, content_lines

if TYPE_CHECKING:
    from shakewise.signals.recording import Floats

FormatName = Literal[
    "shakewise-csv", "shakewise-json", "mpower", "cloudupdrs", "daphnet", "phyphox",
    "sensor-logger",
]  # fmt: skip
FORMATS: tuple[str, ...] = get_args(FormatName)
JSON_FORMATS = ("shakewise-json", "mpower")
AccUnit = Literal["m/s2", "g", "mg"]
ACC_UNITS: tuple[str, ...] = get_args(AccUnit)


@dataclass
class RawSamples:
    """What a format parser hands back: times in s, acc in `unit`, gyro in rad/s. The
    arrays are the parser's own (views of one table), so the caller may change them."""

    t: Floats
    acc: Floats
    unit: AccUnit
    gyro: Floats | None = None
    labels: NDArray[np.int64] | None = None
    gravity_free: bool = False


def read_samples(source: ByteSource, format: str | None = None) -> tuple[str, RawSamples]:
    """The format name and the columns of a recording (byte-order marks already skipped)."""
    if format is not None and format not in FORMATS:
        raise UnknownFormatError(f"Unknown format '{format}'. Use one of: {', '.join(FORMATS)}.")
    if not source.first:
        raise EmptyRecordingError("The file is empty: it holds no samples.")
    if source.nul:
        raise MalformedRecordingError(
            "The file holds NUL bytes, so it is not a text recording; export it as CSV or JSON."
        )
    if source.first in b"[{":
        fmt, raw = _parse_json(source.text(), format)
    else:
        try:
            fmt, raw = _parse_table(source, format)
        except csv.Error as exc:  # a header field of megabytes, a stray quote
            raise MalformedRecordingError(
                f"The header line cannot be read as columns ({str(exc)[:80]})."
            ) from None
    if len(raw.t) == 0:
        raise EmptyRecordingError("The file has a header but no samples.")
    return fmt, raw


# --- JSON formats -----------------------------------------------------------------------


def _parse_json(text: str, format: str | None) -> tuple[str, RawSamples]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecordingError(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise MalformedRecordingError(
            "The JSON is nested too deeply; a recording is a list of samples, one level deep."
        ) from None
    except ValueError:  # a number with thousands of digits
        raise MalformedRecordingError(
            "The JSON holds a number too long to be a measurement; check the file."
        ) from None
    meta: dict[str, Any] = {}
    if isinstance(data, dict):
        meta = data
        if "samples" not in data:
            raise UnknownFormatError(
                "This JSON object has no 'samples' list. shakewise reads"
                ' {"samples": [{"t", "ax", "ay", "az"}, ...]} or an mPower list of'
                ' {"x", "y", "z", "timestamp"}.'
            )
        data = data["samples"]
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise MalformedRecordingError("The samples must be a JSON list of objects.")
    if not data:
        raise EmptyRecordingError("The JSON holds an empty list of samples.")
    keys = set(data[0])
    fmt = format
    if fmt is None:
        if {"t", "ax", "ay", "az"} <= keys:
            fmt = "shakewise-json"
        elif {"x", "y", "z", "timestamp"} <= keys:
            fmt = "mpower"
        else:
            raise UnknownFormatError(
                f"Unknown JSON layout (sample keys: {', '.join(sorted(keys))}). shakewise reads"
                ' samples {"t", "ax", "ay", "az"[, "gx", "gy", "gz"]} or mPower'
                ' {"x", "y", "z", "timestamp"}.'
            )
    if fmt not in JSON_FORMATS:
        raise UnknownFormatError(f"The file is JSON, but '{fmt}' is a text-table format.")
    if fmt == "mpower":
        cols = _json_columns(data, ["timestamp", "x", "y", "z"])
        return fmt, RawSamples(cols[:, 0], cols[:, 1:4], "g")
    acc_unit = meta.get("acc_unit", "m/s2")
    gyro_unit = meta.get("gyro_unit", "rad/s")
    if acc_unit not in ACC_UNITS or gyro_unit not in ("rad/s", "deg/s"):
        raise MalformedRecordingError(
            "'acc_unit' must be m/s2, g or mg and 'gyro_unit' rad/s or deg/s."
        )
    has_gyro = {"gx", "gy", "gz"} <= keys
    names = ["t", "ax", "ay", "az"] + (["gx", "gy", "gz"] if has_gyro else [])
    cols = _json_columns(data, names)
    gyro = None
    if has_gyro:
        gyro = cols[:, 4:7] * (np.pi / 180 if gyro_unit == "deg/s" else 1.0)
    return fmt, RawSamples(cols[:, 0], cols[:, 1:4], cast(AccUnit, acc_unit), gyro)


def _json_columns(samples: list[dict[str, Any]], names: list[str]) -> Floats:
    try:
        cols = np.array([[s[k] for k in names] for s in samples], dtype=np.float64)
    except (KeyError, TypeError, ValueError, OverflowError):
        cols = None
    if cols is not None:
        if not bool(np.all(np.isfinite(cols))):
            raise MalformedRecordingError(
                "Some values are too large to be measurements (or not numbers); check the file."
            )
        return cols
    for i, sample in enumerate(samples, start=1):
        for k in names:
            value = sample.get(k)
            if value is None:
                raise MalformedRecordingError(
                    f"Sample {i} has no '{k}'. Every sample needs: {', '.join(names)}."
                ) from None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise MalformedRecordingError(
                    f"Sample {i}: '{k}' is {json.dumps(value)[:40]}, not a number."
                ) from None
    raise MalformedRecordingError(
        "The samples could not be read as numbers (a value is too large to be a measurement)."
    )


# --- text-table formats -----------------------------------------------------------------

_HEADERLESS = ("cloudupdrs", "daphnet")
DECIMAL_COMMA_LINES = 50  # the lines looked at for decimal commas


def _parse_table(source: ByteSource, format: str | None) -> tuple[str, RawSamples]:
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


_TABLE_PARSERS = {
    "shakewise-csv": _shakewise_csv,
    "sensor-logger": _sensor_logger,
    "phyphox": _phyphox,
    "cloudupdrs": _cloudupdrs,
    "daphnet": _daphnet,
}
