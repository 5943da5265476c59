import pytest
from django.test import Client

from guides.models import FAQ, GuideArticle

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/guides/",
        "/admin/guides/guidearticle/",
        "/admin/guides/guidearticle/?status__exact=draft",
        "/admin/guides/guidearticle/?q=Findable",
        "/admin/guides/guidearticle/add/",
        "/admin/guides/category/",
        "/admin/guides/category/add/",
        "/admin/guides/faq/",
        "/admin/guides/faq/add/",
    ],
)
def test_admin_pages_load_for_a_superuser(staff_client, make_guide, make_faq, path):
    make_faq(guide=make_guide(title="Findable Guide"))
    response = staff_client.get(path)
    assert response.status_code == 200


def test_changelist_searches_and_links_previews(staff_client, make_guide):
    draft = make_guide(status="draft", title="Findable Draft")
    make_guide(title="Other Guide")
    content = staff_client.get("/admin/guides/guidearticle/?q=Findable").content.decode()
    assert "Findable Draft" in content
    assert "Other Guide" not in content
    assert f'href="{draft.get_absolute_url()}"' in content
    assert ">Preview</a>" in content


def test_change_page_has_faq_inline_and_preview(staff_client, make_guide, make_faq):
    guide = make_guide(status="draft")
    make_faq(guide=guide, question="Inline question?")
    content = staff_client.get(f"/admin/guides/guidearticle/{guide.pk}/change/").content.decode()
    assert "Inline question?" in content
    assert f'href="{guide.get_absolute_url()}"' in content


def test_bulk_publish_and_unpublish(staff_client, make_guide):
    public = Client()  # staff_client is the `client` fixture, signed in
    first = make_guide(status="draft")
    second = make_guide(status="draft")
    already = make_guide()
    response = staff_client.post(
        "/admin/guides/guidearticle/",
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk, already.pk]},
        follow=True,
    )
    assert "2 guide(s) published." in response.content.decode()
    assert GuideArticle.objects.published().count() == 3
    assert public.get(first.get_absolute_url()).status_code == 200
    response = staff_client.post(
        "/admin/guides/guidearticle/",
        {"action": "unpublish_selected", "_selected_action": [first.pk, already.pk]},
        follow=True,
    )
    assert "2 guide(s) moved back to draft." in response.content.decode()
    assert list(GuideArticle.objects.published()) == [second]
    assert public.get(first.get_absolute_url()).status_code == 404


def test_adding_a_published_guide_with_faq_through_the_admin(
    staff_client, admin_user, make_category, ml_engineer
):
    category = make_category()
    response = staff_client.post(
        "/admin/guides/guidearticle/add/",
        {
            "title": "Made in the admin",
            "slug": "made-in-the-admin",
            "category": category.pk,
            "summary": "Short.",
            "body": "## One\n\n" + "word " * 300,
            "related_roles": [ml_engineer.pk],
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "faqs-TOTAL_FORMS": "1",
            "faqs-INITIAL_FORMS": "0",
            "faqs-MIN_NUM_FORMS": "0",
            "faqs-MAX_NUM_FORMS": "1000",
            "faqs-0-order": "1",
            "faqs-0-question": "Is it live?",
            "faqs-0-slug": "is-it-live",
            "faqs-0-answer": "Yes.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    guide = GuideArticle.objects.get(slug="made-in-the-admin")
    # Publishing without a time means now; the author is whoever wrote it.
    assert guide.published_at is not None
    assert guide.author == admin_user
    assert guide.reading_minutes == 2
    assert list(guide.related_roles.all()) == [ml_engineer]
    assert FAQ.objects.get(slug="is-it-live").guide == guide
    assert GuideArticle.objects.published().filter(pk=guide.pk).exists()


def test_admin_refuses_a_duplicate_faq_slug_and_keeps_the_input(staff_client, make_faq):
    make_faq(slug="taken")
    response = staff_client.post(
        "/admin/guides/faq/add/",
        {"question": "Again?", "slug": "taken", "answer": "No.", "order": "0"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "already exists" in content
    assert "Again?" in content
