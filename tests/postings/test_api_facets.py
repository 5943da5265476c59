"""The postings API carries the same facet counts as the /jobs/ page."""

import pytest

pytestmark = pytest.mark.django_db


def page_facets(client, query: str) -> dict[str, dict[str, int]]:
    response = client.get("/jobs/?" + query)
    assert response.status_code == 200
    return {
        name: {option["value"]: option["count"] for option in options if option["count"]}
        for name, options in response.context["facets"].items()
    }


@pytest.fixture
def board(make_posting, ml_engineer, prompt_engineer, austin, new_york):
    make_posting(role=ml_engineer, hub=austin, level="senior", title="Vision Engineer")
    make_posting(role=ml_engineer, hub=None, remote="remote", title="Vision Researcher")
    make_posting(role=ml_engineer, hub=new_york, remote="hybrid", employment_type="contract")
    make_posting(role=prompt_engineer, hub=new_york, level="entry", title="Prompt Writer")
    make_posting(role=prompt_engineer, hub=austin, remote="remote")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "role=machine-learning-engineer",
        "remote=remote&remote=hybrid",
        "city=new-york&level=mid",
        "role=prompt-engineer&city=austin&type=full-time",
        "q=vision",
        "q=vision&remote=onsite",
    ],
)
def test_api_facets_equal_the_page_facets(client, board, query):
    body = client.get("/api/v1/postings/?" + query).json()
    assert set(body) == {"count", "next", "previous", "results", "facets"}
    assert body["facets"] == page_facets(client, query)


def test_facet_numbers(client, board):
    facets = client.get("/api/v1/postings/?role=machine-learning-engineer").json()["facets"]
    # The role facet ignores the chosen role; the others count within it.
    assert facets["role"] == {"machine-learning-engineer": 3, "prompt-engineer": 2}
    assert facets["remote"] == {"onsite": 1, "remote": 1, "hybrid": 1}
    assert facets["city"] == {"austin": 1, "new-york": 1}
    assert facets["type"] == {"full-time": 2, "contract": 1}


def test_bad_filter_is_still_400_without_facets(client, board):
    response = client.get("/api/v1/postings/?remote=banana")
    assert response.status_code == 400
    assert "remote" in response.json() and "facets" not in response.json()


@pytest.mark.parametrize("extra", [0, 40])
def test_facets_take_a_fixed_number_of_queries(
    client, board, make_posting, ml_engineer, austin, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_posting(role=ml_engineer, hub=austin)
    # Cold: the roles and cities read once to check the slugs against (2), the count, the
    # page of postings with its joins; then the facets' filter checks the slugs against the
    # same, now cached, and runs one grouped count for the chosen role, one for the other
    # three simple facets together, one for the countries and one for the commonest cities.
    with django_assert_num_queries(4 + 4):
        body = client.get("/api/v1/postings/?role=machine-learning-engineer&city=austin").json()
    assert body["count"] == 1 + extra
    # Warm: the page of postings; the slugs are checked against the cached catalogue, and the
    # count and the facet counts come from the cache (jobboard/lib/cache.py).
    with django_assert_num_queries(1):
        again = client.get("/api/v1/postings/?city=austin&role=machine-learning-engineer").json()
    assert again["facets"] == body["facets"]


def test_schema_documents_the_facets(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    ref = schema["paths"]["/api/v1/postings/"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"count", "results", "facets"} <= set(component["properties"])
    assert set(component["properties"]["facets"]["properties"]) == {
        "role",
        "remote",
        "country",
        "city",
        "level",
        "type",
    }
