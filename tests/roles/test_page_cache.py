"""The role page keeps its catalogue sections in the cache, and never shows them stale."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jobboard.lib.cache import catalogue_changed
from roles.models import CareerStep, Certification, Role, SalaryBand, Source, Transition

pytestmark = pytest.mark.django_db

PAGE = "/roles/machine-learning-engineer/"


@pytest.fixture
def visitor() -> Client:
    return Client()


def page(visitor: Client, path: str = PAGE) -> str:
    response = visitor.get(path)
    assert response.status_code == 200
    return response.content.decode()


def without_chart_ids(content: str) -> str:
    # Each chart drawn in a process takes the next number for its ids (jobboard/charts.py).
    return re.sub(r"chart-\d+-", "chart-N-", content)


def test_cached_page_is_the_page_built_afresh(visitor, catalogue, make_posting, settings):
    make_posting(role=Role.objects.get(slug="machine-learning-engineer"))
    for role in Role.objects.all():
        path = role.get_absolute_url()
        settings.CATALOGUE_CACHE_SECONDS = 0
        fresh = without_chart_ids(page(visitor, path))
        settings.CATALOGUE_CACHE_SECONDS = 600
        assert without_chart_ids(page(visitor, path)) == fresh  # stored
        assert without_chart_ids(page(visitor, path)) == fresh  # read back


def test_signed_in_visitor_gets_their_own_navigation(client, visitor, catalogue, admin_user):
    assert "Log in" in page(visitor)
    client.force_login(admin_user)
    content = page(client)
    assert "Log out" in content and "Log in" not in content
    assert "Log in" in page(visitor)


def test_role_edit_shows_at_once(visitor, catalogue):
    assert "Builds, deploys" not in page(visitor)
    role = Role.objects.get(slug="machine-learning-engineer")
    role.summary = "Builds, deploys and looks after models."
    role.responsibilities = ["Keep the models honest"]
    role.save()
    content = page(visitor)
    assert "Builds, deploys and looks after models." in content
    assert "<li>Keep the models honest</li>" in content


def test_band_edit_shows_at_once(visitor, catalogue):
    assert "$120,000" in page(visitor)
    band = SalaryBand.objects.get(
        role__slug="machine-learning-engineer", level="entry", country="US"
    )
    band.minimum = 121_000
    band.save()
    content = page(visitor)
    assert "$121,000" in content and "$120,000" not in content


def test_certification_and_transition_changes_show_at_once(visitor, catalogue):
    role = Role.objects.get(slug="machine-learning-engineer")
    certification = role.certifications.first()
    assert f'id="cert-{certification.slug}"' in page(visitor)
    certification.roles.remove(role)  # a many-to-many change
    assert f'id="cert-{certification.slug}"' not in page(visitor)

    transition = role.transitions_in.first()
    assert transition.background_label in page(visitor)
    transition.delete()
    assert f'<th scope="row">{transition.background_label}</th>' not in page(visitor)


def test_career_step_and_related_role_changes_show_at_once(visitor, catalogue):
    step = CareerStep.objects.first()
    step.title = "Apprentice of models"
    step.save()
    assert "Apprentice of models" in page(visitor)

    role = Role.objects.get(slug="machine-learning-engineer")
    other = Role.objects.exclude(pk=role.pk).exclude(related_from=role).first()
    role.related.add(other)
    assert f'<li><a href="{other.get_absolute_url()}">{other.name}</a></li>' in page(visitor)


def test_admin_edit_of_a_source_shows_at_once(staff_client, visitor, catalogue):
    certification = Role.objects.get(slug="machine-learning-engineer").certifications.first()
    source = certification.source
    assert f"Named by the {source.title}." in page(visitor)
    data = {"slug": source.slug, "title": "Renamed guide", "file": source.file}
    response = staff_client.post(f"/admin/roles/source/{source.pk}/change/", data)
    assert response.status_code == 302
    assert "Named by the Renamed guide." in page(visitor)


def test_admin_edit_of_a_certification_shows_at_once(staff_client, visitor, catalogue):
    certification = Role.objects.get(slug="machine-learning-engineer").certifications.first()
    data = {
        "slug": certification.slug,
        "name": certification.name,
        "issuer": certification.issuer,
        "kind": certification.kind,
        "exists": "on" if certification.exists else "",
        "covers": "Everything, said the admin.",
        "note": certification.note,
        "source": certification.source_id,
        "roles": [role.pk for role in certification.roles.all()],
    }
    response = staff_client.post(f"/admin/roles/certification/{certification.pk}/change/", data)
    assert response.status_code == 302
    assert "Everything, said the admin." in page(visitor)


def test_load_catalogue_with_force_puts_back_what_an_edit_changed(visitor, catalogue):
    before = without_chart_ids(page(visitor))
    Source.objects.update(title="Nobody")  # a bulk update sends no signal: say so by hand
    catalogue_changed()
    assert "Named by the Nobody." in page(visitor)  # and now cached
    call_command("load_catalogue", "--force", verbosity=0, stdout=None)
    assert without_chart_ids(page(visitor)) == before


def test_survey_rebuild_shows_at_once(visitor, catalogue, make_reports):
    assert "What people in this role report earning" not in page(visitor)
    role = Role.objects.get(slug="machine-learning-engineer")
    make_reports([150_000, 160_000, 170_000, 180_000, 190_000], role=role)
    content = page(visitor)
    assert "What people in this role report earning" in content
    assert "$170,000" in content


def test_removed_role_is_404_at_once(visitor, catalogue):
    role = Role.objects.create(name="Model Whisperer", slug="model-whisperer", family="research")
    assert page(visitor, "/roles/model-whisperer/")
    Transition.objects.filter(target_role=role).delete()
    Certification.roles.through.objects.filter(role=role).delete()
    role.delete()
    assert visitor.get("/roles/model-whisperer/").status_code == 404


def guide_links(visitor: Client) -> list[str]:
    content = page(visitor)
    start = content.find('id="related-guides"')
    return (
        []
        if start < 0
        else re.findall(r'<li><a href="([^"]+)">', content[start:].split("</section>")[0])
    )


def test_guide_changes_show_at_once(visitor, catalogue):
    from guides.models import GuideArticle, GuideStatus

    role = Role.objects.get(slug="machine-learning-engineer")
    guide = GuideArticle.objects.published().for_role(role).first()
    assert guide.get_absolute_url() in guide_links(visitor)
    guide.title = "A retitled guide"
    guide.save()
    assert f">{guide.title}</a>" in page(visitor)
    guide.related_roles.remove(role)  # a many-to-many change
    assert guide.get_absolute_url() not in guide_links(visitor)
    guide.related_roles.add(role)
    guide.status = GuideStatus.DRAFT
    guide.save()
    assert guide.get_absolute_url() not in guide_links(visitor)


def test_scheduled_guide_shows_when_its_time_comes(visitor, catalogue, monkeypatch):
    from guides.models import GuideArticle

    role = Role.objects.get(slug="machine-learning-engineer")
    now = timezone.now()
    guide = GuideArticle.objects.published().for_role(role).first()
    guide.published_at = now + timedelta(hours=1)
    guide.save()
    assert guide.get_absolute_url() not in guide_links(visitor)  # and cached
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2))
    assert guide_links(visitor)[0] == guide.get_absolute_url()
