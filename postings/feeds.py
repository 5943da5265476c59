"""RSS and Atom feeds of live postings, for the whole board or for any search.

A feed takes the query parameters of /jobs/ and reads them with the same PostingFilter,
so a reader can subscribe to exactly the search on screen. The view checks the filters
first (a bad value is a 400); the feed classes only describe the postings.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from jobboard.lib.money import format_range
from roles.models import RemoteStatus

from .filters import PostingFilter
from .models import Posting

FEED_SIZE = 50


def search_words(filterset: PostingFilter) -> list[str]:
    """The choices of a valid search, in words, for the feed's title."""
    data = filterset.form.cleaned_data
    words = [role.name for role in data.get("role") or []]
    words += [RemoteStatus(value).label for value in data.get("remote") or []]
    words += [hub.name for hub in data.get("city") or []]
    for name in ("level", "type"):
        if data.get(name):
            words.append(dict(filterset.filters[name].extra["choices"])[data[name]])
    if data.get("salary_min"):
        words.append(f"at least {data['salary_min']:,} a year")
    if data.get("posted_within"):
        words.append(f"posted within {data['posted_within']} days")
    if filterset.keyword:
        words.append(f"“{filterset.keyword}”")
    return words


def search_query(filterset: PostingFilter) -> str:
    query = filterset.canonical_query()
    return f"?{query}" if query else ""


class PostingFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, filterset: PostingFilter) -> PostingFilter:
        self.path = request.path  # the view builds one feed object per request
        return filterset

    def feed_url(self, filterset: PostingFilter) -> str:
        # The feed's own address (rel="self") keeps its search.
        return self.path + search_query(filterset)

    def title(self, filterset: PostingFilter) -> str:
        words = search_words(filterset)
        return "AI jobs: " + ", ".join(words) if words else "Latest AI jobs"

    def link(self, filterset: PostingFilter) -> str:
        return PostingFilter.list_url(filterset.canonical_query())

    def description(self, filterset: PostingFilter) -> str:
        return "New live postings on the AI Jobs Board for this search, each with its pay."

    def items(self, filterset: PostingFilter):
        # Newest first whatever the list's sort: a feed reader follows what is new.
        return filterset.qs.order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, posting: Posting) -> str:
        return f"{posting.title} at {posting.company.name}"

    def item_description(self, posting: Posting) -> str:
        pay = format_range(
            posting.salary_min, posting.salary_max, posting.salary_currency, posting.salary_period
        )
        return (
            f"{posting.role.name} · {posting.location} · {posting.get_level_display()} · "
            f"{posting.get_employment_type_display()} · {pay}"
        )

    def item_pubdate(self, posting: Posting):
        return posting.published_at

    def item_updateddate(self, posting: Posting):
        return posting.updated_at

    def item_author_name(self, posting: Posting) -> str:
        return posting.company.name

    def item_categories(self, posting: Posting) -> list[str]:
        return [posting.role.name]


class AtomPostingFeed(PostingFeed):
    feed_type = Atom1Feed
    subtitle = PostingFeed.description
