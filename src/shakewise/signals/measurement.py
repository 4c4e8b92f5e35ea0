"""What a tremor measurement gives: the `TremorAnalysis` printed and stored, and the
`Measurement` that also keeps the arrays behind it, for plots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shakewise.signals.recording import Floats
from shakewise.signals.spectrum import Bools, UniformSignal


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GapOut(_Out):
    start_s: float
    duration_s: float


class Harmonic(_Out):
    multiple: int
    frequency_hz: float
    relative_power: float  # power around k·f over power around f


class TremorAnalysis(_Out):
    """What `shakewise tremor analyze --json` prints."""

    sample_rate_hz: float
    duration_s: float
    tremor_detected: bool
    dominant_frequency_hz: float | None
    band: str | None
    suggests: str | None
    rms_m_s2: float  # tremor windows around the peak; else the whole 2.5–20 Hz band
    displacement_mm: float | None  # peak-to-peak, sinusoid of that RMS at that frequency
    regularity: float | None  # share of search-band power within ±0.5 Hz of the peak
    tremor_fraction: float
    frequency_stability_hz: float | None  # spread (IQR/1.349) of tremor-window peaks
    harmonics: list[Harmonic]
    gaps: list[GapOut]
    axis: list[float] | None  # unit vector of the tremor in the sensor's frame
    peak_from: Literal["gyroscope", "accelerometer"]
    findings: dict[str, str]
    sources: list[str]
    windows: int
    window_s: float
    searched_hz: tuple[float, float]
    notes: list[str]


@dataclass(frozen=True, eq=False)
class Measurement:
    """The analysis plus the arrays behind it (for plots and further study)."""

    analysis: TremorAnalysis
    signal: UniformSignal
    freqs: Floats  # (F,)
    spectrum: Floats  # mean PSD along the tremor axis, tremor windows (else all), (F,)
    window_starts_s: Floats  # (W,)
    window_peaks_hz: Floats  # (W,)
    window_is_tremor: Bools  # (W,)
