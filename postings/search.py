"""Keyword search over postings: full-text on PostgreSQL and on SQLite alike.

Both read the query with web-search syntax (`"computer vision" -intern`, `pytorch OR jax`),
stem English words (`engineers` finds `engineer`) and rank by where the words appear:
title first, then the role and company names, then the description.

PostgreSQL: the weighted vector the triggers of migration 0002_posting_search keep on each
posting. ts_rank of an AND query is driven by how close the words sit to each other, so
a description that happens to put "engineers" next to "PyTorch" would outrank a posting
titled "PyTorch Engineer". The rank is therefore mostly ts_rank of the query's wanted
words joined by OR, which weighs *where* each word appears (title A, role and company B,
description C), plus the AND rank, which breaks ties in favour of words close together.

SQLite: the FTS5 index of search_sqlite.py (Porter stemmer), queried with the same syntax
translated by `fts_query`, ranked by bm25 with the same column weights. English stop words
are dropped from the query, as PostgreSQL's configuration drops them.
"""

import html
import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import CharField, F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from jobboard.lib.cache import cached_postings, query_key

CONFIG = "english"
# Marks PostgreSQL puts around each matched word in a headline. Control characters, so
# they survive the escaping below and cannot be confused with anything an author typed.
START, STOP = "\x02", "\x03"
MARKDOWN_PUNCTUATION = re.compile(r"[#*_`>|\[\]]+")
SPACES = re.compile(r"\s+")
# A quoted phrase (perhaps negated) or a bare word, as websearch_to_tsquery splits them.
QUERY_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
WORD = re.compile(r"\w+")
# The stop words of PostgreSQL's English configuration that people put in searches.
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have"),
        *("if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "so", "that", "the"),
        *("their", "then", "there", "these", "they", "this", "to", "was", "we", "were", "will"),
        *("with", "you", "your"),
    }
)


def is_postgres(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def is_full_text(queryset: QuerySet) -> bool:
    """Whether the database marks matched passages (both supported databases do)."""
    return connections[queryset.db].vendor in {"postgresql", "sqlite"}


def web_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def wanted_words(text: str) -> list[str]:
    """The words a web-search query asks for: not the excluded ones, not the OR operator."""
    words = []
    for token in QUERY_TOKEN.findall(text):
        if token.startswith("-"):
            continue
        words += [word for word in token.strip('"').split() if word.lower() != "or"]
    return words


def search(queryset: QuerySet, text: str) -> QuerySet:
    """The postings that match `text`, annotated with `rank` (higher is more relevant)."""
    if is_postgres(queryset):
        query = web_query(text)
        rank = SearchRank(F("search_vector"), query)
        words = wanted_words(text)
        if words:
            any_word = reduce(or_, (SearchQuery(word, config=CONFIG) for word in words))
            rank = SearchRank(F("search_vector"), any_word) + rank
        return queryset.filter(search_vector=query).annotate(rank=rank)
    wanted, unwanted = fts_query(text)
    if wanted is None:
        if unwanted is None:  # nothing searchable, as PostgreSQL finds nothing for it
            return queryset.none().annotate(rank=Value(0.0))
        return queryset.exclude(pk__in=_fts_ids(unwanted)).annotate(rank=Value(0.0))
    match = f"{wanted} NOT {unwanted}" if unwanted else wanted
    return queryset.filter(pk__in=_fts_ids(match)).annotate(rank=fts_rank(text, match))


# SQL over the FTS5 index (search_sqlite.py), one row of it per posting. Constant text:
# whatever the searcher typed reaches the database only as a parameter.
FTS_IDS = "SELECT rowid FROM postings_posting_fts WHERE postings_posting_fts MATCH %s"
FTS_HIT = (
    "EXISTS (SELECT 1 FROM postings_posting_fts WHERE postings_posting_fts MATCH %s "
    "AND postings_posting_fts.rowid = postings_posting.id)"
)
FTS_BM25 = (
    "coalesce((SELECT -bm25(postings_posting_fts, 10.0, 4.0, 4.0, 2.0) "
    "FROM postings_posting_fts WHERE postings_posting_fts MATCH %s "
    "AND postings_posting_fts.rowid = postings_posting.id), 0)"
)
FTS_SNIPPET = (
    "(SELECT snippet(postings_posting_fts, 3, char(2), char(3), ' … ', 24) "
    "FROM postings_posting_fts WHERE postings_posting_fts MATCH %s "
    "AND postings_posting_fts.rowid = postings_posting.id)"
)
# Where a word appears, as PostgreSQL weighs it: title (A), role and company names (B),
# description (C). bm25 (with the same column weights), a thousandth as heavy, only orders
# postings these weigh alike.
COLUMN_WEIGHTS = (("title", 10), ("{role_name company_name}", 4), ("description", 2))


def fts_rank(text: str, match: str) -> RawSQL:
    """A posting's relevance on SQLite: each wanted word or phrase scores by the columns it
    appears in. bm25 alone would not do: its length normalisation lets a short
    description with both words outrank a title with one of them."""
    parts, params = [], []
    for term in fts_terms(text):
        for columns, weight in COLUMN_WEIGHTS:
            parts.append(f"{weight} * {FTS_HIT}")
            params.append(f"{columns} : {term}")
    parts.append(f"{FTS_BM25} / 1000.0")
    params.append(match)
    sql = "(" + " + ".join(parts) + ")"
    return RawSQL(sql, params, output_field=FloatField())  # noqa: S611 - constant SQL


def _fts_ids(match: str) -> RawSQL:
    return RawSQL(FTS_IDS, [match])  # noqa: S611 - constant SQL, the query is a parameter


def _fts_term(token: str) -> str | None:
    words = WORD.findall(token.strip('"'))
    if len(words) == 1 and words[0].lower() in STOP_WORDS:
        return None
    # Quoted, each word is a plain string to FTS5, whatever operators it spells.
    return '"' + " ".join(words) + '"' if words else None


def _parse(text: str) -> tuple[list[list[str]], list[str]]:
    groups: list[list[str]] = []
    unwanted: list[str] = []
    join_next = False
    for token in QUERY_TOKEN.findall(text):
        if token.lower() == "or":
            join_next = bool(groups)
            continue
        if token.startswith("-") and len(token) > 1:
            term = _fts_term(token[1:])
            if term:
                unwanted.append(term)
            continue
        term = _fts_term(token)
        if term is None:
            continue
        if join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups, unwanted


def fts_query(text: str) -> tuple[str | None, str | None]:
    """The web-search query `text` as FTS5 MATCH expressions: what must match (words and
    phrases, joined by AND, or by OR where the query says so) and what must not (the
    words and phrases after a minus). Either is None when the query has none."""
    groups, unwanted = _parse(text)
    wanted = " AND ".join(
        group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups
    )
    return wanted or None, " OR ".join(unwanted) or None


def fts_terms(text: str) -> list[str]:
    """The quoted words and phrases a query wants, for ranking."""
    groups, _ = _parse(text)
    return [term for group in groups for term in group]


# How many of a keyword search's best matches keep their order in the cache: fifty pages
# of twenty, far more than people read. Deeper pages are ranked by the database each time.
KEPT_RANKING = 1000


def ranked_rows(
    queryset: QuerySet, text: str, search_query: str, *, headlines: bool = False
) -> "QuerySet | RankedSearch":
    """The rows of a keyword search, for a paginator; `queryset` as PostingFilter left it.

    `search_query` is the search's canonical query string, which names it in the cache.
    With `headlines`, each row has the `headline` of with_headlines().
    """
    if not text.strip():
        return queryset
    if tuple(queryset.query.order_by[:1]) == ("-rank",):
        return RankedSearch(queryset, text, query_key("ranking", search_query), headlines)
    return rows_loaded_after_ranking(with_headlines(queryset, text) if headlines else queryset)


def rows_loaded_after_ranking(queryset: QuerySet) -> QuerySet:
    """A search's rows with their company, role and hub loaded afterwards, for its page only.

    With the three joined in the same query, PostgreSQL joined them to every match (18,000
    rows for "pytorch" at 100,000 postings) before sorting, doubling the query's time;
    three small queries for the page's rows cost the same at any size. Only for rows shown:
    aggregates over the same filters must not carry a prefetch.
    """
    return queryset.select_related(None).prefetch_related("company", "role", "hub", "city")


class RankedSearch:
    """A keyword search in relevance order, read a page at a time by Django's Paginator.

    Ordering by relevance has to score every match however few rows a page shows, so its
    cost grows with the board. The ids of the best KEPT_RANKING matches are therefore kept
    like the counts (jobboard/lib/cache.py), and dropped with them on any write to a posting;
    a page of a search ranked lately reads only its own rows by id. Those rows are read
    with every filter again, so a posting whose expiry time has just passed drops out of
    the page rather than being shown. The page and the API share the ranking: they filter
    alike. A page's highlighted passages are kept with its ranking too, so the words of
    twenty descriptions are not marked again on every request.
    """

    ordered = True  # for the Paginator: the order is the ranking's

    def __init__(self, queryset: QuerySet, text: str, key: str, headlines: bool) -> None:
        self.queryset = queryset
        self.text = text
        self.headlines = headlines and is_full_text(queryset)
        self.key = key

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def ranking(self) -> list[int]:
        best = self.queryset.values_list("pk", flat=True)[:KEPT_RANKING]
        return cached_postings(self.key, lambda: list(best))

    def __getitem__(self, item: slice) -> list:
        if not isinstance(item, slice) or item.step is not None:
            raise TypeError("A search is read a page at a time, by slice.")
        start, stop = item.start or 0, item.stop
        if stop is None or stop > KEPT_RANKING:
            rows = with_headlines(self.queryset, self.text) if self.headlines else self.queryset
            return list(rows_loaded_after_ranking(rows)[item])
        wanted = self.ranking()[start:stop]
        found = {posting.pk: posting for posting in self.queryset.filter(pk__in=wanted)}
        if self.headlines:
            marked = self.headlines_of(wanted, f"{start}:{stop}")
            for pk, posting in found.items():
                posting.headline = marked.get(pk, "")
        return [found[pk] for pk in wanted if pk in found]

    def headlines_of(self, wanted: list[int], page: str) -> dict[int, str]:
        def mark() -> dict[int, str]:
            rows = with_headlines(self.queryset.filter(pk__in=wanted), self.text)
            return dict(rows.order_by().values_list("pk", "headline"))

        return cached_postings(f"{self.key}:headlines:{page}", mark)


def with_headlines(queryset: QuerySet, text: str) -> QuerySet:
    """Add `headline`: a passage of the description with the matched words marked."""
    if not text.strip() or not is_full_text(queryset):
        return queryset
    if is_postgres(queryset):
        return queryset.annotate(
            headline=SearchHeadline(
                "description",
                web_query(text),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    wanted, unwanted = fts_query(text)
    if wanted is None:
        return queryset.annotate(headline=Value("", output_field=CharField()))
    match = f"{wanted} NOT {unwanted}" if unwanted else wanted
    return queryset.annotate(
        headline=RawSQL(FTS_SNIPPET, [match], output_field=CharField())  # noqa: S611
    )


def headline_html(raw: str) -> SafeString:
    """A headline made safe to show: the author's HTML and Markdown become plain text,
    everything is escaped, and only our own <mark> elements are HTML."""
    text = strip_tags(raw)
    text = MARKDOWN_PUNCTUATION.sub(" ", text)
    # A passage that reaches the end of a sentence ends there, without its full stop.
    text = SPACES.sub(" ", text).strip().rstrip(".")
    escaped = html.escape(text, quote=True)
    marked = escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    # A mark the headline opened but a cut closed, or the reverse, must not spill over.
    if marked.count("<mark>") != marked.count("</mark>"):
        marked = escaped.replace(START, "").replace(STOP, "")
    return mark_safe(marked)  # noqa: S308 - escaped just above; only <mark> added
