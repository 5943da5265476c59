import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HOSTILE = """## Plan

<script>alert(1)</script>
<img src=x onerror="alert(1)">
[x](javascript:alert(1))
"""


def test_guide_list_has_published_guides_only(client, make_guide, ml_engineer):
    live = make_guide(title="Live Guide", roles=[ml_engineer])
    make_guide(status="draft", title="Draft Guide")
    body = client.get("/api/v1/guides/").json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["slug"] == live.slug
    assert item["title"] == "Live Guide"
    assert item["category"] == {"slug": live.category.slug, "name": live.category.name}
    assert item["related_roles"] == ["machine-learning-engineer"]
    assert item["reading_minutes"] == 1
    assert item["url"].endswith(live.get_absolute_url())
    assert "body" not in item


def test_guide_detail_has_sanitised_html_and_faq(client, make_guide, make_faq):
    guide = make_guide(body=HOSTILE)
    make_faq(guide=guide, question="Why?", answer="**Because.**")
    body = client.get(f"/api/v1/guides/{guide.slug}/").json()
    html = body["body_html"].lower()
    assert '<h2 id="section-plan">plan</h2>' in html
    for forbidden in ("<script", "onerror", "javascript:"):
        assert forbidden not in html
    assert body["body"] == HOSTILE
    assert body["faqs"][0]["question"] == "Why?"
    assert body["faqs"][0]["answer_html"] == "<p><strong>Because.</strong></p>"


def test_drafts_are_404_in_the_api_even_for_staff(admin_user, make_guide, make_faq):
    draft = make_guide(status="draft")
    make_faq(guide=draft, slug="hidden-entry")
    staff = Client()
    staff.force_login(admin_user)
    for who in (Client(), staff):
        assert who.get(f"/api/v1/guides/{draft.slug}/").status_code == 404
        assert who.get("/api/v1/guides/").json()["count"] == 0
        assert who.get("/api/v1/faqs/").json()["count"] == 0
        assert who.get("/api/v1/faqs/hidden-entry/").status_code == 404


def test_guides_filter_by_category_and_role(client, make_guide, make_category, ml_engineer):
    pay = make_category(slug="pay")
    about_pay = make_guide(category=pay)
    about_ml = make_guide(roles=[ml_engineer])
    by_category = client.get("/api/v1/guides/", {"category": "pay"}).json()
    assert [g["slug"] for g in by_category["results"]] == [about_pay.slug]
    by_role = client.get("/api/v1/guides/", {"role": "machine-learning-engineer"}).json()
    assert [g["slug"] for g in by_role["results"]] == [about_ml.slug]


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/api/v1/guides/?category=nope", "category", "There is no guide category called “nope”."),
        ("/api/v1/guides/?role=nope", "role", "There is no role called “nope”."),
        ("/api/v1/faqs/?guide=nope", "guide", "There is no published guide called “nope”."),
        ("/api/v1/guides/?page=0", "page", "page must be a whole number of at least 1."),
    ],
)
def test_bad_filters_are_400_with_field_errors(client, path, field, message):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_faqs_filter_by_guide_and_role(client, make_guide, make_faq, ml_engineer):
    guide = make_guide()
    on_guide = make_faq(guide=guide, order=1)
    on_role = make_faq(role=ml_engineer)
    general = make_faq()
    everything = client.get("/api/v1/faqs/").json()
    assert {f["slug"] for f in everything["results"]} == {on_guide.slug, on_role.slug, general.slug}
    by_guide = client.get("/api/v1/faqs/", {"guide": guide.slug}).json()
    assert by_guide["results"] == [
        {
            "slug": on_guide.slug,
            "question": on_guide.question,
            "answer": "An answer.",
            "answer_html": "<p>An answer.</p>",
            "order": 1,
            "guide": guide.slug,
            "role": None,
        }
    ]
    by_role = client.get("/api/v1/faqs/", {"role": "machine-learning-engineer"}).json()
    assert [f["slug"] for f in by_role["results"]] == [on_role.slug]


def test_draft_guide_slug_is_unknown_to_the_faq_filter(client, make_guide):
    draft = make_guide(status="draft")
    assert client.get("/api/v1/faqs/", {"guide": draft.slug}).status_code == 400


@pytest.mark.parametrize("count", [3, 30])
def test_guide_list_has_a_fixed_number_of_queries(
    client, make_guide, make_category, make_role, count, django_assert_num_queries
):
    roles = [make_role() for _ in range(3)]
    for n in range(count):
        make_guide(category=make_category(), roles=roles[: n % 3 + 1])
    # 1 count, 2 the page of guides with their category, 3 their roles (prefetched).
    with django_assert_num_queries(3):
        body = client.get("/api/v1/guides/").json()
    assert len(body["results"]) == min(count, 20)


@pytest.mark.parametrize("count", [3, 30])
def test_faq_list_has_a_fixed_number_of_queries(
    client, make_guide, make_faq, make_role, count, django_assert_num_queries
):
    for _ in range(count):
        make_faq(guide=make_guide(), role=make_role())
    # 1 count, 2 the page of entries with their guide and role.
    with django_assert_num_queries(2):
        body = client.get("/api/v1/faqs/").json()
    assert len(body["results"]) == min(count, 20)


def test_guide_detail_has_a_fixed_number_of_queries(
    client, make_guide, make_faq, make_role, django_assert_num_queries
):
    guide = make_guide(roles=[make_role() for _ in range(5)])
    for _ in range(5):
        make_faq(guide=guide)
    # 1 the guide with its category, 2 its roles, 3 its FAQ entries.
    with django_assert_num_queries(3):
        client.get(f"/api/v1/guides/{guide.slug}/")


def test_schema_documents_guides_and_faqs(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/guides/",
        "/api/v1/guides/{slug}/",
        "/api/v1/faqs/",
        "/api/v1/faqs/{slug}/",
    ):
        assert path in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/guides/"]["get"]["parameters"]}
    assert {"category", "role", "page", "page_size"} <= params
    assert "body_html" in schema["components"]["schemas"]["GuideDetail"]["properties"]
