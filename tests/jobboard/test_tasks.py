"""Background work: e-mail leaves through the queue, failures are retried and recorded, the
schedule runs each slot once, and alerts and reminders go exactly once with two workers
racing or a worker killed mid-task."""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from candidates.models import AlertDelivery, JobAlert
from jobboard.lib import tasks
from jobboard.lib.mail import deliver
from jobboard.management.commands.run_worker import Scheduler
from jobboard.schedule import SCHEDULE

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "jobboard.lib.mail.QueuedEmailBackend"
    # A worker in this process must keep the test's connection (and its transaction) open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    call_command("run_worker", "--batch", "--no-schedule", "--interval", "0")


# --- e-mail through the queue -----------------------------------------------------------


@pytest.mark.django_db
def test_a_request_queues_its_email_and_a_worker_delivers_it(client, queue):
    client.post(
        "/accounts/signup/",
        {
            "username": "ivy",
            "email": "ivy@example.com",
            "password1": "a long passphrase 9",
            "password2": "a long passphrase 9",
        },
    )
    assert mail.outbox == []  # nothing left during the request
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "jobboard.lib.mail.deliver"
    assert queued.args_kwargs["args"][0]["to"] == ["ivy@example.com"]
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Confirm your e-mail address"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
def test_a_change_that_rolls_back_sends_nothing(queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Hello", "Body", None, ["a@example.com"])
        raise RuntimeError("the change failed")
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_a_refused_email_is_retried_later_and_every_attempt_is_recorded(queue, settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.broken_mail.BrokenBackend"
    mail.send_mail("Hello", "Body", None, ["a@example.com"])
    run_worker()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert "SMTP server unreachable" in failed.traceback
    again = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert again.args_kwargs["kwargs"] == {"attempt": 2}
    assert again.run_after > timezone.now() + timedelta(seconds=50)
    # The server is back when the next attempt is due.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=again.pk).update(run_after=timezone.now())
    run_worker()
    assert DBTaskResult.objects.get(pk=again.pk).status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_retries_stop_when_spent(queue, settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.broken_mail.BrokenBackend"
    mail.send_mail("Hello", "Body", None, ["a@example.com"])
    for _ in range(10):
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        run_worker()
    # One first attempt and five retries, each recorded; nothing left waiting.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 6
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


# --- the schedule -----------------------------------------------------------------------


@pytest.mark.django_db
def test_each_slot_of_the_schedule_is_enqueued_once_however_many_workers(queue):
    first, second = Scheduler(tick=1), Scheduler(tick=1)
    first.once()
    second.once()
    first.once()
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == sorted(entry.task.module_path for entry in SCHEDULE)
    assert len(paths) == len(SCHEDULE) == len(set(paths))


def test_a_slot_is_the_start_of_its_period():
    hourly = SCHEDULE[0]
    at = datetime(2026, 12, 8, 13, 42, tzinfo=UTC)
    assert (
        hourly.slot(at) == hourly.slot(at.replace(minute=0)) != hourly.slot(at + timedelta(hours=1))
    )


@pytest.mark.django_db
def test_enqueue_once_by_key(queue):
    assert tasks.enqueue_once(deliver, "greeting", {"to": []}) is True
    assert tasks.enqueue_once(deliver, "greeting", {"to": []}) is False
    assert tasks.enqueue_once(deliver, "another", {"to": []}) is True
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db
def test_a_task_whose_worker_died_is_failed_and_tried_again(queue):
    result = deliver.enqueue({"to": ["a@example.com"]})
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    assert tasks.recover_lost(older_than=timedelta(hours=1)) == 1
    lost = DBTaskResult.objects.get(pk=result.id)
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "jobboard.lib.tasks.WorkerLost"
    retried = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retried.args_kwargs["kwargs"] == {"attempt": 2}
    assert tasks.recover_lost(older_than=timedelta(hours=1)) == 0


# --- real worker processes: exactly once --------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: worker processes share the test database only there",
)


def worker_process(record: Path, **env: str) -> subprocess.Popen:
    database = django_settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_BACKEND": "tests.jobboard.recording_mail.RecordingBackend",
        "RECORD_MAIL_TO": str(record),
        "SITE_URL": "http://testserver",
        **env,
    }
    command = [sys.executable, "manage.py", "run_worker", "--no-schedule", "--interval", "0.2"]
    if "HANG_AFTER_MESSAGES" not in env:
        command.append("--batch")
    return subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603


def recorded(record: Path) -> list[dict]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines()]


@pytest.fixture
def due_work(make_posting, acme, owner, member):
    """Six confirmed alerts with a new posting each, and three postings about to expire."""
    from candidates.tasks import send_job_alerts
    from postings.tasks import expire_postings

    for n in range(6):
        JobAlert.objects.create(
            email=f"reader{n}@example.com", confirmed_at=timezone.now() - timedelta(days=2)
        )
    soon = timezone.now() + timedelta(days=1)
    for _ in range(3):
        make_posting(company=acme, expires_at=soon)
    return send_job_alerts, expire_postings


def assert_each_sent_once(record: Path) -> None:
    messages = recorded(record)
    alert_mail = [m["to"][0] for m in messages if "for your search" in m["subject"]]
    reminders = [m for m in messages if m["subject"].startswith("Your job expires soon")]
    assert sorted(alert_mail) == [f"reader{n}@example.com" for n in range(6)]
    assert len(reminders) == 3
    assert AlertDelivery.objects.count() == 6 * 3  # each alert, each live posting, once


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_send_each_alert_and_reminder_once(due_work, queue, tmp_path):
    send_job_alerts, expire_postings = due_work
    for _ in range(2):  # the same work asked for twice, as two slots of a late schedule
        send_job_alerts.enqueue()
        expire_postings.enqueue()
    record = tmp_path / "mail.jsonl"
    workers = [worker_process(record), worker_process(record)]
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    assert_each_sent_once(record)
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {TaskResultStatus.SUCCESSFUL}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_sends_nothing_twice(due_work, queue, tmp_path):
    send_job_alerts, expire_postings = due_work
    expire_postings.enqueue()
    send_job_alerts.enqueue()
    record = tmp_path / "mail.jsonl"
    # The first worker's mail server takes four messages, then never answers again.
    stuck = worker_process(record, HANG_AFTER_MESSAGES="4")
    deadline = time.monotonic() + 60
    while len(recorded(record)) < 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(recorded(record)) == 4
    stuck.kill()
    stuck.wait()
    # Its task is found lost, failed and enqueued again; a healthy worker finishes the work.
    assert tasks.recover_lost(older_than=timedelta(0)) == 1
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    assert worker_process(record).wait(timeout=120) == 0
    messages = recorded(record)
    recipients = [m["to"][0] for m in messages if "for your search" in m["subject"]]
    # Every alert and reminder went once, except the one the silent server may have lost:
    # the claim was made, so it is never sent twice.
    assert len(recipients) == len(set(recipients))
    reminders = [m for m in messages if m["subject"].startswith("Your job expires soon")]
    assert len(reminders) == 3
    assert set(recipients) <= {f"reader{n}@example.com" for n in range(6)}
    assert len(recipients) >= 5
    lost = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert lost.exception_class_path == "jobboard.lib.tasks.WorkerLost"
