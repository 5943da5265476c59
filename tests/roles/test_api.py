import pytest

from roles.models import Role, SalaryBand

pytestmark = pytest.mark.django_db


def test_role_list_carries_bands_and_demand(client, catalogue):
    body = client.get("/api/v1/roles/", {"page_size": 100}).json()
    assert body["count"] == Role.objects.count()
    rows = {row["slug"]: row for row in body["results"]}
    ml = rows["machine-learning-engineer"]
    assert ml["url"].endswith("/roles/machine-learning-engineer/")
    assert ml["reported_postings"] == 45_200
    assert ml["reported_postings_source"]["title"] == "AI Jobs 2026 career guide"
    senior = next(b for b in ml["salary_bands"] if b["level"] == "senior")
    assert (senior["minimum"], senior["maximum"], senior["basis"]) == (250_000, 350_000, "total")
    assert len(rows["ai-engineer"]["salary_bands"]) == 12


def test_role_list_query_count_is_fixed(client, catalogue, django_assert_num_queries):
    assert SalaryBand.objects.count() > 30
    # 1 count, 2 roles with their demand source, 3 their bands.
    with django_assert_num_queries(3):
        client.get("/api/v1/roles/", {"page_size": 100})


def test_role_detail_has_path_certifications_and_transitions(
    client, catalogue, django_assert_num_queries
):
    # role, bands, related, career steps, certifications, transitions, their certifications.
    with django_assert_num_queries(7):
        body = client.get("/api/v1/roles/ai-product-manager/").json()
    assert body["skills"] and body["responsibilities"]
    transition = body["transitions"][0]
    assert (transition["background"], transition["months_min"], transition["months_max"]) == (
        "business",
        6,
        9,
    )
    assert set(transition["certifications"]) == {
        "google-ai-product-manager",
        "coursera-ai-strategy",
    }
    certifications = {c["slug"]: c for c in body["certifications"]}
    assert certifications["google-ai-product-manager"]["exists"] is False
    assert certifications["google-ai-product-manager"]["kind"] == "unverified"
    engineer = client.get("/api/v1/roles/ai-engineer/").json()
    assert [step["title"] for step in engineer["career_steps"]] == [
        "Entry-Level AI Engineer",
        "Senior AI Engineer",
    ]
    assert "machine-learning-engineer" in engineer["related"]


def test_unknown_role_is_404(client, catalogue):
    assert client.get("/api/v1/roles/astrologer/").status_code == 404


def test_schema_lists_roles_hubs_and_the_converter(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ["/api/v1/roles/{slug}/", "/api/v1/hubs/", "/api/v1/hubs/convert/"]:
        assert path in schema, path
