"""A picture of a tremor measurement: the trace, and the spectrum with the bands shaded.

Two sizes: `PHONE`, drawn for a 390 px screen (an inch of figure shows as about
`PHONE_CSS_PX_PER_IN` CSS pixels there, so its smallest text is at least
`READABLE_CSS_PX`), and `REPORT`, wide, for the PDF and the command line. matplotlib is
imported when a plot is asked for (Agg backend, no display needed), so importing
shakewise never pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class PlotSize:
    width_in: float
    height_in: float
    dpi: int
    font_pt: float  # the smallest text; titles are larger
    short_labels: bool  # "4-6" over a band instead of "4-6 Hz" when bands are narrow


PHONE_CSS_WIDTH_PX = 321  # a 390 px phone less the page and card margins
READABLE_CSS_PX = 11
PHONE = PlotSize(width_in=3.6, height_in=5.6, dpi=220, font_pt=9.5, short_labels=True)
REPORT = PlotSize(width_in=8.0, height_in=6.0, dpi=110, font_pt=8.0, short_labels=False)
PHONE_CSS_PX_PER_IN = PHONE_CSS_WIDTH_PX / PHONE.width_in


def smallest_text_css_px(size: PlotSize, shown_width_css_px: float) -> float:
    """How tall the smallest text is when the picture is shown that wide."""
    return shown_width_css_px / size.width_in * size.font_pt / 72


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


def plot_measurement(
    m: Measurement, out: str | Path | BinaryIO, size: PlotSize = REPORT
) -> Path | None:
    """Write a PNG: acceleration trace (top) and spectrum with bands and peak (bottom).

    `out` is a path (returned) or an open binary stream, e.g. BytesIO for a web page."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context({"font.size": size.font_pt + 1, "axes.titlesize": size.font_pt + 1.5}):
        fig, (ax_trace, ax_spec) = plt.subplots(
            2, 1, figsize=(size.width_in, size.height_in), layout="constrained"
        )
        _draw_trace(ax_trace, m, size)
        _draw_spectrum(ax_spec, m, size)
        path = out if isinstance(out, Path) else Path(out) if isinstance(out, str) else None
        fig.savefig(path or out, dpi=size.dpi, format="png")
        plt.close(fig)
    return path


def _draw_trace(ax: Axes, m: Measurement, size: PlotSize) -> None:
    t, trace = _trace(m)
    ax.plot(t, trace, lw=0.8, color="#1f4e79")
    ax.set_xlabel("time (seconds)")
    ax.set_ylabel("movement (m/s²)" if size.short_labels else "acceleration (m/s²)")
    low, high = bands.SEARCH_LOW_HZ, m.analysis.searched_hz[1]
    ax.set_title(
        f"The shaking, {TRACE_S:g} seconds of it"
        if size.short_labels
        else f"Shaking along its main axis, {low:g}–{high:g} Hz"
    )


def _draw_spectrum(ax: Axes, m: Measurement, size: PlotSize) -> None:
    """The mean spectrum over the shaded bands, the peak marked, the verdict as title."""
    a = m.analysis
    high = a.searched_hz[1]
    keep = m.freqs <= high + 2
    ax.semilogy(m.freqs[keep], m.spectrum[keep] + 1e-12, color="#1f4e79", lw=1)
    for i, (band, colour) in enumerate(zip(bands.BANDS, BAND_COLOURS, strict=True)):
        ax.axvspan(band.low_hz, min(band.high_hz, high), color=colour, zorder=0)
        ax.text(
            (band.low_hz + min(band.high_hz, high)) / 2,
            0.97 - 0.1 * (i % 2) * size.short_labels,  # narrow bands: labels staggered
            band.label.removesuffix(" Hz").replace("below ", "<")
            if size.short_labels
            else band.label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=size.font_pt,
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
    ax.set_xlabel("speed of shaking (times a second, Hz)")
    ax.set_ylabel("strength (log scale)" if size.short_labels else "power ((m/s²)²/Hz)")
    verdict = (
        f"tremor {a.dominant_frequency_hz:.2f} Hz ({a.band}), {a.tremor_fraction:.0%} of windows"
        if a.tremor_detected
        else "no tremor above the background"
    )
    ax.set_title(f"Spectrum: {verdict}", wrap=size.short_labels)


def plot_png(m: Measurement, size: PlotSize = REPORT) -> bytes:
    """The same plot as PNG bytes (`PHONE` for a web page, `REPORT` for a report)."""
    import io

    buffer = io.BytesIO()
    plot_measurement(m, buffer, size)
    return buffer.getvalue()
