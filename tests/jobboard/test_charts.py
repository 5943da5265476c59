from jobboard.lib.charts import Point, RangeBar, range_bars, scatter


def test_range_bars_are_described_and_escaped():
    svg = str(
        range_bars(
            [RangeBar("Entry", 90_000, 130_000), RangeBar("<Senior>", 180_000, 250_000, True)],
            title="Pay & levels",
            description="Entry: 90k to 130k",
            fmt=lambda v: f"${int(v):,}",
        )
    )
    assert svg.startswith('<svg class="chart"') and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "<title id=" in svg and "Pay &amp; levels" in svg
    assert "<desc id=" in svg and "Entry: 90k to 130k" in svg
    assert "&lt;Senior&gt;" in svg and "<Senior>" not in svg
    assert svg.count("<rect") == 2
    assert "$180,000 to $250,000 or more" in svg  # the open-ended top is spelt out
    assert 'class="bar open"' in svg


def test_range_bars_scale_is_proportional():
    svg = str(
        range_bars([RangeBar("A", 0, 50), RangeBar("B", 50, 100)], title="t", description="d")
    )
    widths = [float(w) for w in __import__("re").findall(r'<rect[^>]* width="([\d.]+)"', svg)]
    assert len(widths) == 2 and abs(widths[0] - widths[1]) < 0.2


def test_scatter_draws_points_and_ranges():
    svg = str(
        scatter(
            [Point("Austin", 73, 158_000), Point("Remote", 65, 152_000, x_high=85)],
            title="Pay against cost",
            description="d",
            x_label="Index",
            y_label="Salary",
        )
    )
    assert svg.count("<circle") == 1 and svg.count('class="span"') == 1
    assert "Remote: 65 to 85" in svg and "Austin" in svg
    assert ">Index</text>" in svg and ">Salary</text>" in svg


def test_empty_charts_render_nothing():
    assert str(range_bars([], title="t", description="d")) == ""
    assert str(scatter([], title="t", description="d", x_label="x", y_label="y")) == ""
