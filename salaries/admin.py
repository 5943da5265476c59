from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from jobboard.lib.cache import catalogue_changed

from .importers import remap_titles
from .models import ExchangeRate, ImportBatch, SalaryReport, TitleAlias

UNMAPPED_PAGE_SIZE = 100


@admin.action(description="Re-apply all title aliases to the survey reports")
def reapply_title_mapping(modeladmin, request: HttpRequest, queryset) -> None:
    result = remap_titles()
    modeladmin.message_user(
        request,
        f"Title mapping applied: {result['mapped']} reports map to a role, "
        f"{result['unmapped']} do not.",
        messages.SUCCESS,
    )


@admin.register(TitleAlias)
class TitleAliasAdmin(admin.ModelAdmin):
    list_display = ["title", "role"]
    list_select_related = ["role"]
    list_filter = ["role"]
    search_fields = ["title", "role__name"]
    autocomplete_fields = ["role"]
    actions = [reapply_title_mapping]
    change_list_template = "admin/salaries/titlealias/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "unmapped/",
                self.admin_site.admin_view(self.unmapped_view),
                name="salaries_titlealias_unmapped",
            ),
            path(
                "remap/",
                self.admin_site.admin_view(require_POST(self.remap_view)),
                name="salaries_titlealias_remap",
            ),
        ]
        return extra + super().get_urls()

    def unmapped_view(self, request: HttpRequest) -> HttpResponse:
        """Reported titles that map to no role, most frequent first, to choose aliases from."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        page = Paginator(SalaryReport.objects.unmapped_titles(), UNMAPPED_PAGE_SIZE).get_page(
            request.GET.get("p")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Survey job titles that map to no role",
            "opts": self.model._meta,
            "page_obj": page,
            "unmapped_total": SalaryReport.objects.filter(role__isnull=True).count(),
        }
        return TemplateResponse(request, "admin/salaries/titlealias/unmapped.html", context)

    def remap_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        reapply_title_mapping(self, request, self.get_queryset(request))
        return redirect("admin:salaries_titlealias_unmapped")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["source", "imported", "skipped", "updated_at"]
    readonly_fields = ["source", "location", "imported", "skipped", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # batches come from `manage.py import_salaries`


@admin.register(SalaryReport)
class SalaryReportAdmin(admin.ModelAdmin):
    list_display = ["job_title", "role", "level", "residence_country", "amount_usd", "year"]
    list_select_related = ["role"]
    list_filter = ["level", "remote", "year", "role", "batch"]
    search_fields = ["job_title"]
    autocomplete_fields = ["role"]
    readonly_fields = ["batch"]
    show_full_result_count = False  # the survey is large; skip the second COUNT(*)

    # Posting pages cache where their pay sits among the reports (salaries.stats.placement).
    # Reports get no signal receivers: a delete receiver would make replacing a batch of
    # thousands delete them one by one.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        catalogue_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        catalogue_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        catalogue_changed()


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Reference rates: correcting one reprices the postings paid in that currency."""

    list_display = ["currency", "per_euro", "date", "source"]
    search_fields = ["currency"]
    ordering = ["currency"]
