"""Expiry and renewal reminders: the periodic work on published postings.

Safe to run at any time, and by two workers at once: each reminder and each expiry is
claimed by one run only.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobboard.lib import mail

from . import emails, workflow
from .models import Posting, PostingStatus

BATCH = 200
log = logging.getLogger(__name__)


@dataclass
class ExpiryRun:
    reminded: int
    expired: int


def run(now: datetime | None = None) -> ExpiryRun:
    """Remind the employers of postings expiring soon, then expire those whose time is up."""
    now = now or timezone.now()
    return ExpiryRun(reminded=send_reminders(now), expired=expire_due(now))


def send_reminders(now: datetime) -> int:
    soon = now + timedelta(days=settings.POSTING_REMINDER_DAYS)
    due = Posting.objects.filter(
        status=PostingStatus.PUBLISHED,
        reminder_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=soon,
    ).select_related("company")
    sent = 0
    # Sent now, not queued: a refusal releases the claim for the next run, and a message
    # the server took is never sent again.
    connection = mail.delivery_connection()
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
            log.info("Posting %s expires soon; its company has no members to remind", posting.pk)
            continue
        if emails.posting_expiring(posting=posting, connection=connection):
            sent += 1
        else:
            # Release the claim so the next run tries again.
            Posting.objects.filter(pk=posting.pk, reminder_sent_at=now).update(
                reminder_sent_at=None
            )
    return sent


def expire_due(now: datetime) -> int:
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
