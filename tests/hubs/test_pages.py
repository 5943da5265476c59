"""Hub pages, the comparison table and the salary converter (page and API)."""

import re

import pytest

from hubs.models import Hub
from postings.models import PostingStatus
from roles.models import RemoteStatus

pytestmark = pytest.mark.django_db


def hub_names_in_order(content: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/hubs/[\w-]+/">([^<]+)</a>', content)


def test_hub_table_shows_every_reported_figure(client, catalogue):
    content = client.get("/hubs/").content.decode()
    austin = re.search(r'<a href="/hubs/austin/">Austin</a>.*?</tr>', content, re.S).group(0)
    for text in ["8,400", "340%", "$158,000", "<td>73", "+15%"]:
        assert text in austin, text
    remote = re.search(r'<a href="/hubs/remote/">Remote</a>.*?</tr>', content, re.S).group(0)
    assert "$152,000" in remote and "65–85" in remote and "+10 to +20%" in remote
    toronto = re.search(r'<a href="/hubs/toronto/">Toronto</a>.*?</tr>', content, re.S).group(0)
    assert "-8%" in toronto
    assert len(hub_names_in_order(content)) == 12
    assert '<svg class="chart"' in content
    assert "AI Jobs 2026 career guide" in content


@pytest.mark.parametrize(
    ("sort", "first_three", "last"),
    [
        ("name", ["Atlanta", "Austin", "Boston"], "Toronto"),
        ("-name", ["Toronto", "Singapore", "Seattle"], "Atlanta"),
        # Hubs without a figure come last, by name, whichever the direction.
        ("-salary", ["San Francisco", "Seattle", "Austin"], "Singapore"),
        ("salary", ["Toronto", "Miami", "Denver"], "Singapore"),
        ("-growth", ["Miami", "Austin", "Atlanta"], "Toronto"),
        ("postings", ["Miami", "Denver", "Atlanta"], "Toronto"),
        # The Remote market's ranges sort by their low end: index 65, advantage 10%.
        ("cost", ["Remote", "Denver", "Miami"], "Singapore"),
        ("-advantage", ["Denver", "Austin", "Miami"], "Singapore"),
        ("advantage", ["Toronto", "San Francisco", "Seattle"], "Singapore"),
    ],
)
def test_hub_table_sorts_by_each_column(client, catalogue, sort, first_three, last):
    names = hub_names_in_order(client.get("/hubs/", {"sort": sort}).content.decode())
    assert names[:3] == first_three
    assert names[-1] == last


def test_sort_links_flip_the_direction_of_the_active_column(client, catalogue):
    content = client.get("/hubs/", {"sort": "-salary"}).content.decode()
    assert 'aria-sort="descending"><a href="?sort=salary">' in content
    assert 'href="?sort=-growth"' in content and 'href="?sort=-name"' not in content


def test_live_column_sorts_and_counts_the_remote_market(client, catalogue, make_posting):
    austin = Hub.objects.get(slug="austin")
    for _ in range(3):
        make_posting(hub=austin)
    make_posting(remote=RemoteStatus.REMOTE, hub=None)
    make_posting(hub=austin, status=PostingStatus.DRAFT)
    content = client.get("/hubs/", {"sort": "-live"}).content.decode()
    assert hub_names_in_order(content)[:2] == ["Austin", "Remote"]
    assert '<a href="/jobs/?city=austin">3</a>' in content
    assert '<a href="/jobs/?remote=remote">1</a>' in content


@pytest.mark.parametrize("sort", ["bogus", "-", "--salary", "salary;drop"])
def test_unknown_sort_is_a_clear_400(client, catalogue, sort):
    response = client.get("/hubs/", {"sort": sort})
    assert response.status_code == 400
    content = response.content.decode()
    assert "cannot be sorted that way" in content and "<code>salary</code>" in content


def test_hub_list_query_count_is_fixed(client, catalogue, make_posting, django_assert_num_queries):
    for hub in Hub.objects.cities():
        make_posting(hub=hub)
        make_posting(hub=hub, remote=RemoteStatus.HYBRID)
    # 1 the hubs with their sources, 2 live postings counted by hub, 3 by way of working,
    # 4 the reported split.
    with django_assert_num_queries(4):
        client.get("/hubs/", {"sort": "-live"})
    # Hubs and the reported split are kept until the catalogue changes, the counts until a
    # posting does.
    with django_assert_num_queries(0):
        client.get("/hubs/", {"sort": "-live"})


def test_hub_page_figures_postings_and_split(client, catalogue, make_posting):
    austin = Hub.objects.get(slug="austin")
    make_posting(hub=austin, title="Onsite One")
    make_posting(hub=austin, title="Onsite Two")
    make_posting(hub=austin, remote=RemoteStatus.HYBRID, title="Hybrid One")
    make_posting(hub=austin, remote=RemoteStatus.REMOTE, title="Remote One")
    make_posting(title="Elsewhere")
    content = client.get("/hubs/austin/").content.decode()
    assert "Austin, TX" in content
    for text in ["8,400", "340%", "$158,000 a year", "73", "+15%"]:
        assert text in content, text
    assert "Onsite One" in content and "Elsewhere" not in content
    assert 'href="/jobs/?city=austin"' in content
    text = re.sub(r"<[^>]+>|\s+", " ", content)
    assert re.search(r"Remote\s+25%\s+\(\s*1 of 4\s*\)\s+60%", text)
    assert re.search(r"Hybrid\s+25%\s+\(\s*1 of 4\s*\)\s+25%", text)
    assert re.search(r"On-site\s+50%\s+\(\s*2 of 4\s*\)\s+15%", text)


def test_hub_page_lists_a_limited_number_of_postings(client, catalogue, make_posting):
    austin = Hub.objects.get(slug="austin")
    for _ in range(12):
        make_posting(hub=austin)
    content = client.get("/hubs/austin/").content.decode()
    assert content.count('class="posting-row"') == 10
    assert "All 12 live jobs in Austin" in content


def test_remote_hub_page_lists_remote_postings(client, catalogue, make_posting):
    remote = Hub.objects.get(slug="remote")
    assert remote.get_absolute_url() == "/hubs/remote/"
    make_posting(remote=RemoteStatus.REMOTE, hub=None, title="Work From Anywhere")
    make_posting(title="Office Job")
    content = client.get("/hubs/remote/").content.decode()
    assert "Work From Anywhere" in content and "Office Job" not in content
    assert 'href="/jobs/?remote=remote"' in content
    assert "65–85" in content


def test_hub_page_query_count_is_fixed(client, catalogue, make_posting, django_assert_num_queries):
    austin = Hub.objects.get(slug="austin")
    for _ in range(8):
        make_posting(hub=austin)
    # hub, the form's two hub lists, postings, live split (which gives the live count too),
    # reported split.
    with django_assert_num_queries(6):
        client.get("/hubs/austin/")
    # Again: the split, the live count and the newest postings come from the cache
    # (POSTING_COUNTS_CACHE_SECONDS, postings/newest.py), the hub, the reported split and the
    # empty converter too (jobboard/lib/cache.py).
    with django_assert_num_queries(0):
        response = client.get("/hubs/austin/")
    assert response.context["hub"].live_count == 8
    assert response.context["split"]["total"] == 8
    assert len(response.context["postings"]) == 8
    # A new posting refreshes them at once.
    make_posting(hub=austin)
    fresh = client.get("/hubs/austin/").context
    assert fresh["hub"].live_count == fresh["split"]["total"] == 9
    assert len(fresh["postings"]) == 9


def test_unknown_hub_is_404(client, catalogue):
    assert client.get("/hubs/atlantis/").status_code == 404


# --- the converter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "source", "target", "expected"),
    [
        (150_000, "austin", "san-francisco", 205_479),  # 150,000 x 100 / 73
        (185_000, "san-francisco", "denver", 125_800),  # 185,000 x 68 / 100
        (100_000, "seattle", "miami", 83_529),  # 100,000 x 71 / 85 = 83,529.4
        (95_000, "toronto", "toronto", 95_000),
    ],
)
def test_buys_in_applies_the_index_ratio(catalogue, amount, source, target, expected):
    earned, living = Hub.objects.get(slug=source), Hub.objects.get(slug=target)
    assert earned.buys_in(amount, living) == expected


def test_buys_in_refuses_a_hub_without_an_index(catalogue):
    with pytest.raises(ValueError, match="cost-of-living index"):
        Hub.objects.get(slug="austin").buys_in(100, Hub.objects.get(slug="remote"))


def test_converter_form_on_a_hub_page(client, catalogue):
    response = client.get(
        "/hubs/austin/", {"amount": "150000", "from": "austin", "to": "san-francisco"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>205,479</strong> in San Francisco" in content
    assert "150,000 × 100 ÷ 73" in content
    assert "index of the place you live ÷ index of the place you earn" in content


def test_converter_form_starts_from_this_hub(client, catalogue):
    content = client.get("/hubs/denver/").content.decode()
    assert re.search(r'<option value="denver" selected>', content)
    assert "no such" not in content


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"amount": "lots", "from": "austin", "to": "denver"}, "amount", "whole number"),
        ({"amount": "0", "from": "austin", "to": "denver"}, "amount", "greater than or equal to 1"),
        ({"amount": "1000", "from": "remote", "to": "denver"}, "from", "single cost-of-living"),
        ({"amount": "1000", "from": "austin", "to": "boston"}, "to", "single cost-of-living"),
        ({"amount": "1000", "from": "austin"}, "to", "required"),
    ],
)
def test_converter_form_errors_keep_the_input(client, catalogue, query, field, message):
    response = client.get("/hubs/austin/", query)
    assert response.status_code == 400
    content = response.content.decode()
    assert "The converter needs a fix" in content
    assert message in content
    assert f'href="#id_{field}"' in content
    assert f'value="{query["amount"]}"' in content  # what was typed is kept
    assert re.search(rf'<(input|select)[^>]*aria-invalid="true"[^>]*id="id_{field}"', content) or (
        re.search(rf'<(input|select)[^>]*id="id_{field}"[^>]*aria-invalid="true"', content)
    )


def test_converter_api_answers_with_the_same_arithmetic(client, catalogue):
    response = client.get(
        "/api/v1/hubs/convert/", {"amount": 150000, "from": "austin", "to": "san-francisco"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["equivalent"] == 205_479
    assert (body["from_index"], body["to_index"]) == (73, 100)
    assert body["from_hub"]["slug"] == "austin" and body["to_hub"]["slug"] == "san-francisco"
    assert "cost-of-living index" in body["formula"]


def test_converter_api_answers_400_with_field_errors(client, catalogue):
    response = client.get("/api/v1/hubs/convert/", {"amount": "-5", "from": "remote"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"amount", "from", "to"}
    assert "single cost-of-living index" in body["from"][0]
    assert "required" in body["to"][0]


# --- the hubs API -----------------------------------------------------------------------


def test_hub_api_lists_figures(client, catalogue, make_posting):
    make_posting(hub=Hub.objects.get(slug="austin"))
    body = client.get("/api/v1/hubs/").json()
    rows = {row["slug"]: row for row in body["results"]}
    assert len(rows) == 12
    austin = rows["austin"]
    assert (austin["reported_postings"], austin["growth_pct"], austin["avg_salary"]) == (
        8400,
        340,
        158_000,
    )
    assert (austin["cost_of_living_index"], austin["net_income_advantage_pct"]) == (73, 15)
    assert austin["live_count"] == 1
    assert austin["url"].endswith("/hubs/austin/")
    assert (rows["remote"]["cost_of_living_low"], rows["remote"]["cost_of_living_high"]) == (65, 85)


def test_hub_api_query_count_is_fixed(client, catalogue, make_posting, django_assert_num_queries):
    for hub in Hub.objects.cities():
        make_posting(hub=hub)
    # 1 count, 2 the hubs with their sources, 3 live postings counted by hub, 4 by way of
    # working; the counts are kept until a posting changes.
    with django_assert_num_queries(4):
        client.get("/api/v1/hubs/")
    with django_assert_num_queries(2):
        client.get("/api/v1/hubs/")
