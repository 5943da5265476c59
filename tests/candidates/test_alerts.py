"""Job alerts: subscribing, double opt-in, unsubscribing, and sending each posting once."""

import re
import smtplib
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from candidates import alerts
from candidates.alerts import normalise_query, send_alert, send_job_alerts
from candidates.models import AlertDelivery, JobAlert
from roles.models import RemoteStatus

pytestmark = pytest.mark.django_db


def make_alert(**overrides) -> JobAlert:
    values = {
        "email": "ada@example.com",
        "query": "",
        "frequency": JobAlert.Frequency.DAILY,
        "confirmed_at": timezone.now() - timedelta(days=3),
    }
    values.update(overrides)
    return JobAlert.objects.create(**values)


def link_in(message, name: str) -> str:
    match = re.search(rf"http://testserver(/jobs/alerts/{name}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def sent_pairs() -> list[tuple[str, str]]:
    """(recipient, posting URL) for every posting in every alert e-mail sent so far."""
    pairs = []
    for message in mail.outbox:
        for url in re.findall(r"http://testserver(/jobs/(?!alerts)[^\s]+/)", message.body):
            pairs.append((message.to[0], url))
    return pairs


# --- the search an alert stores --------------------------------------------------------


def test_query_is_normalised(ml_engineer, prompt_engineer, austin):
    query = normalise_query(
        "ordering=salary&page=3&remote=remote&role=prompt-engineer&role=machine-learning-engineer"
        "&q=  pytorch   vision &role=prompt-engineer&salary_min=150000&utm_source=x"
    )
    assert query == (
        "q=pytorch+vision&role=machine-learning-engineer&role=prompt-engineer"
        "&remote=remote&salary_min=150000"
    )


@pytest.mark.parametrize(
    "query", ["role=no-such-role", "remote=mars", "salary_min=lots", "posted_within=9999"]
)
def test_bad_search_is_refused(query):
    with pytest.raises(alerts.ValidationError):
        normalise_query(query)


# --- subscribing ------------------------------------------------------------------------


def test_jobs_page_offers_an_alert_for_the_current_search(client, make_posting, ml_engineer):
    make_posting(role=ml_engineer)
    content = client.get(
        "/jobs/?role=machine-learning-engineer&ordering=salary&page=1"
    ).content.decode()
    assert "E-mail me new jobs for this search" in content
    assert 'action="/jobs/alerts/new/"' in content
    assert 'name="query" value="role=machine-learning-engineer"' in content


def test_subscribing_sends_only_a_confirmation(client, ml_engineer):
    response = client.post(
        "/jobs/alerts/new/",
        {
            "email": "Ada@Example.com",
            "frequency": "weekly",
            "query": "role=machine-learning-engineer",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/jobs/alerts/pending/"
    alert = JobAlert.objects.get()
    assert (alert.email, alert.query, alert.frequency) == (
        "ada@example.com",
        "role=machine-learning-engineer",
        "weekly",
    )
    assert alert.confirmed_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Confirm your job alert"
    assert mail.outbox[0].to == ["ada@example.com"]
    assert "Role: machine-learning-engineer" in mail.outbox[0].body
    assert "Check your inbox" in client.get(response["Location"]).content.decode()


def test_bad_filter_re_renders_the_form_with_the_input(client):
    response = client.post(
        "/jobs/alerts/new/",
        {"email": "ada@example.com", "frequency": "daily", "query": "role=no-such-role"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "This search has a filter that is not valid" in content
    assert 'value="ada@example.com"' in content
    assert not JobAlert.objects.exists()
    assert mail.outbox == []


def test_bad_email_re_renders_the_form_with_the_input(client, ml_engineer):
    response = client.post(
        "/jobs/alerts/new/",
        {"email": "not-an-address", "frequency": "monthly", "query": "remote=remote"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in content
    assert 'value="not-an-address"' in content
    assert "Select a valid choice." in content
    assert 'name="query" value="remote=remote"' in content
    assert not JobAlert.objects.exists()


def test_mail_server_down_keeps_the_input_and_says_so(client, settings, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(LocmemBackend, "send_messages", refuse)
    response = client.post(
        "/jobs/alerts/new/",
        {"email": "ada@example.com", "frequency": "weekly", "query": "remote=remote"},
    )
    content = response.content.decode()
    assert response.status_code == 503
    assert "We could not send the confirmation e-mail just now." in content
    assert 'value="ada@example.com"' in content
    assert JobAlert.objects.get().confirmed_at is None


def test_alert_page_shows_the_search_it_will_save(client, ml_engineer):
    content = client.get("/jobs/alerts/new/?role=machine-learning-engineer&page=2").content.decode()
    assert "Role: machine-learning-engineer" in content
    assert 'name="query" value="role=machine-learning-engineer"' in content


def test_signing_up_again_for_a_confirmed_alert_changes_nothing(client):
    alert = make_alert(frequency="daily")
    client.post(
        "/jobs/alerts/new/", {"email": "ada@example.com", "frequency": "weekly", "query": ""}
    )
    alert.refresh_from_db()
    assert alert.frequency == "daily"
    assert JobAlert.objects.count() == 1
    assert mail.outbox[0].subject == "You already have this job alert"


def test_signing_up_again_before_confirming_resends_the_link(client):
    for frequency in ["daily", "weekly"]:
        client.post(
            "/jobs/alerts/new/", {"email": "ada@example.com", "frequency": frequency, "query": ""}
        )
    alert = JobAlert.objects.get()
    assert alert.frequency == "weekly"
    assert [m.subject for m in mail.outbox] == ["Confirm your job alert"] * 2


# --- confirming -------------------------------------------------------------------------


def subscribe(client, query: str = "") -> str:
    client.post(
        "/jobs/alerts/new/", {"email": "ada@example.com", "frequency": "daily", "query": query}
    )
    return link_in(mail.outbox[-1], "confirm")


def test_confirmation_link_shows_a_button_and_post_confirms(client):
    url = subscribe(client)
    page = client.get(url)
    assert "Yes, start my alert" in page.content.decode()
    assert JobAlert.objects.get().confirmed_at is None  # GET changed nothing
    response = client.post(url)
    assert "Your job alert is on" in response.content.decode()
    assert JobAlert.objects.get().confirmed_at is not None


def test_tampered_confirmation_link_is_refused(client):
    url = subscribe(client)
    token = url.split("/")[-2]
    forged = signing.dumps(JobAlert.objects.get().pk + 1, salt="something-else")
    for bad in [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged]:
        response = client.post(f"/jobs/alerts/confirm/{bad}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert JobAlert.objects.get().confirmed_at is None


def test_expired_confirmation_link_is_refused(client, monkeypatch, settings):
    client.post("/jobs/alerts/new/", {"email": "ada@example.com", "frequency": "daily"})
    alert = JobAlert.objects.get()
    four_days_ago = int(time.time()) - 4 * 24 * 60 * 60
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(four_days_ago)
    )
    old_token = alerts.confirm_token(alert)
    monkeypatch.undo()
    response = client.post(f"/jobs/alerts/confirm/{old_token}/")
    assert response.status_code == 400
    assert "This confirmation link has expired" in response.content.decode()
    assert JobAlert.objects.get().confirmed_at is None


def test_an_unsubscribe_token_does_not_confirm(client):
    client.post("/jobs/alerts/new/", {"email": "ada@example.com", "frequency": "daily"})
    token = alerts.unsubscribe_token(JobAlert.objects.get())
    assert client.post(f"/jobs/alerts/confirm/{token}/").status_code == 400
    assert JobAlert.objects.get().confirmed_at is None


# --- unsubscribing ----------------------------------------------------------------------


def test_unsubscribe_link_shows_a_button_and_post_deletes(client):
    alert = make_alert()
    url = f"/jobs/alerts/unsubscribe/{alerts.unsubscribe_token(alert)}/"
    page = client.get(url)
    assert "Stop this job alert?" in page.content.decode()
    assert JobAlert.objects.filter(pk=alert.pk).exists()  # GET changed nothing
    response = client.post(url)
    assert "You are unsubscribed" in response.content.decode()
    assert not JobAlert.objects.filter(pk=alert.pk).exists()
    # Again (a second click, an old e-mail): still a calm answer.
    assert "You are unsubscribed" in client.post(url).content.decode()


def test_one_click_unsubscribe_needs_no_csrf_token():
    alert = make_alert()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/jobs/alerts/unsubscribe/{alerts.unsubscribe_token(alert)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not JobAlert.objects.exists()


def test_tampered_unsubscribe_token_is_refused(client):
    alert = make_alert()
    other = make_alert(email="bob@example.com")
    confirm = alerts.confirm_token(other)
    token = alerts.unsubscribe_token(alert).replace(":", ":x", 1)
    for bad in [token, confirm, "1", str(other.pk)]:
        response = client.post(f"/jobs/alerts/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert JobAlert.objects.count() == 2


# --- sending ----------------------------------------------------------------------------


def test_sends_matching_new_postings_only(make_posting, ml_engineer, austin):
    alert = make_alert(query="role=machine-learning-engineer&remote=remote")
    match = make_posting(
        title="Remote ML One", role=ml_engineer, remote=RemoteStatus.REMOTE, hub=None
    )
    make_posting(title="Other Role", remote=RemoteStatus.REMOTE, hub=None)
    make_posting(title="On Site ML", role=ml_engineer, hub=austin)
    make_posting(
        title="Too Old ML",
        role=ml_engineer,
        remote=RemoteStatus.REMOTE,
        hub=None,
        published_at=alert.confirmed_at - timedelta(minutes=1),
    )
    make_posting(
        title="Expired ML", role=ml_engineer, remote=RemoteStatus.REMOTE, hub=None, status="expired"
    )
    make_posting(
        title="Draft ML", role=ml_engineer, remote=RemoteStatus.REMOTE, hub=None, status="draft"
    )

    run = send_job_alerts()

    assert (run.alerts, run.emails, run.postings) == (1, 1, 1)
    [message] = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "1 new AI job for your search"
    assert sent_pairs() == [("ada@example.com", match.get_absolute_url())]
    assert "Remote ML One" in message.body
    unsubscribe = link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert list(AlertDelivery.objects.values_list("alert", "posting")) == [(alert.pk, match.pk)]


def test_unconfirmed_alerts_get_nothing(make_posting):
    make_alert(confirmed_at=None)
    make_posting()
    assert send_job_alerts().emails == 0
    assert mail.outbox == []


def test_each_posting_is_sent_once_across_runs(make_posting):
    alert = make_alert()
    now = timezone.now()
    # Published an hour before the first run, so the next run's window still covers it.
    first = make_posting(title="First Posting", published_at=now - timedelta(hours=1))
    send_job_alerts(now=now)
    # The next day: a new posting, and the first one still live.
    second = make_posting(title="Second Posting", published_at=now + timedelta(hours=2))
    send_job_alerts(now=now + timedelta(days=1))
    send_job_alerts(now=now + timedelta(days=2))
    assert sent_pairs() == [
        ("ada@example.com", first.get_absolute_url()),
        ("ada@example.com", second.get_absolute_url()),
    ]
    assert AlertDelivery.objects.filter(alert=alert).count() == 2


def test_the_database_refuses_a_second_delivery_of_a_posting(make_posting):
    alert, posting = make_alert(), make_posting()
    AlertDelivery.objects.create(alert=alert, posting=posting)
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDelivery.objects.create(alert=alert, posting=posting)


def test_running_twice_at_once_sends_nothing_twice(make_posting):
    make_alert()
    make_posting()
    now = timezone.now()
    send_job_alerts(now=now)
    # Same moment again (a second cron job): the alert is no longer due.
    assert send_job_alerts(now=now).alerts == 0
    # Even a run that ignores the schedule finds nothing unsent.
    JobAlert.objects.update(last_run_at=None)
    assert send_job_alerts(now=now).emails == 0
    assert len(mail.outbox) == 1


def test_daily_and_weekly_alerts_fall_due_on_their_own_schedule(make_posting):
    now = timezone.now()
    daily = make_alert(
        email="d@example.com", frequency="daily", last_run_at=now - timedelta(days=1)
    )
    weekly = make_alert(
        email="w@example.com", frequency="weekly", last_run_at=now - timedelta(days=2)
    )
    weekly_due = make_alert(
        email="w2@example.com",
        frequency="weekly",
        last_run_at=now - timedelta(days=7, minutes=-30),  # cron started a little early
    )
    not_yet = make_alert(
        email="d2@example.com", frequency="daily", last_run_at=now - timedelta(hours=12)
    )
    make_posting(published_at=now - timedelta(hours=1))
    assert set(JobAlert.objects.due(now)) == {daily, weekly_due}
    send_job_alerts(now=now)
    assert sorted(m.to[0] for m in mail.outbox) == ["d@example.com", "w2@example.com"]
    for alert in (daily, weekly_due):
        alert.refresh_from_db()
        assert alert.last_run_at == now
    for alert in (weekly, not_yet):
        alert.refresh_from_db()
        assert alert.last_run_at != now


def test_a_run_only_looks_back_one_interval_before_the_last(make_posting):
    now = timezone.now()
    make_alert(confirmed_at=now - timedelta(days=30), last_run_at=now - timedelta(days=1))
    recent = make_posting(published_at=now - timedelta(days=1, hours=12))
    make_posting(published_at=now - timedelta(days=3))
    send_job_alerts(now=now)
    assert sent_pairs() == [("ada@example.com", recent.get_absolute_url())]


def test_one_email_holds_at_most_the_limit_and_links_the_rest(make_posting, settings):
    settings.JOB_ALERT_MAX_POSTINGS = 3
    alert = make_alert()
    now = timezone.now()
    postings = [make_posting(published_at=now - timedelta(minutes=n)) for n in range(5)]
    send_job_alerts(now=now)
    [message] = mail.outbox
    assert [url for _, url in sent_pairs()] == [p.get_absolute_url() for p in postings[:3]]
    assert "See them all: http://testserver/jobs/" in message.body
    assert AlertDelivery.objects.filter(alert=alert).count() == 3


def test_the_alert_query_has_no_distinct(ml_engineer, austin):
    # DISTINCT would make PostgreSQL read the whole window before taking one e-mail's worth.
    alert = make_alert(query="city=austin&remote=hybrid&role=machine-learning-engineer")
    query = str(alerts.matching_postings(alert=alert, now=timezone.now())[:21].query)
    assert "DISTINCT" not in query.upper()
    assert "LIMIT 21" in query


def test_a_search_that_no_longer_validates_matches_nothing(make_posting):
    make_alert(query="role=retired-role")
    make_posting()
    run = send_job_alerts()
    assert (run.alerts, run.emails) == (1, 0)


def test_stale_unconfirmed_sign_ups_are_swept(settings):
    now = timezone.now()
    make_alert(email="old@example.com", confirmed_at=None, created_at=now - timedelta(days=4))
    fresh = make_alert(email="new@example.com", confirmed_at=None, created_at=now)
    send_job_alerts(now=now)
    assert list(JobAlert.objects.all()) == [fresh]


# --- failures half-way ------------------------------------------------------------------


class FlakyBackend(LocmemBackend):
    """Delivers to mail.outbox, except that the Nth message raises the given error."""

    def __init__(self, *, fail_on: int, error: BaseException, **kwargs):
        super().__init__(**kwargs)
        self.fail_on, self.error, self.attempts = fail_on, error, 0

    def send_messages(self, messages):
        self.attempts += 1
        if self.attempts == self.fail_on:
            raise self.error
        return super().send_messages(messages)


class ProcessKilled(BaseException):
    """Stands for the worker dying (SIGKILL, power loss) in the middle of sending."""


def three_alerts_with_postings(make_posting):
    for name in ("a", "b", "c"):
        make_alert(email=f"{name}@example.com")
    return [make_posting(), make_posting()]


def test_refused_email_is_retried_next_run_and_nothing_is_sent_twice(make_posting):
    three_alerts_with_postings(make_posting)
    now = timezone.now()
    refused = smtplib.SMTPDataError(451, b"try again later")
    run = send_job_alerts(now=now, connection=FlakyBackend(fail_on=2, error=refused))
    assert (run.emails, run.retried, run.lost) == (2, 1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "c@example.com"]
    # The refused alert's claim was released: it is due again and its postings unsent.
    assert AlertDelivery.objects.filter(alert__email="b@example.com").count() == 0

    rerun = send_job_alerts(now=now + timedelta(minutes=5))
    assert (rerun.emails, rerun.postings) == (1, 2)
    recipients = [pair[0] for pair in sent_pairs()]
    assert sorted(recipients) == sorted(["a@example.com", "b@example.com", "c@example.com"] * 2)
    assert len(set(sent_pairs())) == len(sent_pairs()) == 6


def test_crash_mid_run_resumes_without_sending_anything_twice(make_posting):
    three_alerts_with_postings(make_posting)
    now = timezone.now()
    with pytest.raises(ProcessKilled):
        send_job_alerts(now=now, connection=FlakyBackend(fail_on=2, error=ProcessKilled()))
    assert [m.to[0] for m in mail.outbox] == ["a@example.com"]

    rerun = send_job_alerts(now=now + timedelta(minutes=5))
    assert rerun.emails == 1
    assert [m.to[0] for m in mail.outbox] == ["a@example.com", "c@example.com"]
    # The alert in flight when the process died had claimed its postings: at most once
    # means it misses this batch rather than risk a duplicate.
    assert AlertDelivery.objects.filter(alert__email="b@example.com").count() == 2
    assert len(set(sent_pairs())) == len(sent_pairs()) == 4
    assert send_job_alerts(now=now + timedelta(minutes=10)).emails == 0


def test_unknown_outcome_is_never_retried(make_posting):
    three_alerts_with_postings(make_posting)
    dropped = smtplib.SMTPServerDisconnected("connection closed after DATA")
    run = send_job_alerts(connection=FlakyBackend(fail_on=1, error=dropped))
    assert (run.emails, run.retried, run.lost) == (2, 0, 1)
    JobAlert.objects.update(last_run_at=None)
    assert send_job_alerts().emails == 0


def test_command_reports_and_fails_when_emails_failed(make_posting, monkeypatch):
    three_alerts_with_postings(make_posting)
    refused = smtplib.SMTPRecipientsRefused({"b@example.com": (550, b"no such user")})

    def flaky_connection(**kwargs):
        return FlakyBackend(fail_on=3, error=refused)

    monkeypatch.setattr(alerts.mail, "delivery_connection", flaky_connection)
    with pytest.raises(CommandError, match="Some alert e-mails failed"):
        call_command("send_job_alerts")
    assert len(mail.outbox) == 2


def test_command_output(make_posting, capsys):
    make_alert()
    make_posting()
    call_command("send_job_alerts")
    assert "1 alert(s) due, 1 e-mail(s) sent with 1 posting(s); 0 to retry next run, 0 lost." in (
        capsys.readouterr().out
    )


# --- queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 15])
def test_queries_per_alert_do_not_grow_with_postings(
    make_posting, ml_engineer, django_assert_num_queries, size
):
    alert = make_alert(query="role=machine-learning-engineer")
    for _ in range(size):
        make_posting(role=ml_engineer)
    searches = {}
    send_alert(alert_id=alert.pk, searches=searches, now=timezone.now())  # warm the cache
    JobAlert.objects.update(last_run_at=None)
    AlertDelivery.objects.all().delete()
    mail.outbox.clear()
    # savepoint, lock the alert, its new postings (with their company, role and city),
    # insert the deliveries, move last_run_at, release the savepoint
    with django_assert_num_queries(6):
        assert send_alert(alert_id=alert.pk, searches=searches, now=timezone.now()) == size
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("alert_count", [2, 12])
def test_queries_for_a_run_grow_only_with_alerts(
    make_posting, ml_engineer, django_assert_max_num_queries, alert_count
):
    for n in range(alert_count):
        make_alert(email=f"user{n}@example.com", query="role=machine-learning-engineer")
    for _ in range(5):
        make_posting(role=ml_engineer)
    # the sweep of stale sign-ups, due ids (read twice: the second read finds no more), the
    # search's role lookup once per run, then 6 per alert
    with django_assert_max_num_queries(4 + 6 * alert_count):
        run = send_job_alerts()
    assert (run.emails, run.postings) == (alert_count, 5 * alert_count)


# --- concurrency (real row locks) -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_locked_alert_is_skipped_by_a_concurrent_run(make_posting):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; SKIP LOCKED needs PostgreSQL")
    alert = make_alert()
    make_posting()
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                JobAlert.objects.select_for_update().get(pk=alert.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    worker = threading.Thread(target=hold_the_lock)
    worker.start()
    try:
        assert locked.wait(timeout=10)
        run = send_job_alerts()
        assert (run.alerts, run.emails) == (0, 0)
    finally:
        release.set()
        worker.join()
    assert send_job_alerts().emails == 1
    assert len(mail.outbox) == 1


def test_alert_sign_ups_are_rate_limited_per_address_and_per_ip(client, settings):
    settings.RATELIMIT_ALERT = "2/h"
    for query in ("", "remote=remote"):
        client.post(
            "/jobs/alerts/new/", {"email": "ada@example.com", "frequency": "daily", "query": query}
        )
    sent = len(mail.outbox)
    assert sent == 2  # both confirmations went out
    # The same address, spelt otherwise, from another IP address: still refused, and
    # nothing more is sent.
    response = client.post(
        "/jobs/alerts/new/",
        {"email": " Ada@Example.COM", "frequency": "weekly"},
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    # Other addresses from the first IP address: refused too, by the per-IP limit.
    response = client.post("/jobs/alerts/new/", {"email": "bob@example.com", "frequency": "daily"})
    assert response.status_code == 429
    assert len(mail.outbox) == sent
