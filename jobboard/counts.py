"""Counts that cost a scan of the board, reused for a short time.

On a board of 100,000 postings, the number of results and the facet counts are the
expensive part of a list page: each is an aggregate over every matching row, while the page
itself reads twenty rows through an index. The same search is asked for again and again (the
unfiltered list most of all), so these counts are kept in the cache for
`POSTING_COUNTS_CACHE_SECONDS`, keyed by the address and its filters, not by the page or
the order. Any write to a posting moves the cache on to a new generation of keys, so the
counts follow edits, publications and expiries at once; only the passing of an expiry time
that no command has acted on yet can leave a count that many seconds behind.
"""

import hashlib
import time
from collections.abc import Callable
from functools import cached_property
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.http import QueryDict

T = TypeVar("T")

# Parameters that change which rows are shown or their order, never how many match.
NOT_COUNTED = {"page", "page_size", "ordering", "format"}


def counts_key(kind: str, path: str, query: QueryDict) -> str:
    """The same for two addresses that differ only in page, order or parameter order."""
    kept = sorted(
        (name, value)
        for name, values in query.lists()
        if name not in NOT_COUNTED
        for value in values
        if value != ""
    )
    digest = hashlib.sha256(f"{path}?{urlencode(kept)}".encode()).hexdigest()[:32]
    return f"counts:{kind}:{digest}"


GENERATION_KEY = "counts:generation"


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 0, timeout=None)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set
        cache.set(GENERATION_KEY, 1, timeout=None)


def invalidate_counts() -> None:
    """Forget every cached count: call after any change to the postings.

    Moves on now, and again once the surrounding transaction commits, so a count taken from
    the old rows between the two is not the one kept.
    """
    _next_generation()
    transaction.on_commit(_next_generation)


def now() -> float:
    return time.time()


def cached_count(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the last POSTING_COUNTS_CACHE_SECONDS.

    Past half that time one request, the one that takes a short lock, counts again while
    the others keep the kept value. Without this every worker found the count expired at
    the same moment and ran the same aggregate at once: the p99 spikes of bench/RESULTS.md.
    A count is still never older than POSTING_COUNTS_CACHE_SECONDS.
    """
    seconds = settings.POSTING_COUNTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    # Entries hold (refresh time, value); "t" keeps bare values cached by older code unread.
    key = f"{key}:g{_generation()}t"
    kept = cache.get(key)
    if kept is not None:
        refresh_at, value = kept
        if now() < refresh_at or not cache.add(f"{key}:refreshing", 1, timeout=seconds):
            return value
    value = compute()
    cache.set(key, (now() + seconds / 2, value), timeout=seconds)
    if kept is not None:
        cache.delete(f"{key}:refreshing")
    return value


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from the cache when the same search was counted lately."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cached_count(self.count_key, lambda: Paginator.count.func(self))

    def page(self, number):
        # Django cuts the last page at the count; a cached count may be a little behind, so
        # read a whole page and let the database say where the rows end.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + (self.orphans if number == self.num_pages else 0)
        return self._get_page(self.object_list[bottom:top], number, self)
