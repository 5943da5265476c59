from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from jobboard import health
from postings import views as posting_views
from postings.api import CompanyViewSet, HubViewSet, PostingViewSet
from roles.api import RoleViewSet

router = DefaultRouter()
router.register("postings", PostingViewSet, basename="posting")
router.register("roles", RoleViewSet, basename="role")
router.register("hubs", HubViewSet, basename="hub")
router.register("companies", CompanyViewSet, basename="company")

# JSON, not the HTML page, for addresses under /api/ that match nothing.
handler404 = "jobboard.errors.page_not_found"

urlpatterns = [
    path("", posting_views.home, name="home"),
    path("", include("postings.urls")),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
