"""Company pages: the public profile, setting one up, managing it, inviting colleagues."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from jobboard.lib import mail
from jobboard.lib.board import board

from .forms import CompanyForm, InviteForm
from .models import Company, Membership, MembershipRole

# The salt invitations were first signed with: another would void those already sent.
INVITATION_SALT = "postings.invitation"
INVITATION_MAX_AGE = 7 * 24 * 60 * 60
# What Company.save names a logo: a digest and .png; nothing else is looked for on disk.
LOGO_NAME = re.compile(r"^[0-9a-f]{16}\.png$")


@require_safe
def logo(request: HttpRequest, name: str) -> FileResponse:
    """A company's logo from MEDIA_ROOT, for servers where nothing else serves uploads.

    Logos are PNGs drawn anew on upload and named by their content's digest, so they are
    served as images only and may be kept by browsers and proxies for a year.
    """
    if not LOGO_NAME.match(name):
        raise Http404("No such logo.")
    path = Path(settings.MEDIA_ROOT) / "logos" / name
    if not path.is_file():
        raise Http404("No such logo.")
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    page_obj = board().postings_page(request, company=company)
    return render(request, "companies/detail.html", {"company": company, "page_obj": page_obj})


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            company = form.save()
            Membership.objects.create(user=request.user, company=company, role=MembershipRole.OWNER)
        messages.success(request, f"{company.name} is set up, with you as its owner.")
        return redirect("postings:dashboard")
    return render(request, "companies/form.html", {"form": form, "company": None})


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
            return redirect("companies:manage", slug=company.slug)
    context = _manage_context(company, is_owner=is_owner, form=form)
    return render(request, "companies/manage.html", context, status=400 if form.errors else 200)


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
        return render(request, "companies/manage.html", context, status=400)
    email = form.cleaned_data["email"]
    token = signing.dumps(
        {"company": company.pk, "email": email.lower(), "role": form.cleaned_data["role"]},
        salt=INVITATION_SALT,
    )
    sent = mail.send(
        to=[email],
        template="invitation",
        context={
            "company": company,
            "inviter": request.user,
            "link": mail.absolute(reverse("companies:invitation", args=[token])),
        },
    )
    if sent:
        messages.success(request, f"Invitation sent to {email}.")
    else:
        messages.error(request, f"The invitation to {email} could not be sent; try again later.")
    return redirect("companies:manage", slug=company.slug)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the invitation; POST accepts it for the signed-in user with that address."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
        company = Company.objects.get(pk=data["company"])
    except (signing.BadSignature, Company.DoesNotExist, KeyError, TypeError):
        return render(request, "companies/invitation.html", {"invalid": True}, status=400)
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
    return render(request, "companies/invitation.html", context, status=403 if wrong_user else 200)
