from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import GuideArticle


class GuideSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return GuideArticle.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, guide: GuideArticle):
        return guide.updated_at

    def get_latest_lastmod(self):
        return GuideArticle.objects.published().aggregate(latest=Max("updated_at"))["latest"]
