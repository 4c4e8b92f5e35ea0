"""Tremor measurement: is there a tremor, how fast, how strong, how regular.

`analyze(rec)` returns the `TremorAnalysis` of DESIGN.md (`shakewise tremor analyze
--json`); `measure(rec)` also keeps the spectra, for plots. Pure functions, no I/O.

Method, in steps:
1. Resample to a uniform grid at the median rate; intervals over 3 median intervals are
   gaps, reported, and no window spans one.
2. Cut 4 s windows every 2 s (as ParaDigMa, Timmermans et al. 2025); remove each window's
   mean (gravity, drift) and taper it with a Hann window; FFT with 2× zero padding.
3. The peak is looked for in the rotation rate when the recording has a gyroscope (it
   follows tremor ratings better than acceleration: Elble et al., Mov Disord Clin Pract
   2016; ParaDigMa uses it alone), else in the acceleration. Per window, take the axis
   of most power in the 2.5–20 Hz search band (PCA of the band's 3×3 cross-spectrum, so it
   follows the limb when it turns) and the spectrum along it.
4. The peak is the 2.5–20 Hz frequency with most power averaged over ±0.5 Hz, refined by
   a parabola through the log power of the top bins.
5. A window is a **tremor window** when all of these hold:
   - prominence over the background: mean power within ±0.5 Hz of the peak is at least
     10× the median power of the search band (the background spectrum);
   - it is a peak: at least 2× the power 1–2 Hz either side of it;
   - not voluntary movement: at least 2× the mean power at 0.5–2.5 Hz (ParaDigMa gates
     on the same "below tremor" band);
   - not the second harmonic of a slower movement (for peaks under 5 Hz, the power at
     half the frequency must be lower);
   - minimum amplitude: the RMS acceleration within ±1 Hz of the peak, all three axes,
     is at least 0.01 m/s² (phone sensor noise in a 2 Hz band is about 0.004 m/s²).
   Classifying windows by the power around the spectral peak relative to the tremor band
   follows Luft et al., "A power spectral density-based method to detect tremor and tremor
   intermittency in movement disorders", Sensors 2019;19:4301 (PMC6806079; 3 s windows,
   specificity 96 %, sensitivity 85 %). The thresholds are shakewise choices, set above
   phone noise and checked on synthetic signals and the recordings in tests/data; they
   are not validated against clinical ratings.
6. A tremor is detected when at least 3 windows (about 8 s) are tremor windows. Its
   frequency is the median peak of the tremor windows, so on a day-long recording it is
   the frequency of the tremor, not of everything else; `tremor_fraction` is the share of
   windows with tremor. Amplitude (acceleration), regularity and harmonics come from the
   tremor windows too. Regularity findings are only given when tremor fills at least half
   of the recording: across a day, the windows mix activities and harmonics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from shakewise.signals import bands
from shakewise.signals.errors import (
    RecordingTooShortError,
    SampleRateTooLowError,
    SaturatedRecordingError,
)
from shakewise.signals.recording import Floats, Recording
from shakewise.signals.spectrum import (
    Bools,
    UniformSignal,
    WindowSpectra,
    band_slice,
    project,
    resample,
    total_psd,
    window_axes,
    window_spectra,
)

WINDOW_S = 4.0
STEP_S = 2.0
PEAK_HALF_WIDTH_HZ = 0.5
AMPLITUDE_HALF_WIDTH_HZ = 1.0
FLANK_OFFSET_HZ = 1.5  # flank = mean power over [f+1, f+2] Hz (and below)
MIN_PROMINENCE = 10.0
MIN_FLANK_RATIO = 2.0
MIN_RMS_M_S2 = 0.01
BELOW_TREMOR_HZ = 0.5  # 0.5–2.5 Hz: voluntary movement, steps, sway
MIN_OVER_MOVEMENT = 2.0
MIN_TREMOR_WINDOWS = 3
MIN_REGULARITY_SHARE = 0.5  # regularity is judged on recordings mostly of the tremor
MIN_DURATION_S = 8.0
NYQUIST_SHARE = 0.45  # search no higher than 0.9 × Nyquist (anti-alias roll-off)
MIN_TOP_HZ = 12.0  # the search must at least cover 2.5–12 Hz
MAX_CLIPPED_SHARE = 0.01
HARMONIC_PROMINENCE = 5.0
IQR_PER_SD = 1.349  # interquartile range of a normal distribution, in SDs
SPECTRUM_MAX_HZ = 25.0  # flanks of a 20 Hz peak reach 22 Hz; nothing above is used


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


def analyze(rec: Recording) -> TremorAnalysis:
    """Measure tremor in a recording (criteria in the module docstring)."""
    return measure(rec).analysis


def search_top_hz(fs: float) -> float:
    return min(bands.SEARCH_HIGH_HZ, NYQUIST_SHARE * fs)


def _check(rec: Recording) -> list[str]:
    notes = list(rec.notes)
    if rec.duration_s < MIN_DURATION_S:
        raise RecordingTooShortError(
            f"The recording lasts {rec.duration_s:.1f} s; at least {MIN_DURATION_S:g} s are"
            " needed to measure a tremor (20–30 s is better). Record for longer."
        )
    fs = rec.sample_rate_hz
    if search_top_hz(fs) < MIN_TOP_HZ:
        need = MIN_TOP_HZ / NYQUIST_SHARE
        raise SampleRateTooLowError(
            f"The recording has {fs:.1f} samples a second; seeing tremor up to"
            f" {MIN_TOP_HZ:g} Hz needs at least {need:.0f} (Nyquist). Record at a higher"
            " rate: phones and browsers give 50–100."
        )
    if search_top_hz(fs) < bands.OT_NOMINAL_HIGH_HZ:
        notes.append(
            f"At {fs:.0f} samples a second only frequencies up to {search_top_hz(fs):.0f} Hz"
            " can be measured, so the 13–18 Hz band was not checked."
        )
    share, limit = rec.clipped_share()
    if share >= MAX_CLIPPED_SHARE:
        raise SaturatedRecordingError(
            f"{share:.0%} of the samples sit at the sensor's limit (±{limit:.1f} m/s²), so"
            " the shaking is cut off. Fix the phone firmly so it cannot knock, or use a"
            " sensor with a larger range."
        )
    if share > 0:
        notes.append(f"A few samples ({share:.2%}) sit at the sensor's limit and were kept.")
    return notes


def _smooth(psd: Floats, half: int) -> Floats:
    """Moving mean over 2·half+1 bins along the last axis (edges use what exists)."""
    n = psd.shape[1]
    csum = np.zeros((psd.shape[0], n + 1))
    np.cumsum(psd, axis=1, out=csum[:, 1:])
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    smooth: Floats = csum[:, hi]
    smooth -= csum[:, lo]  # in place: over a night each (windows, bins) array is tens of MB
    smooth /= hi - lo
    return smooth


@dataclass(frozen=True, eq=False)
class _Windows:
    peaks_hz: Floats
    is_tremor: Bools
    rms: Floats  # acceleration within ±1 Hz of the peak, all axes, m/s²
    concentration: Floats
    psd: Floats  # along each window's axis, of the detection signal


def _score_windows(
    det: WindowSpectra, top_hz: float, det_axes: Floats, acc_power: Floats
) -> _Windows:
    """Peak, criteria and amplitude of every window (steps 3–5 of the module docstring).

    `det` is the signal the peak is looked for in (rotation rate when there is one, else
    acceleration), along `det_axes`; `acc_power` (the acceleration's total PSD) gives the
    amplitude. Both have the same windows and bins.
    """
    df = det.df
    psd = project(det, det_axes)
    half = round(PEAK_HALF_WIDTH_HZ / df)
    smooth = _smooth(psd, half)
    search = band_slice(det.freqs, bands.SEARCH_LOW_HZ, top_hz)
    rows = np.arange(len(psd))
    last = psd.shape[1] - 1
    peak_bin = search.start + np.argmax(smooth[:, search], axis=1)
    # Refine: the highest raw bin near the smoothed peak, then a parabola on log power.
    near = np.clip(peak_bin[:, None] + np.arange(-half, half + 1), search.start, search.stop - 1)
    top = near[rows, np.argmax(psd[rows[:, None], near], axis=1)]
    y0, y1, y2 = (np.log(psd[rows, np.clip(top + d, 0, last)] + 1e-300) for d in (-1, 0, 1))
    curvature = y0 - 2 * y1 + y2
    safe = np.where(curvature < 0, curvature, -1.0)
    shift = np.where(curvature < 0, np.clip(0.5 * (y0 - y2) / safe, -1, 1), 0.0)
    peaks_hz = np.clip((top + shift) * df, bands.SEARCH_LOW_HZ, top_hz)

    peak_power = smooth[rows, peak_bin]
    background = np.median(psd[:, search], axis=1) + 1e-300
    offset = round(FLANK_OFFSET_HZ / df)
    flank = np.maximum(
        smooth[rows, np.clip(peak_bin - offset, 0, last)],
        smooth[rows, np.clip(peak_bin + offset, 0, last)],
    )
    below = psd[:, band_slice(det.freqs, BELOW_TREMOR_HZ, bands.SEARCH_LOW_HZ)].mean(axis=1)
    half_bin = np.clip(np.rint(peak_bin / 2).astype(int), 0, last)
    harmonic_of_slower = (peaks_hz < 2 * bands.SEARCH_LOW_HZ) & (
        smooth[rows, half_bin] >= peak_power
    )

    amp_half = round(AMPLITUDE_HALF_WIDTH_HZ / df)
    cumulative = np.concatenate(
        (np.zeros((len(acc_power), 1)), np.cumsum(acc_power, axis=1)), axis=1
    )
    lo = np.clip(peak_bin - amp_half, 0, last + 1)
    hi = np.clip(peak_bin + amp_half + 1, 0, last + 1)
    rms = np.sqrt((cumulative[rows, hi] - cumulative[rows, lo]) * df)

    band_power = psd[:, search].sum(axis=1) + 1e-300
    concentration = np.minimum(peak_power * (2 * half + 1) / band_power, 1.0)
    is_tremor = (
        (peak_power >= MIN_PROMINENCE * background)
        & (peak_power >= MIN_FLANK_RATIO * flank)
        & (peak_power >= MIN_OVER_MOVEMENT * below)
        & (rms >= MIN_RMS_M_S2)
        & ~harmonic_of_slower
    )
    return _Windows(peaks_hz, is_tremor, rms, concentration, psd)


def measure(rec: Recording) -> Measurement:
    """Analysis and its spectra (see the module docstring)."""
    notes = _check(rec)
    sig = resample(rec)
    top_hz = search_top_hz(sig.fs)
    acc = window_spectra(sig, WINDOW_S, STEP_S, max_hz=SPECTRUM_MAX_HZ)
    acc_axes = window_axes(acc, bands.SEARCH_LOW_HZ, top_hz)
    acc_power = total_psd(acc)
    if sig.gyro is None:
        det, det_axes = acc, acc_axes
    else:
        det = window_spectra(sig, WINDOW_S, STEP_S, SPECTRUM_MAX_HZ, gyro=True)
        det_axes = window_axes(det, bands.SEARCH_LOW_HZ, top_hz)
    w = _score_windows(det, top_hz, det_axes, acc_power)
    tremor = w.is_tremor
    n_tremor = int(tremor.sum())
    detected = n_tremor >= MIN_TREMOR_WINDOWS
    chosen = tremor if detected else np.ones_like(tremor)
    acc_psd = w.psd if det is acc else project(acc, acc_axes)
    spectrum = acc_psd[chosen].mean(axis=0)
    search = band_slice(acc.freqs, bands.SEARCH_LOW_HZ, top_hz)
    if sig.gaps:
        total_gap = sum(g.duration_s for g in sig.gaps)
        notes.append(f"{len(sig.gaps)} gap(s) in the samples, {total_gap:.1f} s in all, left out.")

    frequency = stability = regularity = displacement = None
    axis: list[float] | None = None
    harmonics: list[Harmonic] = []
    if detected:
        peaks = w.peaks_hz[tremor]
        frequency = float(np.median(peaks))
        q1, q3 = np.percentile(peaks, [25, 75])
        stability = float((q3 - q1) / IQR_PER_SD)
        regularity = float(np.median(w.concentration[tremor]))
        rms = float(np.sqrt(np.mean(w.rms[tremor] ** 2)))
        displacement = 2 * np.sqrt(2) * rms / (2 * np.pi * frequency) ** 2 * 1000
        axis = _mean_axis(acc_axes[tremor])
        det_spectrum = w.psd[tremor].mean(axis=0)
        harmonics = _harmonics(det.freqs, det_spectrum, frequency, sig.fs, search)
    else:
        rms = float(np.sqrt(np.mean(acc_power[:, search].sum(axis=1) * acc.df)))
    band = None if frequency is None else bands.band_of(frequency)
    steady_recording = n_tremor >= MIN_REGULARITY_SHARE * len(tremor)
    if detected and not steady_recording:
        notes.append(
            "The tremor was present in under half of the recording, so whether it is regular"
            " was not judged: record the shaking itself for 20–30 s to measure that."
        )
    findings = bands.findings_for(
        frequency,
        stability if steady_recording else None,
        regularity if steady_recording else None,
        top_hz,
    )
    sources = {b.source for b in bands.BANDS if b.finding in findings}
    if bands.REGULAR_FINDING in findings:
        sources |= {bands.REGULAR_SOURCE, bands.VARIABLE_SOURCE}
    analysis = TremorAnalysis(
        sample_rate_hz=round(sig.fs, 2),
        duration_s=round(rec.duration_s, 2),
        tremor_detected=detected,
        dominant_frequency_hz=None if frequency is None else round(frequency, 2),
        band=None if band is None else band.label,
        suggests=None if band is None else band.suggests,
        rms_m_s2=round(rms, 4),
        displacement_mm=None if displacement is None else round(float(displacement), 3),
        regularity=None if regularity is None else round(regularity, 3),
        tremor_fraction=round(n_tremor / len(tremor), 3),
        frequency_stability_hz=None if stability is None else round(stability, 3),
        harmonics=harmonics,
        gaps=[GapOut(start_s=g.start_s, duration_s=g.duration_s) for g in sig.gaps],
        axis=axis,
        peak_from="gyroscope" if sig.gyro is not None else "accelerometer",
        findings=findings,
        sources=sorted(sources),
        windows=len(tremor),
        window_s=WINDOW_S,
        searched_hz=(bands.SEARCH_LOW_HZ, round(top_hz, 2)),
        notes=notes,
    )
    return Measurement(analysis, sig, acc.freqs, spectrum, acc.starts_s, w.peaks_hz, tremor)


def _mean_axis(axes: Floats) -> list[float]:
    """The axis closest to all window axes (sign-free: PCA of their outer products)."""
    _, vectors = np.linalg.eigh(axes.T @ axes)
    main = vectors[:, -1] * np.sign(vectors[np.argmax(np.abs(vectors[:, -1])), -1])
    return [round(float(v), 3) for v in main]


def _harmonics(
    freqs: Floats, spectrum: Floats, frequency: float, fs: float, search: slice
) -> list[Harmonic]:
    """Multiples of the tremor frequency that stand out of the mean spectrum."""
    df = float(freqs[1] - freqs[0])
    half = round(PEAK_HALF_WIDTH_HZ / df)
    background = float(np.median(spectrum[search])) + 1e-300

    def around(f: float) -> float:
        k = round(f / df)
        return float(spectrum[max(k - half, 0) : k + half + 1].mean())

    base = around(frequency)
    found = []
    for multiple in (2, 3, 4):
        f = multiple * frequency
        if f + PEAK_HALF_WIDTH_HZ >= min(NYQUIST_SHARE * fs, float(freqs[-1])):
            break
        power = around(f)
        if power >= HARMONIC_PROMINENCE * background:
            found.append(
                Harmonic(
                    multiple=multiple,
                    frequency_hz=round(f, 2),
                    relative_power=round(power / base, 4),
                )
            )
    return found
