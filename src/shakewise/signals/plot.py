"""A picture of a tremor measurement: the trace, and the spectrum with the bands shaded.

matplotlib is imported when a plot is asked for (Agg backend, no display needed), so
importing shakewise never pays for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np
from numpy.typing import NDArray

from shakewise.signals import bands
from shakewise.signals.analysis import NYQUIST_SHARE
from shakewise.signals.measurement import Measurement
from shakewise.signals.recording import Floats
from shakewise.signals.spectrum import bandpass, principal_axis
from shakewise.signals.windows import WINDOW_S

if TYPE_CHECKING:
    from matplotlib.axes import Axes

TRACE_S = 10.0
BAND_COLOURS = ("#d9e8f5", "#fde2c8", "#dcefd9", "#eadcf2")


def _longest_run_middle(flags: NDArray[np.bool_]) -> int | None:
    """Index of the middle of the longest run of True, or None."""
    padded = np.concatenate(([0], flags.astype(np.int8), [0]))
    edges = np.diff(padded)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if len(starts) == 0:
        return None
    k = int(np.argmax(ends - starts))
    return int((starts[k] + ends[k] - 1) // 2)


def _trace(m: Measurement) -> tuple[Floats, Floats]:
    """Ten seconds of band-passed acceleration along its main axis, in the longest tremor."""
    sig = m.signal
    n = len(sig.acc)
    length = min(n, int(TRACE_S * sig.fs))
    middle = _longest_run_middle(m.window_is_tremor)
    centre_s = 0.0 if middle is None else float(m.window_starts_s[middle]) + WINDOW_S / 2
    start = max(0, min(int((centre_s - TRACE_S / 2) * sig.fs), n - length))
    top = min(m.analysis.searched_hz[1], NYQUIST_SHARE * sig.fs)
    chunk = sig.acc[start : start + length]
    filtered = bandpass(chunk, sig.fs, bands.SEARCH_LOW_HZ, top) if length > 30 else chunk
    axis, _ = principal_axis(filtered)
    t = (start + np.arange(length)) / sig.fs
    return t, np.asarray(filtered @ axis, dtype=np.float64)


def plot_measurement(m: Measurement, out: str | Path | BinaryIO) -> Path | None:
    """Write a PNG: acceleration trace (top) and spectrum with bands and peak (bottom).

    `out` is a path (returned) or an open binary stream, e.g. BytesIO for a web page."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_trace, ax_spec) = plt.subplots(2, 1, figsize=(8, 6), layout="constrained")
    _draw_trace(ax_trace, m)
    _draw_spectrum(ax_spec, m)
    path = out if isinstance(out, Path) else Path(out) if isinstance(out, str) else None
    fig.savefig(path or out, dpi=110, format="png")
    plt.close(fig)
    return path


def _draw_trace(ax: Axes, m: Measurement) -> None:
    t, trace = _trace(m)
    ax.plot(t, trace, lw=0.8, color="#1f4e79")
    ax.set_xlabel("time (s)")
    ax.set_ylabel("acceleration (m/s²)")
    ax.set_title(
        f"Shaking along its main axis, {bands.SEARCH_LOW_HZ:g}–{m.analysis.searched_hz[1]:g} Hz"
    )


def _draw_spectrum(ax: Axes, m: Measurement) -> None:
    """The mean spectrum over the shaded bands, the peak marked, the verdict as title."""
    a = m.analysis
    high = a.searched_hz[1]
    keep = m.freqs <= high + 2
    ax.semilogy(m.freqs[keep], m.spectrum[keep] + 1e-12, color="#1f4e79", lw=1)
    for band, colour in zip(bands.BANDS, BAND_COLOURS, strict=True):
        ax.axvspan(band.low_hz, min(band.high_hz, high), color=colour, zorder=0)
        ax.text(
            (band.low_hz + min(band.high_hz, high)) / 2,
            0.97,
            band.label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=8,
        )
    if a.dominant_frequency_hz is not None:
        f = a.dominant_frequency_hz
        ax.axvline(f, color="#c00000", lw=1, ls="--")
        ax.annotate(
            f"{f:.2f} Hz",
            (f, 0.85),
            xycoords=("data", "axes fraction"),
            xytext=(4, 0),
            textcoords="offset points",
            color="#c00000",
        )
    ax.set_xlim(0, high + 2)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("power ((m/s²)²/Hz)")
    verdict = (
        f"tremor {a.dominant_frequency_hz:.2f} Hz ({a.band}), {a.tremor_fraction:.0%} of windows"
        if a.tremor_detected
        else "no tremor above the background"
    )
    ax.set_title(f"Spectrum: {verdict}")


def plot_png(m: Measurement) -> bytes:
    """The same plot as PNG bytes (for a web page or a report)."""
    import io

    buffer = io.BytesIO()
    plot_measurement(m, buffer)
    return buffer.getvalue()
