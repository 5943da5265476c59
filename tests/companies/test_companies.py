import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from companies.models import Company, Membership

pytestmark = pytest.mark.django_db


def png_bytes(size: tuple[int, int] = (32, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def create(client, logo=None):
    data = {"name": "Deep Thought", "website": "https://deep.example", "description": "Answers."}
    if logo is not None:
        data["logo"] = logo
    return client.post("/companies/new/", data)


def test_creating_a_company_makes_you_its_owner_and_stores_the_logo(client, make_user, settings):
    user = make_user("dana")
    client.force_login(user)
    response = create(client, SimpleUploadedFile("logo.png", png_bytes(), "image/png"))
    assert response.status_code == 302
    company = Company.objects.get(name="Deep Thought")
    assert company.slug == "deep-thought"
    assert Membership.objects.get(user=user, company=company).role == "owner"
    assert company.logo.name.startswith("logos/")
    assert (settings.MEDIA_ROOT / company.logo.name).exists()
    profile = client.get(company.get_absolute_url())
    assert f'src="/media/{company.logo.name}"'.encode() in profile.content
    assert b'alt="Deep Thought logo"' in profile.content


def test_a_text_file_named_png_is_refused(client, make_user):
    client.force_login(make_user("dana"))
    fake = SimpleUploadedFile("logo.png", b"not an image at all", "image/png")
    response = create(client, fake)
    assert response.status_code == 200
    assert b"Upload a valid image" in response.content or b"not an image" in response.content
    assert not Company.objects.exists()


def test_an_oversized_logo_is_refused(client, make_user, settings):
    settings.LOGO_MAX_BYTES = 1024
    client.force_login(make_user("dana"))
    big = SimpleUploadedFile("logo.png", png_bytes((600, 600)) + b"\0" * 2048, "image/png")
    response = create(client, big)
    assert b"The logo is too large: at most 1 KB." in response.content
    assert not Company.objects.exists()


def test_an_owner_invites_a_colleague_who_accepts(client, owner, acme, make_user):
    client.force_login(owner)
    response = client.post(
        f"/companies/{acme.slug}/invite/", {"email": "Nia@Example.com", "role": "member"}
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["Nia@Example.com"]
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)

    colleague = make_user("nia", email="nia@example.com")
    client.force_login(colleague)
    assert b"Accept the invitation" in client.get(link).content
    assert not Membership.objects.filter(user=colleague).exists()  # GET changes nothing
    client.post(link)
    assert Membership.objects.get(user=colleague, company=acme).role == "member"
    client.post(link)  # twice is harmless
    assert Membership.objects.filter(user=colleague).count() == 1


def test_an_invitation_is_for_its_address_only(client, owner, acme, outsider):
    client.force_login(owner)
    client.post(f"/companies/{acme.slug}/invite/", {"email": "nia@example.com", "role": "owner"})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    client.force_login(outsider)
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(user=outsider, company=acme).exists()


def test_a_tampered_invitation_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get("/invitations/not-a-real-token/").status_code == 400


@pytest.mark.parametrize("count", [2, 25])
def test_the_public_profile_lists_live_postings_in_fixed_queries(
    client, acme, make_posting, count, django_assert_num_queries
):
    for n in range(count):
        make_posting(company=acme, title=f"Live job {n}")
    make_posting(status="draft", company=acme, title="Hidden draft")
    # company, count of live postings, the page of postings with company, role and hub
    with django_assert_num_queries(3):
        response = client.get(acme.get_absolute_url())
    html = response.content.decode()
    assert "Hidden draft" not in html
    assert html.count('class="posting-row"') == min(count, 20)
    assert f"Live jobs ({count})" in html


def test_unknown_company_is_404(client, db):
    assert client.get("/companies/nobody/").status_code == 404
