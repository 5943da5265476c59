from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from companies.api import CompanyViewSet
from guides.api import FAQViewSet, GuideViewSet
from guides.sitemaps import GuideSitemap
from hubs.api import HubViewSet
from jobboard.lib.abuse import guard_login
from postings import views as posting_views
from postings.api import PostingViewSet
from postings.sitemaps import HubSitemap, PostingSitemap, RoleSitemap, StaticSitemap
from roles.api import RoleViewSet
from salaries.api import salary_index

from . import health
from .errors import ApiDocsView
from .views import robots_txt


class SlugRouter(DefaultRouter):
    """Every object of the API is named by its slug: an address with anything else in that
    place (a NUL byte, a dot) matches no route and answers 404 before any lookup."""

    def get_lookup_regex(self, viewset, lookup_prefix: str = "") -> str:
        return rf"(?P<{lookup_prefix}{viewset.lookup_field}>[-a-zA-Z0-9_]+)"


router = SlugRouter()
router.register("postings", PostingViewSet, basename="posting")
router.register("roles", RoleViewSet, basename="role")
router.register("hubs", HubViewSet, basename="hub")
router.register("companies", CompanyViewSet, basename="company")
router.register("guides", GuideViewSet, basename="guide")
router.register("faqs", FAQViewSet, basename="faq")

# /sitemap.xml is an index of one sitemap per section; a new section is one line here.
SITEMAPS = {
    "pages": StaticSitemap,
    "jobs": PostingSitemap,
    "roles": RoleSitemap,
    "hubs": HubSitemap,
    "guides": GuideSitemap,
}

# The API answers its errors in JSON, never with an HTML page.
handler400 = "jobboard.errors.bad_request"
handler403 = "jobboard.errors.permission_denied"
handler404 = "jobboard.errors.page_not_found"
handler500 = "jobboard.errors.server_error"

urlpatterns = [
    path("", posting_views.home, name="home"),
    # Saved jobs and alerts live under /jobs/ too, so they come before the posting pages.
    path("", include("candidates.urls")),
    path("", include("postings.urls")),
    path("", include("companies.urls")),
    path("", include("guides.urls")),
    path("", include("roles.urls")),
    path("", include("hubs.urls")),
    path("salaries/", include("salaries.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/salaries/", salary_index, name="api-salaries"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script.
    path("api/docs/", ApiDocsView.as_view(url_name="schema"), name="api-docs"),
    # The admin's log-in counts failed attempts like the site's does.
    path("admin/login/", guard_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
