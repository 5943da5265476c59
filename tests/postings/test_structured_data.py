"""schema.org JobPosting JSON-LD on posting pages, and the sharing meta around it."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from postings.models import PostingStatus
from postings.structured_data import json_ld_script
from roles.models import RemoteStatus

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, posting) -> list[dict]:
    response = client.get(posting.get_absolute_url())
    assert response.status_code == 200
    return [json.loads(block) for block in SCRIPT.findall(response.content.decode())]


@pytest.fixture
def lumen(make_company):
    return make_company(name="Lumen Labs", website="https://lumen.example.com")


def test_onsite_posting_has_every_property(client, make_posting, lumen, austin):
    now = timezone.now()
    posting = make_posting(
        title="Senior ML Engineer",
        company=lumen,
        hub=austin,
        remote=RemoteStatus.ONSITE,
        employment_type="full-time",
        salary_min=180_000,
        salary_max=220_000,
        description="## Team\n\nWe train **models**. <script>alert(1)</script>",
        published_at=now - timedelta(days=2),
        expires_at=now + timedelta(days=28),
    )
    [data] = json_ld(client, posting)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Senior ML Engineer"
    assert data["description"].startswith("<h2>Team</h2>")
    assert "<strong>models</strong>" in data["description"]
    assert "<script>" not in data["description"]
    assert data["datePosted"] == posting.published_at.isoformat()
    assert data["validThrough"] == posting.expires_at.isoformat()
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Lumen Labs",
        "sameAs": "https://lumen.example.com",
    }
    city = posting.city
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Austin",
            "addressCountry": "US",
            "addressRegion": "TX",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": city.latitude, "longitude": city.longitude},
    }
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 180_000,
            "maxValue": 220_000,
            "unitText": "YEAR",
        },
    }
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Lumen Labs",
        "value": posting.slug,
    }
    assert data["directApply"] is False


def test_hybrid_posting_has_a_place_and_never_telecommute(client, make_posting, new_york):
    posting = make_posting(remote=RemoteStatus.HYBRID, hub=new_york, employment_type="contract")
    [data] = json_ld(client, posting)
    assert data["jobLocation"]["address"]["addressLocality"] == "New York"
    assert data["jobLocation"]["address"]["addressRegion"] == "NY"
    assert "jobLocationType" not in data
    assert "TELECOMMUTE" not in json.dumps(data)
    assert data["employmentType"] == "CONTRACTOR"


def test_remote_posting_is_telecommute_with_countries(client, make_posting):
    posting = make_posting(
        remote=RemoteStatus.REMOTE,
        hub=None,
        applicant_countries=["US", "CA"],
        employment_type="part-time",
        salary_min=60,
        salary_max=90,
        salary_period="hour",
        salary_currency="CAD",
    )
    [data] = json_ld(client, posting)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "United States"},
        {"@type": "Country", "name": "Canada"},
    ]
    assert "jobLocation" not in data
    assert data["employmentType"] == "PART_TIME"
    assert data["baseSalary"]["currency"] == "CAD"
    assert data["baseSalary"]["value"]["unitText"] == "HOUR"
    assert data["baseSalary"]["value"]["minValue"] == 60


def test_remote_job_with_a_home_city_names_it(client, make_posting, new_york):
    posting = make_posting(remote=RemoteStatus.REMOTE, hub=new_york, applicant_countries=["US"])
    [data] = json_ld(client, posting)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "United States"}]
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "New York",
        "addressRegion": "NY",
        "addressCountry": "US",
    }


def test_remote_anywhere_lists_every_country(client, make_posting):
    """Google requires the countries of a work-from-home job; "anywhere" is all of them."""
    posting = make_posting(
        remote=RemoteStatus.REMOTE, hub=None, employment_type="internship", salary_period="month"
    )
    [data] = json_ld(client, posting)
    assert data["jobLocationType"] == "TELECOMMUTE"
    names = {country["name"] for country in data["applicantLocationRequirements"]}
    assert {"Brazil", "Germany", "India", "United States"} <= names and len(names) > 240
    assert "jobLocation" not in data
    assert data["employmentType"] == "INTERN"
    assert data["baseSalary"]["value"]["unitText"] == "MONTH"


@pytest.mark.parametrize("status", [PostingStatus.EXPIRED, PostingStatus.FILLED])
def test_closed_postings_have_no_markup_and_are_noindex(client, make_posting, status):
    posting = make_posting(status=status)
    response = client.get(posting.get_absolute_url())
    content = response.content.decode()
    assert "This job is closed." in content
    assert "application/ld+json" not in content
    assert '<meta name="robots" content="noindex">' in content


def test_lapsed_posting_has_no_markup(client, make_posting):
    posting = make_posting(expires_at=timezone.now() - timedelta(minutes=1))
    content = client.get(posting.get_absolute_url()).content.decode()
    assert "application/ld+json" not in content and "noindex" in content


def test_staff_preview_of_a_draft_has_no_markup(staff_client, make_posting):
    posting = make_posting(status=PostingStatus.DRAFT)
    content = staff_client.get(posting.get_absolute_url()).content.decode()
    assert "Preview:" in content and "application/ld+json" not in content


def test_values_cannot_break_out_of_the_script(client, make_posting, make_company):
    company = make_company(name="</script><script>alert(1)</script> & Co")
    posting = make_posting(title="Engineer </script> <!--", company=company)
    content = client.get(posting.get_absolute_url()).content.decode()
    [block] = SCRIPT.findall(content)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["title"] == "Engineer </script> <!--"
    assert data["hiringOrganization"]["name"] == "</script><script>alert(1)</script> & Co"


def test_json_ld_script_escapes_markup_characters():
    html = str(json_ld_script({"a": "<b>&</b>"}))
    assert html == (
        '<script type="application/ld+json">'
        '{"a": "\\u003Cb\\u003E\\u0026\\u003C/b\\u003E"}</script>'
    )


def test_posting_page_has_open_graph_twitter_and_canonical(client, make_posting, lumen, austin):
    posting = make_posting(title="Vision <Lead>", company=lumen, hub=austin)
    content = client.get(posting.get_absolute_url() + "?utm_source=x").content.decode()
    url = "http://testserver" + posting.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in content
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Vision &lt;Lead&gt; at Lumen Labs">' in content
    assert (
        '<meta property="og:description" content="Vision &lt;Lead&gt; at Lumen Labs, '
        'Austin, TX. $100,000 – $150,000 a year.">'
    ) in content
    assert '<meta name="twitter:card" content="summary">' in content
    assert '<meta name="twitter:title" content="Vision &lt;Lead&gt; at Lumen Labs">' in content
    assert content.count('rel="canonical"') == 1


def test_list_and_home_have_sharing_meta(client, make_posting):
    make_posting()
    home = client.get("/").content.decode()
    assert '<link rel="canonical" href="http://testserver/">' in home
    assert '<meta property="og:title" content="AI Jobs Board">' in home
    listing = client.get("/jobs/?remote=onsite&q=&salary_min=&page_size=5").content.decode()
    assert '<link rel="canonical" href="http://testserver/jobs/?remote=onsite">' in listing
    assert '<meta property="og:title" content="AI jobs · AI Jobs Board">' in listing
    assert '<meta name="twitter:card" content="summary">' in listing


def test_logo_is_given_only_when_the_company_has_one(rf, make_posting):
    from types import SimpleNamespace

    from postings.structured_data import job_posting

    posting = make_posting()
    request = rf.get("/")
    assert "logo" not in job_posting(posting, request=request)["hiringOrganization"]
    # Companies gain an image field in another change; any file-like value with a url works.
    posting.company.logo = SimpleNamespace(url="/media/logos/acme.png")
    organization = job_posting(posting, request=request)["hiringOrganization"]
    assert organization["logo"] == "http://testserver/media/logos/acme.png"
