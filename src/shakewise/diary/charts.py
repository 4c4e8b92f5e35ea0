"""Diary charts as SVG strings, drawn on the server: no JavaScript, no plotting library.

Each chart is drawn for a phone: its viewBox is a phone's width (`WIDTH`), so the text,
at least `SMALL` units, shows at about that many pixels on a 390 px screen, and the page's
stylesheet caps its width on a desktop. No `style` attribute (the pages' content security
policy forbids inline styles): fonts are SVG presentation attributes. Each carries its own
text alternative: `role="img"`, a `<title>` and a `<desc>` that says in
words what the picture shows (the numbers, not just "a chart"). Values are also written
on or beside the marks, so nothing depends on colour alone. Ids are prefixed (`prefix=`)
so several charts can share a page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from html import escape

from shakewise.diary.insights import Insights

WIDTH = 330  # a 390 px phone less the page and card margins (321 px): text at ~its size
SMALL = 12  # the smallest text, in viewBox units (≈ px on a phone)
TEXT = 14
FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
INK = "#1a1a1a"
MUTED = "#555555"  # 7.5:1 on white
GRID = "#d0d0d0"
BAR = "#1f5fa8"  # 6.4:1 on white
ALERT = "#a3231f"
WEEKS_SHOWN = 26


def _svg(prefix: str, height: int, title: str, desc: str, body: Iterable[str]) -> str:
    t, d = f"{prefix}-title", f"{prefix}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="100%" role="img" aria-labelledby="{t} {d}" font-family="{FONT}">'
        f'<title id="{t}">{escape(title)}</title><desc id="{d}">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", size: int = TEXT, fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
        f' fill="{fill}">{escape(text)}</text>'
    )


def _nice_max(value: float) -> int:
    """A round axis maximum at or above `value` (1, 2, 5 × 10^k)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= value))


def weekly_chart(ins: Insights, *, prefix: str = "weekly", weeks: int = WEEKS_SHOWN) -> str:
    """Bars: episodes in each of the last `weeks` ISO weeks."""
    shown = ins.weekly[-weeks:]
    title = "Episodes per week"
    if not shown:
        return _svg(
            prefix, 60, title, "No episodes logged yet.", [_text(10, 35, "No episodes yet.")]
        )
    top = _nice_max(max(w.episodes for w in shown))
    left, right, top_y, bottom = 34, WIDTH - 8, 20, 200
    step = (right - left) / len(shown)
    body = [_axis_y(left, right, top_y, bottom, top)]
    for i, w in enumerate(shown):
        h = (bottom - top_y) * w.episodes / top
        x = left + i * step
        body.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{bottom - h:.1f}" width="{step * 0.7:.1f}"'
            f' height="{h:.1f}" fill="{BAR}"><title>Week of {w.start.isoformat()}:'
            f" {w.episodes} episodes</title></rect>"
        )
        if w.episodes and step >= 2 * SMALL:
            body.append(
                _text(x + step / 2, bottom - h - 3, str(w.episodes), anchor="middle", size=SMALL)
            )
        if i % max(1, len(shown) // 4) == 0:
            body.append(
                _text(
                    x + step / 2,
                    bottom + 16,
                    w.start.strftime("%d %b"),
                    anchor="middle",
                    size=SMALL,
                )
            )
    busiest = max(shown, key=lambda w: w.episodes)
    desc = (
        f"Bar chart of episodes in each of the {len(shown)} weeks from"
        f" {shown[0].start.isoformat()} to {(shown[-1].start + timedelta(days=6)).isoformat()}:"
        f" {', '.join(str(w.episodes) for w in shown)}. Most in the week of"
        f" {busiest.start.isoformat()} ({busiest.episodes}). {ins.trend.summary}"
    )
    return _svg(prefix, 225, title, desc, body)


def _axis_y(left: float, right: float, top_y: float, bottom: float, top: int) -> str:
    parts = []
    for value in (0, top / 2, top) if top % 2 == 0 else (0, top):  # whole numbers only
        y = bottom - (bottom - top_y) * value / top
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, f"{value:g}", anchor="end", size=SMALL))
    return "".join(parts)


def severity_chart(ins: Insights, *, prefix: str = "severity") -> str:
    """Dots: the severity (0–10) of each rated episode of the last year, by date."""
    points = ins.severity_points
    title = "Severity over time"
    if not points:
        return _svg(
            prefix, 60, title, "No rated episodes yet.", [_text(10, 35, "No rated episodes yet.")]
        )
    left, right, top_y, bottom = 34, WIDTH - 8, 20, 200
    start, end = points[0].at, points[-1].at
    span = max((end - start).total_seconds(), 1.0)
    body = [_axis_y(left, right, top_y, bottom, 10)]
    for p in points:
        x = left + (right - left) * (p.at - start).total_seconds() / span
        y = bottom - (bottom - top_y) * p.severity / 10
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}" fill-opacity="0.6">'
            f"<title>{p.at.date().isoformat()}: {p.severity}/10</title></circle>"
        )
    body.append(_text(left, bottom + 16, start.date().isoformat(), size=SMALL))
    body.append(_text(right, bottom + 16, end.date().isoformat(), anchor="end", size=SMALL))
    mean = sum(p.severity for p in points) / len(points)
    desc = (
        f"Dot chart of severity from 0 to 10 for {len(points)} rated episodes from"
        f" {start.date().isoformat()} to {end.date().isoformat()}; average {mean:.1f}."
        f" {ins.severity.summary}"
    )
    return _svg(prefix, 225, title, desc, body)


def time_of_day_chart(ins: Insights, *, prefix: str = "time-of-day") -> str:
    """A heat strip of 24 hours (local time) in two rows, night-to-noon and noon-to-night,
    so each cell is wide enough for its count on a phone: darker = more episodes."""
    hours = ins.time_of_day.hours
    title = "Time of day of episodes"
    top = max(hours) or 1
    left, cell, row_h = 16, (WIDTH - 32) / 12, 64
    body = []
    for h, n in enumerate(hours):
        shade = 0.08 + 0.92 * n / top if n else 0.0
        x, y = left + (h % 12) * cell, 10 + (h // 12) * row_h
        body.append(
            f'<rect x="{x:.1f}" y="{y}" width="{cell - 2:.1f}" height="32" fill="{BAR}"'
            f' fill-opacity="{shade:.2f}" stroke="{GRID}"><title>{h:02d}:00–{h:02d}:59:'
            f" {n} episodes</title></rect>"
        )
        color = "#ffffff" if shade > 0.55 else INK
        body.append(_text(x + cell / 2 - 1, y + 21, str(n), anchor="middle", fill=color))
        if h % 3 == 0:
            body.append(_text(x, y + 48, f"{h:02d}:00", size=SMALL, fill=MUTED))
    busiest = max(range(24), key=lambda h: hours[h])
    desc = (
        f"Heat strip of episodes by hour of the day ({ins.time_zone}), midnight to midnight:"
        f" {', '.join(f'{h:02d} h {n}' for h, n in enumerate(hours) if n) or 'none'}."
        + (f" Busiest hour {busiest:02d}:00. " if any(hours) else " ")
        + ins.time_of_day.summary
    )
    return _svg(prefix, 10 + 2 * row_h, title, desc, body)


def trigger_chart(ins: Insights, *, prefix: str = "triggers") -> str:
    """Rate ratio (log scale) with its 95 % interval for each factor with enough data; each
    factor's name on its own line above its mark, so long names fit a phone."""
    rows = [t for t in ins.triggers if t.rate_ratio is not None]
    title = "Episodes on days with and without each factor"
    if not rows:
        text = ("Not enough check-ins yet to compare", "days with and without a factor.")
        return _svg(
            prefix, 60, title, " ".join(text), [_text(8, 24, text[0]), _text(8, 44, text[1])]
        )
    lo = min(0.25, *(t.rate_ratio.low for t in rows if t.rate_ratio))
    hi = max(4.0, *(t.rate_ratio.high for t in rows if t.rate_ratio))
    left, right, row_h, top_y = 16, WIDTH - 56, 48, 34

    def x_of(v: float) -> float:
        return left + (right - left) * (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo))

    height = top_y + row_h * len(rows) + 30
    body = [
        f'<line x1="{x_of(1):.1f}" x2="{x_of(1):.1f}" y1="{top_y - 8}" y2="{height - 26}"'
        f' stroke="{MUTED}" stroke-dasharray="4 3"/>',
        _text(x_of(1), top_y - 14, "no difference (×1)", anchor="middle", size=SMALL),
    ]
    for v in (0.5, 2.0):
        if lo < v < hi:
            body.append(_text(x_of(v), height - 8, f"×{v:g}", anchor="middle", size=SMALL))
    for i, t in enumerate(rows):
        rr = t.rate_ratio
        assert rr is not None
        y = top_y + row_h * i + 34
        color = ALERT if t.claimed else MUTED
        body.append(_text(left, y - 14, t.label + (" *" if t.claimed else "")))
        body.append(
            f'<line x1="{x_of(rr.low):.1f}" x2="{x_of(rr.high):.1f}" y1="{y:.1f}" y2="{y:.1f}"'
            f' stroke="{color}" stroke-width="2"/>'
            f'<circle cx="{x_of(rr.value):.1f}" cy="{y:.1f}" r="5" fill="{color}">'
            f"<title>{escape(t.summary)}</title></circle>"
        )
        body.append(_text(right + 8, y + 4, f"×{rr.value:.2g}", size=SMALL))
    claimed = [t for t in rows if t.claimed]
    desc = (
        "Rate ratio of episodes per day with versus without each factor, with 95 %"
        " intervals, on a log scale (1 = no difference). "
        + " ".join(t.summary for t in rows)
        + ("" if claimed else " No factor shows a clear link yet.")
        + (" * marks a link the data support." if claimed else "")
    )
    return _svg(prefix, height, title, desc, body)


def all_charts(ins: Insights) -> dict[str, str]:
    """Every chart, by the file stem `shakewise diary insights --charts DIR` writes."""
    return {
        "weekly": weekly_chart(ins),
        "severity": severity_chart(ins),
        "time-of-day": time_of_day_chart(ins),
        "triggers": trigger_chart(ins),
    }
