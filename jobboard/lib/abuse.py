"""Defences against automated abuse shared by every form that creates something or signs in.

- `HoneypotMixin`: a form field hidden from people (by CSS, from screen readers and from
  the tab order) that bots fill in; a filled honeypot fails validation without saying why.
- `client_ip`: the visitor's address, read through the trusted proxies and no further.
- `limit`, `limit_by_field`, `over_limit`: rate limits from django-ratelimit, per client
  address and per signed-in user or per form field, with rates read from settings at request
  time, counted in the default cache.
- `guard_login`: failed log-ins counted per address and per account, for the site's and the
  admin's log-in alike.
- `rate_limited`: the 429 answer, HTML for pages and JSON for the API.

When the cache cannot be reached every limit lets requests through (RATELIMIT_FAIL_OPEN)
and the cache logs the failure: an outage must not lock everyone out.
"""

import ipaddress
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage, is_ratelimited
from django_ratelimit.decorators import ratelimit

HONEYPOT_FIELD = "homepage"
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a key for rate limits, never bound to


class HoneypotMixin(forms.Form):
    homepage = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_homepage(self) -> str:
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                "This looked automated and was not accepted. If you are a person, leave the "
                "field labelled “Leave this field empty” blank and send it again.",
                code="honeypot",
            )
        return ""


def client_ip(request: HttpRequest) -> str:
    """The address of whoever sent the request.

    Behind TRUSTED_PROXIES proxies (load balancers, a CDN), each appends the address it got
    the request from to X-Forwarded-For, so the client is that many entries from the right;
    anything further left was written by the client and proves nothing. With no trusted
    proxy the header is ignored. A request with no address at all (a Unix socket with no
    proxy header) counts as 0.0.0.0: such requests share one count.
    """
    hops = settings.TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR") or UNKNOWN_ADDRESS
    if hops > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass  # not an address: a broken proxy chain, so trust only the connection
    return remote


def rate_setting(name: str) -> Callable[[str, HttpRequest], str]:
    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, name)

    return rate


def field_value(field: str) -> Callable[[str, HttpRequest], str]:
    """A rate-limit key: a posted field, trimmed and in lower case, so `Ada@Example.com` and
    `ada@example.com ` share one count."""

    def key(group: str, request: HttpRequest) -> str:
        return request.POST.get(field, "").strip().lower()

    return key


def limit(group: str, setting: str) -> Callable:
    """Limit POSTs to a view per client address and per signed-in user (anonymous: per address)."""
    rate = rate_setting(setting)

    def decorate(view: Callable) -> Callable:
        per_ip = ratelimit(group=f"{group}:ip", key="ip", rate=rate, method="POST")
        per_user = ratelimit(group=f"{group}:user", key="user_or_ip", rate=rate, method="POST")
        return per_ip(per_user(view))

    return decorate


def limit_by_field(group: str, setting: str, field: str) -> Callable:
    """Limit POSTs per value of one form field too (an e-mail address), whoever sends them."""
    return ratelimit(
        group=f"{group}:{field}", key=field_value(field), rate=rate_setting(setting), method="POST"
    )


def over_limit(request: HttpRequest, group: str, setting: str) -> bool:
    """The same two limits for code that is not a plain view (the API); counts this request."""
    rate = rate_setting(setting)
    return any(
        is_ratelimited(request, group=f"{group}:{key}", key=key, rate=rate, increment=True)
        for key in ("ip", "user_or_ip")
    )


# Failed log-ins are counted per client address (one address guessing many accounts) and per
# account (many addresses guessing one account). Only failures count, so a person who types
# their password right is never slowed down by others; a stranger can hold an account's
# password log-in for one RATELIMIT_LOGIN_ACCOUNT window at most, and password reset, which
# proves the address instead, stays open to its owner.
LOGIN_LIMITS = (("ip", "RATELIMIT_LOGIN"), ("account", "RATELIMIT_LOGIN_ACCOUNT"))


def _login_failures(request: HttpRequest, *, count: bool) -> bool:
    """Whether the failures so far reach a limit; with `count`, this request is one more."""
    keys = {"ip": "ip", "account": field_value("username")}
    reached = False
    for name, setting in LOGIN_LIMITS:
        usage = get_usage(
            request,
            group=f"login-failures:{name}",
            key=keys[name],
            rate=rate_setting(setting),
            increment=count,
        )
        if usage is not None and usage["count"] >= usage["limit"]:
            reached = True
    return reached


def guard_login(view: Callable) -> Callable:
    """Wrap a log-in view (ours or the admin's): refuse while too many attempts failed, and
    count each POST that leaves the visitor signed out as a failure."""

    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        if _login_failures(request, count=False):
            return rate_limited(request)
        response = view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            _login_failures(request, count=True)
        return response

    guarded.__name__ = getattr(view, "__name__", "guarded_login")
    guarded.__doc__ = view.__doc__
    return guarded


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = "Too many attempts in a short time. Wait a while and try again."
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)
