"""The one way the board sends e-mail.

Each message is a template, `templates/emails/<name>.txt`, whose first line is the subject.
`send` is for messages that report something already saved (a posting approved, an
invitation): a failure is logged and answered with False, never raised, so losing an
e-mail never loses the change it reports. Callers that must know how a send failed (job
alerts decide between retrying and giving up) build the message with `message` and send
it themselves.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


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


def send(*, to: list[str], template: str, context: dict) -> bool:
    """Render and send one e-mail; False (and a log line) when it could not be sent."""
    if not any(to):
        log.warning("No recipient for the %s e-mail; not sent.", template)
        return False
    email = message(to=to, template=template, context=context)
    try:
        email.send()
    except Exception:
        log.exception("Could not send the %s e-mail to %s", template, ", ".join(email.to))
        return False
    return True
