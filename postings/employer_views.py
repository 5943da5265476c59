"""Employer pages: the posting form with its preview, status actions, the dashboard."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from companies.models import Company
from jobboard.lib.abuse import over_limit, rate_limited
from jobboard.lib.markdown import render_markdown

from . import tasks, workflow
from .forms import ImportSourceForm, PostingForm
from .models import Posting, PostingStatus


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
        return redirect("companies:create")
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
        try:
            saved = workflow.create(posting=form.save(commit=False))
        except ValidationError as error:
            # The same posting was saved a moment ago, by a double click or another tab.
            form.add_error(None, error)
            return render(request, "postings/posting_form.html", context, status=400)
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


def _member_company(request: HttpRequest, slug: str) -> Company:
    return get_object_or_404(Company.objects.of_user(request.user), slug=slug)


@login_required
def imports(request: HttpRequest, slug: str) -> HttpResponse:
    """A company's import sources, with what each last run did, and a form to add one."""
    company = _member_company(request, slug)
    form = ImportSourceForm(request.POST or None, company=company)
    if request.method == "POST":
        if form.is_valid():
            source = form.save()
            messages.success(request, f"Added {source.get_kind_display()}: {source.board}.")
            return redirect("postings:imports", slug=company.slug)
        status = 400
    else:
        status = 200
    context = {
        "company": company,
        "sources": company.import_sources.order_by("kind", "board"),
        "form": form,
    }
    return render(request, "postings/imports.html", context, status=status)


@login_required
@require_POST
def import_run(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Import one source now: new openings to review, changed ones updated, vanished closed."""
    company = _member_company(request, slug)
    source = get_object_or_404(company.import_sources, pk=pk)
    if over_limit(request, "import", "RATELIMIT_SUBMIT"):
        return rate_limited(request)
    # Reading another site's feed can take a while: a worker does it, not this request.
    tasks.import_openings.enqueue(source.pk)
    messages.success(
        request,
        f"The import from {source.board} is under way; its result shows here when it is done.",
    )
    return redirect("postings:imports", slug=company.slug)
