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


# --- logos are drawn anew and served by the app ---------------------------------------


def gif_with_a_script() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 20), 3).save(buffer, format="GIF")
    return buffer.getvalue() + b"<script>alert(document.cookie)</script>"


def test_an_uploaded_logo_is_drawn_anew_without_what_it_carried(client, make_user, settings):
    client.force_login(make_user("dana"))
    create(client, SimpleUploadedFile("logo.gif", gif_with_a_script(), "image/gif"))
    company = Company.objects.get()
    stored = (settings.MEDIA_ROOT / company.logo.name).read_bytes()
    assert b"<script>" not in stored
    assert re.fullmatch(r"logos/[0-9a-f]{16}\.png", company.logo.name)
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (40, 20))


def test_a_large_logo_is_scaled_down(client, make_user, settings):
    client.force_login(make_user("dana"))
    create(client, SimpleUploadedFile("logo.png", png_bytes((1200, 600)), "image/png"))
    with Image.open(settings.MEDIA_ROOT / Company.objects.get().logo.name) as image:
        assert image.size == (256, 128)


@pytest.mark.parametrize("debug", [True, False])
def test_the_logo_in_the_job_markup_is_served_with_debug_on_or_off(
    client, make_user, make_posting, settings, debug
):
    client.force_login(make_user("dana"))
    create(client, SimpleUploadedFile("logo.png", png_bytes(), "image/png"))
    company = Company.objects.get()
    posting = make_posting(company=company)
    settings.DEBUG = debug
    page = client.get(posting.get_absolute_url()).content.decode()
    logo_url = re.search(r'"logo": "http://testserver(/media/logos/[0-9a-f]+\.png)"', page).group(1)
    response = client.get(logo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "immutable" in response["Cache-Control"]


def test_only_logo_files_are_served(client, settings):
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "secret.txt").write_text("no")
    for path in ["/media/secret.txt", "/media/logos/..%2Fsecret.txt", "/media/logos/abc.png"]:
        assert client.get(path).status_code == 404


def test_a_company_called_new_does_not_hide_behind_the_new_company_page(client, make_user):
    client.force_login(make_user("dana"))
    client.post("/companies/new/", {"name": "New", "website": "", "description": ""})
    company = Company.objects.get(name="New")
    assert company.slug == "new-company"
    assert "New" in client.get(company.get_absolute_url()).content.decode()


def test_reserved_addresses_are_refused_by_the_admin(staff_client, acme):
    data = {
        "name": "Acme AI",
        "slug": "new",
        "website": "",
        "description": "",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    response = staff_client.post(f"/admin/companies/company/{acme.pk}/change/", data)
    assert "is the address of a page" in response.content.decode()
    acme.refresh_from_db()
    assert acme.slug == "acme-ai"
