"""Keyword search: the same queries give the same postings on PostgreSQL and on SQLite."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from postings import search as search_module
from postings.models import Posting
from postings.search import START, STOP, RankedSearch, headline_html, search

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"


def page_slugs(client, query: str) -> list[str]:
    response = client.get("/jobs/?" + query)
    assert response.status_code == 200, response.content[:500]
    return [p.slug for p in response.context["page_obj"]]


def api_slugs(client, query: str) -> list[str]:
    response = client.get("/api/v1/postings/?" + query)
    assert response.status_code == 200, response.content[:500]
    return [p["slug"] for p in response.json()["results"]]


def slugs_for(client, query: str) -> list[str]:
    """The page and the API must agree on every search, in the same order."""
    on_page = page_slugs(client, query)
    assert api_slugs(client, query) == on_page
    return on_page


@pytest.fixture
def vision_board(make_posting, make_role):
    plain = make_role(name="Applied Scientist", slug="applied-scientist")
    rows = {
        "cv-engineer": ("Computer Vision Engineer", "Ship detection models."),
        "cv-intern": ("Computer Vision Intern", "Label data for detection models."),
        "split-words": ("Vision Systems Lead", "Bring vision to the computer fleet."),
        "torch": ("Research Developer", "Our stack is PyTorch and CUDA."),
        "jax": ("Research Developer II", "We train with JAX on TPUs."),
        "other": ("Data Analyst", "Dashboards and SQL."),
    }
    return {
        slug: make_posting(slug=slug, title=title, description=text, role=plain)
        for slug, (title, text) in rows.items()
    }


def test_stemming_finds_other_forms_of_a_word(client, make_posting):
    make_posting(slug="eng", title="Machine Learning Engineer", description="Models.")
    make_posting(slug="train", title="Data Analyst", description="Training pipelines.")
    assert slugs_for(client, "q=engineers") == ["eng"]
    assert slugs_for(client, "q=trains") == ["train"]


def test_quoted_phrase_and_excluded_word(client, vision_board):
    found = slugs_for(client, "q=%22computer+vision%22+-intern")
    assert found == ["cv-engineer"]


def test_or_between_words(client, vision_board):
    assert set(slugs_for(client, "q=pytorch+OR+jax")) == {"torch", "jax"}
    assert slugs_for(client, "q=pytorch+jax") == []


def test_title_match_ranks_first(client, make_posting, make_role):
    role = make_role(name="Applied Scientist", slug="applied-scientist")
    now = timezone.now()
    # The best match is the oldest, so newest-first order could not pass this test.
    best = make_posting(
        slug="best",
        title="PyTorch Engineer",
        role=role,
        description="Training at scale.",
        published_at=now - timedelta(days=9),
    )
    middle = make_posting(
        slug="middle",
        title="Engineer",
        role=role,
        description="Some PyTorch now and then.",
        published_at=now - timedelta(days=5),
    )
    weakest = make_posting(
        slug="weakest",
        title="Developer",
        role=role,
        description="Engineers here use pytorch.",
        published_at=now - timedelta(days=1),
    )
    make_posting(slug="unrelated", title="Analyst", role=role, description="SQL.")
    expected = [best.slug, middle.slug, weakest.slug]
    assert slugs_for(client, "q=engineers+pytorch") == expected
    assert slugs_for(client, "q=engineers+pytorch&ordering=relevance") == expected
    assert slugs_for(client, "q=engineers+pytorch&ordering=newest") == expected[::-1]


def test_role_and_company_names_are_searchable_and_stay_current(
    client, make_posting, make_role, make_company
):
    role = make_role(name="Prompt Engineer", slug="prompt-engineer")
    company = make_company(name="Lumen Labs")
    posting = make_posting(slug="p", title="Writer", role=role, company=company)
    assert slugs_for(client, "q=prompt") == ["p"]
    assert slugs_for(client, "q=lumen") == ["p"]

    role.name = "Context Designer"
    role.save()
    company.name = "Quill Robotics"
    company.save()
    assert slugs_for(client, "q=prompt") == []
    assert slugs_for(client, "q=designer+quill") == ["p"]

    Posting.objects.filter(pk=posting.pk).update(title="Tokenizer Whisperer")
    assert slugs_for(client, "q=whisperer") == ["p"]


def test_seed_demo_bulk_inserts_are_searchable(client, catalogue):
    call_command("seed_demo", "--count", "60", "--seed", "3", stdout=StringIO())
    if ON_POSTGRES:
        assert not Posting.objects.filter(search_vector__isnull=True).exists()
    sample = Posting.objects.order_by("pk").select_related("company", "role").first()
    company_word = sample.company.name.split()[0]
    response = client.get("/api/v1/postings/", {"q": company_word, "page_size": 100})
    assert sample.slug in [row["slug"] for row in response.json()["results"]]


def test_list_shows_a_safe_highlighted_snippet(client, make_posting):
    make_posting(
        slug="s",
        title="Research Engineer",
        description="## Stack\n\nWe use **PyTorch** daily. <script>alert(1)</script> <b>bold</b>",
    )
    response = client.get("/jobs/?q=pytorch")
    content = response.content.decode()
    assert '<p class="snippet">' in content
    assert "<mark>PyTorch</mark>" in content
    snippet = content.split('<p class="snippet">', 1)[1].split("</p>", 1)[0]
    assert "<script" not in snippet and "<b>" not in snippet and "**" not in snippet
    assert "##" not in snippet


def test_kept_passages_follow_an_edit_and_each_page_has_its_own(client, make_posting, settings):
    settings.POSTINGS_PAGE_SIZE = 1
    first = make_posting(title="PyTorch Lead", description="Lead the PyTorch team.")
    make_posting(title="Engineer", description="Some PyTorch on the side.")

    def snippets(page: int) -> list[str]:
        response = client.get(f"/jobs/?q=pytorch&page={page}")
        return [str(p.snippet) for p in response.context["page_obj"]]

    assert snippets(1) == ["Lead the <mark>PyTorch</mark> team"]
    assert snippets(2) == ["Some <mark>PyTorch</mark> on the side"]
    assert snippets(1) == ["Lead the <mark>PyTorch</mark> team"]
    first.description = "Grow the PyTorch group."
    first.save()
    assert snippets(1) == ["Grow the <mark>PyTorch</mark> group"]


def test_headline_html_escapes_everything_but_the_marks():
    raw = f'<img src=x onerror="x()">Use {START}PyTorch{STOP} & "JAX" <i>now</i>'
    assert str(headline_html(raw)) == ("Use <mark>PyTorch</mark> &amp; &quot;JAX&quot; now")
    # An unbalanced mark is dropped rather than left open.
    assert str(headline_html(f"cut {START}off")) == "cut off"


def test_sqlite_index_follows_every_kind_of_write(client, make_posting, make_role):
    """Bulk inserts, queryset updates and deletes reach the index through its triggers."""
    role = make_role(name="Applied Scientist", slug="applied-scientist")
    kept = make_posting(slug="kept", title="Vision Engineer", role=role)
    gone = make_posting(slug="gone", title="Vision Lead", role=role)
    Posting.objects.filter(pk=kept.pk).update(description="Diffusion models at scale.")
    gone.delete()
    assert slugs_for(client, "q=diffusion") == ["kept"]
    assert slugs_for(client, "q=lead") == []


def test_facet_counts_follow_the_keyword(client, make_posting, ml_engineer, prompt_engineer):
    make_posting(title="Vision Engineer", role=ml_engineer, remote="remote", hub=None)
    make_posting(title="Vision Scientist", role=prompt_engineer)
    make_posting(title="Data Analyst", role=ml_engineer)
    response = client.get("/jobs/?q=vision")
    facets = {
        name: {o["value"]: o["count"] for o in options}
        for name, options in response.context["facets"].items()
    }
    assert facets["role"] == {"machine-learning-engineer": 1, "prompt-engineer": 1}
    assert facets["remote"] == {"remote": 1, "onsite": 1}
    api = client.get("/api/v1/postings/?q=vision").json()
    assert api["facets"]["role"] == facets["role"]


def test_relevance_without_a_keyword_falls_back_to_newest(client, make_posting):
    now = timezone.now()
    old = make_posting(published_at=now - timedelta(days=4))
    new = make_posting(published_at=now - timedelta(days=1))
    assert slugs_for(client, "ordering=relevance") == [new.slug, old.slug]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"computer vision" -intern', ["computer", "vision"]),
        ("pytorch OR jax", ["pytorch", "jax"]),
        ('engineers -"data analyst" llm', ["engineers", "llm"]),
        ('"unclosed quote', ["unclosed", "quote"]),
        ("-only", []),
    ],
)
def test_wanted_words_of_a_web_query(text, words):
    from postings.search import wanted_words

    assert wanted_words(text) == words


def test_title_words_outrank_close_words_in_a_description(client, make_posting, make_role):
    role = make_role(name="Applied Scientist", slug="applied-scientist")
    make_posting(
        slug="near",
        title="Solutions Architect",
        role=role,
        description="You coach engineers on PyTorch.",
    )
    make_posting(
        slug="title",
        title="Machine Learning Engineer",
        role=role,
        description="## About\n\n" + "We build careful, well-tested systems. " * 8 + "PyTorch.",
    )
    assert slugs_for(client, "q=engineers+pytorch") == ["title", "near"]


@pytest.mark.parametrize("size", [3, 30])
def test_search_page_queries_do_not_grow(
    client, make_posting, ml_engineer, django_assert_num_queries, size, settings
):
    settings.POSTINGS_PAGE_SIZE = 50
    for _ in range(size):
        make_posting(role=ml_engineer, description="Vision models in PyTorch.")
    make_posting(description="Dashboards.")
    # The count, the ranking (ids of the best matches), the page's rows with their company,
    # role, hub and city, their highlighted passages, roles and cities for the options, one
    # grouped count for four facets, one for the countries, one for the commonest cities.
    with django_assert_num_queries(9):
        client.get("/jobs/?q=pytorch")
    # Again: the count, the ranking and the rendered filter form come from the cache.
    with django_assert_num_queries(1):
        response = client.get("/jobs/?q=pytorch")
    assert len(response.context["page_obj"]) == size
    assert response.content.decode().count("<mark>PyTorch</mark>") == size


def relevance_order(text: str) -> list[str]:
    """The order of a search as the database ranks it, with nothing cached."""
    ranked = search(Posting.objects.live(), text).order_by("-rank", "-published_at", "-id")
    return list(ranked.values_list("slug", flat=True))


@pytest.fixture
def pytorch_board(make_posting, ml_engineer):
    """Seven matches for "pytorch" of different relevance and age, and one that misses."""
    now = timezone.now()
    for n in range(7):
        make_posting(
            slug=f"match-{n}",
            title="PyTorch Engineer" if n % 2 else f"Engineer {n}",
            role=ml_engineer,
            description="PyTorch and more PyTorch." if n % 3 else "Models in pytorch.",
            published_at=now - timedelta(hours=n + 1),
        )
    make_posting(slug="miss", description="Dashboards.")


def test_a_repeated_search_reads_only_its_page(client, pytorch_board, django_assert_num_queries):
    first = slugs_for(client, "q=pytorch")
    assert first == relevance_order("pytorch")
    assert len(first) == 7
    # Warm: the page of rows by id; the filter form with its options is kept rendered.
    with django_assert_num_queries(1):
        assert page_slugs(client, "q=pytorch") == first
    with django_assert_num_queries(1):
        assert api_slugs(client, "q=pytorch") == first


def test_the_kept_ranking_follows_every_change(client, pytorch_board, make_posting):
    before = slugs_for(client, "q=pytorch")
    # A new posting is a write: the ranking is made again at once.
    make_posting(slug="new-best", title="PyTorch PyTorch", description="PyTorch.")
    after = slugs_for(client, "q=pytorch")
    assert after == relevance_order("pytorch")
    assert set(after) == {*before, "new-best"}
    # An expiry time passing is no write, but the rows are read with the filters again,
    # so the lapsed posting leaves the page while the rest keep their order.
    lapsed = after[0]
    Posting.objects.filter(slug=lapsed).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert slugs_for(client, "q=pytorch") == after[1:]


def test_pages_past_the_kept_ranking_are_ranked_by_the_database(
    client, pytorch_board, settings, monkeypatch
):
    monkeypatch.setattr(search_module, "KEPT_RANKING", 3)
    settings.POSTINGS_PAGE_SIZE = 2
    expected = relevance_order("pytorch")
    pages = [page_slugs(client, f"q=pytorch&page={n}") for n in (1, 2, 3, 4)]
    # Page 1 (rows 1 and 2) comes from the three ids kept; page 2 (rows 3 and 4) reaches
    # past them, so it and the later pages are ranked by the database.
    assert [slug for page in pages for slug in page] == expected
    api = client.get("/api/v1/postings/?q=pytorch&page_size=2&page=3").json()
    assert [row["slug"] for row in api["results"]] == expected[4:6]


def test_other_orders_of_a_search_keep_no_ranking(client, pytorch_board):
    newest = slugs_for(client, "q=pytorch&ordering=newest")
    assert newest == [f"match-{n}" for n in range(7)]
    assert not isinstance(
        client.get("/jobs/?q=pytorch&ordering=newest").context["page_obj"].paginator.object_list,
        RankedSearch,
    )


@pytest.mark.parametrize(
    "text", ['"', "-", "OR", "or or", "a:*", "!!(", "\\", "'", "the", "x" * 200]
)
def test_odd_keywords_never_fail(client, make_posting, text):
    make_posting(title="Vision Engineer")
    assert client.get("/jobs/", {"q": text}).status_code == 200
    response = client.get("/api/v1/postings/", {"q": text})
    assert response.status_code == 200
    assert "facets" in response.json()
    assert client.get("/jobs/feed/", {"q": text}).status_code == 200


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        ('"computer vision" -intern', '"computer vision"', '"intern"'),
        ("pytorch OR jax llm", '("pytorch" OR "jax") AND "llm"', None),
        ("the engineers", '"engineers"', None),
        ("-only", None, '"only"'),
        ('NEAR( "x* ^', '"NEAR" AND "x"', None),
        ("!!(", None, None),
    ],
)
def test_fts_query_quotes_every_word_it_passes_on(text, wanted, unwanted):
    from postings.search import fts_query

    assert fts_query(text) == (wanted, unwanted)


@pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL keeps its triggers when tables change")
def test_sqlite_index_is_made_again_after_a_table_rebuild(client, make_posting):
    """Django rebuilds a SQLite table to alter it, dropping its triggers; every migrate
    puts them back and refills the index."""
    from postings import search_sqlite

    make_posting(slug="before", title="Vision Engineer")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER postings_posting_fts_insert")
        cursor.execute("DELETE FROM postings_posting_fts")
    search_sqlite.ensure_index(connection)
    make_posting(slug="after", title="Vision Lead")
    assert sorted(slugs_for(client, "q=vision")) == ["after", "before"]
