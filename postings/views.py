from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jobboard.counts import CachedCountPaginator, cached_count, counts_key
from roles.models import Role

from .filters import PostingFilter
from .models import Hub, Posting, RemoteStatus

RELATED_POSTINGS = 4


def home(request: HttpRequest) -> HttpResponse:
    live = Posting.objects.live(timezone.now())
    context = {
        "latest": live.for_list()[:8],
        # Three aggregates over the whole board: shared by every visitor, so cached briefly.
        **cached_count("counts:home", lambda: home_counts(live)),
    }
    return render(request, "postings/home.html", context)


def home_counts(live) -> dict[str, list]:
    live_here = Q(postings__in=live)
    return {
        "roles": list(
            Role.objects.annotate(live_count=Count("postings", filter=live_here))
            .filter(live_count__gt=0)
            .order_by("-live_count", "name")
        ),
        "hubs": list(
            Hub.objects.cities()
            .annotate(live_count=Count("postings", filter=live_here))
            .filter(live_count__gt=0)
            .order_by("-live_count", "name")
        ),
        "remote_counts": [
            (RemoteStatus(value), count)
            for value, count in live.order_by().values_list("remote").annotate(n=Count("pk"))
        ],
    }


def posting_list(request: HttpRequest) -> HttpResponse:
    filterset = PostingFilter(request.GET, queryset=Posting.objects.live().for_list())
    if not filterset.is_valid():
        # Show the form with its errors and no results, rather than quietly ignoring a filter.
        context = {"filter": filterset, "page_obj": None, "facets": {}}
        return render(request, "postings/posting_list.html", context, status=400)
    paginator = CachedCountPaginator(
        filterset.qs,
        settings.POSTINGS_PAGE_SIZE,
        count_key=counts_key("total", request.path, request.GET),
    )
    counts = cached_count(counts_key("facets", request.path, request.GET), filterset.facet_counts)
    context = {
        "filter": filterset,
        "page_obj": paginator.get_page(request.GET.get("page")),
        "facets": facet_options(filterset, counts),
    }
    return render(request, "postings/posting_list.html", context)


def facet_options(
    filterset: PostingFilter, counts: dict[str, dict[str, int]]
) -> dict[str, list[dict]]:
    """Each facet's options with their counts and whether they are selected, for the template."""
    selected = {name: set(filterset.data.getlist(name)) for name in counts}
    choices = {
        "role": [(role.slug, role.name) for role in filterset.filters["role"].queryset],
        "city": [(hub.slug, hub.name) for hub in filterset.filters["city"].queryset],
        "remote": list(RemoteStatus.choices),
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


def posting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    postings = Posting.objects.for_list()
    if not request.user.is_staff:
        # Drafts, pending and rejected postings do not exist for the public.
        postings = postings.public()
    try:
        posting = postings.get(slug=slug)
    except Posting.DoesNotExist:
        raise Http404("No such job posting.") from None
    related = (
        Posting.objects.live()
        .for_list()
        .filter(role_id=posting.role_id)
        .exclude(pk=posting.pk)[:RELATED_POSTINGS]
    )
    context = {
        "posting": posting,
        "is_live": posting.is_live(),
        "is_closed": posting.is_closed(),
        "related": related,
    }
    return render(request, "postings/posting_detail.html", context)
