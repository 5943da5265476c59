"""Accounts: sign-up with e-mail verification, a guarded log-in, and API tokens.

Everything else (log-out, password change and reset) is Django's own `django.contrib.auth`
views with our templates.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from jobboard.lib import mail
from jobboard.lib.abuse import limit, limit_by_field

from .forms import LoginForm, SignUpForm

User = get_user_model()


class VerificationTokenGenerator(PasswordResetTokenGenerator):
    """Signed, expiring tokens that stop working once the account is active (one use)."""

    # The salt it was first made with: another would void every link already sent.
    key_salt = "postings.accounts.VerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.email}{timestamp}"


verification_token = VerificationTokenGenerator()


def verification_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = verification_token.make_token(user)
    return mail.absolute(reverse("verify_email", args=[uid, token]))


@limit("signup", "RATELIMIT_SIGNUP")
@limit_by_field("signup", "RATELIMIT_SIGNUP", "email")
def signup(request: HttpRequest) -> HttpResponse:
    """Create an inactive account and e-mail a link to confirm the address.

    The page answers the same whether or not the address has an account, so nobody learns
    who has one; the owner of an existing account is told by e-mail instead. A sign-up
    never confirmed within the link's lifetime gives its address and user name back.
    """
    if request.user.is_authenticated:
        return redirect("postings:dashboard")
    if request.method != "POST":
        return render(request, "registration/signup.html", {"form": SignUpForm()})
    with transaction.atomic():
        forget_unconfirmed(
            email=request.POST.get("email", ""), username=request.POST.get("username", "")
        )
        form = SignUpForm(request.POST)
        if not form.is_valid():
            return render(request, "registration/signup.html", {"form": form})
        existing = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if existing is None:
            user = form.save(commit=False)
            user.is_active = False
            user.save()
    if existing is None:
        send_verification(user)
    elif existing.is_active:
        mail.send(
            to=[existing.email],
            template="signup_existing",
            context={
                "user": existing,
                "login_url": mail.absolute(reverse("login")),
                "reset_url": mail.absolute(reverse("password_reset")),
            },
        )
    else:
        send_verification(existing)  # not confirmed yet: the link again
    return redirect("signup_sent")


def send_verification(user) -> bool:
    return mail.send(
        to=[user.email],
        template="verify_email",
        context={"user": user, "link": verification_link(user)},
    )


def unconfirmed_expired(now=None):
    """Sign-ups whose confirmation link has expired unused: they can never be confirmed."""
    now = now or timezone.now()
    return User.objects.filter(
        is_active=False,
        last_login__isnull=True,
        date_joined__lt=now - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    )


def forget_unconfirmed(*, email: str, username: str) -> int:
    """Delete expired unconfirmed sign-ups holding this address or user name."""
    email, username = email.strip(), username.strip()
    held = Q(email__iexact=email) if email else Q(pk__in=[])
    if username:
        held |= Q(username__iexact=username)
    deleted, _ = unconfirmed_expired().filter(held).delete()
    return deleted


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_sent.html")


def _user_from_link(uidb64: str, token: str):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    return user if verification_token.check_token(user, token) else None


def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button; the POST it sends activates the account (no change on GET)."""
    user = _user_from_link(uidb64, token)
    if user is None:
        return render(request, "registration/verify_invalid.html", status=400)
    if request.method == "POST":
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your e-mail address is confirmed. Welcome!")
        return redirect("postings:dashboard")
    return render(request, "registration/verify_confirm.html", {"account": user})


class LoginView(auth_views.LoginView):
    """Django's log-in with a honeypot; failed attempts are limited by guard_login (urls.py)."""

    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Create (or replace) the user's API token and show it once, on this response only."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
    return render(request, "accounts/token_created.html", {"token": token})


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    deleted, _ = Token.objects.filter(user=request.user).delete()
    messages.success(request, "Your API token is revoked." if deleted else "You had no API token.")
    return redirect("postings:dashboard")
