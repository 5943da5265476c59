from datetime import timedelta

import pytest
from django.utils import timezone

from postings import workflow
from postings.models import Posting, PostingStatus

pytestmark = pytest.mark.django_db


def test_submit_then_publish_makes_a_posting_live(make_posting, settings):
    settings.POSTING_LIFETIME_DAYS = 30
    posting = make_posting(status=PostingStatus.DRAFT)
    workflow.submit(posting=posting)
    assert Posting.objects.get(pk=posting.pk).status == "pending"
    now = timezone.now()
    workflow.publish(posting=posting, now=now)
    stored = Posting.objects.get(pk=posting.pk)
    assert stored.status == "published"
    assert stored.published_at == now
    assert stored.expires_at == now + timedelta(days=30)
    assert Posting.objects.live().filter(pk=posting.pk).exists()


def test_reject_only_from_pending(make_posting):
    posting = make_posting(status=PostingStatus.PENDING)
    workflow.reject(posting=posting)
    assert Posting.objects.get(pk=posting.pk).status == "rejected"
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.reject(posting=make_posting())


def test_expire_and_renew(make_posting):
    posting = make_posting()
    workflow.expire(posting=posting)
    assert not Posting.objects.live().filter(pk=posting.pk).exists()
    workflow.renew(posting=posting)
    stored = Posting.objects.get(pk=posting.pk)
    assert stored.status == "published" and stored.expires_at > timezone.now()
    assert Posting.objects.live().filter(pk=posting.pk).exists()


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("published", workflow.submit),
        ("draft", workflow.expire),
        ("rejected", workflow.publish),
        ("filled", workflow.renew),
        ("draft", workflow.fill),
    ],
)
def test_refused_moves_leave_the_row_alone(make_posting, status, step):
    posting = make_posting(status=status)
    with pytest.raises(workflow.TransitionNotAllowed) as caught:
        step(posting=posting)
    assert "cannot be" in caught.value.messages[0]
    assert Posting.objects.get(pk=posting.pk).status == status


def test_the_stored_status_decides_not_a_stale_copy(make_posting):
    posting = make_posting(status=PostingStatus.PENDING)
    stale = Posting.objects.get(pk=posting.pk)
    workflow.reject(posting=posting)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.publish(posting=stale)
