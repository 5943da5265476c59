from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from guides.models import FAQ, GuideArticle, reading_minutes_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 1), (1, 1), (220, 1), (221, 2), (440, 2), (441, 3), (2200, 10)]
)
def test_reading_time_is_words_over_220_rounded_up(words, minutes):
    assert reading_minutes_for(" ".join(["word"] * words)) == minutes


def test_reading_time_is_stored_and_follows_the_body(make_guide):
    guide = make_guide(body="word " * 500)
    assert GuideArticle.objects.get(pk=guide.pk).reading_minutes == 3
    guide.body = "word " * 1000
    # A partial save still refreshes the derived field and the update time.
    before = guide.updated_at
    guide.save(update_fields=["body"])
    fresh = GuideArticle.objects.get(pk=guide.pk)
    assert fresh.reading_minutes == 5
    assert fresh.updated_at > before


def test_database_refuses_a_published_guide_without_a_time(make_guide):
    guide = make_guide(status="draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideArticle.objects.filter(pk=guide.pk).update(status="published", published_at=None)


def test_database_refuses_an_unknown_status(make_guide):
    guide = make_guide()
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideArticle.objects.filter(pk=guide.pk).update(status="archived")


def test_published_excludes_drafts_and_scheduled_guides(make_guide):
    live = make_guide(title="Live")
    make_guide(status="draft", title="Draft")
    make_guide(published_at=timezone.now() + timedelta(days=2), title="Scheduled")
    assert list(GuideArticle.objects.published()) == [live]


def test_publish_and_unpublish(make_guide):
    guide = make_guide(status="draft")
    assert not guide.is_public()
    assert guide.publish() is True
    first_time = GuideArticle.objects.get(pk=guide.pk).published_at
    assert first_time is not None
    assert guide.publish() is False
    assert guide.unpublish() is True
    assert not GuideArticle.objects.published().filter(pk=guide.pk).exists()
    guide.publish()
    # Republishing keeps the original publication time.
    assert GuideArticle.objects.get(pk=guide.pk).published_at == first_time


def test_clean_gives_a_published_guide_a_time(make_category):
    guide = GuideArticle(
        title="T", slug="t", summary="S", body="B", category=make_category(), status="published"
    )
    guide.full_clean()
    assert guide.published_at is not None


def test_for_role_and_related_to(make_guide, make_category, ml_engineer, prompt_engineer):
    topic = make_category()
    guide = make_guide(roles=[ml_engineer], category=topic)
    shares_role = make_guide(roles=[ml_engineer, prompt_engineer])
    shares_category = make_guide(category=topic)
    unrelated = make_guide(roles=[prompt_engineer])
    make_guide(status="draft", roles=[ml_engineer])
    about_ml = GuideArticle.objects.published().for_role(ml_engineer)
    assert set(about_ml) == {guide, shares_role}
    related = list(GuideArticle.objects.published().related_to(guide))
    assert related == [shares_role, shares_category]
    assert unrelated not in related


def test_faq_public_hides_entries_of_draft_guides(make_guide, make_faq, ml_engineer):
    general = make_faq()
    of_live = make_faq(guide=make_guide())
    make_faq(guide=make_guide(status="draft"))
    about_role = make_faq(role=ml_engineer)
    assert set(FAQ.objects.public()) == {general, of_live, about_role}
    assert list(FAQ.objects.public().for_role(ml_engineer)) == [about_role]
