from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobboard.lib.charts import BoxPlotRow, box_plot_svg

from .forms import SalaryFilterForm
from .models import ImportBatch, SalarySummary, SurveyEmployment, SurveyLevel, SurveyRemote
from .stats import (
    PERCENTILES,
    PRIVACY_THRESHOLD,
    SOURCE,
    SOURCE_URL,
    SalaryQuery,
    SalaryStats,
    level_breakdown,
    stats_for,
)


def salary_explorer(request: HttpRequest) -> HttpResponse:
    form = SalaryFilterForm(request.GET)
    context = {
        "form": form,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "threshold": PRIVACY_THRESHOLD,
        "has_data": ImportBatch.objects.exists(),
        "countries": countries_with_data(),
    }
    if not form.is_valid():
        return render(request, "salaries/explorer.html", context, status=400)
    query = form.query()
    stats = stats_for(query)
    by_level = level_breakdown(query)
    context.update(
        query=query,
        stats=stats,
        by_level=by_level,
        chart=salary_chart(stats, by_level, query),
        heading=group_heading(query),
        percentile_names=list(PERCENTILES),
    )
    return render(request, "salaries/explorer.html", context)


def group_heading(query: SalaryQuery) -> str:
    parts = [
        query.role.name if query.role else (f"“{query.title}”" if query.title else "All roles"),
        SurveyLevel(query.level).label if query.level else "",
        f"living in {query.country}" if query.country else "",
        SurveyRemote(query.remote).label.lower() if query.remote else "",
        SurveyEmployment(query.employment_type).label.lower() if query.employment_type else "",
        f"in {query.year}" if query.year else "",
    ]
    return ", ".join(part for part in parts if part)


def countries_with_data() -> list[str]:
    """Residence countries with enough reports to publish, for the country suggestions."""
    return list(
        SalarySummary.objects.filter(
            role__isnull=True,
            level__isnull=True,
            remote__isnull=True,
            year__isnull=True,
            country__isnull=False,
            count__gte=PRIVACY_THRESHOLD,
        )
        .order_by("country")
        .values_list("country", flat=True)
    )


def salary_chart(stats: SalaryStats, by_level: list[SalaryStats], query: SalaryQuery) -> str:
    """The group's box (unless a level is chosen: then it is that level's row) and each level's."""
    group = [] if query.level else [(stats, "All levels")]
    rows = [
        BoxPlotRow(label=label, **{name: getattr(item, name) for name in PERCENTILES})
        for item, label in [*group, *((row, row.level_label) for row in by_level)]
        if item.shown
    ]
    return box_plot_svg(
        rows,
        title="Pay in US dollars a year: 10th to 90th percentile, box from 25th to 75th, "
        "line at the median",
        tick_label=lambda v: f"${v / 1000:,.0f}k",
        chart_id="salary-chart",
    )
