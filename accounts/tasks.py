"""Background work on accounts, run by the worker on the schedule in jobboard/schedule.py."""

from jobboard.lib.tasks import background

from .views import unconfirmed_expired


@background(retries=2)
def forget_unconfirmed_accounts() -> int:
    """Delete sign-ups whose confirmation link expired unused; how many."""
    deleted, _ = unconfirmed_expired().delete()
    return deleted
