"""The hub pages: the comparison table, one hub's figures and postings, the salary converter."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from jobboard.lib.board import board
from jobboard.lib.cache import cached_catalogue
from jobboard.lib.charts import Point, scatter
from jobboard.lib.money import format_amount
from roles.models import RemoteStatus

from . import gazetteer
from .forms import SalaryConversionForm
from .models import Hub, ReportedWorkSplit, attach_live_counts

HUB_POSTINGS = 10

# Sort keys of /hubs/ and the figure each orders by. A range (the Remote market's cost of
# living and net income advantage) sorts by its low end.
SORTS = {
    "name": lambda hub: hub.name,
    "postings": lambda hub: hub.reported_postings,
    "growth": lambda hub: hub.growth_pct,
    "salary": lambda hub: hub.avg_salary,
    "cost": lambda hub: _first(hub.cost_of_living_index, hub.cost_of_living_low),
    "advantage": lambda hub: _first(hub.net_income_advantage_pct, hub.net_income_advantage_low),
    "live": lambda hub: hub.live_count,
}


def _first(*values):
    return next((value for value in values if value is not None), None)


COLUMNS = [
    ("name", "Hub"),
    ("postings", "Reported AI postings"),
    ("growth", "Two-year growth"),
    ("salary", "Average AI base salary"),
    ("cost", "Cost of living (San Francisco = 100)"),
    ("advantage", "Net income advantage"),
    ("live", "Live postings here"),
]


def hub_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "name")
    key = sort.removeprefix("-")
    if key not in SORTS:
        context = {"error": f"Unknown sort “{sort}”.", "columns": COLUMNS}
        return render(request, "hubs/hub_list.html", context, status=400)
    hubs = cached_catalogue("hubs", lambda: list(Hub.objects.select_related("source")))
    live = board()
    attach_live_counts(hubs, live)
    for hub in hubs:
        hub.postings_url = live.postings_url(hub=hub)
    hubs = sorted_hubs(hubs, key, descending=sort.startswith("-"))
    context = {
        "hubs": hubs,
        "columns": [column_header(column, label, sort) for column, label in COLUMNS],
        "chart": cost_salary_chart(hubs),
        "split": work_split(live.live_counts("remote")),
        "sort": sort,
    }
    return render(request, "hubs/hub_list.html", context)


def sorted_hubs(hubs: list[Hub], key: str, *, descending: bool) -> list[Hub]:
    """By one column, hubs without that figure last whichever the direction, ties by name."""
    figure = SORTS[key]
    by_name = sorted(hubs, key=lambda hub: hub.name)
    known = [hub for hub in by_name if figure(hub) is not None]
    unknown = [hub for hub in by_name if figure(hub) is None]
    # sorted() keeps equal figures in name order even when reversed.
    return sorted(known, key=figure, reverse=descending) + unknown


def column_header(key: str, label: str, current: str) -> dict:
    """A header link: names sort A-Z first, figures highest first; a second click flips it."""
    first = key if key == "name" else f"-{key}"
    active = current.removeprefix("-") == key
    if active:
        link = key if current.startswith("-") else f"-{key}"
        direction = "descending" if current.startswith("-") else "ascending"
    else:
        link, direction = first, None
    return {"key": key, "label": label, "link": link, "direction": direction}


def cost_salary_chart(hubs: list[Hub]):
    points = []
    for hub in hubs:
        if hub.avg_salary is None or hub.avg_salary_currency != "USD":
            continue
        if hub.cost_of_living_index is not None:
            points.append(Point(hub.name, hub.cost_of_living_index, hub.avg_salary))
        elif hub.cost_of_living_low is not None:
            points.append(
                Point(hub.name, hub.cost_of_living_low, hub.avg_salary, hub.cost_of_living_high)
            )
    return scatter(
        points,
        title="Average AI base salary against cost of living",
        description="; ".join(
            f"{p.label}: index {p.x}{f' to {p.x_high}' if p.x_high else ''}, "
            f"{format_amount(int(p.y), 'USD')}"
            for p in points
        ),
        x_label="Cost-of-living index (San Francisco = 100)",
        y_label="Average AI base salary (USD)",
        fmt_x=lambda value: f"{value:g}",
        fmt_y=lambda value: format_amount(int(value), "USD"),
    )


def work_split(counts: dict[str, int]) -> dict:
    """Live postings per way of working beside the split the sources report."""
    total = sum(counts.values())
    reported = cached_catalogue(
        "reported-work-split", lambda: ReportedWorkSplit.objects.select_related("source").first()
    )
    reported_pct = reported.as_dict() if reported else {}
    rows = [
        {
            "label": status.label,
            "value": status.value,
            "count": counts.get(status.value, 0),
            "pct": round(100 * counts.get(status.value, 0) / total) if total else None,
            "reported_pct": reported_pct.get(status.value),
        }
        for status in RemoteStatus
    ]
    return {"rows": rows, "total": total, "source": reported.source if reported else None}


def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    hub = cached_catalogue(
        f"hub:{slug}", lambda: Hub.objects.select_related("source").filter(slug=slug).first()
    )
    if hub is None:
        raise Http404("No such hub.")
    form, conversion, converter, status = None, None, None, 200
    if "amount" in request.GET:
        form = SalaryConversionForm(request.GET)
        if form.is_valid():
            conversion = form.convert()
        else:
            status = 400
    else:
        # The empty converter is the same for every visitor of the hub, and costs two
        # queries and dozens of widget renders.
        converter = cached_catalogue(
            f"hub-converter:{hub.pk}",
            lambda: render_to_string(
                "hubs/_converter.html", {"form": empty_conversion_form(hub), "conversion": None}
            ),
        )
    live = board()
    # The Remote market's postings are the remote ones, and its split the whole board's.
    if hub.is_remote:
        split = live.live_counts("remote")
        hub.live_count = split.get(RemoteStatus.REMOTE, 0)
        postings = live.newest_postings(limit=HUB_POSTINGS, remote=RemoteStatus.REMOTE)
    else:
        split = live.live_counts("remote", hub=hub)
        hub.live_count = sum(split.values())
        postings = live.newest_postings(limit=HUB_POSTINGS, hub=hub)
    hub.postings_url = live.postings_url(hub=hub)
    context = {
        "hub": hub,
        "postings": postings,
        "split": work_split(split),
        "form": form,
        "converter": converter,
        "conversion": conversion,
    }
    return render(request, "hubs/hub_detail.html", context, status=status)


def empty_conversion_form(hub: Hub) -> SalaryConversionForm:
    """The converter as a hub's page first shows it: from the hub, when it has an index."""
    return SalaryConversionForm(initial={"from": hub.slug} if hub.cost_of_living_index else {})


CITY_SEARCH_LIMIT = 10


@require_GET
def city_search(request: HttpRequest) -> JsonResponse:
    """Cities whose name starts with `q`, most populous first, for the city fields' script."""
    text = request.GET.get("q", "")[:100]
    places = gazetteer.search(text, limit=CITY_SEARCH_LIMIT) if len(text.strip()) >= 2 else []
    results = [
        {"slug": place.slug, "label": place.label, "country": place.country} for place in places
    ]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "public, max-age=86400"  # the gazetteer changes with releases
    return response
