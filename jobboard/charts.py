"""Small server-rendered SVG charts; no JavaScript, readable without CSS."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


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
