"""Sitemaps of the board's public pages, all built on Posting.objects.live().

Roles and hubs are listed here too, not in roles/: their last-modified date is that of
their newest live posting, which only postings can tell. A section is one entry of
jobboard/urls.py SITEMAPS.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from hubs.models import Hub
from roles.models import Role

from .models import Posting


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "postings:list", "roles:list", "hubs:list", "guides:list"]

    def location(self, name: str) -> str:
        return reverse(name)


class PostingSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Posting.objects.live().only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, posting: Posting):
        return posting.updated_at

    def get_latest_lastmod(self):
        # One aggregate, rather than the default's reading of every posting.
        return Posting.objects.live().aggregate(latest=Max("updated_at"))["latest"]


class _NewestLivePostingSitemap(Sitemap):
    """Objects whose page lists live postings: modified when their newest posting was."""

    changefreq = "daily"

    def annotated(self, queryset):
        live = Q(postings__in=Posting.objects.live())
        return queryset.annotate(latest=Max("postings__updated_at", filter=live))

    def lastmod(self, item):
        return item.latest

    def get_latest_lastmod(self):
        return Posting.objects.live().aggregate(latest=Max("updated_at"))["latest"]


class RoleSitemap(_NewestLivePostingSitemap):
    def items(self):
        return self.annotated(Role.objects.order_by("slug"))


class HubSitemap(_NewestLivePostingSitemap):
    def items(self):
        # Every hub has a page, the remote market's included.
        return self.annotated(Hub.objects.order_by("slug"))
