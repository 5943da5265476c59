"""The live board as the pages of the lower apps show it (see jobboard/lib/board.py).

Role, hub and company pages show counts and the newest postings of their role, place or
company: the same for every visitor, so they are cached in the `postings:` family and follow
every write to a posting at once. Between writes a list of postings can only lose members,
as expiry times pass; those are dropped here, and the database is asked again only when too
few are left to know which come next.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from jobboard.lib.cache import cached_postings

from .filters import PostingFilter
from .models import Posting, PostingQuerySet

# live_counts(by=...) groups by these columns.
GROUPS = {"role": "role_id", "hub": "hub_id", "company": "company_id", "remote": "remote"}
FILTERS = {"role", "hub", "company", "remote"}


def _live(filters: dict) -> PostingQuerySet:
    unknown = set(filters) - FILTERS
    if unknown:
        raise TypeError(f"Unknown filters: {', '.join(sorted(unknown))}")
    return Posting.objects.live().filter(**filters)


def _key(filters: dict) -> str:
    return ",".join(
        f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items())
    )


def live_counts(by: str, **filters) -> dict:
    """Live postings per role, hub or company (by primary key) or way of working: one grouped
    query over the live postings, reused until the next write."""
    column = GROUPS[by]

    def count() -> dict:
        rows = _live(filters).order_by().values_list(column).annotate(n=Count("pk"))
        return {key: n for key, n in rows if key is not None}

    return cached_postings(f"live-counts:{by}:{_key(filters)}", count)


def newest_postings(*, limit: int, exclude: Posting | None = None, **filters) -> list[Posting]:
    """The `limit` newest live postings with these filters, leaving out `exclude`."""
    wanted = limit + (exclude is not None)
    live = _live(filters)
    newest = cached_postings(
        f"newest:{_key(filters)}:{wanted}", lambda: list(live.for_list()[:wanted])
    )
    now = timezone.now()
    kept = [posting for posting in newest if posting != exclude and posting.is_live(now)]
    if len(kept) >= limit or len(newest) < wanted:
        return kept[:limit]
    if exclude is not None:
        live = live.exclude(pk=exclude.pk)
    return list(live.for_list()[:limit])


def postings_page(request: HttpRequest, **filters) -> Page:
    """The page of live postings the request asks for (`?page=`), newest first."""
    live = _live(filters).for_list()
    paginator = Paginator(live, settings.POSTINGS_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def postings_url(*, role=None, hub=None, remote: str | None = None) -> str:
    """The /jobs/ search for a role, a hub (the Remote market: remote work) or a way of working."""
    search: dict[str, str] = {}
    if role is not None:
        search["role"] = role.slug
    if hub is not None:
        if hub.is_remote:
            search["remote"] = "remote"
        else:
            search["city"] = hub.slug
    if remote:
        search["remote"] = remote
    return PostingFilter.list_url(PostingFilter.canonical(search))
