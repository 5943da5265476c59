from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(using: str = "default", **kwargs) -> None:
    from django.db import connections

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
        # SQLite drops a table's triggers when a migration rebuilds the table: after every
        # migrate, the full-text index and its triggers are made again where missing.
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="postings-fts")
