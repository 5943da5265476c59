from django.core.management.base import BaseCommand

from postings import expiry


class Command(BaseCommand):
    help = (
        "Expire published postings whose time is up and e-mail a renewal link to the "
        "employers of those expiring within POSTING_REMINDER_DAYS. The worker runs this every "
        "hour; safe to run at any time, and twice at once."
    )

    def handle(self, *args, **options) -> None:
        done = expiry.run()
        self.stdout.write(
            f"Sent {done.reminded} renewal reminder(s); expired {done.expired} posting(s)."
        )
