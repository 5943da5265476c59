"""Employer pages: companies, invitations, the posting form with its preview, the dashboard."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from jobboard.abuse import over_limit, rate_limited
from jobboard.markdown import render_markdown

from . import emails, workflow
from .forms import CompanyForm, InviteForm, PostingForm
from .models import Company, Membership, MembershipRole, Posting, PostingStatus

INVITATION_SALT = "postings.invitation"
INVITATION_MAX_AGE = 7 * 24 * 60 * 60


# Companies ------------------------------------------------------------------------------


def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    postings = Posting.objects.live().for_list().filter(company=company)
    page_obj = Paginator(postings, settings.POSTINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "postings/company_detail.html", {"company": company, "page_obj": page_obj}
    )


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            company = form.save()
            Membership.objects.create(user=request.user, company=company, role=MembershipRole.OWNER)
        messages.success(request, f"{company.name} is set up, with you as its owner.")
        return redirect("postings:dashboard")
    return render(request, "postings/company_form.html", {"form": form, "company": None})


def _membership(request: HttpRequest, slug: str) -> Membership:
    """The user's membership of the company, or 404: outsiders learn nothing."""
    return get_object_or_404(
        Membership.objects.select_related("company"), company__slug=slug, user=request.user
    )


@login_required
def company_manage(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _membership(request, slug)
    company = membership.company
    is_owner = membership.role == MembershipRole.OWNER
    form = CompanyForm(instance=company)
    if request.method == "POST":
        if not is_owner:
            raise Http404
        form = CompanyForm(request.POST, request.FILES, instance=company)
        if form.is_valid():
            form.save()
            messages.success(request, "Company details saved.")
            return redirect("postings:company_manage", slug=company.slug)
    context = _manage_context(company, is_owner=is_owner, form=form)
    return render(
        request, "postings/company_manage.html", context, status=400 if form.errors else 200
    )


def _manage_context(company: Company, *, is_owner: bool, form=None, invite_form=None) -> dict:
    return {
        "company": company,
        "form": form or CompanyForm(instance=company),
        "is_owner": is_owner,
        "members": company.memberships.select_related("user").order_by("user__username"),
        "invite_form": invite_form or InviteForm(),
    }


@login_required
@require_POST
def company_invite(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _membership(request, slug)
    if membership.role != MembershipRole.OWNER:
        raise Http404
    company = membership.company
    form = InviteForm(request.POST)
    if not form.is_valid():
        context = _manage_context(company, is_owner=True, invite_form=form)
        return render(request, "postings/company_manage.html", context, status=400)
    email = form.cleaned_data["email"]
    token = signing.dumps(
        {"company": company.pk, "email": email.lower(), "role": form.cleaned_data["role"]},
        salt=INVITATION_SALT,
    )
    sent = emails.send(
        to=[email],
        template="invitation",
        context={
            "company": company,
            "inviter": request.user,
            "link": emails.absolute(reverse("postings:invitation", args=[token])),
        },
    )
    if sent:
        messages.success(request, f"Invitation sent to {email}.")
    else:
        messages.error(request, f"The invitation to {email} could not be sent; try again later.")
    return redirect("postings:company_manage", slug=company.slug)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the invitation; POST accepts it for the signed-in user with that address."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
        company = Company.objects.get(pk=data["company"])
    except (signing.BadSignature, Company.DoesNotExist, KeyError, TypeError):
        return render(request, "postings/invitation.html", {"invalid": True}, status=400)
    wrong_user = request.user.email.lower() != data["email"]
    if request.method == "POST" and not wrong_user:
        try:
            with transaction.atomic():
                Membership.objects.create(user=request.user, company=company, role=data["role"])
        except IntegrityError:
            messages.info(request, f"You are already a member of {company.name}.")
        else:
            messages.success(request, f"You joined {company.name}.")
        return redirect("postings:dashboard")
    context = {"company": company, "email": data["email"], "wrong_user": wrong_user}
    return render(request, "postings/invitation.html", context, status=403 if wrong_user else 200)


# Postings -------------------------------------------------------------------------------


def _managed_posting(request: HttpRequest, slug: str) -> Posting:
    return get_object_or_404(Posting.objects.managed_by(request.user).for_list(), slug=slug)


@login_required
def posting_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Create or edit a posting: Preview shows the sanitised render beside the same form.

    The form is re-rendered with everything typed, so nothing is lost between preview and
    saving. Saving a new posting either keeps it as a draft or submits it for review.
    """
    posting = _managed_posting(request, slug) if slug else None
    if posting is None and not Company.objects.of_user(request.user).exists():
        messages.info(request, "First tell us about the company you are hiring for.")
        return redirect("postings:company_create")
    if posting is not None and posting.status not in workflow.ALLOWED_FROM["edit"]:
        messages.error(request, "A filled posting can no longer be edited.")
        return redirect("postings:dashboard")
    form = PostingForm(request.POST or None, instance=posting, user=request.user)
    action = request.POST.get("action", "preview")
    context = {"form": form, "posting": posting, "preview": None}
    if request.method != "POST":
        return render(request, "postings/posting_form.html", context)
    if not form.is_valid():
        return render(request, "postings/posting_form.html", context, status=400)
    if action not in {"save", "submit"}:
        context["preview"] = render_markdown(form.cleaned_data["description"])
        return render(request, "postings/posting_form.html", context)
    if over_limit(request, "submit", "RATELIMIT_SUBMIT"):
        return rate_limited(request)
    if posting is None:
        saved = form.save()
        if action == "submit":
            workflow.submit(posting=saved, by=request.user)
            messages.success(request, _submitted_message(saved))
        else:
            messages.success(request, f"“{saved.title}” is saved as a draft.")
    else:
        changed = [name for name in form.changed_data if name in form.Meta.fields]
        was = posting.status
        saved = workflow.save_edits(posting=form.instance, changed=changed)
        if was == PostingStatus.PUBLISHED and saved.status == PostingStatus.PENDING:
            messages.warning(
                request,
                f"“{saved.title}” is saved. Title, role, level or pay changed, so it is back "
                "in review and hidden until a moderator approves it.",
            )
        else:
            messages.success(request, f"“{saved.title}” is saved.")
    return redirect("postings:dashboard")


def _submitted_message(posting: Posting) -> str:
    if posting.status == PostingStatus.PUBLISHED:
        return f"“{posting.title}” is live now."
    return f"“{posting.title}” is submitted; a moderator will review it soon."


@login_required
def posting_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    """One employer action (submit, withdraw, renew, fill, close) on a posting.

    GET shows a confirmation button (renewal reminders link here); only POST changes anything.
    """
    if action not in workflow.EMPLOYER_ACTIONS:
        raise Http404
    posting = _managed_posting(request, slug)
    if request.method != "POST":
        return render(
            request, "postings/posting_action.html", {"posting": posting, "action": action}
        )
    if action == "submit" and over_limit(request, "submit", "RATELIMIT_SUBMIT"):
        return rate_limited(request)
    try:
        workflow.run(action, posting=posting, by=request.user)
    except workflow.TransitionNotAllowed as error:
        messages.error(request, error.messages[0])
    else:
        if action == "submit":
            messages.success(request, _submitted_message(posting))
        else:
            messages.success(request, f"“{posting.title}” is {workflow.PAST_TENSE[action]}.")
    return redirect("postings:dashboard")


# Dashboard ------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's companies and postings, filtered by status, one page at a time.

    Queries: memberships with companies, counts by status, the page count, the page of
    postings with their company, role and hub, and the API token.
    """
    memberships = list(request.user.memberships.select_related("company"))
    mine = Posting.objects.filter(company__in=[m.company_id for m in memberships])
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    status = request.GET.get("status", "")
    if status not in PostingStatus.values:
        status = ""
    shown = mine.for_list().order_by("-updated_at", "-id")
    if status:
        shown = shown.filter(status=status)
    page_obj = Paginator(shown, settings.POSTINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    for posting in page_obj:
        posting.employer_actions = [
            a for a in workflow.EMPLOYER_ACTIONS if posting.status in workflow.ALLOWED_FROM[a]
        ]
    context = {
        "memberships": memberships,
        "status_tabs": [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in PostingStatus.choices
        ],
        "total": sum(counts.values()),
        "status": status,
        "page_obj": page_obj,
        "token": Token.objects.filter(user=request.user).first(),
        "editable": workflow.ALLOWED_FROM["edit"],
    }
    return render(request, "postings/dashboard.html", context)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Create (or replace) the user's API token and show it once, on this response only."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
    return render(request, "postings/token_created.html", {"token": token})


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    deleted, _ = Token.objects.filter(user=request.user).delete()
    messages.success(request, "Your API token is revoked." if deleted else "You had no API token.")
    return redirect("postings:dashboard")
