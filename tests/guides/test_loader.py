"""The demo guides in guides/catalogue/, as `load_catalogue` loads them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from guides.loaders import load_catalogue
from guides.models import FAQ, GuideArticle
from jobboard.lib.markdown import render_markdown
from roles.loaders import new_load
from roles.models import Role

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    return out.getvalue()


def test_catalogue_loads_eight_published_guides_and_twenty_faq_entries():
    first = load()
    assert "guide articles created: 8" in first
    published = GuideArticle.objects.published()
    assert published.count() >= 8
    assert FAQ.objects.public().count() >= 20
    for guide in published.prefetch_related("related_roles", "faqs"):
        # A few hundred words in h2 sections, linked to catalogue roles, with its FAQ.
        assert len(guide.body.split()) >= 300, guide.slug
        assert len(guide.table_of_contents()) >= 3, guide.slug
        assert guide.related_roles.exists(), guide.slug
        assert guide.faqs.count() >= 2, guide.slug
    assert GuideArticle.objects.get(slug="highest-paying-ai-roles").related_roles.filter(
        slug="research-scientist"
    )
    assert FAQ.objects.get(slug="is-there-an-openai-api-certification").role.slug == (
        "prompt-engineer"
    )


def test_a_second_load_changes_nothing():
    load()
    second = load()
    assert "Catalogue already up to date; nothing changed." in second
    assert "guide articles unchanged: 8" in second
    assert "FAQ entries unchanged: 24" in second
    assert "guide role links updated" not in second


def test_an_unpublished_guide_and_its_edited_title_survive_the_next_load():
    load()
    guide = GuideArticle.objects.get(slug="negotiating-an-ai-salary")
    guide.unpublish()
    GuideArticle.objects.filter(pk=guide.pk).update(title="Edited in the admin")
    report = load()
    guide.refresh_from_db()
    assert guide.status == "draft"
    assert guide.title == "Edited in the admin"
    assert 'guide article {"slug": "negotiating-an-ai-salary"}: title' in report


def test_an_unknown_role_slug_fails_loudly(tmp_path):
    (tmp_path / "body.md").write_text("## Part\n\nText.\n")
    data = {
        "categories": [{"slug": "c", "name": "C", "description": ""}],
        "guides": [
            {
                "slug": "g",
                "title": "G",
                "summary": "S",
                "category": "c",
                "body": "body.md",
                "published": "2026-01-01T00:00:00Z",
                "roles": ["no-such-role"],
            }
        ],
    }
    (tmp_path / "guides.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match="no-such-role"):
        load_catalogue(new_load(), catalogue=tmp_path)
    assert not GuideArticle.objects.exists()


def test_every_catalogue_role_link_and_faq_renders():
    load()
    assert Role.objects.filter(guides__isnull=False).distinct().count() >= 10
    for faq in FAQ.objects.all():
        assert render_markdown(faq.answer).startswith("<p>")
