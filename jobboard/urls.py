from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from guides.api import FAQViewSet, GuideViewSet
from guides.sitemaps import GuideSitemap
from jobboard import health
from jobboard.views import robots_txt
from postings import accounts
from postings import views as posting_views
from postings.api import CompanyViewSet, HubViewSet, PostingViewSet
from postings.sitemaps import HubSitemap, PostingSitemap, RoleSitemap, StaticSitemap
from roles.api import RoleViewSet
from roles.salary_api import salary_index

router = DefaultRouter()
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

# JSON, not the HTML page, for addresses under /api/ that match nothing.
handler404 = "jobboard.errors.page_not_found"

urlpatterns = [
    path("", posting_views.home, name="home"),
    path("", include("postings.urls")),
    path("", include("guides.urls")),
    path("", include("roles.urls")),
    path("", include("postings.hub_urls")),
    path("salaries/", include("roles.salary_urls")),
    path("api/v1/salaries/", salary_index, name="api-salaries"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Accounts: our sign-up, verification and guarded log-in, then Django's own auth views
    # (log-out, password change and reset) for the rest.
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("accounts/verify/<str:uidb64>/<str:token>/", accounts.verify_email, name="verify_email"),
    path("accounts/login/", accounts.GuardedLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

if settings.DEBUG:
    # Uploaded logos; in production the web server or object storage serves MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
