import logging
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from postings import emails, workflow
from postings.models import Posting, PostingStatus

BATCH = 200
log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Expire published postings whose time is up and e-mail a renewal link to the "
        "employers of those expiring within POSTING_REMINDER_DAYS. Safe to run every few "
        "minutes, and twice at once: each reminder and each expiry is claimed by one run only."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        reminded = self.send_reminders(now)
        expired = self.expire_due(now)
        self.stdout.write(f"Sent {reminded} renewal reminder(s); expired {expired} posting(s).")

    def send_reminders(self, now) -> int:
        soon = now + timedelta(days=settings.POSTING_REMINDER_DAYS)
        due = Posting.objects.filter(
            status=PostingStatus.PUBLISHED,
            reminder_sent_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=soon,
        ).select_related("company")
        sent = 0
        for posting in due:
            # A conditional UPDATE claims the reminder: of two runs racing for the same row,
            # the database lets exactly one change it, and only that run sends the e-mail.
            claimed = Posting.objects.filter(pk=posting.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            if not posting.company.member_addresses():
                # Nobody to tell: the reminder is settled, not retried on every run.
                log.info(
                    "Posting %s expires soon; its company has no members to remind", posting.pk
                )
                continue
            if emails.posting_expiring(posting=posting):
                sent += 1
            else:
                # Release the claim so the next run tries again.
                Posting.objects.filter(pk=posting.pk, reminder_sent_at=now).update(
                    reminder_sent_at=None
                )
        return sent

    def expire_due(self, now) -> int:
        due = Posting.objects.filter(status=PostingStatus.PUBLISHED, expires_at__lte=now)
        expired = 0
        while True:
            with transaction.atomic():
                # Rows another run holds are skipped, not waited for: two runs share the work.
                # workflow.expire then re-checks each status under the same lock.
                batch = list(
                    due.select_for_update(skip_locked=True)
                    .order_by("pk")
                    .only("pk", "status", "expires_at")[:BATCH]
                )
                for posting in batch:
                    workflow.expire(posting=posting, now=now)
            expired += len(batch)
            if len(batch) < BATCH:
                return expired
