# Not namespaced: Django's own auth views find each other by these plain names.
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jobboard.lib.abuse import guard_login, limit, limit_by_field

from . import views

# Each reset e-mails a link: limited per client address and per address asked for.
password_reset = limit_by_field("password-reset", "RATELIMIT_PASSWORD_RESET_ADDRESS", "email")(
    limit("password-reset", "RATELIMIT_PASSWORD_RESET")(auth_views.PasswordResetView.as_view())
)

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("verify/<str:uidb64>/<str:token>/", views.verify_email, name="verify_email"),
    path("login/", guard_login(views.LoginView.as_view()), name="login"),
    path("password_reset/", password_reset, name="password_reset"),
    path("token/", views.token_create, name="token_create"),
    path("token/revoke/", views.token_revoke, name="token_revoke"),
    path("", include("django.contrib.auth.urls")),
]
