"""What the worker runs on its own, and how often: the schedule, in the code.

Every worker reads it; each slot of each entry (the hour from 13:00, the day from midnight
UTC) is enqueued once however many workers there are (jobboard.lib.tasks.enqueue_once).
A task that is late because no worker ran catches up once, not once per missed slot.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.tasks import forget_unconfirmed_accounts
from candidates.tasks import send_job_alerts
from postings.tasks import expire_postings, import_all_openings


@dataclass(frozen=True)
class Every:
    period: timedelta
    task: object  # a django-tasks Task

    def slot(self, now: datetime) -> str:
        """The start of the period `now` falls in, as text: the key of this run."""
        seconds = int(self.period.total_seconds())
        start = int(now.timestamp()) // seconds * seconds
        return f"{self.task.module_path}@{start}"


SCHEDULE = [
    # Expiry and renewal reminders.
    Every(timedelta(hours=1), expire_postings),
    # Alerts keep each their own daily or weekly rhythm; this only finds the due ones.
    Every(timedelta(hours=1), send_job_alerts),
    Every(timedelta(days=1), forget_unconfirmed_accounts),
    # Openings kept in step with the applicant tracking systems companies use.
    Every(timedelta(hours=6), import_all_openings),
]
