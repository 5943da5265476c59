from django.urls import path

from . import views

app_name = "candidates"

# Under /jobs/, before the posting slug pattern of postings/urls.py, which would take them.
urlpatterns = [
    path("jobs/saved/", views.saved_list, name="saved"),
    path("jobs/alerts/new/", views.alert_new, name="alert_new"),
    path("jobs/alerts/pending/", views.alert_pending, name="alert_pending"),
    path("jobs/alerts/confirm/<str:token>/", views.alert_confirm, name="alert_confirm"),
    path("jobs/alerts/unsubscribe/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
    path("jobs/<slug:slug>/save/", views.posting_save, name="save"),
    path("jobs/<slug:slug>/unsave/", views.posting_unsave, name="unsave"),
]
