from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


def _drop_search_triggers(using: str = "default", **kwargs) -> None:
    from .search_sqlite import drop_triggers

    drop_triggers(connections[using])


def _ensure_search_index(using: str = "default", **kwargs) -> None:
    from .search_sqlite import ensure_index

    ensure_index(connections[using])


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = "Postings"

    def ready(self) -> None:
        from companies.models import Company
        from jobboard.lib.cache import watch_postings

        from .models import Posting

        # A company's name shows in every list of its postings and in their search text.
        watch_postings(Posting, Company)
        # SQLite's full-text triggers stand aside while migrations rebuild tables, and are
        # made again (and the index refilled) afterwards (search_sqlite.py says why).
        pre_migrate.connect(_drop_search_triggers, sender=self, dispatch_uid="postings-fts-off")
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="postings-fts")
