"""A motion recording (time, acceleration, optional rotation) and the loaders that read one.

`load_recording(path)` reads a file as it streams past; `parse_recording(data)` does the
same on its bytes (or text) and is pure. Both detect the layout from the content;
`format=` overrides the guess. Memory is the arrays plus a block of the file: the loaders
hand their own arrays to the `Recording`, which keeps them rather than copying.

The layouts it reads are listed in `formats.py` (shakewise CSV and JSON, mPower,
CloudUPDRS, Daphnet, phyphox, Sensor Logger).

Units: gravity makes the median size of the acceleration 1 in g, 9.8 in m/s² and 1000 in
mg, so the unit a file claims is checked against it; when they disagree the values are
converted by what they look like and a note says so (for example a shakewise CSV written in
g). Signals without gravity cannot be checked and keep the claimed unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias, cast

import numpy as np
from numpy.typing import NDArray

from shakewise.signals.errors import (
    EmptyRecordingError,
    MalformedRecordingError,
    UnknownFormatError,
)
from shakewise.signals.formats import read_samples
from shakewise.signals.samples import ACC_UNITS, FORMATS, AccUnit
from shakewise.signals.source import ByteSource, open_source, source_of

__all__ = [
    "ACC_UNITS",
    "FORMATS",
    "Floats",
    "Recording",
    "load_recording",
    "parse_recording",
]

Floats: TypeAlias = NDArray[np.float64]
STANDARD_GRAVITY = 9.80665  # m/s² per g
TO_M_S2: dict[AccUnit, float] = {"m/s2": 1.0, "g": STANDARD_GRAVITY, "mg": STANDARD_GRAVITY / 1000}
# Median |acceleration| of a worn or held sensor is gravity, give or take movement.
GRAVITY_RANGES: dict[AccUnit, tuple[float, float]] = {
    "g": (0.5, 2.0),
    "m/s2": (5.0, 20.0),
    "mg": (500.0, 2000.0),
}
CLIP_MIN_M_S2 = 1.5 * STANDARD_GRAVITY  # no sensor in use saturates below ±1.5 g
MAX_FILE_BYTES = 200_000_000
# Bounds checked from the data before any analysis array is allocated, so one hostile row
# ("1e7,0,9.7,0") cannot make a grid of years at 100 Hz. Two nights is the longest
# recording anyone measures (a night's periodic limb movements: wasm-plm-2016).
MAX_DURATION_S = 48 * 3600
# Phone and watch accelerometers saturate at 8-16 g; fifty times gravity is no movement a
# leg makes, so such a value is a wrong column or unit.
MAX_ACC_M_S2 = 50 * STANDARD_GRAVITY


@dataclass(frozen=True, eq=False)
class Recording:
    """Samples in time order. Arrays are made read-only; they are copied unless they are
    float64 and read-only already (as the loaders' are), so a long recording is held once.

    t: seconds, strictly increasing (any origin); acc: (N, 3) m/s², gravity included or
    not; gyro: (N, 3) rad/s or None; labels: per-sample annotation from the file (Daphnet:
    0 outside the experiment, 1 no freeze, 2 freeze) or None; notes: what the loader changed.
    """

    t: Floats
    acc: Floats
    gyro: Floats | None = None
    source_format: str = "array"
    labels: NDArray[np.int64] | None = None
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        t = _frozen(self.t, "times")
        n = len(t)
        if t.ndim != 1:
            raise MalformedRecordingError("The times must be one column of numbers.")
        if n == 0:
            raise EmptyRecordingError("The recording holds no samples.")
        acc = _frozen(self.acc, "accelerations", (n, 3))
        gyro = None if self.gyro is None else _frozen(self.gyro, "rotation rates", (n, 3))
        labels = None
        if self.labels is not None:
            labels = np.array(self.labels, dtype=np.int64)
            if labels.shape != (n,):
                raise MalformedRecordingError("There must be one label per sample.")
            labels.setflags(write=False)
        if n > 1 and not bool(np.all(np.diff(t) > 0)):
            raise MalformedRecordingError(
                "The times must increase from one sample to the next; sort the file by time."
            )
        object.__setattr__(self, "t", t)
        object.__setattr__(self, "acc", acc)
        object.__setattr__(self, "gyro", gyro)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "notes", tuple(self.notes))

    @property
    def n_samples(self) -> int:
        return len(self.t)

    @property
    def duration_s(self) -> float:
        return float(self.t[-1] - self.t[0])

    @property
    def sample_rate_hz(self) -> float:
        """Samples a second, from the median interval (robust to gaps and jitter)."""
        if self.n_samples < 2:
            return 0.0
        return float(1.0 / np.median(np.diff(self.t)))

    def clipped_share(self) -> tuple[float, float]:
        """Share of samples pinned at an axis' extreme beyond ±1.5 g, and that limit (m/s²).

        A saturated sensor repeats its full-scale value exactly; below 1.5 g repeated
        extremes are just quantisation of a still sensor, so they are not counted.
        """
        worst, limit = 0.0, 0.0
        for axis in self.acc.T:
            for extreme in (float(axis.max()), float(axis.min())):
                if abs(extreme) < CLIP_MIN_M_S2:
                    continue
                pinned = np.count_nonzero(np.abs(axis - extreme) <= 1e-9 * abs(extreme))
                if pinned > 1 and pinned / len(axis) > worst:
                    worst, limit = pinned / len(axis), abs(extreme)
        return worst, limit


def _frozen(values: Any, what: str, shape: tuple[int, int] | None = None) -> Floats:
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and _read_only(values):
        arr: Floats = values
    else:
        arr = np.array(values, dtype=np.float64)
    if shape is not None and arr.shape != shape:
        raise MalformedRecordingError(
            f"The {what} must be {shape[1]} columns with one row per time; got shape {arr.shape}."
        )
    if not bool(np.all(np.isfinite(arr))):
        raise MalformedRecordingError(f"Some {what} are missing or not finite numbers.")
    arr.setflags(write=False)
    return arr


def _read_only(arr: NDArray[Any]) -> bool:
    """Neither the array nor the array it views can be written through."""
    base = arr.base
    return not arr.flags.writeable and not (isinstance(base, np.ndarray) and base.flags.writeable)


def _freeze(arr: NDArray[Any]) -> NDArray[Any]:
    """Make an array of our own, and the table it views, read-only (see `_read_only`)."""
    if isinstance(arr.base, np.ndarray):
        arr.base.setflags(write=False)
    arr.setflags(write=False)
    return arr


# --- units ------------------------------------------------------------------------------


def guess_acc_unit(acc: Floats) -> AccUnit | None:
    """The unit whose gravity matches the median |acc|, or None (no gravity in the signal)."""
    magnitude = _median_size(acc)
    for unit, (low, high) in GRAVITY_RANGES.items():
        if low <= magnitude <= high:
            return unit
    return None


def _median_size(acc: Floats) -> float:
    return float(np.median(np.sqrt(np.einsum("ij,ij->i", acc, acc))))


def _largest_size(acc: Floats) -> float:
    """max |acc| over all values, NaN ignored, without an array of absolute values."""
    return float(np.fmax(np.fmax.reduce(acc, axis=None), -np.fmin.reduce(acc, axis=None)))


def _unit_of(
    acc: Floats, claimed: AccUnit, forced: AccUnit | None, gravity_free: bool
) -> tuple[AccUnit, list[str]]:
    """The unit the values are in, and a note when it is not the one the file claims."""
    if forced is not None:
        return forced, []
    guess = None if gravity_free else guess_acc_unit(acc)
    if guess is None or guess == claimed:
        notes = []
        if guess is None and not gravity_free:
            notes.append(
                f"The unit of the acceleration could not be checked (no gravity in the signal);"
                f" {claimed} was assumed."
            )
        return claimed, notes
    return guess, [
        f"The file gives acceleration in {claimed}, but its median size"
        f" ({_median_size(acc):.3g}) is gravity in {guess}: the values were read as {guess}"
        f" and converted to m/s². If that is wrong, give the unit explicitly."
    ]


# --- reading ----------------------------------------------------------------------------


def load_recording(
    path: str | Path, format: str | None = None, acc_unit: str | None = None
) -> Recording:
    """Read a recording file in one of the layouts of `formats.py`, as it streams past."""
    path = Path(path)
    too_large = MalformedRecordingError(
        f"{path.name} is larger than {MAX_FILE_BYTES // 1_000_000} MB;"
        " split it into shorter recordings."
    )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise too_large
        if not path.is_file():
            raise MalformedRecordingError(
                f"{path.name} is not a regular file; give a CSV or JSON file."
            )
        with path.open("rb") as stream:
            source = open_source(stream, MAX_FILE_BYTES)  # a file that grows is cut there
            if source.end > MAX_FILE_BYTES:
                raise too_large
            return _read(source, format, acc_unit)
    except OSError as exc:
        raise MalformedRecordingError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def parse_recording(
    data: str | bytes, format: str | None = None, acc_unit: str | None = None
) -> Recording:
    """Parse a recording's bytes (or text); pure. Raises a RecordingError saying what to fix."""
    return _read(source_of(data), format, acc_unit)


def _read(source: ByteSource, format: str | None, acc_unit: str | None) -> Recording:
    if acc_unit is not None and acc_unit not in ACC_UNITS:
        raise UnknownFormatError(
            f"Unknown acceleration unit '{acc_unit}'. Use one of: {', '.join(ACC_UNITS)}."
        )
    fmt, raw = read_samples(source, format)
    forced = None if acc_unit is None else cast(AccUnit, acc_unit)
    unit, notes = _unit_of(raw.acc, raw.unit, forced, raw.gravity_free)
    acc = raw.acc
    if TO_M_S2[unit] != 1.0:
        acc *= TO_M_S2[unit]  # in place: the arrays are the reader's own
    if acc.size and not _largest_size(acc) <= MAX_ACC_M_S2:
        raise MalformedRecordingError(
            "Some accelerations are larger than fifty times gravity or not numbers, which no"
            " leg movement gives; check the unit and that the columns are t, ax, ay, az."
        )
    t, acc, gyro, labels, order_note = _in_time_order(raw.t, acc, raw.gyro, raw.labels)
    if order_note:
        notes.append(order_note)
    if len(t) > 1 and float(t[-1] - t[0]) > MAX_DURATION_S:
        raise MalformedRecordingError(
            f"The times run over {float(t[-1] - t[0]) / 3600:,.0f} hours; shakewise measures"
            f" recordings of up to {MAX_DURATION_S // 3600} hours. Check the time column"
            " (seconds from the start) for a wrong value."
        )
    if gyro is not None and len(gyro) and not np.ptp(gyro, axis=0).any():
        notes.append(
            "The gyroscope columns never change (a phone without one writes zeros), so the"
            " shaking was measured from the acceleration."
        )
        gyro = None  # a dead gyroscope must not hide a tremor the accelerometer shows
    gyro = None if gyro is None else _freeze(gyro)
    return Recording(_freeze(t), _freeze(acc), gyro, fmt, labels, tuple(notes))


def _in_time_order(
    t: Floats, acc: Floats, gyro: Floats | None, labels: NDArray[np.int64] | None
) -> tuple[Floats, Floats, Floats | None, NDArray[np.int64] | None, str | None]:
    if not bool(np.all(np.isfinite(t))):
        raise MalformedRecordingError("Some times are missing or not numbers.")
    if len(t) < 2 or bool(np.all(np.diff(t) > 0)):
        return t, acc, gyro, labels, None
    order = np.argsort(t, kind="stable")
    t = t[order]
    keep = np.concatenate(([True], np.diff(t) > 0))
    dropped = int(np.count_nonzero(~keep))
    idx = order[keep]
    note = "Samples were sorted by time" + (
        f"; {dropped} with a repeated time were dropped." if dropped else "."
    )
    return (
        t[keep],
        acc[idx],
        None if gyro is None else gyro[idx],
        None if labels is None else labels[idx],
        note,
    )
