from django.urls import path

from . import candidate_views, employer, views

app_name = "postings"

urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    # Before the detail pattern, which would otherwise take "feed" for a slug.
    path("jobs/feed/", views.posting_feed, name="feed"),
    path("jobs/feed/atom/", views.posting_feed, {"atom": True}, name="feed-atom"),
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
    path("companies/new/", employer.company_create, name="company_create"),
    path("companies/<slug:slug>/", employer.company_detail, name="company"),
    path("companies/<slug:slug>/manage/", employer.company_manage, name="company_manage"),
    path("companies/<slug:slug>/invite/", employer.company_invite, name="company_invite"),
    path("invitations/<str:token>/", employer.invitation, name="invitation"),
    path("post-a-job/", employer.posting_form, name="post"),
    path("employer/", employer.dashboard, name="dashboard"),
    path("employer/postings/<slug:slug>/edit/", employer.posting_form, name="posting_edit"),
    path(
        "employer/postings/<slug:slug>/<str:action>/",
        employer.posting_action,
        name="posting_action",
    ),
    path("employer/token/", employer.token_create, name="token_create"),
    path("employer/token/revoke/", employer.token_revoke, name="token_revoke"),
]
