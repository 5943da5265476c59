"""Background work on postings, run by the worker on the schedule in jobboard/schedule.py."""

from django.utils import timezone

from jobboard.lib.tasks import background

from . import expiry
from .imports.feeds import FeedError
from .imports.fetch import FetchError
from .imports.sync import import_source
from .models import ImportSource


@background(retries=2)
def expire_postings() -> dict[str, int]:
    """Expire what is due and send the renewal reminders (postings/expiry.py)."""
    done = expiry.run()
    return {"reminded": done.reminded, "expired": done.expired}


@background(retries=0)
def import_openings(source_id: int) -> dict:
    """Bring one source's openings in step (postings/imports). A feed that cannot be read
    changes nothing; the error is kept on the source, where its company sees it."""
    source = ImportSource.objects.select_related("company").filter(pk=source_id).first()
    if source is None:
        return {"gone": source_id}
    try:
        return import_source(source=source).summary()
    except (FetchError, FeedError) as error:
        source.last_run_at = timezone.now()
        source.last_result = {"error": str(error)}
        source.save(update_fields=["last_run_at", "last_result"])
        return source.last_result


@background(retries=1)
def import_all_openings() -> int:
    """Queue every company's sources for an import; how many."""
    ids = list(ImportSource.objects.values_list("pk", flat=True))
    for source_id in ids:
        import_openings.enqueue(source_id)
    return len(ids)
