"""Background work for candidates, run by the worker on the schedule in jobboard/schedule.py."""

from jobboard.lib.tasks import background

from .alerts import send_job_alerts as send_due_alerts


@background(retries=2)
def send_job_alerts() -> dict[str, int]:
    """E-mail every due alert its new postings. Each alert keeps its own daily or weekly
    rhythm, so this runs every hour; a posting is never sent to an alert twice."""
    run = send_due_alerts()
    if run.retried:
        # Refused e-mails were released for the next run; say so in the task's record.
        raise RuntimeError(f"{run.retried} alert e-mail(s) refused; they go again next run")
    return {"alerts": run.alerts, "emails": run.emails, "postings": run.postings, "lost": run.lost}
