"""Keyword search over postings: full-text on PostgreSQL, a word match on SQLite.

PostgreSQL reads the query with web-search syntax (`"computer vision" -intern`,
`pytorch OR jax`), stems English words (`engineers` finds `engineer`) and ranks by the
weighted vector the triggers of migration 0002_posting_search keep on each posting.

Ranking: ts_rank of an AND query is driven by how close the words sit to each other, so
a description that happens to put "engineers" next to "PyTorch" would outrank a posting
titled "PyTorch Engineer". The rank is therefore mostly ts_rank of the query's wanted
words joined by OR, which weighs *where* each word appears (title A, role and company B,
description C), plus the AND rank, which breaks ties in favour of words close together.

SQLite, used for development and the quick test run, has no such machinery: every word of
the query must appear in the title, company name, role name or description (case-blind
substring match), and relevance counts where the words appear, title first.
"""

import html
import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
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


def is_full_text(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


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
    if is_full_text(queryset):
        query = web_query(text)
        rank = SearchRank(F("search_vector"), query)
        words = wanted_words(text)
        if words:
            any_word = reduce(or_, (SearchQuery(word, config=CONFIG) for word in words))
            rank = SearchRank(F("search_vector"), any_word) + rank
        return queryset.filter(search_vector=query).annotate(rank=rank)
    words = text.split()
    score = Value(0)
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(company__name__icontains=word)
            | Q(role__name__icontains=word)
            | Q(description__icontains=word)
        )
        score = (
            score
            + Case(When(title__icontains=word, then=Value(4)), default=Value(0))
            + Case(
                When(Q(role__name__icontains=word) | Q(company__name__icontains=word), then=2),
                default=Value(0),
            )
        )
    return queryset.annotate(rank=Coalesce(score, 0, output_field=IntegerField()))


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
    return queryset.select_related(None).prefetch_related("company", "role", "hub")


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
        self.headlines = headlines and is_full_text(queryset)  # SQLite marks no passages
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
    """Add `headline`: a passage of the description with the matched words marked.

    PostgreSQL only; on SQLite the queryset comes back unchanged.
    """
    if not text.strip() or not is_full_text(queryset):
        return queryset
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


def headline_html(raw: str) -> SafeString:
    """A headline made safe to show: the author's HTML and Markdown become plain text,
    everything is escaped, and only our own <mark> elements are HTML."""
    text = strip_tags(raw)
    text = MARKDOWN_PUNCTUATION.sub(" ", text)
    text = SPACES.sub(" ", text).strip()
    escaped = html.escape(text, quote=True)
    marked = escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    # A mark the headline opened but a cut closed, or the reverse, must not spill over.
    if marked.count("<mark>") != marked.count("</mark>"):
        marked = escaped.replace(START, "").replace(STOP, "")
    return mark_safe(marked)  # noqa: S308 - escaped just above; only <mark> added
