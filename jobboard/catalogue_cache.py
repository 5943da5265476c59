"""Parts of pages built from the catalogue alone, kept in the cache until the catalogue changes.

Roles, bands, sources, career steps, certifications, transitions, hubs, guides and the
salary survey change only through `load_catalogue`, `import_salaries`, a remap or the admin,
yet the role and hub pages read a dozen of their tables on every visit. What those pages
build from them is the same for every visitor, so it is cached under a catalogue version:
any save, delete or many-to-many change of a watched model (see each app's `ready()`), and
every rebuild of the survey's summaries, moves the version on, and the next request builds
afresh. Only what is the same for everyone may go in: nothing per user, nothing that
depends on the time.

With a shared cache (Redis, as production runs) an edit shows everywhere at once. With the
default per-process memory cache the process that saved sees it at once and the others
within `CATALOGUE_CACHE_SECONDS`, the lifetime of every entry.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

VERSION_KEY = "catalogue:version"


def _new_version() -> str:
    # A fresh token rather than a counter: if the key is evicted and made again, it can never
    # match entries stored under an older one.
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def catalogue_version() -> str:
    return cache.get(VERSION_KEY) or _new_version()


def invalidate_catalogue() -> None:
    """Forget everything cached from the catalogue: call after any change to it.

    Moves on now, and again once the surrounding transaction commits, so a page built from
    the old rows in between is not the one kept.
    """
    _new_version()
    transaction.on_commit(_new_version)


def cached_catalogue(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, reused until the catalogue changes. It must not return None."""
    seconds = settings.CATALOGUE_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = f"catalogue:{key}:{catalogue_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds)
    return value


def _changed(**kwargs) -> None:
    invalidate_catalogue()


def watch_catalogue(*watched: type[models.Model]) -> None:
    """Invalidate the catalogue cache on every save, delete or many-to-many change of these.

    Not for models deleted by the thousand in cascades (the survey's reports): a delete
    receiver stops Django deleting them in one statement.
    """
    for model in watched:
        uid = f"catalogue:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
            )
