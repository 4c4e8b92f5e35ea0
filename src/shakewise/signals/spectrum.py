"""From samples to spectra: uniform resampling, filters, sliding windows, principal axis.

Everything is a pure function of numpy arrays. Spectra are one-sided power spectral
densities in (m/s²)²/Hz with Hann windows, scaled so that the sum over a band times the bin
width is the mean square of the signal in that band (Parseval).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import fft as sp_fft
from scipy import signal

from shakewise.signals.errors import MalformedRecordingError, RecordingTooShortError
from shakewise.signals.recording import Floats, Recording

GAP_FACTOR = 3.0  # an interval over 3 median intervals is a gap, not jitter
JITTER_SHARE = 0.25
ZERO_PAD = 2  # FFT length = 2 × window: bins of half the resolution, for peak refinement
FFT_BATCH = 512  # windows transformed at a time: the zero-padded copies stay a few MB
Complexes = NDArray[np.complex64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Gap:
    """A stretch with no samples: from `start_s` (relative to the first sample) on."""

    start_s: float
    duration_s: float


@dataclass(frozen=True, eq=False)
class UniformSignal:
    """Acceleration on a uniform time grid; `valid` is False where the grid bridges a gap."""

    fs: float
    acc: Floats  # (N, 3)
    valid: Bools  # (N,)
    gaps: tuple[Gap, ...]
    gyro: Floats | None = None  # (N, 3)

    @property
    def duration_s(self) -> float:
        return len(self.acc) / self.fs


# A uniform grid may hold at most this many times the samples (gaps up to three times the
# recorded time are marked and skipped; more means a wrong time stamp, not a pause).
GRID_FACTOR = 4
GRID_SLACK = 10_000


def resample(rec: Recording, fs: float | None = None) -> UniformSignal:
    """Put the samples on a uniform grid and find the gaps.

    Intervals longer than GAP_FACTOR median intervals are gaps: they are reported, and the
    grid points inside them are marked invalid so no analysis window spans one. When the
    intervals only jitter (SD at most JITTER_SHARE of the median, no gaps) the samples are
    kept as they are, at the mean rate: sensors sample on a clock and the time stamps
    carry the jitter (browser events, Android), while interpolating would damp high
    frequencies. Otherwise they are linearly interpolated at the median rate (or `fs`).
    """
    if rec.n_samples < 2:
        raise RecordingTooShortError("The recording holds a single sample.")
    dt = np.diff(rec.t)
    median_dt = float(np.median(dt))
    gap_at = np.flatnonzero(dt > GAP_FACTOR * median_dt)
    if fs is None and len(gap_at) == 0 and float(np.std(dt)) <= JITTER_SHARE * median_dt:
        rate = (rec.n_samples - 1) / float(rec.t[-1] - rec.t[0])
        valid = np.ones(rec.n_samples, dtype=bool)
        return UniformSignal(rate, rec.acc, valid, (), rec.gyro)
    t = rec.t - rec.t[0]
    rate = fs or 1.0 / median_dt
    n = int(np.floor(t[-1] * rate + 1e-9)) + 1
    if n > GRID_FACTOR * rec.n_samples + GRID_SLACK:
        # checked before the grid exists: its size is the work and the memory
        raise MalformedRecordingError(
            f"The samples cover {float(t[-1]):,.0f} seconds but there are only"
            f" {rec.n_samples:,} of them: the times jump somewhere. Check the time column"
            " for a wrong value or split the recording at the gap."
        )
    grid = np.arange(n) / rate

    def on_grid(x: Floats) -> Floats:
        return np.column_stack([np.interp(grid, t, x[:, i]) for i in range(3)])

    valid = np.ones(n, dtype=bool)
    gaps = []
    for i in gap_at:
        start, end = t[i], t[i + 1]
        valid[(grid > start) & (grid < end)] = False
        gaps.append(Gap(round(float(start), 3), round(float(end - start), 3)))
    gyro = None if rec.gyro is None else on_grid(rec.gyro)
    return UniformSignal(rate, on_grid(rec.acc), valid, tuple(gaps), gyro)


def highpass(x: Floats, fs: float, cutoff_hz: float, order: int = 4) -> Floats:
    """Zero-phase Butterworth high-pass along axis 0: removes gravity, drift, slow moves."""
    sos = signal.butter(order, cutoff_hz, btype="highpass", fs=fs, output="sos")
    return np.asarray(signal.sosfiltfilt(sos, x, axis=0), dtype=np.float64)


def bandpass(x: Floats, fs: float, low_hz: float, high_hz: float, order: int = 4) -> Floats:
    """Zero-phase Butterworth band-pass along axis 0."""
    sos = signal.butter(order, [low_hz, high_hz], btype="bandpass", fs=fs, output="sos")
    return np.asarray(signal.sosfiltfilt(sos, x, axis=0), dtype=np.float64)


def principal_axis(x: Floats) -> tuple[Floats, float]:
    """Unit vector of most variance of (N, 3) samples (PCA), and the share of variance on it."""
    centred = x - x.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred)
    axis = vectors[:, -1] * np.sign(vectors[np.argmax(np.abs(vectors[:, -1])), -1])
    return axis, float(values[-1] / max(values.sum(), 1e-300))


@dataclass(frozen=True, eq=False)
class WindowSpectra:
    """Per-window FFTs of the three axes: `fft[w, axis, bin]`, Hann window, mean removed."""

    freqs: Floats  # (F,)
    starts_s: Floats  # (W,) window start, from the first sample
    fft: Complexes  # (W, 3, F)
    scale: float  # |X|² × scale = one-sided PSD in (m/s²)²/Hz
    df: float  # bin width, Hz
    window_s: float


def window_spectra(
    sig: UniformSignal,
    window_s: float,
    step_s: float,
    max_hz: float | None = None,
    gyro: bool = False,
) -> WindowSpectra:
    """FFT of every full window that lies in valid (gap-free) data, bins up to `max_hz`, all
    held at once (for plots and checks; the analysis takes them a batch at a time)."""
    parts = list(spectra_in_batches(sig, window_s, step_s, max_hz, gyro))
    first = parts[0]
    starts_s = np.concatenate([p.starts_s for p in parts])
    fft = np.concatenate([p.fft for p in parts])
    return WindowSpectra(first.freqs, starts_s, fft, first.scale, first.df, window_s)


def spectra_in_batches(
    sig: UniformSignal,
    window_s: float,
    step_s: float,
    max_hz: float | None = None,
    gyro: bool = False,
) -> Iterator[WindowSpectra]:
    """The window spectra of `window_spectra`, FFT_BATCH windows at a time: a long
    recording's spectra are never all held (8 h of three axes: 69 MB, and as much again
    in each per-bin step after it).

    Of the acceleration, or of the rotation rate when `gyro` (the signal must have one).
    Raises RecordingTooShortError when not one window fits.
    """
    x = sig.gyro if gyro else sig.acc
    if x is None:
        raise ValueError("this signal has no gyroscope")
    length = round(window_s * sig.fs)
    step = max(1, round(step_s * sig.fs))
    n = len(sig.acc)
    if n < length:
        raise RecordingTooShortError(
            f"The recording lasts {n / sig.fs:.1f} s; at least {window_s:g} s are needed"
            " (20–30 s is better). Record for longer."
        )
    starts = np.arange(0, n - length + 1, step)
    if not bool(sig.valid.all()):  # count invalid points in each window
        invalid = np.concatenate(([0], np.cumsum(~sig.valid)))
        starts = starts[invalid[starts + length] - invalid[starts] == 0]
    if len(starts) == 0:
        raise RecordingTooShortError(
            f"No stretch of {window_s:g} s without a gap in the samples was found."
            " Keep the phone still and the page open while recording."
        )
    taper = signal.windows.hann(length, sym=False)
    nfft = ZERO_PAD * length
    freqs = np.asarray(np.fft.rfftfreq(nfft, 1.0 / sig.fs), dtype=np.float64)
    keep = len(freqs) if max_hz is None else int(np.searchsorted(freqs, max_hz, "right"))
    scale = 2.0 / (sig.fs * float(np.sum(taper**2)))
    # float32 halves memory and time; the spectra keep over 100 dB of dynamic range. Each
    # batch of windows is converted on its own, never the whole signal.
    windows = np.lib.stride_tricks.sliding_window_view(x, length, axis=0)
    taper32, freqs = taper.astype(np.float32), freqs[:keep]
    for lo in range(0, len(starts), FFT_BATCH):
        batch = starts[lo : lo + FFT_BATCH]
        fft = _spectra(np.asarray(windows[batch], dtype=np.float32), taper32, nfft, keep)
        starts_s = np.asarray(batch / sig.fs, dtype=np.float64)
        yield WindowSpectra(freqs, starts_s, fft, scale, sig.fs / nfft, window_s)


def _spectra(
    frames: NDArray[np.float32], taper: NDArray[np.float32], nfft: int, keep: int
) -> Complexes:
    """FFT bins [0, keep) of (B, 3, L) frames, each less its mean and tapered, in place."""
    frames -= frames.mean(axis=-1, keepdims=True)
    frames *= taper
    return np.asarray(sp_fft.rfft(frames, n=nfft, axis=-1, workers=-1)[:, :, :keep])


def band_slice(freqs: Floats, low_hz: float, high_hz: float) -> slice:
    """Bins with low_hz <= f <= high_hz, as a slice (freqs ascending)."""
    lo = int(np.searchsorted(freqs, low_hz, side="left"))
    hi = int(np.searchsorted(freqs, high_hz, side="right"))
    return slice(lo, hi)


def window_axes(spectra: WindowSpectra, low_hz: float, high_hz: float) -> Floats:
    """Per window, the unit axis of most power in the band (PCA of the band's cross-spectrum)."""
    band = spectra.fft[:, :, band_slice(spectra.freqs, low_hz, high_hz)]
    cross = np.matmul(band, band.conj().transpose(0, 2, 1)).real
    _, vectors = np.linalg.eigh(cross)
    return np.asarray(vectors[:, :, -1], dtype=np.float64)  # (W, 3)


def project(spectra: WindowSpectra, axes: Floats) -> Floats:
    """PSD of each window's signal along its axis: (W, F)."""
    along = np.matmul(axes[:, None, :].astype(spectra.fft.dtype), spectra.fft)[:, 0, :]
    return np.asarray((along.real**2 + along.imag**2) * spectra.scale, dtype=np.float64)


def total_psd(spectra: WindowSpectra) -> Floats:
    """PSD of the acceleration vector (sum over the three axes): (W, F), rotation-invariant."""
    f = spectra.fft
    return np.asarray((f.real**2 + f.imag**2).sum(axis=1) * spectra.scale, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Spectrogram:
    """Power of the acceleration vector in sliding windows: power[w, f] in (m/s²)²/Hz."""

    times_s: Floats  # window centres
    freqs: Floats
    power: Floats

    def band_power(self, low_hz: float, high_hz: float) -> Floats:
        """Mean square acceleration in [low_hz, high_hz] per window, (m/s²)²."""
        df = float(self.freqs[1] - self.freqs[0])
        return np.asarray(
            self.power[:, band_slice(self.freqs, low_hz, high_hz)].sum(axis=1) * df,
            dtype=np.float64,
        )


def spectrogram(rec: Recording, window_s: float = 4.0, step_s: float = 1.0) -> Spectrogram:
    """Sliding-window spectrum of a recording (gap windows left out)."""
    spectra = window_spectra(resample(rec), window_s, step_s)
    return Spectrogram(spectra.starts_s + window_s / 2, spectra.freqs, total_psd(spectra))


def welch(x: Floats, fs: float, window_s: float = 4.0) -> tuple[Floats, Floats]:
    """Welch PSD of a 1-D signal (Hann, 50 % overlap), in units²/Hz."""
    nperseg = min(len(x), round(window_s * fs))
    freqs, psd = signal.welch(x, fs=fs, nperseg=nperseg, detrend="constant")
    return np.asarray(freqs, dtype=np.float64), np.asarray(psd, dtype=np.float64)
