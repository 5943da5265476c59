from django.urls import path

from . import views
from .feeds import AtomGuideFeed, GuideFeed

app_name = "guides"

urlpatterns = [
    path("guides/", views.guide_list, name="list"),
    path("guides/feed/", GuideFeed(), name="feed"),
    path("guides/feed/atom/", AtomGuideFeed(), name="feed-atom"),
    path("guides/<slug:slug>/", views.guide_detail, name="detail"),
]
