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
unit and builds the `Recording`. Each layout is read in json_formats.py or table_formats.py;
their names, the units and `RawSamples` are in samples.py.
"""

from __future__ import annotations

import csv

from shakewise.signals.errors import (
    EmptyRecordingError,
    MalformedRecordingError,
    UnknownFormatError,
)
from shakewise.signals.json_formats import parse_json
from shakewise.signals.samples import FORMATS, RawSamples
from shakewise.signals.source import ByteSource
from shakewise.signals.table_formats import parse_table


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
        fmt, raw = parse_json(source.text(), format)
    else:
        try:
            fmt, raw = parse_table(source, format)
        except csv.Error as exc:  # a header field of megabytes, a stray quote
            raise MalformedRecordingError(
                f"The header line cannot be read as columns ({str(exc)[:80]})."
            ) from None
    if len(raw.t) == 0:
        raise EmptyRecordingError("The file has a header but no samples.")
    return fmt, raw
