from django.core.management.base import BaseCommand, CommandError

from candidates.alerts import send_job_alerts


class Command(BaseCommand):
    help = (
        "E-mail every due job alert the live postings that match it and that it has not been "
        "sent before. Safe to run from cron as often as you like, and concurrently."
    )

    def handle(self, *args, **options) -> None:
        run = send_job_alerts()
        self.stdout.write(
            f"{run.alerts} alert(s) due, {run.emails} e-mail(s) sent with {run.postings} "
            f"posting(s); {run.retried} to retry next run, {run.lost} lost."
        )
        if run.retried or run.lost:
            raise CommandError("Some alert e-mails failed; see the log.")
