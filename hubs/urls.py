from django.urls import path

from . import views

app_name = "hubs"

urlpatterns = [
    path("hubs/", views.hub_list, name="list"),
    path("hubs/<slug:slug>/", views.hub_detail, name="detail"),
]
