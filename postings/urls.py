from django.urls import path

from . import employer_views, views

app_name = "postings"

urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    # Before the detail pattern, which would otherwise take "feed" for a slug.
    path("jobs/feed/", views.posting_feed, name="feed"),
    path("jobs/feed/atom/", views.posting_feed, {"atom": True}, name="feed-atom"),
    path("jobs/<slug:slug>/", views.posting_detail, name="detail"),
    path("post-a-job/", employer_views.posting_form, name="post"),
    path("employer/", employer_views.dashboard, name="dashboard"),
    path("employer/companies/<slug:slug>/imports/", employer_views.imports, name="imports"),
    path(
        "employer/companies/<slug:slug>/imports/<int:pk>/run/",
        employer_views.import_run,
        name="import_run",
    ),
    path("employer/postings/<slug:slug>/edit/", employer_views.posting_form, name="posting_edit"),
    path(
        "employer/postings/<slug:slug>/<str:action>/",
        employer_views.posting_action,
        name="posting_action",
    ),
]
