"""Defences against automated abuse shared by every form that creates something.

- `HoneypotMixin`: a form field hidden from people (by CSS, from screen readers and from
  the tab order) that bots fill in; a filled honeypot fails validation without saying why.
- `limit`: per-IP and per-user rate limits from django-ratelimit, with rates read from
  settings at request time (so tests and deployments can change them), counted in the
  default cache.
- `rate_limited`: the 429 answer, HTML for pages and JSON for the API.
"""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

HONEYPOT_FIELD = "homepage"


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


def rate_setting(name: str) -> Callable[[str, HttpRequest], str]:
    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, name)

    return rate


def limit(group: str, setting: str) -> Callable:
    """Limit POSTs to a view per IP address and per signed-in user (anonymous: per IP)."""
    rate = rate_setting(setting)

    def decorate(view: Callable) -> Callable:
        per_ip = ratelimit(group=f"{group}:ip", key="ip", rate=rate, method="POST")
        per_user = ratelimit(group=f"{group}:user", key="user_or_ip", rate=rate, method="POST")
        return per_ip(per_user(view))

    return decorate


def limit_by_field(group: str, setting: str, field: str) -> Callable:
    """Limit POSTs per value of one form field too (an e-mail address), whoever sends them."""
    return ratelimit(
        group=f"{group}:{field}", key=f"post:{field}", rate=rate_setting(setting), method="POST"
    )


def over_limit(request: HttpRequest, group: str, setting: str) -> bool:
    """The same two limits for code that is not a plain view (the API); counts this request."""
    rate = rate_setting(setting)
    return any(
        is_ratelimited(request, group=f"{group}:{key}", key=key, rate=rate, increment=True)
        for key in ("ip", "user_or_ip")
    )


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = "Too many attempts in a short time. Wait a while and try again."
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)
