"""The one way the board sends e-mail.

Each message is a template, `templates/emails/<name>.txt`, whose first line is the subject.
`send` is for messages that report something already saved (a posting approved, an
invitation): a failure is logged and answered with False, never raised, so losing an
e-mail never loses the change it reports. Callers that must know how a send failed (job
alerts and renewal reminders decide between retrying and giving up) build the message with
`message` and send it themselves, through `delivery_connection()`.

No e-mail leaves inside a request: EMAIL_BACKEND is `QueuedEmailBackend`, which turns each
message into a `deliver` task for a worker (retried if the server refuses it), committed
with the request's own transaction, so a change that rolls back sends nothing. The worker
delivers through EMAIL_DELIVERY_BACKEND (SMTP in production). Django's own e-mails, such
as password resets, take the same road.
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string

from .tasks import background

log = logging.getLogger(__name__)
QUEUE_BACKEND = "jobboard.lib.mail.QueuedEmailBackend"


def absolute(path: str) -> str:
    """A link for an e-mail: the site's address in front of a path."""
    return f"{settings.SITE_URL}{path}"


def message(
    *,
    to: list[str],
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    connection: BaseEmailBackend | None = None,
) -> EmailMessage:
    """templates/emails/<template>.txt rendered with `context`, addressed to `to`."""
    subject, _, body = render_to_string(f"emails/{template}.txt", context).partition("\n")
    return EmailMessage(
        subject.strip(),
        body.strip() + "\n",
        to=sorted({address for address in to if address}),
        headers=headers,
        connection=connection,
    )


def send(
    *,
    to: list[str],
    template: str,
    context: dict,
    connection: BaseEmailBackend | None = None,
) -> bool:
    """Render and send one e-mail; False (and a log line) when it could not be sent."""
    if not any(to):
        log.warning("No recipient for the %s e-mail; not sent.", template)
        return False
    email = message(to=to, template=template, context=context, connection=connection)
    try:
        email.send()
    except Exception:
        log.exception("Could not send the %s e-mail to %s", template, ", ".join(email.to))
        return False
    return True


def delivery_connection() -> BaseEmailBackend:
    """A connection that hands messages to the mail server now, not to the queue: for work
    that already runs in a worker and must know at once whether a message left."""
    if settings.EMAIL_BACKEND == QUEUE_BACKEND:
        return get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return get_connection()


def as_data(email: EmailMessage) -> dict:
    """A message as JSON-able data, for a task's arguments."""
    return {
        "subject": email.subject,
        "body": email.body,
        "from_email": email.from_email,
        "to": email.to,
        "cc": email.cc,
        "bcc": email.bcc,
        "reply_to": email.reply_to,
        "headers": email.extra_headers,
        "alternatives": [list(part) for part in getattr(email, "alternatives", [])],
        "attachments": [
            [
                name,
                base64.b64encode(
                    content if isinstance(content, bytes) else content.encode()
                ).decode(),
                mimetype,
            ]
            for name, content, mimetype in email.attachments
        ],
    }


def from_data(data: dict) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(part) for part in data["alternatives"]],
    )
    for name, content, mimetype in data["attachments"]:
        email.attach(name, base64.b64decode(content), mimetype)
    return email


@background(retries=5, backoff=timedelta(minutes=1))
def deliver(data: dict) -> None:
    """Hand one queued message to the mail server; a refusal is retried later."""
    with delivery_connection() as connection:
        connection.send_messages([from_data(data)])


class QueuedEmailBackend(BaseEmailBackend):
    """Queue each message as a `deliver` task instead of talking to a mail server."""

    def send_messages(self, email_messages) -> int:
        for email in email_messages:
            deliver.enqueue(as_data(email))
        return len(email_messages)
