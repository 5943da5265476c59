"""Pages that bring candidates back: saved postings and job alerts."""

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.core.signing import BadSignature, SignatureExpired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jobboard.lib.abuse import limit, limit_by_field
from postings.filters import PostingFilter
from postings.models import Posting

from . import alerts
from .forms import JobAlertForm
from .models import JobAlert, SavedPosting

logger = logging.getLogger(__name__)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` the form sent, if it stays on this site; otherwise the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def posting_save(request: HttpRequest, slug: str) -> HttpResponse:
    back = safe_next(request, reverse("postings:detail", kwargs={"slug": slug}))
    if not request.user.is_authenticated:
        # Back to the page the visitor was on after signing in; they press Save again there
        # (a POST cannot survive the trip through the login page).
        return redirect_to_login(back)
    posting = get_object_or_404(Posting.objects.live(), slug=slug)
    SavedPosting.objects.get_or_create(user=request.user, posting=posting)
    messages.success(request, f"Saved “{posting.title}”. Find it under Saved jobs.")
    return redirect(back)


@require_POST
def posting_unsave(request: HttpRequest, slug: str) -> HttpResponse:
    back = safe_next(request, reverse("postings:detail", kwargs={"slug": slug}))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    # Works for postings that have closed or been withdrawn since they were saved.
    deleted, _ = SavedPosting.objects.filter(user=request.user, posting__slug=slug).delete()
    if deleted:
        messages.success(request, "Removed from your saved jobs.")
    return redirect(back)


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    saves = SavedPosting.objects.filter(user=request.user).select_related(
        "posting__company", "posting__role", "posting__hub", "posting__city"
    )
    page_obj = Paginator(saves, settings.POSTINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "candidates/saved_list.html", {"page_obj": page_obj})


@require_http_methods(["GET", "POST"])
# Each sign-up e-mails a confirmation link: limited per IP and per address, so nobody can
# flood an inbox by varying the search.
@limit("alert", "RATELIMIT_ALERT")
@limit_by_field("alert", "RATELIMIT_ALERT", "email")
def alert_new(request: HttpRequest) -> HttpResponse:
    """GET ?<search> shows the form for that search; POST subscribes (from here or /jobs/)."""
    if request.method == "POST":
        form = JobAlertForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                alerts.alert_subscribe(
                    email=form.cleaned_data["email"],
                    query=form.cleaned_data["query"],
                    frequency=form.cleaned_data["frequency"],
                )
            except (smtplib.SMTPException, OSError):
                logger.exception("Could not send an alert confirmation e-mail")
                # The unconfirmed alert stays; sending the form again resends the link.
                form.add_error(
                    None,
                    "We could not send the confirmation e-mail just now. "
                    "Please try again in a few minutes.",
                )
                status = 503
            else:
                return redirect("candidates:alert_pending")
    else:
        form = JobAlertForm(initial={"query": PostingFilter.canonical(request.GET)})
        status = 200
    query = form["query"].value() or ""
    context = {
        "form": form,
        "search": alerts.describe_query(query),
        "search_url": PostingFilter.list_url(query),
    }
    return render(request, "candidates/alert_new.html", context, status=status)


def alert_pending(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/alert_message.html", {"state": "pending"})


@require_http_methods(["GET", "POST"])
def alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: link checkers that open every URL in an e-mail
    must not be able to confirm an address on its owner's behalf."""
    try:
        alert_id = alerts.read_confirm_token(token)
    except SignatureExpired:
        return render(request, "candidates/alert_message.html", {"state": "expired"}, status=400)
    except BadSignature:
        return render(request, "candidates/alert_message.html", {"state": "invalid"}, status=400)
    if request.method == "POST":
        alert = alerts.alert_confirm(alert_id=alert_id)
    else:
        alert = JobAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        return render(request, "candidates/alert_message.html", {"state": "gone"}, status=404)
    context = {
        "alert": alert,
        "search": alerts.describe_query(alert.query),
        "state": "confirmed" if request.method == "POST" else "confirm",
    }
    return render(request, "candidates/alert_confirm.html", context)


# Exempt from CSRF because RFC 8058 one-click unsubscribe is a POST from the mail provider,
# which has no CSRF cookie. The signed token in the URL is the authority; no session or
# cookie is involved, so a forged cross-site request gains nothing it did not already hold.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the button, or a mail client's one-click) unsubscribes."""
    try:
        alert_id = alerts.read_unsubscribe_token(token)
    except BadSignature:
        return render(request, "candidates/alert_message.html", {"state": "invalid"}, status=400)
    if request.method == "POST":
        alerts.alert_unsubscribe(alert_id=alert_id)
        return render(request, "candidates/alert_message.html", {"state": "unsubscribed"})
    alert = JobAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        return render(request, "candidates/alert_message.html", {"state": "unsubscribed"})
    context = {"alert": alert, "search": alerts.describe_query(alert.query)}
    return render(request, "candidates/alert_unsubscribe.html", context)
