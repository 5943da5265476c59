import pytest

from postings.models import Posting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/postings/posting/",
        "/admin/postings/posting/?status__exact=published&remote__exact=remote",
        "/admin/postings/posting/add/",
        "/admin/hubs/hub/",
        "/admin/companies/company/",
        "/admin/roles/role/",
        "/admin/roles/role/add/",
    ],
)
def test_admin_pages_load_for_a_superuser(staff_client, make_posting, path):
    make_posting()
    response = staff_client.get(path)
    assert response.status_code == 200


def test_posting_change_page_and_autocomplete(staff_client, make_posting):
    posting = make_posting(title="Findable Title")
    page = staff_client.get(f"/admin/postings/posting/{posting.pk}/change/")
    assert b"Findable Title" in page.content
    found = staff_client.get("/admin/postings/posting/?q=Findable")
    assert b"Findable Title" in found.content
    auto = staff_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "postings",
            "model_name": "posting",
            "field_name": "company",
            "term": posting.company.name[:5],
        },
    )
    assert posting.company.name in auto.json()["results"][0]["text"]


def test_bulk_publish_and_expire_go_through_the_workflow(staff_client, make_posting):
    pending = make_posting(status="pending")
    draft_refused = make_posting(status="rejected")
    response = staff_client.post(
        "/admin/postings/posting/",
        {"action": "publish_selected", "_selected_action": [pending.pk, draft_refused.pk]},
        follow=True,
    )
    assert Posting.objects.get(pk=pending.pk).status == "published"
    assert Posting.objects.get(pk=draft_refused.pk).status == "rejected"
    assert b"1 posting(s) published" in response.content
    assert b"cannot be published" in response.content
    staff_client.post(
        "/admin/postings/posting/", {"action": "expire_selected", "_selected_action": [pending.pk]}
    )
    assert Posting.objects.get(pk=pending.pk).status == "expired"
