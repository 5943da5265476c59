from django.urls import path

from . import views

app_name = "postings"

urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    # Before the detail pattern, which would otherwise take "feed" for a slug.
    path("jobs/feed/", views.posting_feed, name="feed"),
    path("jobs/feed/atom/", views.posting_feed, {"atom": True}, name="feed-atom"),
    path("jobs/<slug:slug>/", views.posting_detail, name="detail"),
]
