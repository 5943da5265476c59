"""Jobs anywhere in the world: cities of the gazetteer, countries, distance, remote regions."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from candidates.alerts import send_job_alerts
from candidates.models import JobAlert
from hubs import gazetteer
from hubs.models import City, distance_km
from postings.models import Posting, PostingCountry
from roles.models import RemoteStatus

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def slugs(client, query: str) -> set[str]:
    page = client.get("/jobs/?" + query)
    assert page.status_code == 200, page.content[:600]
    api = client.get("/api/v1/postings/?" + query)
    assert api.status_code == 200, api.content[:600]
    found = {posting.slug for posting in page.context["page_obj"]}
    assert {row["slug"] for row in api.json()["results"]} == found
    return found


@pytest.fixture
def world(make_posting, make_city, ml_engineer):
    """On-site jobs in Berlin, Potsdam, Hamburg, Bengaluru and São Paulo, and remote ones."""
    cities = {
        name: make_city(name)
        for name in ("Berlin", "Potsdam", "Hamburg", "Bengaluru", "São Paulo, Brazil")
    }
    rows = {
        "berlin": make_posting(slug="berlin", city=cities["Berlin"], role=ml_engineer),
        "potsdam": make_posting(slug="potsdam", city=cities["Potsdam"], remote="hybrid"),
        "hamburg": make_posting(slug="hamburg", city=cities["Hamburg"]),
        "bangalore": make_posting(
            slug="bangalore",
            city=cities["Bengaluru"],
            salary_currency="INR",
            salary_min=2_500_000,
            salary_max=4_000_000,
        ),
        "sao-paulo": make_posting(
            slug="sao-paulo",
            city=cities["São Paulo, Brazil"],
            salary_currency="BRL",
            salary_min=180_000,
            salary_max=260_000,
        ),
        "remote-eu": make_posting(
            slug="remote-eu",
            remote=RemoteStatus.REMOTE,
            hub=None,
            applicant_countries=sorted(gazetteer.regions()["european-union"].codes),
        ),
        "remote-anywhere": make_posting(
            slug="remote-anywhere", remote=RemoteStatus.REMOTE, hub=None
        ),
    }
    return rows


def test_gazetteer_knows_the_cities_people_type():
    assert gazetteer.resolve("Bangalore").slug == "bengaluru-in"
    assert gazetteer.resolve("Sao Paulo").label == "São Paulo, Brazil"
    assert gazetteer.resolve("berlin-de").country == "DE"
    assert gazetteer.resolve("London, ON").country == "CA"
    assert gazetteer.resolve("London").country == "GB"
    # Two Cambridges of similar size: the name alone does not say which.
    assert gazetteer.resolve("Cambridge") is None
    assert gazetteer.resolve("Cambridge, MA").region == "MA"
    assert gazetteer.resolve("Xyzzyville") is None
    assert gazetteer.currency_of("IN") == "INR" and gazetteer.currency_of("BR") == "BRL"


def test_country_filter_finds_jobs_in_and_open_to_a_country(client, world):
    assert slugs(client, "country=DE") == {"berlin", "potsdam", "hamburg", "remote-eu"}
    assert slugs(client, "country=IN") == {"bangalore"}
    assert slugs(client, "country=IN&country=BR") == {"bangalore", "sao-paulo"}
    assert slugs(client, "country=DE&remote=remote") == {"remote-eu"}
    bad = client.get("/api/v1/postings/?country=XX")
    assert bad.status_code == 400 and "country" in bad.json()


def test_city_filter_takes_any_city_and_the_hub_slugs(client, world, austin, make_posting):
    in_austin = make_posting(slug="in-austin", hub=austin)
    assert slugs(client, "city=berlin-de") == {"berlin"}
    assert slugs(client, "city=berlin-de&city=bengaluru-in") == {"berlin", "bangalore"}
    assert slugs(client, "city=austin") == {in_austin.slug}
    # A real city with no postings yet is a valid, empty search.
    assert slugs(client, "city=paris-fr") == set()
    response = client.get("/jobs/?city=atlantis-xx")
    assert response.status_code == 400
    assert "not a city we know" in response.content.decode()


def test_near_finds_cities_within_the_radius_by_great_circle(client, world):
    berlin, potsdam, hamburg = (world[name].city for name in ("berlin", "potsdam", "hamburg"))
    assert 20 < distance_km(berlin, potsdam) < 40
    assert 250 < distance_km(berlin, hamburg) < 300
    assert slugs(client, "near=berlin-de") == {"berlin", "potsdam"}
    assert slugs(client, "near=berlin-de&radius_km=10") == {"berlin"}
    assert slugs(client, "near=Berlin&radius_km=300") == {"berlin", "potsdam", "hamburg"}
    # A name is read as the city it names; the canonical search names it by slug.
    page = client.get("/jobs/?near=Berlin&radius_km=300")
    assert page.context["search_query"] == "near=berlin-de&radius_km=300"
    unknown = client.get("/jobs/?near=Cambridge")
    assert unknown.status_code == 400
    assert "Cambridge, United Kingdom" in unknown.content.decode()


def test_near_works_across_the_date_line(make_city):
    suva = make_city(name="East", slug="east", latitude=-18.0, longitude=179.9)
    west = make_city(name="West", slug="west", latitude=-18.0, longitude=-179.9)
    far = make_city(name="Far", slug="far", latitude=-18.0, longitude=170.0)
    found = set(City.objects.within_km(-18.0, 179.95, 50).values_list("slug", flat=True))
    assert found == {suva.slug, west.slug}
    assert far.slug not in found


def test_facets_show_countries_and_the_commonest_cities(client, world):
    facets = client.get("/api/v1/postings/").json()["facets"]
    assert facets["country"]["DE"] == 4  # three cities and the remote job open to the EU
    assert facets["country"]["IN"] == 1
    assert facets["city"]["berlin-de"] == 1 and facets["city"]["sao-paulo-br"] == 1
    page = client.get("/jobs/").content.decode()
    assert "São Paulo, Brazil" in page and "Germany" in page


def test_berlin_bangalore_and_sao_paulo_jobs_have_complete_markup(client, world):
    for name, country in (("berlin", "DE"), ("bangalore", "IN"), ("sao-paulo", "BR")):
        content = client.get(world[name].get_absolute_url()).content.decode()
        [data] = [json.loads(block) for block in SCRIPT.findall(content)]
        address = data["jobLocation"]["address"]
        assert address["addressCountry"] == country
        assert address["addressLocality"] == world[name].city.name
        assert data["jobLocation"]["geo"]["latitude"] == world[name].city.latitude
    remote = json.loads(SCRIPT.findall(client.get("/jobs/remote-eu/").content.decode())[0])
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert len(remote["applicantLocationRequirements"]) == 27


def test_a_posting_in_a_hubs_city_belongs_to_the_hub(make_posting, austin, make_city):
    posting = make_posting(city=austin.city)
    assert posting.hub == austin
    posting.city = make_city("Berlin")
    posting.save()
    posting.refresh_from_db()
    assert posting.hub is None
    assert set(posting.countries.values_list("country", flat=True)) == {"DE"}


def test_employer_posts_jobs_in_berlin_bangalore_and_sao_paulo(client, owner, posting_data):
    client.force_login(owner)
    for typed, slug, country in (
        ("Berlin", "berlin-de", "DE"),
        ("Bangalore", "bengaluru-in", "IN"),
        ("São Paulo, Brazil", "sao-paulo-br", "BR"),
    ):
        data = posting_data(
            title=f"ML Engineer, {typed}",
            city=typed,
            remote="onsite",
            salary_currency="",
            action="save",
        )
        response = client.post("/post-a-job/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        posting = Posting.objects.get(title=f"ML Engineer, {typed}")
        assert posting.city.slug == slug and posting.city.country == country
        # The currency follows the country when the employer leaves it empty.
        assert posting.salary_currency == gazetteer.currency_of(country)


def test_a_city_the_gazetteer_cannot_tell_apart_is_refused_with_suggestions(
    client, owner, posting_data
):
    client.force_login(owner)
    response = client.post("/post-a-job/", posting_data(city="Cambridge", action="save"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "could not tell which city" in content
    assert "Cambridge, MA" in content and "Cambridge, United Kingdom" in content
    assert 'value="Cambridge"' in content  # the input is kept
    assert not Posting.objects.exists()


def test_the_form_suggests_cities_with_a_script_file_not_inline(client, owner):
    client.force_login(owner)
    content = client.get("/post-a-job/").content.decode()
    assert 'data-city-search="/hubs/cities/search/"' in content
    assert '<datalist id="id_city-cities">' in content
    assert '<script src="/static/js/city-search.js" defer></script>' in content
    assert "<script>" not in content
    found = client.get("/hubs/cities/search/?q=Bangal").json()["results"]
    assert found[0] == {"slug": "bengaluru-in", "label": "Bengaluru, India", "country": "IN"}


def test_remote_applicants_may_live_in_regions(client, owner, posting_data):
    client.force_login(owner)
    data = posting_data(
        remote="remote", city="", applicant_countries="Canada, Latin America", action="save"
    )
    assert client.post("/post-a-job/", data).status_code == 302
    posting = Posting.objects.get()
    assert "CA" in posting.applicant_countries and "BR" in posting.applicant_countries
    assert "MX" in posting.applicant_countries and "US" not in posting.applicant_countries
    assert PostingCountry.objects.filter(posting=posting, country="BR").exists()
    bad = posting_data(remote="remote", city="", applicant_countries="Narnia", action="save")
    response = client.post("/post-a-job/", bad)
    assert response.status_code == 400 and "Not known: Narnia" in response.content.decode()


def test_alerts_follow_country_and_distance(world, make_posting, make_city):
    confirmed = timezone.now() - timedelta(days=3)
    JobAlert.objects.create(email="in@example.com", query="country=IN", confirmed_at=confirmed)
    JobAlert.objects.create(
        email="near@example.com", query="near=berlin-de&radius_km=50", confirmed_at=confirmed
    )
    send_job_alerts()
    sent = {message.to[0]: message.body for message in mail.outbox}
    assert "/jobs/bangalore/" in sent["in@example.com"]
    assert "/jobs/berlin/" not in sent["in@example.com"]
    assert "/jobs/berlin/" in sent["near@example.com"]
    assert "/jobs/potsdam/" in sent["near@example.com"]
    assert "/jobs/hamburg/" not in sent["near@example.com"]
