"""The hub pages: the comparison table, one hub's figures and postings, the salary converter."""

from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from jobboard.catalogue_cache import cached_catalogue
from jobboard.charts import Point, scatter
from jobboard.counts import cached_count
from jobboard.money import format_amount

from .hub_forms import SalaryConversionForm
from .models import Hub, Posting, RemoteStatus, ReportedWorkSplit
from .newest import newest_live

HUB_POSTINGS = 10

# Sort keys of /hubs/ and the expression each orders by. A range (the Remote market's
# cost of living and net income advantage) sorts by its low end.
SORTS = {
    "name": F("name"),
    "postings": F("reported_postings"),
    "growth": F("growth_pct"),
    "salary": F("avg_salary"),
    "cost": Coalesce("cost_of_living_index", "cost_of_living_low"),
    "advantage": Coalesce("net_income_advantage_pct", "net_income_advantage_low"),
    "live": F("live_count"),
}
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
    expression = SORTS[key]
    order = (
        expression.desc(nulls_last=True)
        if sort.startswith("-")
        else expression.asc(nulls_last=True)
    )
    # Three queries: the hubs with live counts, the reported split, the board's live split.
    hubs = list(Hub.objects.with_live_count().select_related("source").order_by(order, "name"))
    context = {
        "hubs": hubs,
        "columns": [column_header(column, label, sort) for column, label in COLUMNS],
        "chart": cost_salary_chart(hubs),
        "split": work_split(Posting.objects.live()),
        "sort": sort,
    }
    return render(request, "hubs/hub_list.html", context)


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


def split_counts(postings) -> dict[str, int]:
    """How many of these postings are remote, hybrid and on-site: one grouped query."""
    return dict(postings.order_by().values_list("remote").annotate(n=Count("pk")))


def work_split(postings, *, counts: dict[str, int] | None = None) -> dict:
    """The live remote/hybrid/on-site split of some postings beside the reported one."""
    if counts is None:
        counts = split_counts(postings)
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
    postings = hub.live_postings()
    # The Remote market's split is the whole board's; a city's is its own postings'. Both
    # read every posting they count (thousands on a large board), so the counts are reused
    # briefly, like those of /jobs/ (jobboard/counts.py), and give the live count too.
    split_of = Posting.objects.live() if hub.is_remote else postings
    counts = cached_count(f"counts:hub-split:{hub.pk}", lambda: split_counts(split_of))
    hub.live_count = counts.get(RemoteStatus.REMOTE, 0) if hub.is_remote else sum(counts.values())
    context = {
        "hub": hub,
        "postings": newest_live(postings, key=f"hub:{hub.pk}", count=HUB_POSTINGS),
        "split": work_split(split_of, counts=counts),
        "form": form,
        "converter": converter,
        "conversion": conversion,
    }
    return render(request, "hubs/hub_detail.html", context, status=status)


def empty_conversion_form(hub: Hub) -> SalaryConversionForm:
    """The converter as a hub's page first shows it: from the hub, when it has an index."""
    return SalaryConversionForm(initial={"from": hub.slug} if hub.cost_of_living_index else {})
