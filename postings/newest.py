"""The newest live postings of a role or a hub, reused between writes.

The posting page (related jobs), the role page and the hub page each show the few newest
live postings of a role or a place: the same short list for every visitor, read with four
joins. It is cached like the counts (jobboard/counts.py): any write to a posting or a
company moves it on, and so does any change to the catalogue, whose role and hub names the
rows show. Between writes the list can only lose postings, as their expiry passes; they
are dropped here, and the database is asked again only when too few are left to know
which come next. As for the counts, with the per-process memory cache other processes see
a write within `POSTING_COUNTS_CACHE_SECONDS`; with a shared cache, at once.
"""

from django.utils import timezone

from jobboard.catalogue_cache import catalogue_version
from jobboard.counts import cached_count

from .models import Posting, PostingQuerySet


def newest_live(
    live: PostingQuerySet, *, key: str, count: int, exclude: Posting | None = None
) -> list[Posting]:
    """The first `count` postings of `live` (a `live()` queryset in the default order, newest
    first, which `key` names), leaving out `exclude`."""
    wanted = count + (exclude is not None)
    newest = cached_count(
        f"newest:{key}:{wanted}:{catalogue_version()}", lambda: list(live.for_list()[:wanted])
    )
    now = timezone.now()
    kept = [posting for posting in newest if posting != exclude and posting.is_live(now)]
    if len(kept) >= count or len(newest) < wanted:
        return kept[:count]
    if exclude is not None:
        live = live.exclude(pk=exclude.pk)
    return list(live.for_list()[:count])
