"""Who may see and change a company's postings: a matrix of persona x action.

Members of the posting's company may; anyone else gets 404 (the posting does not exist for
them). Staff act on other companies' postings only through the admin: on the employer pages
and the write API they are strangers too, and they may preview a posting the public cannot
see only with the admin's permission to view postings. Anonymous visitors are sent to log
in on employer pages and get 401 from the write API.
"""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from postings.models import Posting

pytestmark = pytest.mark.django_db

PERSONAS = ["owner", "member", "outsider", "anonymous", "staff", "moderator", "staff_only"]
ALLOWED = {"owner", "member"}
# Who may see a posting the public cannot: its company, and staff allowed to view postings.
MAY_PREVIEW = ALLOWED | {"staff", "moderator"}


@pytest.fixture
def moderator(make_user):
    """Staff who may only view postings in the admin."""
    user = make_user("mona", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_posting"))
    return user


@pytest.fixture
def staff_only(make_user):
    """Staff with no permission at all."""
    return make_user("sam", is_staff=True)


# action -> (status the posting starts in, status it ends in when allowed)
ACTIONS = {
    "view_draft": ("draft", "draft"),
    "edit": ("draft", "draft"),
    "submit": ("draft", "pending"),
    "renew": ("expired", "published"),
    "fill": ("published", "filled"),
    "close": ("published", "expired"),
    "withdraw": ("pending", "draft"),
    "api_patch": ("draft", "draft"),
    "api_delete": ("draft", None),
}


@pytest.fixture
def as_persona(request, client):
    def login(name: str):
        if name == "anonymous":
            return client, None
        user = request.getfixturevalue(name)
        client.force_login(user)
        return client, Token.objects.create(user=user).key

    return login


def attempt(client, token, action: str, posting: Posting):
    slug = posting.slug
    if action == "view_draft":
        return client.get(f"/jobs/{slug}/")
    if action == "edit":
        return client.get(f"/employer/postings/{slug}/edit/")
    if action in {"submit", "renew", "fill", "close", "withdraw"}:
        return client.post(f"/employer/postings/{slug}/{action}/")
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    api = client.__class__()  # no session: the API authenticates by token only
    if action == "api_patch":
        return api.patch(
            f"/api/v1/postings/{slug}/",
            {"description": "Reworded."},
            content_type="application/json",
            **headers,
        )
    return api.delete(f"/api/v1/postings/{slug}/", **headers)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona, action, as_persona, make_posting, acme, owner, member):
    start, end = ACTIONS[action]
    posting = make_posting(status=start, company=acme, title="Secret Research Scientist")
    client, token = as_persona(persona)

    response = attempt(client, token, action, posting)

    if persona in ALLOWED or (action == "view_draft" and persona in MAY_PREVIEW):
        assert response.status_code in {200, 204, 302}
        if action == "view_draft":
            assert b"Secret Research Scientist" in response.content
            assert b"Preview:" in response.content
        if action == "edit":
            assert b'value="Secret Research Scientist"' in response.content
        if action == "api_patch":
            assert response.json()["description"] == "Reworded."
        if end is None:
            assert not Posting.objects.filter(pk=posting.pk).exists()
        else:
            assert Posting.objects.get(pk=posting.pk).status == end
        return

    stored = Posting.objects.get(pk=posting.pk)
    assert stored.status == start and stored.description == "Build models."
    if persona == "anonymous" and action.startswith("api_"):
        assert response.status_code == 401
    elif persona == "anonymous" and action != "view_draft":
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == 404
        assert b"Secret Research Scientist" not in response.content


def test_outsider_cannot_see_a_company_management_page(client, outsider, acme, owner):
    client.force_login(outsider)
    assert client.get(f"/companies/{acme.slug}/manage/").status_code == 404
    assert client.post(f"/companies/{acme.slug}/invite/", {"email": "x@y.z"}).status_code == 404


def test_a_member_cannot_invite_or_edit_the_company(client, member, acme, owner):
    client.force_login(member)
    page = client.get(f"/companies/{acme.slug}/manage/")
    assert page.status_code == 200 and b"Invite a colleague" not in page.content
    assert client.post(f"/companies/{acme.slug}/invite/", {"email": "x@y.z"}).status_code == 404
    response = client.post(f"/companies/{acme.slug}/manage/", {"name": "Hijacked"})
    assert response.status_code == 404
    acme.refresh_from_db()
    assert acme.name == "Acme AI"


def test_a_members_preview_of_a_draft_has_fixed_queries(
    client, owner, acme, make_posting, django_assert_num_queries
):
    draft = make_posting(status="draft", company=acme)
    for _ in range(10):
        make_posting(role=draft.role)
    client.force_login(owner)
    # user (the session is in the cache), the posting (public or managed) with its joins,
    # related live postings, where its pay sits in the salary survey, whether the viewer
    # saved it
    with django_assert_num_queries(5):
        response = client.get(draft.get_absolute_url())
    assert b"Preview:" in response.content
    assert response.content.count(b'class="posting-row"') == 4
