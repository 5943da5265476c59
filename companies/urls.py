from django.conf import settings
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

# Logos are served from here unless SERVE_MEDIA is off because a web server or object
# storage serves MEDIA_URL instead (docs/deployment.md).
if settings.SERVE_MEDIA:
    media = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(path(f"{media}logos/<str:name>", views.logo, name="logo"))
