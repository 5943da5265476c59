from django.urls import path

from . import candidate_views, views

app_name = "postings"

urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    # Saved jobs and alerts come before the posting slug pattern, which would swallow them.
    path("jobs/saved/", candidate_views.saved_list, name="saved"),
    path("jobs/alerts/new/", candidate_views.alert_new, name="alert_new"),
    path("jobs/alerts/pending/", candidate_views.alert_pending, name="alert_pending"),
    path("jobs/alerts/confirm/<str:token>/", candidate_views.alert_confirm, name="alert_confirm"),
    path(
        "jobs/alerts/unsubscribe/<str:token>/",
        candidate_views.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
    path("jobs/<slug:slug>/", views.posting_detail, name="detail"),
    path("jobs/<slug:slug>/save/", candidate_views.posting_save, name="save"),
    path("jobs/<slug:slug>/unsave/", candidate_views.posting_unsave, name="unsave"),
]
