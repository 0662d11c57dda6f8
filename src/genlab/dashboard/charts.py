"""Line charts as inline SVG, drawn on the server.

Why SVG from Python rather than a JavaScript charting library: the pages need no build step and
no vendored bundle to keep up to date, they render with JavaScript switched off, a test can read
the chart straight out of the HTML, and the live view only has to swap a fragment of HTML. A
run's metrics are at most a few thousand points; long series are thinned to a fixed number of
points per line (keeping each bucket's minimum and maximum, so spikes stay visible), so a chart
costs well under a millisecond to draw whatever the run's length.
"""

from __future__ import annotations

import math
from html import escape
from typing import Iterable, Sequence

Point = tuple[float, float]

# Colour-blind-safe palette (Okabe & Ito), one colour per line.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#000000")
MAX_POINTS = 300  # per line, after thinning


def _finite(points: Iterable[Point]) -> list[Point]:
    out = []
    for x, y in points:
        try:
            fx, fy = float(x), float(y)
        except (TypeError, ValueError):
            continue
        if math.isfinite(fx) and math.isfinite(fy):
            out.append((fx, fy))
    return out


def thin(points: Sequence[Point], limit: int = MAX_POINTS) -> list[Point]:
    """At most about ``limit`` points: per bucket the first, lowest and highest point."""
    if len(points) <= limit:
        return list(points)
    buckets = max(1, limit // 3)
    size = len(points) / buckets
    out: list[Point] = []
    for b in range(buckets):
        chunk = points[int(b * size):int((b + 1) * size)]
        if not chunk:
            continue
        keep = {0, min(range(len(chunk)), key=lambda i: chunk[i][1]),
                max(range(len(chunk)), key=lambda i: chunk[i][1])}
        out.extend(chunk[i] for i in sorted(keep))
    if out[-1] != points[-1]:
        out.append(points[-1])
    return out


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9 and len(ticks) < 50:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value += step
    return ticks


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Labels for a row of ticks, all with the same number of decimals (or all scientific)."""
    if len(ticks) < 2:
        return [f"{t:.4g}" for t in ticks]
    step = abs(ticks[1] - ticks[0])
    biggest = max(abs(t) for t in ticks)
    if biggest >= 1e5 or step < 1e-3:
        digits = max(0, math.floor(math.log10(biggest or 1)) - math.floor(math.log10(step)))
        if round(step / 10 ** math.floor(math.log10(step)), 6) % 1:  # a step of 2.5e-5 ...
            digits += 1
        return ["0" if t == 0 else f"{t:.{min(digits, 4)}e}" for t in ticks]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if round(step * 10 ** decimals, 6) % 1:  # a step of 2.5, 0.25 ...
        decimals += 1
    return [f"{t:.{decimals}f}" for t in ticks]


def line_chart(title: str, series: dict[str, Sequence[Point]], *, width: int = 420,
               height: int = 240, x_label: str = "step", legend: bool = True) -> str:
    """An SVG line chart: one line per entry of ``series`` (label -> [(x, y), ...]), each in
    the palette colour of its position in ``series`` (so several charts of the same runs use
    the same colour per run, even where a run lacks a metric)."""
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(series)}
    lines = {label: thin(sorted(_finite(pts))) for label, pts in series.items()}
    lines = {label: pts for label, pts in lines.items() if pts}
    left, right, top, bottom = 56, 12, 26, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'data-metric="{escape(title)}" data-points="{sum(len(p) for p in lines.values())}">',
             f'<title>{escape(title)}</title>',
             f'<text class="chart-title" x="{left}" y="16">{escape(title)}</text>']
    if not lines:
        parts.append(f'<text class="chart-empty" x="{width / 2:.0f}" y="{height / 2:.0f}" '
                     'text-anchor="middle">no values yet</text></svg>')
        return "".join(parts)
    if all(len(pts) == 1 for pts in lines.values()):   # one value each: say it, draw no axes
        return "".join(parts + _values(lines, colours, left, top, x_label)) + "</svg>"

    xs = [x for pts in lines.values() for x, _ in pts]
    ys = [y for pts in lines.values() for _, y in pts]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    if y1 == y0:
        pad = abs(y0) * 0.05 or 1.0
        y0, y1 = y0 - pad, y1 + pad
    else:
        pad = (y1 - y0) * 0.05
        y0, y1 = y0 - pad, y1 + pad

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * plot_w

    def sy(y: float) -> float:
        return top + (1 - (y - y0) / (y1 - y0)) * plot_h

    parts.append(f'<rect class="chart-frame" x="{left}" y="{top}" width="{plot_w}" '
                 f'height="{plot_h}" fill="none"/>')
    y_ticks = nice_ticks(y0, y1)
    for t, text in zip(y_ticks, tick_labels(y_ticks)):
        y = sy(t)
        parts.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" '
                     f'y2="{y:.1f}"/><text class="tick" x="{left - 4}" y="{y + 3:.1f}" '
                     f'text-anchor="end">{text}</text>')
    x_ticks = nice_ticks(x0, x1)
    for t, text in zip(x_ticks, tick_labels(x_ticks)):
        x = sx(t)
        parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" '
                     f'y2="{top + plot_h}"/><text class="tick" x="{x:.1f}" '
                     f'y="{top + plot_h + 13}" text-anchor="middle">{text}</text>')
    parts.append(f'<text class="axis-label" x="{left + plot_w / 2:.0f}" y="{height - 4}" '
                 f'text-anchor="middle">{escape(x_label)}</text>')
    for label, pts in lines.items():
        colour = colours[label]
        coords = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        parts.append(f'<polyline class="series" fill="none" stroke="{colour}" '
                     f'stroke-width="1.8" points="{coords}"><title>{escape(label)}</title>'
                     '</polyline>')
        if len(pts) <= 30:  # few points: mark them so single evaluations are visible
            parts.extend(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5" '
                         f'fill="{colour}"/>' for x, y in pts)
    if legend and len(lines) > 1:
        for i, label in enumerate(lines):
            y = top + 12 + 13 * i
            colour = colours[label]
            parts.append(f'<rect x="{left + plot_w - 150}" y="{y - 8}" width="10" height="3" '
                         f'fill="{colour}"/><text class="legend" x="{left + plot_w - 136}" '
                         f'y="{y - 4}">{escape(label[:24])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _values(lines: dict[str, list], colours: dict[str, str], left: int, top: int,
            x_label: str) -> list[str]:
    """One line of text per series with a single point: its value and where it was taken."""
    rows = []
    for i, (label, [(x, y)]) in enumerate(lines.items()):
        name = f"{escape(label[:24])}: " if len(lines) > 1 else ""
        rows.append(f'<text class="chart-value" x="{left}" y="{top + 30 + 22 * i}" '
                    f'fill="{colours[label]}">{name}{y:.4g} '
                    f'<tspan class="tick">at {escape(x_label)} {x:g}</tspan></text>')
    return rows


def metric_keys(records: Iterable[dict], first: Sequence[str] = ("train/loss",)) -> list[str]:
    """The numeric metrics worth a chart: everything but step, epoch, time and flags; the
    keys in ``first`` (those present), then training metrics, test metrics and the rest, each
    group sorted."""
    skip = {"step", "epoch", "time", "final"}
    keys: set[str] = set()
    for rec in records:
        for key, value in rec.items():
            if key not in skip and isinstance(value, (int, float)) and not isinstance(value, bool):
                keys.add(key)

    def order(key: str) -> tuple[int, str]:
        group = 0 if key.startswith("train/") else 1 if key.startswith("test/") else 2
        return group, key

    lead = [k for k in dict.fromkeys(first) if k in keys]
    return lead + sorted(keys - set(lead), key=order)


def series_of(records: Iterable[dict], key: str) -> list[Point]:
    return [(r["step"], r[key]) for r in records
            if key in r and isinstance(r.get("step"), (int, float))
            and isinstance(r[key], (int, float)) and not isinstance(r[key], bool)]
