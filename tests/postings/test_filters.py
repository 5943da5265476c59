"""Every filter alone and together, on the page and in the API, with the same answers."""

from collections import Counter
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from postings.filters import PostingFilter
from postings.models import Posting, PostingStatus
from roles.models import RemoteStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_posting, make_company, ml_engineer, prompt_engineer, austin, new_york):
    """A small board; each posting differs from the others along one or two filters."""
    now = timezone.now()
    acme = make_company(name="Acme Vision")
    rows = {
        "ml-austin-onsite": dict(
            role=ml_engineer,
            hub=austin,
            remote="onsite",
            level="senior",
            salary_min=200_000,
            salary_max=260_000,
        ),
        "ml-remote-anywhere": dict(
            role=ml_engineer,
            hub=None,
            remote="remote",
            level="mid",
            salary_min=150_000,
            salary_max=190_000,
        ),
        "ml-remote-ny": dict(
            role=ml_engineer,
            hub=new_york,
            remote="remote",
            level="entry",
            employment_type="contract",
            salary_min=90_000,
            salary_max=120_000,
        ),
        "prompt-ny-hybrid": dict(
            role=prompt_engineer,
            hub=new_york,
            remote="hybrid",
            level="mid",
            salary_min=95_000,
            salary_max=130_000,
            published_at=now - timedelta(days=20),
        ),
        "prompt-austin-intern": dict(
            role=prompt_engineer,
            hub=austin,
            remote="onsite",
            level="entry",
            employment_type="internship",
            salary_min=30,
            salary_max=45,
            salary_period="hour",
            company=acme,
            description="Work on PyTorch vision models.",
        ),
    }
    postings = {
        slug: make_posting(slug=slug, title=slug.replace("-", " "), **v) for slug, v in rows.items()
    }
    # Never listed, whatever the filters.
    make_posting(slug="draft-ml", role=ml_engineer, hub=austin, status=PostingStatus.DRAFT)
    make_posting(slug="expired-ml", role=ml_engineer, hub=austin, status=PostingStatus.EXPIRED)
    make_posting(
        slug="lapsed-ml", role=ml_engineer, hub=austin, expires_at=now - timedelta(hours=1)
    )
    return postings


def page_slugs(client, query: str) -> list[str]:
    response = client.get("/jobs/?" + query)
    assert response.status_code == 200, response.content[:500]
    return [p.slug for p in response.context["page_obj"]]


def api_slugs(client, query: str) -> list[str]:
    response = client.get("/api/v1/postings/?" + query)
    assert response.status_code == 200, response.content[:500]
    return [p["slug"] for p in response.json()["results"]]


CASES = {
    "": {
        "ml-austin-onsite",
        "ml-remote-anywhere",
        "ml-remote-ny",
        "prompt-ny-hybrid",
        "prompt-austin-intern",
    },
    "role=machine-learning-engineer": {"ml-austin-onsite", "ml-remote-anywhere", "ml-remote-ny"},
    "role=machine-learning-engineer&role=prompt-engineer": {
        "ml-austin-onsite",
        "ml-remote-anywhere",
        "ml-remote-ny",
        "prompt-ny-hybrid",
        "prompt-austin-intern",
    },
    "remote=remote": {"ml-remote-anywhere", "ml-remote-ny"},
    "remote=hybrid&remote=onsite": {"ml-austin-onsite", "prompt-ny-hybrid", "prompt-austin-intern"},
    "city=austin": {"ml-austin-onsite", "prompt-austin-intern"},
    "city=austin&city=new-york": {
        "ml-austin-onsite",
        "ml-remote-ny",
        "prompt-ny-hybrid",
        "prompt-austin-intern",
    },
    "level=entry": {"ml-remote-ny", "prompt-austin-intern"},
    "type=contract": {"ml-remote-ny"},
    "type=internship": {"prompt-austin-intern"},
    # 45 an hour is 93,600 a year: the annual top of the range is what counts.
    "salary_min=125000": {"ml-austin-onsite", "ml-remote-anywhere", "prompt-ny-hybrid"},
    "salary_min=90000&type=internship": {"prompt-austin-intern"},
    "posted_within=7": {
        "ml-austin-onsite",
        "ml-remote-anywhere",
        "ml-remote-ny",
        "prompt-austin-intern",
    },
    "q=pytorch": {"prompt-austin-intern"},
    "q=acme": {"prompt-austin-intern"},
    "q=prompt+engineer": {"prompt-ny-hybrid", "prompt-austin-intern"},
    "q=nothing-matches-this": set(),
    "role=machine-learning-engineer&remote=remote": {"ml-remote-anywhere", "ml-remote-ny"},
    "role=machine-learning-engineer&remote=remote&city=new-york&level=entry": {"ml-remote-ny"},
    "role=prompt-engineer&city=new-york&posted_within=7": set(),
}


@pytest.mark.parametrize("query", list(CASES))
def test_page_and_api_return_the_same_postings(client, board, query):
    on_page = page_slugs(client, query)
    in_api = api_slugs(client, query)
    assert on_page == in_api
    assert set(on_page) == CASES[query]


def test_ordering_by_salary_and_by_newest(client, board):
    by_pay = api_slugs(client, "ordering=salary")
    assert by_pay[:2] == ["ml-austin-onsite", "ml-remote-anywhere"]
    assert by_pay == page_slugs(client, "ordering=salary")
    newest = api_slugs(client, "ordering=newest")
    assert newest[-1] == "prompt-ny-hybrid"
    assert newest == api_slugs(client, "")


BAD = {
    "role=no-such-role": "role",
    "remote=banana": "remote",
    "city=atlantis": "city",
    "level=guru": "level",
    "type=gig": "type",
    "salary_min=-5": "salary_min",
    "salary_min=lots": "salary_min",
    "salary_min=99999999999999999999999": "salary_min",
    "posted_within=0": "posted_within",
    "posted_within=1.5": "posted_within",
    "ordering=random": "ordering",
}


@pytest.mark.parametrize(("query", "field"), list(BAD.items()))
def test_bad_values_are_400_in_the_api_naming_the_field(client, board, query, field):
    response = client.get("/api/v1/postings/?" + query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(("query", "field"), list(BAD.items()))
def test_bad_values_are_form_errors_on_the_page(client, board, query, field):
    response = client.get("/jobs/?" + query)
    assert response.status_code == 400
    assert field in response.context["filter"].form.errors
    assert b"Some filters need fixing" in response.content
    # What the user typed is kept in the form.
    value = query.split("=", 1)[1]
    if field in {"salary_min", "posted_within"}:
        assert f'value="{value}"'.encode() in response.content


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page_size=-1", "page_size=x"])
def test_bad_pagination_is_400_in_the_api(client, board, query):
    response = client.get("/api/v1/postings/?" + query)
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_facet_counts_leave_out_their_own_filter(client, board):
    response = client.get("/jobs/?role=machine-learning-engineer&remote=remote")
    facets = {
        name: {o["value"]: o["count"] for o in opts}
        for name, opts in response.context["facets"].items()
    }
    # Roles are counted with remote=remote only: choosing another role widens the search.
    assert facets["role"] == {"machine-learning-engineer": 2}
    # Remote statuses are counted within the chosen role.
    assert facets["remote"] == {"remote": 2, "onsite": 1}
    assert facets["city"] == {"new-york": 1}
    assert facets["level"] == {"mid": 1, "entry": 1}
    selected = [o["value"] for o in response.context["facets"]["remote"] if o["selected"]]
    assert selected == ["remote"]
    assert b"(2)" in response.content


def test_empty_state_and_count_are_shown(client, board):
    response = client.get("/jobs/?q=nothing-matches-this")
    assert b"0 jobs" in response.content
    assert b"No live jobs match this search." in response.content
    response = client.get("/jobs/?remote=remote")
    assert b"2 jobs" in response.content


def test_pagination_keeps_the_filters(client, make_posting, ml_engineer, settings):
    settings.POSTINGS_PAGE_SIZE = 2
    for _ in range(5):
        make_posting(role=ml_engineer, remote=RemoteStatus.REMOTE, hub=None)
    make_posting()  # another role, filtered out
    response = client.get("/jobs/?role=machine-learning-engineer&remote=remote")
    content = response.content.decode()
    assert "page=2&amp;remote=remote&amp;role=machine-learning-engineer" in content
    second = client.get("/jobs/?page=2&remote=remote&role=machine-learning-engineer")
    assert second.context["page_obj"].paginator.count == 5
    assert len(second.context["page_obj"]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "remote=remote",
        "role=machine-learning-engineer&level=senior",
        "city=new-york&type=contract&remote=onsite&remote=remote",
        "salary_min=180000",
    ],
)
def test_facet_counts_equal_counting_each_facet_alone(board, query):
    """Facets without a selection are counted together in one query; it must not matter."""
    filterset = PostingFilter(QueryDict(query), queryset=Posting.objects.live())
    assert filterset.is_valid(), filterset.errors
    alone = {
        name: dict(
            Counter(
                value
                for value in filterset.filtered_except(name).values_list(path, flat=True)
                if value is not None
            )
        )
        for name, path in PostingFilter.FACETS.items()
    }
    # Cities are named by their hub's slug where they have one; countries by their code.
    alone["city"] = dict(
        Counter(
            hub or city
            for city, hub in filterset.filtered_except("city")
            .filter(city__isnull=False)
            .values_list("city__slug", "hub__slug")
        )
    )
    alone["country"] = dict(
        Counter(
            code
            for posting in filterset.filtered_except("country")
            for code in posting.place_countries()
        )
    )
    assert filterset.facet_counts() == alone
    assert sum(alone["remote"].values()) > 0


def test_slugs_are_checked_against_the_catalogue_as_it_is_now(client, board, make_role, make_hub):
    """Roles and cities are checked against a cached copy of the catalogue: an edit shows."""
    assert client.get("/jobs/?role=data-curator").status_code == 400
    assert client.get("/api/v1/postings/?city=lisbon").status_code == 400
    make_role(name="Data Curator", slug="data-curator")
    make_hub(name="Lisbon", slug="lisbon", country="PT")
    assert client.get("/jobs/?role=data-curator").status_code == 200
    assert client.get("/api/v1/postings/?city=lisbon").status_code == 200
    # The Remote market is in the catalogue, but it is not a city.
    make_hub(name="Remote", slug="remote", is_remote=True, country="")
    response = client.get("/api/v1/postings/?city=remote&city=lisbon")
    assert response.status_code == 400
    assert "remote" in str(response.json()["city"])


# --- the canonical query string -----------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "role=b&role=a&city=x&page=3&ordering=salary",
        "city=x&level=&role=a&role=b&page_size=50",
        "role=a&role=b&role=a&city=x&q=&format=json&utm_source=mail",
    ],
)
def test_every_spelling_of_a_search_has_one_canonical_form(spelling):
    # Fixed order, repeated values sorted and deduplicated, empty and unknown ones dropped,
    # paging and order left out.
    assert PostingFilter.canonical(QueryDict(spelling)) == "role=a&role=b&city=x"


def test_the_canonical_form_collapses_spaces_and_keeps_the_last_single_value():
    data = QueryDict("q=%20large%20%20language%20models%20&level=entry&level=senior")
    assert PostingFilter.canonical(data) == "q=large+language+models&level=senior"
    assert PostingFilter.canonical({"role": ["x"], "remote": "remote"}) == "role=x&remote=remote"


def test_a_valid_search_is_named_by_what_its_form_cleaned(board):
    data = QueryDict("salary_min=0150000&role=machine-learning-engineer&q=%20vision")
    filterset = PostingFilter(data, queryset=Posting.objects.live())
    assert filterset.is_valid()
    assert (
        filterset.canonical_query() == "q=vision&role=machine-learning-engineer&salary_min=150000"
    )
    assert PostingFilter.list_url(filterset.canonical_query()).startswith("/jobs/?q=vision&")


def test_feeds_alerts_and_links_all_use_the_canonical_form(client, board):
    query = "remote=remote&page=2&role=prompt-engineer&ordering=salary"
    canonical = "role=prompt-engineer&remote=remote"
    page = client.get(f"/jobs/?{query}").content.decode()
    assert f'href="/jobs/feed/?{canonical.replace("&", "&amp;")}"' in page
    assert 'rel="canonical" href="http://testserver/jobs/?role=prompt-engineer&amp;' in page
    alert_form = client.get(f"/jobs/alerts/new/?{query}").content.decode()
    assert f'name="query" value="{canonical.replace("&", "&amp;")}"' in alert_form
    feed = client.get(f"/jobs/feed/?{query}").content.decode()
    assert f"/jobs/?{canonical.replace('&', '&amp;')}</link>" in feed
    role_page = client.get("/roles/prompt-engineer/").content.decode()
    assert 'href="/jobs/?role=prompt-engineer"' in role_page


def test_page_and_api_share_the_counts_of_a_search(client, board, django_assert_num_queries):
    client.get("/jobs/?remote=remote&role=machine-learning-engineer")
    # Another spelling of the same search, through the API: the total and the facets were
    # counted by the page, so only the rows are read.
    with django_assert_num_queries(1):
        body = client.get("/api/v1/postings/?role=machine-learning-engineer&remote=remote").json()
    assert body["count"] == len(body["results"]) == 2
    assert body["facets"]["role"]["machine-learning-engineer"] == 2
