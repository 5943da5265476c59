from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from . import workflow
from .models import Company, Hub, JobAlert, Posting


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "country", "is_remote"]
    list_filter = ["country", "is_remote"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


def _apply(request: HttpRequest, queryset: QuerySet, step, done: str) -> None:
    """Run one workflow step on each selected posting; report what could not move."""
    moved, refused = 0, []
    for posting in queryset:
        try:
            step(posting=posting)
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
        "published_at",
        "expires_at",
    ]
    list_filter = ["status", "remote", "level", "employment_type", "role"]
    list_select_related = ["company", "role", "hub"]
    search_fields = ["title", "company__name", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["company", "role", "hub"]
    # Status moves only through the workflow actions, so its rules hold here too.
    readonly_fields = ["status", "published_at", "salary_max_annual", "created_at", "updated_at"]
    actions = ["publish_selected", "expire_selected"]

    @admin.action(description="Publish selected postings")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(request, queryset, workflow.publish, "published")

    @admin.action(description="Expire selected postings")
    def expire_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(request, queryset, workflow.expire, "expired")


@admin.register(JobAlert)
class JobAlertAdmin(admin.ModelAdmin):
    list_display = ["email", "query", "frequency", "confirmed_at", "last_run_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "query"]
    # Deliveries are the record that keeps alerts from repeating; nobody edits them here.
    readonly_fields = ["created_at", "confirmed_at", "last_run_at"]
