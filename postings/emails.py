"""What the board tells a company about its postings, through the one mail helper."""

from django.urls import reverse

from jobboard.lib import mail

from .models import Posting


def _context(posting: Posting) -> dict:
    return {
        "posting": posting,
        "posting_url": mail.absolute(posting.get_absolute_url()),
        "dashboard_url": mail.absolute(reverse("postings:dashboard")),
        "renew_url": mail.absolute(
            reverse("postings:posting_action", args=[posting.slug, "renew"])
        ),
    }


def _to_company(posting: Posting, template: str, connection=None) -> bool:
    return mail.send(
        to=posting.company.member_addresses(),
        template=template,
        context=_context(posting),
        connection=connection,
    )


def posting_submitted(*, posting: Posting, to: list[str]) -> bool:
    return mail.send(to=to, template="posting_submitted", context=_context(posting))


def posting_approved(*, posting: Posting) -> bool:
    return _to_company(posting, "posting_approved")


def posting_rejected(*, posting: Posting) -> bool:
    return _to_company(posting, "posting_rejected")


def posting_expiring(*, posting: Posting, connection=None) -> bool:
    return _to_company(posting, "posting_expiring", connection)
