"""Every change of a posting's status goes through this module.

Views, admin actions, the API and management commands call these functions and never
set `Posting.status` themselves, so the rules below hold everywhere. Each function locks
the row, checks that the move is allowed from the status the database holds now (not a
possibly stale copy), and saves in one transaction.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from companies.models import Company

from . import emails
from .models import Posting, PostingStatus, duplicate_error
from .similarity import SIMILARITY_THRESHOLD, most_similar

S = PostingStatus

# action -> the statuses a posting may be in for that action
ALLOWED_FROM: dict[str, set[str]] = {
    "submit": {S.DRAFT, S.REJECTED},
    "publish": {S.DRAFT, S.PENDING},
    "reject": {S.PENDING},
    "expire": {S.PUBLISHED},
    "fill": {S.PUBLISHED, S.EXPIRED},
    "renew": {S.PUBLISHED, S.EXPIRED},
    # The employer takes a live posting down early; it keeps its page, marked closed.
    "close": {S.PUBLISHED},
    # The employer takes a posting back out of the review queue to keep working on it.
    "withdraw": {S.PENDING},
    # Content changes; filled postings are finished and stay as they were.
    "edit": {S.DRAFT, S.PENDING, S.PUBLISHED, S.EXPIRED, S.REJECTED},
    # Only postings the public never saw may be deleted; the others keep their page.
    "delete": {S.DRAFT, S.PENDING, S.REJECTED},
}

# Editing any of these on a published posting sends it back to review (unless the company
# is verified): they are what candidates filter and decide on. Other edits (description,
# apply route, location details) stay live at once.
REVIEW_FIELDS = frozenset(
    {
        "title",
        "role",
        "level",
        "employment_type",
        "salary_min",
        "salary_max",
        "salary_currency",
        "salary_period",
    }
)

# What the employer may do from the dashboard and the API's status endpoint.
EMPLOYER_ACTIONS = ("submit", "withdraw", "renew", "fill", "close")


PAST_TENSE = {
    "submit": "submitted for review",
    "publish": "published",
    "reject": "rejected",
    "expire": "expired",
    "fill": "marked as filled",
    "renew": "renewed",
    "close": "closed",
    "withdraw": "withdrawn from review",
    "edit": "edited",
    "delete": "deleted",
}


class TransitionNotAllowed(ValidationError):
    def __init__(self, action: str, status: str) -> None:
        super().__init__(
            f"This posting is {S(status).label.lower()}; it cannot be {PAST_TENSE[action]}.",
            code="transition_not_allowed",
        )
        self.action = action
        self.status = status


def create(*, posting: Posting) -> Posting:
    """Save a new, validated posting as a draft, once.

    Two identical submissions at once (a double click, a client that retries) would both
    pass the duplicate check before either is saved. The company's row is locked first, so
    the second waits for the first, then finds it and is refused (on SQLite the transaction
    holds the database's write lock from its start, to the same effect).
    """
    with transaction.atomic():
        Company.objects.select_for_update().filter(pk=posting.company_id).exists()
        duplicate = posting.recent_duplicate()
        if duplicate is not None:
            raise ValidationError({"title": duplicate_error(duplicate)})
        posting.status = S.DRAFT
        posting.save()
    return posting


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


def _live_from(now: datetime) -> dict[str, object]:
    return {
        "status": S.PUBLISHED,
        "published_at": now,
        "expires_at": now + lifetime(),
        "reminder_sent_at": None,
    }


def near_duplicate(posting: Posting) -> dict[str, object]:
    """The moderator's near-duplicate flag for a posting going to review: the live or
    pending posting most like it, when close enough, and how alike they are."""
    similar, score = most_similar(posting)
    flagged = similar if score >= SIMILARITY_THRESHOLD else None
    return {"similar_to": flagged, "similarity": round(score, 3) if flagged else None}


def submit(*, posting: Posting, by=None, now: datetime | None = None) -> Posting:
    """An employer sends a draft (or a rejected posting, corrected) for review.

    A verified company's posting is published at once. The posting is compared with live
    and pending ones so the moderator sees near-duplicates. The submitter gets a
    confirmation e-mail once the change is saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(posting, "submit")
        changes: dict[str, object] = {**near_duplicate(locked), "rejection_reason": ""}
        if locked.company.verified:
            changes.update(_live_from(now))
        else:
            changes["status"] = S.PENDING
        _save(posting, locked, **changes)
    if by is not None:
        emails.posting_submitted(posting=posting, to=[by.email])
    return posting


def publish(*, posting: Posting, now: datetime | None = None, notify: bool = True) -> Posting:
    """Approve a pending posting (or publish a draft directly): live from now."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(posting, "publish")
        _save(posting, locked, **_live_from(now))
    if notify:
        emails.posting_approved(posting=posting)
    return posting


def reject(*, posting: Posting, reason: str = "") -> Posting:
    """Turn a pending posting down; the reason is kept on it and e-mailed to its company."""
    with transaction.atomic():
        locked = _locked(posting, "reject")
        _save(posting, locked, status=S.REJECTED, rejection_reason=reason.strip())
    emails.posting_rejected(posting=posting)
    return posting


@transaction.atomic
def withdraw(*, posting: Posting) -> Posting:
    locked = _locked(posting, "withdraw")
    return _save(posting, locked, status=S.DRAFT)


@transaction.atomic
def close(*, posting: Posting, now: datetime | None = None) -> Posting:
    """The employer takes a live posting down before its expiry."""
    now = now or timezone.now()
    locked = _locked(posting, "close")
    return _save(posting, locked, status=S.EXPIRED, expires_at=now)


@transaction.atomic
def save_edits(*, posting: Posting, changed: Iterable[str]) -> Posting:
    """Save an edited posting (already validated), applying the rule for live postings.

    `posting` carries the new content; `changed` names the fields that differ from the
    stored row. A published posting whose REVIEW_FIELDS changed goes back to pending
    review, unless its company is verified; other edits stay live.
    """
    locked = _locked(posting, "edit")
    # Lifecycle fields come from the locked row, not the copy the editor loaded earlier.
    for field in ("status", "published_at", "expires_at", "reminder_sent_at", "rejection_reason"):
        setattr(posting, field, getattr(locked, field))
    if (
        locked.status == S.PUBLISHED
        and REVIEW_FIELDS.intersection(changed)
        and not locked.company.verified
    ):
        posting.status = S.PENDING
        # Back in the queue with new content: compared again, as a submission is.
        for field, value in near_duplicate(posting).items():
            setattr(posting, field, value)
    posting.save()
    return posting


@transaction.atomic
def delete(*, posting: Posting) -> None:
    locked = _locked(posting, "delete")
    locked.delete()


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
    return _save(
        posting, locked, status=S.PUBLISHED, expires_at=now + lifetime(), reminder_sent_at=None
    )


def run(action: str, *, posting: Posting, by=None) -> Posting:
    """Dispatch one of EMPLOYER_ACTIONS by name (the dashboard's buttons, the API endpoint)."""
    if action not in EMPLOYER_ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if action == "submit":
        return submit(posting=posting, by=by)
    return {"withdraw": withdraw, "renew": renew, "fill": fill, "close": close}[action](
        posting=posting
    )
