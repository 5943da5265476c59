"""Every change of a posting's status goes through this module.

Views, admin actions, the API and management commands call these functions and never
set `Posting.status` themselves, so the rules below hold everywhere. Each function locks
the row, checks that the move is allowed from the status the database holds now (not a
possibly stale copy), and saves in one transaction.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Posting, PostingStatus

S = PostingStatus

# action -> the statuses a posting may be in for that action
ALLOWED_FROM: dict[str, set[str]] = {
    "submit": {S.DRAFT, S.REJECTED},
    "publish": {S.DRAFT, S.PENDING},
    "reject": {S.PENDING},
    "expire": {S.PUBLISHED},
    "fill": {S.PUBLISHED, S.EXPIRED},
    "renew": {S.PUBLISHED, S.EXPIRED},
}


PAST_TENSE = {
    "submit": "submitted for review",
    "publish": "published",
    "reject": "rejected",
    "expire": "expired",
    "fill": "marked as filled",
    "renew": "renewed",
}


class TransitionNotAllowed(ValidationError):
    def __init__(self, action: str, status: str) -> None:
        super().__init__(
            f"This posting is {S(status).label.lower()}; it cannot be {PAST_TENSE[action]}.",
            code="transition_not_allowed",
        )
        self.action = action
        self.status = status


def lifetime() -> timedelta:
    return timedelta(days=settings.POSTING_LIFETIME_DAYS)


def _locked(posting: Posting, action: str) -> Posting:
    current = Posting.objects.select_for_update().get(pk=posting.pk)
    if current.status not in ALLOWED_FROM[action]:
        raise TransitionNotAllowed(action, current.status)
    return current


def _save(posting: Posting, locked: Posting, **changes: object) -> Posting:
    for field, value in changes.items():
        setattr(locked, field, value)
        setattr(posting, field, value)
    locked.save(update_fields=[*changes, "updated_at"])
    posting.updated_at = locked.updated_at
    return posting


@transaction.atomic
def submit(*, posting: Posting) -> Posting:
    """An employer sends a draft (or a rejected posting, corrected) for review."""
    locked = _locked(posting, "submit")
    return _save(posting, locked, status=S.PENDING)


@transaction.atomic
def publish(*, posting: Posting, now: datetime | None = None) -> Posting:
    """Approve a pending posting (or publish a draft directly): live from now."""
    now = now or timezone.now()
    locked = _locked(posting, "publish")
    return _save(posting, locked, status=S.PUBLISHED, published_at=now, expires_at=now + lifetime())


@transaction.atomic
def reject(*, posting: Posting) -> Posting:
    locked = _locked(posting, "reject")
    return _save(posting, locked, status=S.REJECTED)


@transaction.atomic
def expire(*, posting: Posting, now: datetime | None = None) -> Posting:
    """Close a published posting; it keeps its page with a closed notice."""
    now = now or timezone.now()
    locked = _locked(posting, "expire")
    expires_at = locked.expires_at if locked.expires_at and locked.expires_at <= now else now
    return _save(posting, locked, status=S.EXPIRED, expires_at=expires_at)


@transaction.atomic
def fill(*, posting: Posting) -> Posting:
    locked = _locked(posting, "fill")
    return _save(posting, locked, status=S.FILLED)


@transaction.atomic
def renew(*, posting: Posting, now: datetime | None = None) -> Posting:
    """Give a published or expired posting a fresh lifetime from now, keeping its content."""
    now = now or timezone.now()
    locked = _locked(posting, "renew")
    return _save(posting, locked, status=S.PUBLISHED, expires_at=now + lifetime())
