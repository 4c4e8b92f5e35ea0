"""The layouts' names, the acceleration units, and `RawSamples`: the columns a layout
gives before `recording.parse_recording` checks them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # the names are read by `shakewise tremor --help`, without numpy
    import numpy as np
    from numpy.typing import NDArray

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
