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
from .models import Posting, PostingForReview, PostingStatus


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
    list_select_related = ["company", "role", "hub", "city", "similar_to"]
    search_fields = ["title", "company__name", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["company", "role", "city"]
    # Status moves only through the workflow actions, so its rules hold here too.
    readonly_fields = [
        "hub",
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
