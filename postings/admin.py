from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from . import workflow
from .models import (
    Company,
    Hub,
    JobAlert,
    Membership,
    Posting,
    PostingForReview,
    PostingStatus,
    ReportedWorkSplit,
)


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "region",
        "country",
        "is_remote",
        "reported_postings",
        "growth_pct",
        "avg_salary",
        "cost_of_living_index",
        "net_income_advantage_pct",
    ]
    list_filter = ["country", "is_remote"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["source"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "region", "country", "is_remote", "description"]}),
        (
            "Reported figures",
            {
                "description": "As the source reports them; leave empty where it gives none.",
                "fields": [
                    "source",
                    "reported_postings",
                    "growth_pct",
                    ("avg_salary", "avg_salary_currency"),
                    "cost_of_living_index",
                    ("cost_of_living_low", "cost_of_living_high"),
                    "net_income_advantage_pct",
                    ("net_income_advantage_low", "net_income_advantage_high"),
                ],
            },
        ),
    ]


@admin.register(ReportedWorkSplit)
class ReportedWorkSplitAdmin(admin.ModelAdmin):
    list_display = ["source", "remote_pct", "hybrid_pct", "onsite_pct"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "verified"]
    list_filter = ["verified"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text="E-mailed to the company and shown on its dashboard.",
    )


def _apply(request: HttpRequest, queryset: QuerySet, step, done: str, **options) -> None:
    """Run one workflow step on each selected posting; report what could not move."""
    moved, refused = 0, []
    for posting in queryset:
        try:
            step(posting=posting, **options)
        except ValidationError as error:
            refused.append(f"{posting.title}: {error.messages[0]}")
        else:
            moved += 1
    if moved:
        messages.success(request, f"{moved} posting(s) {done}.")
    for line in refused:
        messages.warning(request, line)


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "company",
        "role",
        "hub",
        "remote",
        "level",
        "status",
        "similar_flag",
        "published_at",
        "expires_at",
    ]
    list_filter = ["status", "remote", "level", "employment_type", "role"]
    list_select_related = ["company", "role", "hub", "similar_to"]
    search_fields = ["title", "company__name", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["company", "role", "hub"]
    # Status moves only through the workflow actions, so its rules hold here too.
    readonly_fields = [
        "status",
        "published_at",
        "salary_max_annual",
        "similar_flag",
        "rejection_reason",
        "reminder_sent_at",
        "created_at",
        "updated_at",
    ]
    actions = ["publish_selected", "reject_selected", "expire_selected"]

    @admin.display(description="near-duplicate of")
    def similar_flag(self, posting: Posting) -> str:
        if posting.similar_to_id is None:
            return "-"
        other = posting.similar_to
        url = reverse("admin:postings_posting_change", args=[other.pk])
        return format_html(
            '<strong>{}% alike:</strong> <a href="{}">{}</a> ({})',
            round((posting.similarity or 0) * 100),
            url,
            other.title,
            other.get_status_display(),
        )

    @admin.action(description="Approve (publish) selected postings", permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(request, queryset, workflow.publish, "published")

    @admin.action(description="Reject selected postings, with a reason", permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet):
        """First show a form for the reason; its submission comes back here with `apply`."""
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            _apply(
                request, queryset, workflow.reject, "rejected", reason=form.cleaned_data["reason"]
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject postings",
            "form": form,
            "postings": queryset.select_related("company"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/postings/reject_postings.html", context)

    @admin.action(description="Expire selected postings", permissions=["change"])
    def expire_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(request, queryset, workflow.expire, "expired")


@admin.register(PostingForReview)
class ModerationQueueAdmin(PostingAdmin):
    """Pending postings, oldest first, with near-duplicates flagged beside them."""

    list_display = ["title", "company", "role", "level", "similar_flag", "created_at"]
    list_filter = ["role", "level", "remote"]
    date_hierarchy = None
    actions = ["publish_selected", "reject_selected"]
    ordering = ["created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(status=PostingStatus.PENDING)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(JobAlert)
class JobAlertAdmin(admin.ModelAdmin):
    list_display = ["email", "query", "frequency", "confirmed_at", "last_run_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "query"]
    # Deliveries are the record that keeps alerts from repeating; nobody edits them here.
    readonly_fields = ["created_at", "confirmed_at", "last_run_at"]
