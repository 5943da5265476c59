from django.urls import path

from . import views

app_name = "postings"

urlpatterns = [
    path("jobs/", views.posting_list, name="list"),
    path("jobs/<slug:slug>/", views.posting_detail, name="detail"),
]
