from datetime import timedelta

import pytest
from django.utils import timezone

from guides.views import GUIDES_PAGE_SIZE
from tests.conftest import GUIDE_BODY as BODY

pytestmark = pytest.mark.django_db


def test_list_shows_published_guides_only(client, make_guide, ml_engineer):
    shown = make_guide(title="Negotiating Well", roles=[ml_engineer])
    make_guide(status="draft", title="Secret Draft")
    make_guide(published_at=timezone.now() + timedelta(days=1), title="Not Yet")
    response = client.get("/guides/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Negotiating Well" in content
    assert shown.get_absolute_url() in content
    assert shown.summary in content
    assert "1 min read" in content
    assert "For Machine Learning Engineer" in content
    assert "Secret Draft" not in content
    assert "Not Yet" not in content
    assert "1 guide" in content


def test_list_is_paginated(client, make_guide, make_category):
    topic = make_category()
    for _ in range(GUIDES_PAGE_SIZE + 2):
        make_guide(category=topic)
    first = client.get("/guides/").content.decode()
    assert "Page 1 of 2" in first
    assert first.count('class="guide-row"') == GUIDES_PAGE_SIZE
    second = client.get("/guides/", {"page": 2}).content.decode()
    assert second.count('class="guide-row"') == 2


def test_category_filter(client, make_guide, make_category):
    places = make_category(name="Where to work", slug="places", order=1)
    pay = make_category(name="Pay and offers", slug="pay", order=2)
    make_category(name="Empty Category", slug="empty", order=0)
    make_guide(category=pay, title="About Pay")
    make_guide(category=places, title="About Cities")
    response = client.get("/guides/", {"category": "pay"})
    content = response.content.decode()
    assert "About Pay" in content
    assert "About Cities" not in content
    assert "Career guides: Pay and offers" in content
    # Each category link carries its count of published guides.
    assert 'href="/guides/?category=places"' in content
    assert 'aria-current="page">Pay and offers' in content
    # Categories come in their curated order, and empty ones are left out.
    assert content.index("?category=places") < content.index("?category=pay")
    assert "Empty Category" not in content


def test_unknown_category_is_a_clear_error(client, make_guide):
    make_guide(title="Some Guide")
    response = client.get("/guides/", {"category": "no-such-thing"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is no guide category called “no-such-thing”." in content
    assert "Some Guide" not in content
    assert 'href="/guides/"' in content


def test_detail_renders_body_contents_roles_related_and_faq(
    client, make_guide, make_category, make_faq, ml_engineer
):
    topic = make_category(name="Pay and offers")
    guide = make_guide(
        title="The Main Guide", category=topic, roles=[ml_engineer], body=BODY + "\n**bold**\n"
    )
    sibling = make_guide(title="A Sibling Guide", category=topic)
    draft_sibling = make_guide(status="draft", title="Draft Sibling", category=topic)
    second = make_faq(guide=guide, question="Second question?", order=20)
    make_faq(guide=guide, question="First question?", answer="It *depends*.", order=10)
    response = client.get(guide.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>The Main Guide</h1>" in content
    assert '<h2 id="section-first-section">First section</h2>' in content
    assert '<a href="#section-first-section">First section</a>' in content
    assert '<a href="#section-a-detail">A detail</a>' in content
    assert "<strong>bold</strong>" in content
    assert f'href="{ml_engineer.get_absolute_url()}"' in content
    assert sibling.get_absolute_url() in content
    assert draft_sibling.title not in content
    assert content.index("First question?") < content.index("Second question?")
    assert "It <em>depends</em>." in content
    assert f'id="faq-{second.slug}"' in content
    assert "Preview:" not in content
    assert "noindex" not in content


def test_drafts_are_404_for_the_public(client, make_guide, django_user_model):
    draft = make_guide(status="draft")
    scheduled = make_guide(published_at=timezone.now() + timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    # A signed-in visitor who is not staff sees nothing either.
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_see_drafts_as_a_marked_preview(staff_client, make_guide):
    draft = make_guide(status="draft", title="Work In Progress")
    response = staff_client.get(draft.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Work In Progress" in content
    assert "<strong>Preview:</strong> this guide is a draft" in content
    assert '<meta name="robots" content="noindex">' in content
    # The list stays the public list, even for staff.
    assert "Work In Progress" not in staff_client.get("/guides/").content.decode()


def test_nav_links_to_guides(client):
    assert '<a href="/guides/">Guides</a>' in client.get("/guides/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_list_has_a_fixed_number_of_queries(
    client,
    make_guide,
    make_category,
    ml_engineer,
    prompt_engineer,
    count,
    django_assert_num_queries,
):
    categories = [make_category() for _ in range(3)]
    for n in range(count):
        make_guide(category=categories[n % 3], roles=[ml_engineer, prompt_engineer])
    # 1 categories with their counts, 2 count of guides, 3 the page of guides with their
    # category, 4 their roles (prefetched).
    with django_assert_num_queries(4):
        response = client.get("/guides/")
    assert response.content.decode().count('class="guide-row"') == min(count, GUIDES_PAGE_SIZE)
    # With a category: one more, to look the category up.
    with django_assert_num_queries(5):
        client.get("/guides/", {"category": categories[0].slug})


@pytest.mark.parametrize("count", [2, 20])
def test_detail_has_a_fixed_number_of_queries(
    client, make_guide, make_category, make_faq, make_role, count, django_assert_num_queries
):
    topic = make_category()
    roles = [make_role() for _ in range(count)]
    guide = make_guide(category=topic, roles=roles)
    for _ in range(count):
        make_guide(category=topic, roles=roles[:2])
        make_faq(guide=guide)
    # 1 the guide with category and author, 2 its roles, 3 related guides with their
    # category, 4 their roles (prefetched), 5 its FAQ entries.
    with django_assert_num_queries(5):
        response = client.get(guide.get_absolute_url())
    assert response.content.decode().count('<dt id="faq-') == count


def test_staff_preview_of_a_scheduled_guide_names_its_time(staff_client, make_guide):
    later = timezone.now() + timedelta(days=3)
    scheduled = make_guide(published_at=later)
    content = staff_client.get(scheduled.get_absolute_url()).content.decode()
    assert f"this guide is scheduled for {later:%-d %B %Y}" in content
