from django.urls import path

from . import views

app_name = "hubs"

urlpatterns = [
    path("hubs/", views.hub_list, name="list"),
    # Before the hub pattern, which would otherwise take "cities" for a slug.
    path("hubs/cities/search/", views.city_search, name="city-search"),
    path("hubs/<slug:slug>/", views.hub_detail, name="detail"),
]
