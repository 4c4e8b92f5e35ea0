"""Each analysis window's peak, amplitude and whether it is a tremor window.

Steps 4–5 of the method in analysis.py. A window is a **tremor window** when all of these hold:
- prominence over the background: mean power within ±0.5 Hz of the peak is at least 10× the
  median power of the search band (the background spectrum);
- it is a peak: at least 2× the power 1–2 Hz either side of it;
- not voluntary movement: at least 2× the mean power at 0.5–2.5 Hz (ParaDigMa gates on the
  same "below tremor" band);
- not the second harmonic of a slower movement (for peaks under 5 Hz, the power at half the
  frequency must be lower);
- minimum amplitude: the RMS acceleration within ±1 Hz of the peak, all three axes, is at
  least 0.01 m/s² (phone sensor noise in a 2 Hz band is about 0.004 m/s²).
Classifying windows by the power around the spectral peak relative to the tremor band
follows Luft et al., "A power spectral density-based method to detect tremor and tremor
intermittency in movement disorders", Sensors 2019;19:4301 (PMC6806079; 3 s windows,
specificity 96 %, sensitivity 85 %). The thresholds are shakewise choices, set above phone
noise and checked on synthetic signals and the recordings in tests/data; they are not
validated against clinical ratings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from shakewise.signals import bands
from shakewise.signals.recording import Floats
from shakewise.signals.spectrum import (
    Bools,
    UniformSignal,
    WindowSpectra,
    band_slice,
    project,
    spectra_in_batches,
    total_psd,
    window_axes,
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
Ints = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class Windows:
    """What each window shows, one entry per window."""

    peaks_hz: Floats
    is_tremor: Bools
    rms: Floats  # acceleration within ±1 Hz of the peak, all axes, m/s²
    concentration: Floats
    psd: Floats  # along each window's axis, of the detection signal

    @classmethod
    def joined(cls, parts: Sequence[Windows]) -> Windows:
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))


@dataclass(frozen=True, eq=False)
class Scored:
    """Every window scored, and what the analysis reads of the acceleration's spectra."""

    freqs: Floats  # (F,)
    starts_s: Floats  # (W,)
    df: float
    windows: Windows
    acc_axes: Floats  # (W, 3): per window, the acceleration's axis of most power
    acc_psd: Floats  # (W, F): the acceleration's PSD along that axis
    acc_band_power: Floats  # (W,): the acceleration's total PSD summed over the search band


def scored_windows(
    sig: UniformSignal, window_s: float, step_s: float, max_hz: float, top_hz: float
) -> Scored:
    """Steps 2–5 of analysis.py, a batch of windows at a time: each window is scored on its
    own, so only the per-window results and one PSD per window are ever held (an 8 h
    recording: 23 MB, against 200 MB when every window's spectra were kept)."""
    scored: list[Windows] = []
    starts, axes, band_power, projected = [], [], [], []  # projected: only with a gyroscope
    freqs, df = np.empty(0), 0.0
    for acc, det in _spectra_pairs(sig, window_s, step_s, max_hz):
        acc_axes = window_axes(acc, bands.SEARCH_LOW_HZ, top_hz)
        acc_power = total_psd(acc)
        det_axes = acc_axes if det is acc else window_axes(det, bands.SEARCH_LOW_HZ, top_hz)
        scored.append(score_windows(det, top_hz, det_axes, acc_power))
        if det is not acc:
            projected.append(project(acc, acc_axes))
        starts.append(acc.starts_s)  # the batch's own spectra are not kept
        axes.append(acc_axes)
        band_power.append(acc_power[:, band_slice(acc.freqs, bands.SEARCH_LOW_HZ, top_hz)].sum(1))
        freqs, df = acc.freqs, acc.df
    windows = Windows.joined(scored)
    # without a gyroscope the acceleration's PSD is the windows' own: joined once, not twice
    acc_psd = np.concatenate(projected) if projected else windows.psd
    return Scored(
        freqs,
        np.concatenate(starts),
        df,
        windows,
        np.concatenate(axes),
        acc_psd,
        np.concatenate(band_power),
    )


def _spectra_pairs(
    sig: UniformSignal, window_s: float, step_s: float, max_hz: float
) -> Iterator[tuple[WindowSpectra, WindowSpectra]]:
    """The acceleration's spectra and the detection signal's (the rotation rate when there
    is one, else the same), batch by batch."""
    acc = spectra_in_batches(sig, window_s, step_s, max_hz)
    if sig.gyro is None:
        yield from ((batch, batch) for batch in acc)
    else:
        yield from zip(
            acc, spectra_in_batches(sig, window_s, step_s, max_hz, gyro=True), strict=True
        )


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


def score_windows(
    det: WindowSpectra, top_hz: float, det_axes: Floats, acc_power: Floats
) -> Windows:
    """Peak, criteria and amplitude of every window.

    `det` is the signal the peak is looked for in (rotation rate when there is one, else
    acceleration), along `det_axes`; `acc_power` (the acceleration's total PSD) gives the
    amplitude. Both have the same windows and bins.
    """
    df = det.df
    psd = project(det, det_axes)
    half = round(PEAK_HALF_WIDTH_HZ / df)
    smoothed = _smooth(psd, half)
    search = band_slice(det.freqs, bands.SEARCH_LOW_HZ, top_hz)
    peak_bin = search.start + np.argmax(smoothed[:, search], axis=1)
    peaks_hz = _refined_peaks(psd, peak_bin, half, search, df, top_hz)
    rows = np.arange(len(psd))
    peak_power = smoothed[rows, peak_bin]
    rms = _amplitude(acc_power, peak_bin, df)
    band_power = psd[:, search].sum(axis=1) + 1e-300
    concentration = np.minimum(peak_power * (2 * half + 1) / band_power, 1.0)
    is_tremor = _is_tremor(det, psd, smoothed, peak_bin, peaks_hz, search) & (rms >= MIN_RMS_M_S2)
    return Windows(peaks_hz, is_tremor, rms, concentration, psd)


def _refined_peaks(
    psd: Floats, peak_bin: Ints, half: int, search: slice, df: float, top_hz: float
) -> Floats:
    """The highest raw bin near the smoothed peak, then a parabola through its log power."""
    rows = np.arange(len(psd))
    last = psd.shape[1] - 1
    near = np.clip(peak_bin[:, None] + np.arange(-half, half + 1), search.start, search.stop - 1)
    top = near[rows, np.argmax(psd[rows[:, None], near], axis=1)]
    y0, y1, y2 = (np.log(psd[rows, np.clip(top + d, 0, last)] + 1e-300) for d in (-1, 0, 1))
    curvature = y0 - 2 * y1 + y2
    safe = np.where(curvature < 0, curvature, -1.0)
    shift = np.where(curvature < 0, np.clip(0.5 * (y0 - y2) / safe, -1, 1), 0.0)
    peaks_hz: Floats = np.clip((top + shift) * df, bands.SEARCH_LOW_HZ, top_hz)
    return peaks_hz


def _is_tremor(
    det: WindowSpectra,
    psd: Floats,
    smoothed: Floats,
    peak_bin: Ints,
    peaks_hz: Floats,
    search: slice,
) -> Bools:
    """The spectral criteria of the module docstring (all but the amplitude)."""
    df = det.df
    rows = np.arange(len(psd))
    last = psd.shape[1] - 1
    peak_power = smoothed[rows, peak_bin]
    background = np.median(psd[:, search], axis=1) + 1e-300
    offset = round(FLANK_OFFSET_HZ / df)
    flank = np.maximum(
        smoothed[rows, np.clip(peak_bin - offset, 0, last)],
        smoothed[rows, np.clip(peak_bin + offset, 0, last)],
    )
    below = psd[:, band_slice(det.freqs, BELOW_TREMOR_HZ, bands.SEARCH_LOW_HZ)].mean(axis=1)
    half_bin = np.clip(np.rint(peak_bin / 2).astype(int), 0, last)
    harmonic_of_slower = (peaks_hz < 2 * bands.SEARCH_LOW_HZ) & (
        smoothed[rows, half_bin] >= peak_power
    )
    is_tremor: Bools = (
        (peak_power >= MIN_PROMINENCE * background)
        & (peak_power >= MIN_FLANK_RATIO * flank)
        & (peak_power >= MIN_OVER_MOVEMENT * below)
        & ~harmonic_of_slower
    )
    return is_tremor


def _amplitude(acc_power: Floats, peak_bin: Ints, df: float) -> Floats:
    """RMS acceleration within ±1 Hz of each window's peak, all axes."""
    last = acc_power.shape[1] - 1
    rows = np.arange(len(acc_power))
    amp_half = round(AMPLITUDE_HALF_WIDTH_HZ / df)
    cumulative = np.concatenate(
        (np.zeros((len(acc_power), 1)), np.cumsum(acc_power, axis=1)), axis=1
    )
    lo = np.clip(peak_bin - amp_half, 0, last + 1)
    hi = np.clip(peak_bin + amp_half + 1, 0, last + 1)
    rms: Floats = np.sqrt((cumulative[rows, hi] - cumulative[rows, lo]) * df)
    return rms
