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
5. A window is a **tremor window** when its peak stands out of the background, is a peak,
   is not voluntary movement nor the harmonic of a slower one, and is strong enough: the
   criteria, their thresholds and their source are in windows.py.
6. A tremor is detected when at least 3 windows (about 8 s) are tremor windows. Its
   frequency is the median peak of the tremor windows, so on a day-long recording it is
   the frequency of the tremor, not of everything else; `tremor_fraction` is the share of
   windows with tremor. Amplitude (acceleration), regularity and harmonics come from the
   tremor windows too. Regularity findings are only given when tremor fills at least half
   of the recording: across a day, the windows mix activities and harmonics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shakewise.signals import bands
from shakewise.signals.errors import (
    RecordingTooShortError,
    SampleRateTooLowError,
    SaturatedRecordingError,
)
from shakewise.signals.measurement import GapOut, Harmonic, Measurement, TremorAnalysis
from shakewise.signals.recording import Floats, Recording
from shakewise.signals.spectrum import UniformSignal, band_slice, resample
from shakewise.signals.windows import (
    PEAK_HALF_WIDTH_HZ,
    STEP_S,
    WINDOW_S,
    Scored,
    Windows,
    scored_windows,
)

MIN_TREMOR_WINDOWS = 3
MIN_REGULARITY_SHARE = 0.5  # regularity is judged on recordings mostly of the tremor
MIN_DURATION_S = 8.0
NYQUIST_SHARE = 0.45  # search no higher than 0.9 × Nyquist (anti-alias roll-off)
MIN_TOP_HZ = 12.0  # the search must at least cover 2.5–12 Hz
MAX_CLIPPED_SHARE = 0.01
HARMONIC_PROMINENCE = 5.0
IQR_PER_SD = 1.349  # interquartile range of a normal distribution, in SDs
SPECTRUM_MAX_HZ = 25.0  # flanks of a 20 Hz peak reach 22 Hz; nothing above is used


def analyze(rec: Recording) -> TremorAnalysis:
    """Measure tremor in a recording (method in the module docstring)."""
    return measure(rec).analysis


def search_top_hz(fs: float) -> float:
    return min(bands.SEARCH_HIGH_HZ, NYQUIST_SHARE * fs)


def measure(rec: Recording) -> Measurement:
    """Analysis and its spectra (see the module docstring)."""
    notes = _check(rec)
    sig = resample(rec)
    top_hz = search_top_hz(sig.fs)
    s = scored_windows(sig, WINDOW_S, STEP_S, SPECTRUM_MAX_HZ, top_hz)
    w = s.windows
    detected = int(w.is_tremor.sum()) >= MIN_TREMOR_WINDOWS
    chosen = w.is_tremor if detected else np.ones_like(w.is_tremor)
    spectrum = s.acc_psd[chosen].mean(axis=0)
    if sig.gaps:
        total_gap = sum(g.duration_s for g in sig.gaps)
        notes.append(f"{len(sig.gaps)} gap(s) in the samples, {total_gap:.1f} s in all, left out.")
    search = band_slice(s.freqs, bands.SEARCH_LOW_HZ, top_hz)
    tremor = _tremor(s, w, sig.fs, search) if detected else None
    rms = float(np.sqrt(np.mean(s.acc_band_power * s.df))) if tremor is None else tremor.rms
    analysis = _analysis(rec, sig, top_hz, w, tremor, rms, notes)
    return Measurement(analysis, sig, s.freqs, spectrum, s.starts_s, w.peaks_hz, w.is_tremor)


def _check(rec: Recording) -> list[str]:
    """The recording's notes, and more; raises when it is too short, too slow or clipped."""
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


@dataclass(frozen=True)
class _Tremor:
    """Step 6: the tremor, from its windows."""

    frequency: float
    stability: float
    regularity: float
    rms: float
    displacement: float
    axis: list[float]
    harmonics: list[Harmonic]


def _tremor(s: Scored, w: Windows, fs: float, search: slice) -> _Tremor:
    tremor = w.is_tremor
    peaks = w.peaks_hz[tremor]
    frequency = float(np.median(peaks))
    q1, q3 = np.percentile(peaks, [25, 75])
    rms = float(np.sqrt(np.mean(w.rms[tremor] ** 2)))
    det_spectrum = w.psd[tremor].mean(axis=0)
    return _Tremor(
        frequency=frequency,
        stability=float((q3 - q1) / IQR_PER_SD),
        regularity=float(np.median(w.concentration[tremor])),
        rms=rms,
        displacement=float(2 * np.sqrt(2) * rms / (2 * np.pi * frequency) ** 2 * 1000),
        axis=_mean_axis(s.acc_axes[tremor]),
        harmonics=_harmonics(s.freqs, det_spectrum, frequency, fs, search),
    )


def _analysis(
    rec: Recording,
    sig: UniformSignal,
    top_hz: float,
    w: Windows,
    tremor: _Tremor | None,
    rms: float,
    notes: list[str],
) -> TremorAnalysis:
    """The result: the tremor's figures, its band and the findings they give."""
    n_tremor = int(w.is_tremor.sum())
    steady_recording = n_tremor >= MIN_REGULARITY_SHARE * len(w.is_tremor)
    if tremor is not None and not steady_recording:
        notes.append(
            "The tremor was present in under half of the recording, so whether it is regular"
            " was not judged: record the shaking itself for 20–30 s to measure that."
        )
    findings, sources = _findings(tremor, steady_recording, top_hz)
    band = None if tremor is None else bands.band_of(tremor.frequency)
    return TremorAnalysis(
        sample_rate_hz=round(sig.fs, 2),
        duration_s=round(rec.duration_s, 2),
        tremor_detected=tremor is not None,
        dominant_frequency_hz=None if tremor is None else round(tremor.frequency, 2),
        band=None if band is None else band.label,
        suggests=None if band is None else band.suggests,
        rms_m_s2=round(rms, 4),
        displacement_mm=None if tremor is None else round(tremor.displacement, 3),
        regularity=None if tremor is None else round(tremor.regularity, 3),
        tremor_fraction=round(n_tremor / len(w.is_tremor), 3),
        frequency_stability_hz=None if tremor is None else round(tremor.stability, 3),
        harmonics=[] if tremor is None else tremor.harmonics,
        gaps=[GapOut(start_s=g.start_s, duration_s=g.duration_s) for g in sig.gaps],
        axis=None if tremor is None else tremor.axis,
        peak_from="gyroscope" if sig.gyro is not None else "accelerometer",
        findings=findings,
        sources=sources,
        windows=len(w.is_tremor),
        window_s=WINDOW_S,
        searched_hz=(bands.SEARCH_LOW_HZ, round(top_hz, 2)),
        notes=notes,
    )


def _findings(
    tremor: _Tremor | None, steady_recording: bool, top_hz: float
) -> tuple[dict[str, str], list[str]]:
    """The findings of the band (and of regularity, on a steady recording), with sources."""
    judged = tremor if steady_recording else None
    findings = bands.findings_for(
        None if tremor is None else tremor.frequency,
        None if judged is None else judged.stability,
        None if judged is None else judged.regularity,
        top_hz,
    )
    sources = {b.source for b in bands.BANDS if b.finding in findings}
    if bands.REGULAR_FINDING in findings:
        sources |= {bands.REGULAR_SOURCE, bands.VARIABLE_SOURCE}
    return findings, sorted(sources)


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
