"""E-mails about postings and accounts.

Each message is sent after the database work it reports has been saved, and a failed send
is logged, never raised: losing an e-mail must not lose the posting or the account.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from .models import Company, Posting

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send(*, to: list[str], template: str, context: dict) -> bool:
    """Render templates/emails/<template>.txt (first line is the subject) and send it."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        log.warning("No recipient for the %s e-mail; not sent.", template)
        return False
    subject, _, body = render_to_string(f"emails/{template}.txt", context).partition("\n")
    try:
        send_mail(subject.strip(), body.strip() + "\n", None, recipients)
    except Exception:
        log.exception("Could not send the %s e-mail to %s", template, ", ".join(recipients))
        return False
    return True


def company_addresses(company: Company) -> list[str]:
    return list(company.members.exclude(email="").values_list("email", flat=True))


def posting_context(posting: Posting) -> dict:
    from django.urls import reverse

    return {
        "posting": posting,
        "posting_url": absolute(posting.get_absolute_url()),
        "dashboard_url": absolute(reverse("postings:dashboard")),
        "renew_url": absolute(reverse("postings:posting_action", args=[posting.slug, "renew"])),
    }


def posting_submitted(*, posting: Posting, to: list[str]) -> bool:
    return send(to=to, template="posting_submitted", context=posting_context(posting))


def posting_approved(*, posting: Posting) -> bool:
    return send(
        to=company_addresses(posting.company),
        template="posting_approved",
        context=posting_context(posting),
    )


def posting_rejected(*, posting: Posting) -> bool:
    return send(
        to=company_addresses(posting.company),
        template="posting_rejected",
        context=posting_context(posting),
    )


def posting_expiring(*, posting: Posting) -> bool:
    return send(
        to=company_addresses(posting.company),
        template="posting_expiring",
        context=posting_context(posting),
    )
