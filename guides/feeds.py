"""RSS and Atom feeds of newly published guides, built on GuideArticle.objects.published()."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import GuideArticle

FEED_SIZE = 20


class GuideFeed(Feed):
    title = "AI career guides"
    link = reverse_lazy("guides:list")
    description = "New guides on the AI Jobs Board: pay, skills, interviews and changing careers."

    def items(self):
        return GuideArticle.objects.published().select_related("category")[:FEED_SIZE]

    def item_title(self, guide: GuideArticle) -> str:
        return guide.title

    def item_description(self, guide: GuideArticle) -> str:
        return guide.summary

    def item_pubdate(self, guide: GuideArticle):
        return guide.published_at

    def item_updateddate(self, guide: GuideArticle):
        return guide.updated_at

    def item_categories(self, guide: GuideArticle) -> list[str]:
        return [guide.category.name]


class AtomGuideFeed(GuideFeed):
    feed_type = Atom1Feed
    subtitle = GuideFeed.description
