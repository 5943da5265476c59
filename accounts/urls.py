# Not namespaced: Django's own auth views find each other by these plain names.
from django.urls import include, path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("verify/<str:uidb64>/<str:token>/", views.verify_email, name="verify_email"),
    path("login/", views.GuardedLoginView.as_view(), name="login"),
    path("token/", views.token_create, name="token_create"),
    path("token/revoke/", views.token_revoke, name="token_revoke"),
    path("", include("django.contrib.auth.urls")),
]
