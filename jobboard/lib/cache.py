"""Everything the board keeps in the cache, and what makes each entry stale.

The cache holds only what can be computed again from the database. Every entry belongs
to one of these families; a new cached value joins one of them, never a family of its own
without a line here.

- `postings:` (`cached_postings`): list totals, facet counts, home counts, live counts per
  role, hub, company and way of working, keyword rankings and their highlighted passages,
  the newest postings of a role or hub, the rendered `/jobs/` filter form. Made stale by
  any save or delete of a posting or company (`watch_postings` in `postings/apps.py`), by
  bulk writes that call `postings_changed` themselves, and by any catalogue change, since
  lists of postings show role and city names. Else kept `POSTING_COUNTS_CACHE_SECONDS`.
- `catalogue:` (`cached_catalogue`): page parts built from roles, hubs, guides and the
  salary survey: role and hub records, rendered role sections, filter choices, survey
  groups and placements. Made stale by any save, delete or many-to-many change of a model
  passed to `watch_catalogue` (each app's `ready()`), and by survey imports, remaps and
  report edits (`catalogue_changed`). Else kept `CATALOGUE_CACHE_SECONDS`.
- `content:` (`cached_content`): rendered Markdown, keyed by a digest of its source text.
  Never stale: other text has another key. Kept a day.

Outside these families, django-ratelimit keeps its counters and `cached_db` sessions keep
a copy of each session; both are their own libraries' business.

A family is made stale by moving it to a new generation: keys carry the generation they
were written under, so old entries are never read again and expire on their own. Every key
also carries the release (settings.CACHES KEY_PREFIX), so values pickled by older code are
never unpickled by newer code after a deploy.

With a shared cache (Redis, as production runs) a change shows in every process at once.
With the default per-process memory cache other processes see it when their entries
expire, after the times above.
"""

import hashlib
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

POSTINGS_GENERATION = "postings:generation"
CATALOGUE_GENERATION = "catalogue:generation"


def _generation(key: str) -> str:
    return cache.get(key) or _move_on(key)


def _move_on(key: str) -> str:
    # A fresh token rather than a counter: if the key is evicted and made again, it can never
    # match entries written under an older one.
    generation = uuid.uuid4().hex[:12]
    cache.set(key, generation, timeout=None)
    return generation


def _changed(key: str) -> None:
    """Move a family on now, and again once the surrounding transaction commits, so a value
    computed from the old rows in between is not the one kept."""
    _move_on(key)
    transaction.on_commit(lambda: _move_on(key))


def postings_changed() -> None:
    """Forget everything computed from the postings: call after any write to them."""
    _changed(POSTINGS_GENERATION)


def catalogue_changed() -> None:
    """Forget everything computed from the catalogue, and from the postings too, since lists
    of postings show the names of their roles and cities."""
    _changed(CATALOGUE_GENERATION)
    _changed(POSTINGS_GENERATION)


def query_key(kind: str, query: str) -> str:
    """A short key for one kind of value of one search, named by its canonical query."""
    return f"{kind}:{hashlib.sha256(query.encode()).hexdigest()[:32]}"


def now() -> float:
    return time.time()


def cached_postings(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the last POSTING_COUNTS_CACHE_SECONDS.

    Past half that time one request, the one that takes a short lock, computes again while
    the others keep the kept value, so workers never all recount at the same moment. A value
    is still never older than POSTING_COUNTS_CACHE_SECONDS.
    """
    seconds = settings.POSTING_COUNTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = f"postings:{key}:{_generation(POSTINGS_GENERATION)}"
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


def cached_catalogue(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, reused until the catalogue changes. It must not return None.

    Only what is the same for every visitor may go in: nothing per user, nothing that
    depends on the time.
    """
    seconds = settings.CATALOGUE_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = f"catalogue:{key}:{_generation(CATALOGUE_GENERATION)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds)
    return value


CONTENT_SECONDS = 24 * 60 * 60


def cached_content(kind: str, source: str, compute: Callable[[], T]) -> T:
    """`compute()` for a value that depends on `source` alone, kept under its digest."""
    key = f"content:{kind}:{hashlib.sha256(source.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=CONTENT_SECONDS)
    return value


def _receiver(changed: Callable[[], None]) -> Callable[..., None]:
    def receiver(**kwargs) -> None:
        changed()

    return receiver


_postings_receiver = _receiver(postings_changed)
_catalogue_receiver = _receiver(catalogue_changed)


def _watch(models_: tuple[type[models.Model], ...], receiver, family: str) -> None:
    for model in models_:
        uid = f"{family}:{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
            )


def watch_postings(*watched: type[models.Model]) -> None:
    """Make the `postings:` family stale on every save or delete of these models, the admin's
    bulk deletes included (Django deletes row by row when a model has delete receivers)."""
    _watch(watched, _postings_receiver, "postings")


def watch_catalogue(*watched: type[models.Model]) -> None:
    """Make the `catalogue:` family stale on every save, delete or many-to-many change of these.

    Not for models deleted by the thousand in cascades (the survey's reports): a delete
    receiver stops Django deleting them in one statement.
    """
    _watch(watched, _catalogue_receiver, "catalogue")
