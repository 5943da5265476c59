import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/employer/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/employer/"


def test_the_dashboard_shows_companies_postings_and_their_actions(
    client, owner, acme, make_posting
):
    make_posting(company=acme, title="Live One")
    make_posting(status="draft", company=acme, title="Draft One")
    make_posting(title="Not Ours")
    client.force_login(owner)
    html = client.get("/employer/").content.decode()
    assert "Acme AI" in html and "Live One" in html and "Draft One" in html
    assert "Not Ours" not in html
    assert "Published (1)" in html and "Draft (1)" in html
    drafts = client.get("/employer/?status=draft").content.decode()
    assert "Draft One" in drafts and "Live One" not in drafts
    # Each button names its posting for screen readers, not only its action.
    assert '>Submit<span class="visually-hidden"> Draft One</span></button>' in drafts
    assert ">Fill<" not in drafts


@pytest.mark.parametrize("count", [3, 30])
def test_the_dashboard_has_fixed_queries(
    client, owner, acme, make_posting, count, django_assert_num_queries
):
    for n in range(count):
        make_posting(company=acme, title=f"Job {n}")
    client.force_login(owner)
    # user (the session is in the cache), memberships with companies, counts by status,
    # page count, the page of postings with company/role/hub, the API token
    with django_assert_num_queries(6):
        response = client.get("/employer/")
    assert response.content.decode().count("<tr>") == min(count, 20) + 1
