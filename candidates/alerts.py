"""Job alerts: subscribing with double opt-in, signed links, and sending new postings.

Sending is exactly-once per (alert, posting) in the sense that matters to a subscriber:
never twice. Each alert runs in three steps:

1. *Claim*, in one transaction: lock the alert row (``SELECT ... FOR UPDATE SKIP LOCKED``,
   re-checking that it is still due), pick its new matching postings, insert one
   `AlertDelivery` per posting (unique per alert and posting) and move `last_run_at`, then
   commit. A second worker, a second run or a rerun after a crash sees the claim and skips
   those postings.
2. *Send* the e-mail, outside the transaction (SMTP is not part of the database).
3. If sending failed in a way that proves nothing left (the server refused us, or we never
   reached it), *release* the claim, so the next run sends those postings again.

So a crash between the commit of step 1 and the end of step 2 loses that one e-mail rather
than risking a duplicate (at most once), and so does a failure whose outcome is unknown
(the connection dropped mid-conversation). Both are logged with the alert and posting ids.
"""

import logging
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from jobboard.lib import mail
from postings.filters import SEARCH_PARAMETERS, PostingFilter
from postings.models import Posting

from .models import AlertDelivery, JobAlert

logger = logging.getLogger(__name__)

CONFIRM_SALT = "candidates.alerts.confirm"
UNSUBSCRIBE_SALT = "candidates.alerts.unsubscribe"

# --- the search an alert stores -------------------------------------------------------


def normalise_query(query: str) -> str:
    """Validate a query string with the one PostingFilter; raise ValidationError if it fails."""
    filterset = PostingFilter(QueryDict(query), queryset=Posting.objects.none())
    if not filterset.is_valid():
        problems = [
            f"{filterset.form.fields[name].label}: {error}"
            for name, errors in filterset.form.errors.items()
            for error in errors
        ]
        raise ValidationError(
            "This search has a filter that is not valid (%(problems)s).",
            code="invalid_search",
            params={"problems": "; ".join(problems)},
        )
    return filterset.canonical_query()


def describe_query(query: str) -> str:
    """A short human summary of a stored search, for e-mails and pages."""
    data = QueryDict(query)
    parts = []
    for name in SEARCH_PARAMETERS:
        values = data.getlist(name)
        if values:
            label = PostingFilter.base_filters[name].label or name
            parts.append(f"{label}: {', '.join(values)}")
    return "; ".join(parts) or "all jobs"


# --- signed links -----------------------------------------------------------------------


def confirm_token(alert: JobAlert) -> str:
    return signing.dumps(alert.pk, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> int:
    """The alert id in a confirmation token; raises SignatureExpired or BadSignature."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.JOB_ALERT_CONFIRM_MAX_AGE)


def unsubscribe_token(alert: JobAlert) -> str:
    return signing.dumps(alert.pk, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int:
    """The alert id in an unsubscribe token; raises BadSignature. These never expire: an
    unsubscribe link in an e-mail a year old must still work."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def confirm_url(alert: JobAlert) -> str:
    return mail.absolute(
        reverse("candidates:alert_confirm", kwargs={"token": confirm_token(alert)})
    )


def unsubscribe_url(alert: JobAlert) -> str:
    return mail.absolute(
        reverse("candidates:alert_unsubscribe", kwargs={"token": unsubscribe_token(alert)})
    )


# --- subscribing ------------------------------------------------------------------------


def alert_subscribe(*, email: str, query: str, frequency: str) -> JobAlert:
    """Record a wish for alerts and e-mail the address a link to confirm it.

    Nothing is sent to the address but that one message until it is confirmed. Signing up
    again for the same search resends the link (and may change the frequency) while it is
    unconfirmed; once confirmed, it only reminds the owner, so nobody can change someone
    else's alert by knowing their address. The page says the same in every case.
    """
    email = email.strip().lower()
    with transaction.atomic():
        alert, created = JobAlert.objects.select_for_update().get_or_create(
            email=email, query=query, defaults={"frequency": frequency}
        )
        if not created and not alert.is_confirmed:
            alert.frequency = frequency
            alert.created_at = timezone.now()  # a fresh link: keep it from the stale sweep
            alert.save(update_fields=["frequency", "created_at"])
    context = {
        "alert": alert,
        "search": describe_query(alert.query),
        "search_url": mail.absolute(alert.search_url()),
        "confirm_url": confirm_url(alert),
        "unsubscribe_url": unsubscribe_url(alert),
        "max_age_days": settings.JOB_ALERT_CONFIRM_MAX_AGE // 86400,
    }
    template = "job_alert_exists" if alert.is_confirmed else "job_alert_confirm"
    # Raised, not only logged: the page tells the visitor to try again.
    mail.message(to=[alert.email], template=template, context=context).send()
    return alert


def alert_confirm(*, alert_id: int, now: datetime | None = None) -> JobAlert | None:
    """Confirm an alert (idempotent); None if it no longer exists."""
    now = now or timezone.now()
    JobAlert.objects.filter(pk=alert_id, confirmed_at__isnull=True).update(confirmed_at=now)
    return JobAlert.objects.filter(pk=alert_id).first()


def alert_unsubscribe(*, alert_id: int) -> bool:
    """Delete the alert and its history; False if it was already gone."""
    deleted, _ = JobAlert.objects.filter(pk=alert_id).delete()
    return deleted > 0


# --- sending ----------------------------------------------------------------------------


@dataclass
class AlertRun:
    alerts: int = 0  # due alerts this run locked and looked at
    emails: int = 0
    postings: int = 0
    retried: int = 0  # e-mails that failed before leaving; released for the next run
    lost: int = 0  # e-mails whose fate is unknown; not retried, so never sent twice


def send_job_alerts(
    *, now: datetime | None = None, connection: BaseEmailBackend | None = None, chunk: int = 500
) -> AlertRun:
    """Send every due alert its new postings. Safe to run twice, concurrently, or after a
    crash: see the module docstring. For cron (the `send_job_alerts` command) or a task."""
    now = now or timezone.now()
    JobAlert.objects.stale_unconfirmed(now).delete()
    run = AlertRun()
    searches: dict[str, QuerySet | None] = {}
    connection = connection or mail.delivery_connection()
    with connection:  # one SMTP connection for the whole run
        after = 0
        while True:
            # Ids only, a chunk at a time: memory stays flat however many alerts there are.
            ids = list(
                JobAlert.objects.due(now)
                .filter(pk__gt=after)
                .order_by("pk")
                .values_list("pk", flat=True)[:chunk]
            )
            if not ids:
                break
            for alert_id in ids:
                send_alert(
                    alert_id=alert_id, now=now, connection=connection, searches=searches, run=run
                )
            after = ids[-1]
    return run


def matching_postings(
    *, alert: JobAlert, now: datetime, searches: dict[str, QuerySet | None] | None = None
) -> QuerySet:
    """Live postings that match the alert's search, published in its window, never sent to it.

    `searches` caches the filtered queryset per stored search, so validating a search (which
    looks up its roles and cities) happens once a run, not once per alert.
    """
    searches = {} if searches is None else searches
    if alert.query not in searches:
        filterset = PostingFilter(
            QueryDict(alert.query), queryset=Posting.objects.live(now).for_list()
        )
        # A search that no longer validates (a role removed from the catalogue) matches
        # nothing, rather than silently dropping the filter and matching everything.
        searches[alert.query] = filterset.qs if filterset.is_valid() else None
    base = searches[alert.query]
    if base is None:
        return Posting.objects.none()
    already_sent = AlertDelivery.objects.filter(alert=alert, posting=OuterRef("pk"))
    return (
        base.filter(published_at__gt=alert.window_start())
        .filter(~Exists(already_sent))
        .order_by("-published_at", "-id")
    )


def send_alert(
    *,
    alert_id: int,
    now: datetime | None = None,
    connection: BaseEmailBackend | None = None,
    searches: dict[str, QuerySet | None] | None = None,
    run: AlertRun | None = None,
) -> int:
    """Claim, send and (on a definite failure) release one alert; returns postings sent.

    A bounded number of queries whatever the number of postings: lock the alert, select its
    postings, insert the deliveries, update the alert (plus savepoint statements, and the
    search's validation on first use in a run).
    """
    now = now or timezone.now()
    run = run if run is not None else AlertRun()
    limit = settings.JOB_ALERT_MAX_POSTINGS
    try:
        with transaction.atomic():
            alert = (
                JobAlert.objects.due(now)
                .select_for_update(skip_locked=True)
                .filter(pk=alert_id)
                .first()
            )
            if alert is None:
                return 0  # another worker holds it, it was just sent, or it is gone
            run.alerts += 1
            found = list(matching_postings(alert=alert, now=now, searches=searches)[: limit + 1])
            postings, more = found[:limit], len(found) > limit
            previous_run = alert.last_run_at
            AlertDelivery.objects.bulk_create(
                [AlertDelivery(alert=alert, posting=posting, sent_at=now) for posting in postings]
            )
            JobAlert.objects.filter(pk=alert.pk).update(last_run_at=now)
            # Built before the commit: a template error rolls the claim back with it.
            message = (
                alert_message(alert=alert, postings=postings, more=more, connection=connection)
                if postings
                else None
            )
    except IntegrityError:
        # A concurrent run claimed one of these postings first (only possible where the
        # database cannot lock rows, e.g. SQLite); the whole claim rolled back.
        logger.warning("Alert %s was claimed by another run; skipped", alert_id)
        return 0
    if message is None:
        return 0
    try:
        message.send()
    except Exception as error:
        ids = [posting.pk for posting in postings]
        if not nothing_was_sent(error):
            run.lost += 1
            logger.error(
                "Alert %s: sending failed with an unknown outcome (%r); postings %s stay "
                "recorded as sent so they are never sent twice",
                alert.pk,
                error,
                ids,
            )
            return 0
        with transaction.atomic():
            AlertDelivery.objects.filter(alert=alert, posting_id__in=ids, sent_at=now).delete()
            JobAlert.objects.filter(pk=alert.pk, last_run_at=now).update(last_run_at=previous_run)
        run.retried += 1
        logger.warning("Alert %s: e-mail refused (%r); will retry next run", alert.pk, error)
        return 0
    run.emails += 1
    run.postings += len(postings)
    return len(postings)


def nothing_was_sent(error: Exception) -> bool:
    """True when an error proves the message never left: the server answered with a
    refusal, or we never connected. A dropped connection or a timeout may come after the
    server accepted the message, so those count as unknown."""
    return isinstance(
        error,
        smtplib.SMTPResponseException  # includes sender refused, data refused, connect error
        | smtplib.SMTPRecipientsRefused
        | ConnectionRefusedError
        | socket.gaierror,
    )


def alert_message(
    *,
    alert: JobAlert,
    postings: list[Posting],
    more: bool,
    connection: BaseEmailBackend | None = None,
) -> EmailMessage:
    unsubscribe = unsubscribe_url(alert)
    context = {
        "alert": alert,
        "postings": [(posting, mail.absolute(posting.get_absolute_url())) for posting in postings],
        "more": more,
        "search": describe_query(alert.query),
        "search_url": mail.absolute(alert.search_url()),
        "unsubscribe_url": unsubscribe,
    }
    return mail.message(
        to=[alert.email],
        template="job_alert",
        context=context,
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
