"""Small server-rendered SVG charts: readable without JavaScript, described for screen readers.

Each chart carries a <title> and a <desc>; pages still print the same figures in a table,
which is the text alternative. This module imports no app: callers pass plain numbers.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

Formatter = Callable[[float], str]

_ids = count(1)


@dataclass(frozen=True)
class RangeBar:
    label: str
    low: float
    high: float
    open_ended: bool = False


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    # A point known only as a range along x (e.g. a cost-of-living index of 65-85).
    x_high: float | None = None


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks."""
    raw = span / ticks if span > 0 else 1
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _axis(low: float, high: float) -> tuple[float, float, list[float]]:
    step = _nice_step(high - low)
    start = (low // step) * step
    end = -(-high // step) * step
    if end == start:
        end = start + step
    ticks, value = [], start
    while value <= end + step / 1000:
        ticks.append(value)
        value += step
    return start, end, ticks


def _open(width: int, height: int, title: str, description: str) -> list[str]:
    n = next(_ids)
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-{n}-title chart-{n}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{n}-title">{escape(title)}</title>',
        f'<desc id="chart-{n}-desc">{escape(description)}</desc>',
    ]


def range_bars(
    bars: Sequence[RangeBar], *, title: str, description: str, fmt: Formatter = str
) -> SafeString:
    """Horizontal bars from low to high, one row per label (e.g. pay by experience level)."""
    if not bars:
        return SafeString("")
    width, left, right, row, top = 640, 120, 30, 34, 10
    height = top + row * len(bars) + 40
    start, end, ticks = _axis(min(b.low for b in bars), max(b.high for b in bars))
    plot = width - left - right

    def x(value: float) -> float:
        return left + plot * (value - start) / (end - start)

    parts = _open(width, height, title, description)
    axis_y = top + row * len(bars)
    for tick in ticks:
        parts.append(
            f'<line class="grid" x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="{axis_y}"/>'
            f'<text class="tick" x="{x(tick):.1f}" y="{axis_y + 16}" text-anchor="middle">'
            f"{escape(fmt(tick))}</text>"
        )
    for i, bar in enumerate(bars):
        y = top + i * row + 6
        label = f"{fmt(bar.low)} to {fmt(bar.high)}{' or more' if bar.open_ended else ''}"
        parts.append(
            f'<text class="label" x="{left - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
            f'<rect class="bar{" open" if bar.open_ended else ""}" x="{x(bar.low):.1f}" y="{y}" '
            f'width="{max(x(bar.high) - x(bar.low), 2):.1f}" height="{row - 12}">'
            f"<title>{escape(bar.label)}: {escape(label)}</title></rect>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def scatter(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    fmt_x: Formatter = str,
    fmt_y: Formatter = str,
) -> SafeString:
    """Labelled points on two axes; a point with `x_high` is drawn as a horizontal span."""
    if not points:
        return SafeString("")
    width, height, left, right, top, bottom = 640, 380, 90, 30, 20, 60
    xs = [p.x for p in points] + [p.x_high for p in points if p.x_high is not None]
    x_start, x_end, x_ticks = _axis(min(xs) - 5, max(xs) + 5)
    y_start, y_end, y_ticks = _axis(min(p.y for p in points) * 0.9, max(p.y for p in points) * 1.05)
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(value: float) -> float:
        return left + plot_w * (value - x_start) / (x_end - x_start)

    def sy(value: float) -> float:
        return top + plot_h * (1 - (value - y_start) / (y_end - y_start))

    parts = _open(width, height, title, description)
    for tick in x_ticks:
        parts.append(
            f'<line class="grid" x1="{sx(tick):.1f}" y1="{top}" x2="{sx(tick):.1f}" '
            f'y2="{top + plot_h}"/><text class="tick" x="{sx(tick):.1f}" '
            f'y="{top + plot_h + 16}" text-anchor="middle">{escape(fmt_x(tick))}</text>'
        )
    for tick in y_ticks:
        parts.append(
            f'<line class="grid" x1="{left}" y1="{sy(tick):.1f}" x2="{left + plot_w}" '
            f'y2="{sy(tick):.1f}"/><text class="tick" x="{left - 6}" y="{sy(tick) + 4:.1f}" '
            f'text-anchor="end">{escape(fmt_y(tick))}</text>'
        )
    parts.append(
        f'<text class="axis-label" x="{left + plot_w / 2:.1f}" y="{height - 12}" '
        f'text-anchor="middle">{escape(x_label)}</text>'
        f'<text class="axis-label" x="16" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {top + plot_h / 2:.1f})">{escape(y_label)}</text>'
    )
    for point in points:
        px, py = sx(point.x), sy(point.y)
        if point.x_high is None:
            where = fmt_x(point.x)
            mark = f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="6">'
        else:
            where = f"{fmt_x(point.x)} to {fmt_x(point.x_high)}"
            mark = (
                f'<line class="span" x1="{px:.1f}" y1="{py:.1f}" x2="{sx(point.x_high):.1f}" '
                f'y2="{py:.1f}">'
            )
        tag = "circle" if point.x_high is None else "line"
        parts.append(
            f"{mark}<title>{escape(point.label)}: {escape(where)}, {escape(fmt_y(point.y))}"
            f"</title></{tag}>"
            f'<text class="point-label" x="{px + 8:.1f}" y="{py - 8:.1f}">'
            f"{escape(point.label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


@dataclass(frozen=True)
class BoxPlotRow:
    """One box: whiskers from p10 to p90, the box from p25 to p75, a line at the median."""

    label: str
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float


def _box_plot_step(top: float, ticks: int = 5) -> float:
    """A round tick spacing (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` ticks."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def box_plot_svg(
    rows: Sequence[BoxPlotRow],
    *,
    title: str,
    tick_label: Callable[[float], str] = lambda v: f"{v:,.0f}",
    width: int = 640,
    chart_id: str = "box-plot",
) -> SafeString:
    """A horizontal box-and-whisker chart, one row per box, on an axis starting at zero.

    The title becomes the SVG's accessible name; pair the chart with a table of the same
    numbers for readers who cannot see it.
    """
    label_width, row_height, top_pad, axis_height, right_pad = 150, 40, 10, 30, 20
    if not rows:
        return mark_safe("")  # noqa: S308 (a constant empty string)
    step = _box_plot_step(max(row.p90 for row in rows))
    axis_max = step * math.ceil(max(row.p90 for row in rows) / step)
    plot_width = width - label_width - right_pad
    height = top_pad + row_height * len(rows) + axis_height

    def x(value: float) -> float:
        return round(label_width + plot_width * value / axis_max, 1)

    ticks = [step * i for i in range(int(round(axis_max / step)) + 1)]
    axis_y = top_pad + row_height * len(rows)
    grid = format_html_join(
        "",
        '<line class="grid" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
        '<text class="tick" x="{0}" y="{3}" text-anchor="middle">{4}</text>',
        ((x(t), top_pad, axis_y, axis_y + 18, tick_label(t)) for t in ticks),
    )
    boxes = format_html_join(
        "",
        '<g class="box"><text class="label" x="{0}" y="{1}" text-anchor="end">{2}</text>'
        '<line class="whisker" x1="{3}" x2="{4}" y1="{5}" y2="{5}"/>'
        '<line class="whisker" x1="{3}" x2="{3}" y1="{6}" y2="{7}"/>'
        '<line class="whisker" x1="{4}" x2="{4}" y1="{6}" y2="{7}"/>'
        '<rect x="{8}" y="{9}" width="{10}" height="{11}"/>'
        '<line class="median" x1="{12}" x2="{12}" y1="{9}" y2="{13}"/></g>',
        (
            (
                label_width - 8,
                top_pad + i * row_height + row_height / 2 + 4,
                row.label,
                x(row.p10),
                x(row.p90),
                top_pad + i * row_height + row_height / 2,
                top_pad + i * row_height + row_height / 2 - 6,
                top_pad + i * row_height + row_height / 2 + 6,
                x(row.p25),
                top_pad + i * row_height + 8,
                round(x(row.p75) - x(row.p25), 1),
                row_height - 16,
                x(row.p50),
                top_pad + (i + 1) * row_height - 8,
            )
            for i, row in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="box-plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {1}" '
        'width="{0}" height="{1}" role="img" aria-labelledby="{5}-title">'
        '<title id="{5}-title">{2}</title>{3}{4}</svg>',
        width,
        height,
        title,
        grid,
        boxes,
        chart_id,
    )
