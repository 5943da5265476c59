import pytest

from roles.models import Certification, Role, Transition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/roles/source/",
        "/admin/roles/careerstep/",
        "/admin/roles/certification/?exists__exact=0",
        "/admin/roles/transition/",
        "/admin/roles/certification/add/",
    ],
)
def test_admin_lists_load(staff_client, catalogue, path):
    response = staff_client.get(path)
    assert response.status_code == 200


def test_role_change_page_has_inlines(staff_client, catalogue):
    role = Role.objects.get(slug="machine-learning-engineer")
    content = staff_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert "Salary bands" in content and "Transitions" in content and "Career steps" in content
    assert "Developer" in content


def test_certification_list_shows_the_unverified(staff_client, catalogue):
    content = staff_client.get("/admin/roles/certification/?exists__exact=0").content.decode()
    assert "OpenAI API certification" in content
    assert "AWS Certified" not in content


def test_role_autocomplete_serves_the_transition_form(staff_client, catalogue):
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "roles",
            "model_name": "transition",
            "field_name": "target_role",
            "term": "prompt",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Prompt Engineer"]


def test_admin_refuses_a_missing_certification_marked_as_an_exam(staff_client, catalogue):
    certification = Certification.objects.get(slug="openai-api-certification")
    data = {
        "slug": certification.slug,
        "name": certification.name,
        "issuer": certification.issuer,
        "kind": "exam",
        "covers": certification.covers,
        "note": "",
        "source": certification.source_id,
        # "exists" left unticked
    }
    response = staff_client.post(f"/admin/roles/certification/{certification.pk}/change/", data)
    assert response.status_code == 200  # the form again, not a redirect or a 500
    certification.refresh_from_db()
    assert certification.kind == "unverified"
    assert Transition.objects.filter(certifications=certification).exists()
