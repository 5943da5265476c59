from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate


def _rate_changed(instance, **kwargs) -> None:
    from jobboard.lib.cache import postings_changed

    from .models import recompute_usd_pay

    # After the rate table's cache has moved on (watch_catalogue runs first), so the new
    # rate is the one read; once more after commit, as the cache is.
    # Every conversion goes through the dollar's own rate: a new one reprices everything.
    recompute_usd_pay(currency=None if instance.currency == "USD" else instance.currency)
    postings_changed()


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
        from salaries.models import ExchangeRate

        from .models import Posting

        # A company's name shows in every list of its postings and in their search text.
        watch_postings(Posting, Company)
        # Pay in US dollars follows the reference rates: an admin's edit or a command's
        # update of a rate recomputes the postings paid in that currency.
        post_save.connect(_rate_changed, sender=ExchangeRate, dispatch_uid="postings-usd-pay")
        post_delete.connect(_rate_changed, sender=ExchangeRate, dispatch_uid="postings-usd-pay")
        # SQLite's full-text triggers stand aside while migrations rebuild tables, and are
        # made again (and the index refilled) afterwards (search_sqlite.py says why).
        pre_migrate.connect(_drop_search_triggers, sender=self, dispatch_uid="postings-fts-off")
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="postings-fts")
