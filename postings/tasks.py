"""Background work on postings, run by the worker on the schedule in jobboard/schedule.py."""

from jobboard.lib.tasks import background

from . import expiry


@background(retries=2)
def expire_postings() -> dict[str, int]:
    """Expire what is due and send the renewal reminders (postings/expiry.py)."""
    done = expiry.run()
    return {"reminded": done.reminded, "expired": done.expired}
