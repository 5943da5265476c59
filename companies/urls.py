from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("companies/new/", views.company_create, name="create"),
    path("companies/<slug:slug>/", views.company_detail, name="detail"),
    path("companies/<slug:slug>/manage/", views.company_manage, name="manage"),
    path("companies/<slug:slug>/invite/", views.company_invite, name="invite"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
