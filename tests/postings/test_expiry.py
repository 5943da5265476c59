import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from postings.models import Posting

pytestmark = pytest.mark.django_db


def expiring_in(make_posting, company, delta: timedelta, **extra) -> Posting:
    return make_posting(company=company, expires_at=timezone.now() + delta, **extra)


def test_expires_what_is_due_and_only_that(make_posting, acme, owner):
    due = expiring_in(make_posting, acme, timedelta(minutes=-1))
    fresh = expiring_in(make_posting, acme, timedelta(days=20))
    call_command("expire_postings")
    assert Posting.objects.get(pk=due.pk).status == "expired"
    assert Posting.objects.get(pk=fresh.pk).status == "published"
    assert list(Posting.objects.live()) == [fresh]


def test_reminds_once_a_few_days_before_with_a_renewal_link(make_posting, acme, owner, member):
    soon = expiring_in(make_posting, acme, timedelta(days=2), title="Vision Engineer")
    expiring_in(make_posting, acme, timedelta(days=10))
    call_command("expire_postings")
    call_command("expire_postings")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["mateo@example.com", "olivia@example.com"]
    assert "Vision Engineer" in message.subject
    assert f"http://testserver/employer/postings/{soon.slug}/renew/" in message.body
    assert Posting.objects.get(pk=soon.pk).reminder_sent_at is not None


def test_renewing_re_arms_the_reminder(make_posting, acme, owner, client):
    posting = expiring_in(make_posting, acme, timedelta(days=2))
    call_command("expire_postings")
    client.force_login(owner)
    client.post(f"/employer/postings/{posting.slug}/renew/")
    stored = Posting.objects.get(pk=posting.pk)
    assert stored.reminder_sent_at is None
    assert stored.expires_at > timezone.now() + timedelta(days=29)


def test_a_reminder_with_nobody_to_tell_is_settled_not_retried(make_posting, acme, caplog):
    posting = expiring_in(make_posting, acme, timedelta(days=2))  # Acme has no members
    call_command("expire_postings")
    assert Posting.objects.get(pk=posting.pk).reminder_sent_at is not None
    caplog.clear()
    call_command("expire_postings")
    assert "no members to remind" not in caplog.text  # settled: not logged again
    assert mail.outbox == []


def test_a_failed_reminder_is_retried_next_run(make_posting, acme, owner, settings):
    posting = expiring_in(make_posting, acme, timedelta(days=2))
    settings.EMAIL_BACKEND = "tests.broken_mail.BrokenBackend"
    call_command("expire_postings")
    assert Posting.objects.get(pk=posting.pk).reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("expire_postings")
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once_and_expire_each_posting_once(
    make_posting, acme, owner
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises whole-database writes")
    reminded = [expiring_in(make_posting, acme, timedelta(days=1)) for _ in range(15)]
    due = [expiring_in(make_posting, acme, timedelta(minutes=-5)) for _ in range(15)]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            call_command("expire_postings")
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == len(reminded) == len(set(subjects))
    assert Posting.objects.filter(pk__in=[p.pk for p in due], status="expired").count() == 15
    assert (
        Posting.objects.filter(
            pk__in=[p.pk for p in reminded], reminder_sent_at__isnull=False
        ).count()
        == 15
    )
