from django.urls import path

from . import employer, views

app_name = "postings"

urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    # Before the detail pattern, which would otherwise take "feed" for a slug.
    path("jobs/feed/", views.posting_feed, name="feed"),
    path("jobs/feed/atom/", views.posting_feed, {"atom": True}, name="feed-atom"),
    path("jobs/<slug:slug>/", views.posting_detail, name="detail"),
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
