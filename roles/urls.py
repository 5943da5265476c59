from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("roles/", views.role_list, name="list"),
    path("roles/<slug:slug>/", views.role_detail, name="detail"),
]
