from django.urls import path

from . import hub_views

app_name = "hubs"

urlpatterns = [
    path("hubs/", hub_views.hub_list, name="list"),
    path("hubs/<slug:slug>/", hub_views.hub_detail, name="detail"),
]
