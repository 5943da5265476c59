from collections import Counter

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from hubs import gazetteer
from hubs.models import City, Hub
from jobboard.lib.board import board
from jobboard.lib.cache import cached_postings, query_key
from jobboard.lib.pagination import CachedCountPaginator
from roles.models import RemoteStatus, Role
from salaries.rates import rate_table
from salaries.stats import Placement, placement

from . import search, structured_data
from .board import newest_postings
from .feeds import AtomPostingFeed, PostingFeed
from .filters import PostingFilter
from .models import PERIODS_PER_YEAR, Posting

RELATED_POSTINGS = 4


def home(request: HttpRequest) -> HttpResponse:
    live = Posting.objects.live(timezone.now())
    context = {
        "latest": live.for_list()[:8],
        # Three aggregates over the whole board: shared by every visitor, so cached briefly.
        **cached_postings("home-counts", lambda: home_counts(live)),
    }
    return render(request, "postings/home.html", context)


def home_counts(live) -> dict[str, list]:
    """Live postings per role, per city and per way of working, from one pass over them.

    Grouped by the three together there are a few hundred groups; each breakdown is a sum
    of them, so the board is read once rather than three times.
    """
    by_role, by_hub, by_remote = Counter(), Counter(), Counter()
    groups = live.order_by().values_list("role_id", "hub_id", "remote").annotate(n=Count("pk"))
    for role_id, hub_id, remote, n in groups:
        by_role[role_id] += n
        by_remote[remote] += n
        if hub_id is not None:
            by_hub[hub_id] += n
    roles = list(Role.objects.filter(pk__in=by_role))
    hubs = list(Hub.objects.cities().filter(pk__in=by_hub))
    for row in roles:
        row.live_count = by_role[row.pk]
    for row in hubs:
        row.live_count = by_hub[row.pk]
    return {
        "roles": sorted(roles, key=lambda role: (-role.live_count, role.name)),
        "hubs": sorted(hubs, key=lambda hub: (-hub.live_count, hub.name)),
        "remote_counts": [
            (status, by_remote[status.value]) for status in RemoteStatus if by_remote[status.value]
        ],
    }


def posting_list(request: HttpRequest) -> HttpResponse:
    filterset = PostingFilter(request.GET, queryset=Posting.objects.live().for_list())
    if not filterset.is_valid():
        # Show the form with its errors and no results, rather than quietly ignoring a filter.
        context = {"filter": filterset, "page_obj": None, "facets": {}, **pay_context()}
        return render(request, "postings/posting_list.html", context, status=400)
    search_query = filterset.canonical_query()
    results = search.ranked_rows(filterset.qs, filterset.keyword, search_query, headlines=True)
    paginator = CachedCountPaginator(
        results, settings.POSTINGS_PAGE_SIZE, count_key=query_key("total", search_query)
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    # Counted and listed only when the rendered form below is not kept already.
    facets = SimpleLazyObject(lambda: facet_options(filterset, facet_counts(filterset)))
    for posting in page_obj.object_list:
        if getattr(posting, "headline", None):
            posting.snippet = search.headline_html(posting.headline)
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "facets": facets,
        # The form holds nothing personal, so it is kept rendered like the counts it shows;
        # its key adds the order, which counts leave out but the form's order field shows.
        "filters_html": cached_postings(
            query_key(f"filters:{filterset.form.cleaned_data.get('ordering') or ''}", search_query),
            lambda: render_to_string(
                "postings/_filters.html", {"filter": filterset, "facets": facets, **pay_context()}
            ),
        ),
        "search_query": search_query,
        "canonical_path": canonical_path(search_query, page_obj.number),
        # One query for the whole page (none when signed out), never one per row.
        "saved_ids": board().saved_ids(request.user, page_obj.object_list),
        "alert_form": board().alert_form(search_query),
    }
    return render(request, "postings/posting_list.html", context)


def pay_context() -> dict:
    """The rates the pay filter converts with, and the currencies they cover."""
    table = rate_table()
    return {"rates": table, "currencies": sorted(table.per_euro)}


def canonical_path(search_query: str, page: int) -> str:
    """The one address of a page of a search: its canonical query, and the page after the
    first. The order is left out: it shows the same postings."""
    query = "&".join(part for part in (search_query, f"page={page}" if page > 1 else "") if part)
    return PostingFilter.list_url(query)


def facet_counts(filterset: PostingFilter) -> dict[str, dict[str, int]]:
    # Shared with the API's facets: the same search filters alike on both.
    return cached_postings(query_key("facets", filterset.canonical_query()), filterset.facet_counts)


def facet_options(
    filterset: PostingFilter, counts: dict[str, dict[str, int]]
) -> dict[str, list[dict]]:
    """Each facet's options with their counts and whether they are selected, for the template.

    Roles, ways of working, levels and types list every option with postings, in the
    catalogue's order; countries and cities list those the counts name, most postings first.
    """
    selected = {name: set(filterset.data.getlist(name)) for name in counts}
    countries = gazetteer.countries()
    choices = {
        "role": [(role.slug, role.name) for role in filterset.filters["role"].queryset],
        "remote": list(RemoteStatus.choices),
        "country": [
            (code, countries[code].name if code in countries else code)
            for code in by_count(counts["country"], selected["country"])
        ],
        "city": city_labels(by_count(counts["city"], selected["city"])),
        "level": list(filterset.filters["level"].extra["choices"]),
        "type": list(filterset.filters["type"].extra["choices"]),
    }
    return {
        name: [
            {
                "value": value,
                "label": label,
                "count": counts[name].get(value, 0),
                "selected": value in selected[name],
            }
            for value, label in options
            if counts[name].get(value, 0) or value in selected[name]
        ]
        for name, options in choices.items()
    }


def by_count(counts: dict[str, int], selected: set[str]) -> list[str]:
    return sorted({*counts, *selected}, key=lambda value: (-counts.get(value, 0), value))


def city_labels(slugs: list[str]) -> list[tuple[str, str]]:
    """(slug, label) of cities named by their own or their hub's slug: one query."""
    if not slugs:
        return []
    rows = City.objects.filter(Q(slug__in=slugs) | Q(hub__slug__in=slugs)).select_related("hub")
    labels = {}
    for city in rows:
        hub = getattr(city, "hub", None)
        labels[city.slug] = labels[hub.slug if hub else city.slug] = city.label
    for slug in slugs:
        if slug not in labels and (place := gazetteer.by_slug(slug)):
            labels[slug] = place.label  # chosen, but no posting has been there yet
    return [(slug, labels.get(slug, slug)) for slug in slugs]


def posting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Drafts, pending and rejected postings do not exist for the public; the members of the
    # posting's company, and staff allowed to view postings, see them as a preview.
    try:
        posting = Posting.objects.visible_to(request.user).for_list().get(slug=slug)
    except Posting.DoesNotExist:
        raise Http404("No such job posting.") from None
    related = newest_postings(limit=RELATED_POSTINGS, exclude=posting, role=posting.role)
    context = {
        "posting": posting,
        "is_live": posting.is_live(),
        "is_closed": posting.is_closed(),
        "related": related,
        # Empty for closed postings and previews: only live jobs are offered to search engines.
        "job_posting_json_ld": structured_data.job_posting_script(posting, request=request),
        "placement": salary_placement(posting),
        "rates": rate_table(),
        "is_saved": board().saved_ids(request.user, [posting]) == {posting.pk},
    }
    return render(request, "postings/posting_detail.html", context)


def posting_feed(request: HttpRequest, atom: bool = False) -> HttpResponse:
    """RSS (or Atom) of the newest live postings matching the same filters as /jobs/."""
    filterset = PostingFilter(request.GET, queryset=Posting.objects.live().for_list())
    if not filterset.is_valid():
        lines = [
            f"{name}: {error}" for name, errors in filterset.errors.items() for error in errors
        ]
        return HttpResponseBadRequest(
            "This feed's filters need fixing:\n" + "\n".join(lines) + "\n",
            content_type="text/plain; charset=utf-8",
        )
    feed = AtomPostingFeed() if atom else PostingFeed()
    return feed(request, filterset=filterset)


def salary_placement(posting: Posting) -> Placement | None:
    """Where the yearly midpoint sits among survey reports for its role, level and country.

    Pay in another currency is converted to US dollars at the reference rates (the survey's
    own figures are in dollars); a currency the rates do not cover has no placement. The
    country is the city's, or the one country a remote job is open to. One query, or none.
    """
    factor = rate_table().usd_factor(posting.salary_currency)
    if factor is None:
        return None
    country = posting.city.country if posting.city_id else ""
    if not country and len(posting.applicant_countries) == 1:
        country = posting.applicant_countries[0]
    if not country:
        return None
    midpoint = (posting.salary_min + posting.salary_max) / 2
    return placement(
        role_id=posting.role_id,
        level=posting.level,
        country=country,
        amount_usd=midpoint * PERIODS_PER_YEAR[posting.salary_period] * factor,
    )
