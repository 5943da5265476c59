from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from jobboard.catalogue_cache import invalidate_catalogue

from .importers import remap_titles
from .models import (
    CareerStep,
    Certification,
    ImportBatch,
    Role,
    SalaryBand,
    SalaryReport,
    Source,
    TitleAlias,
    Transition,
)


class SalaryBandInline(admin.TabularInline):
    model = SalaryBand
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    fk_name = "target_role"
    extra = 0
    fields = ["background", "background_label", "months_min", "months_max", "source"]
    show_change_link = True


class CareerStepInline(admin.TabularInline):
    model = CareerStep
    extra = 0
    fields = ["order", "title", "years_min", "years_max"]
    show_change_link = True


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "reported_postings"]
    list_filter = ["family"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["related", "reported_postings_source"]
    inlines = [SalaryBandInline, CareerStepInline, TransitionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "family", "summary"]}),
        ("The work", {"fields": ["responsibilities", "skills", "tools", "related"]}),
        ("Reported demand", {"fields": ["reported_postings", "reported_postings_source"]}),
    ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "file"]
    search_fields = ["title", "slug"]


@admin.register(CareerStep)
class CareerStepAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "role", "years_min", "years_max"]
    list_display_links = ["title"]
    list_select_related = ["role"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["role", "source"]


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "kind", "exists"]
    list_filter = ["kind", "exists", "roles"]
    search_fields = ["name", "issuer", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["roles", "source"]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["background_label", "target_role", "months_min", "months_max"]
    list_select_related = ["target_role"]
    list_filter = ["target_role"]
    search_fields = ["background", "background_label", "target_role__name"]
    autocomplete_fields = ["target_role", "certifications", "source"]


# --- Salary survey ---------------------------------------------------------------------------

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
    change_list_template = "admin/roles/titlealias/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "unmapped/",
                self.admin_site.admin_view(self.unmapped_view),
                name="roles_titlealias_unmapped",
            ),
            path(
                "remap/",
                self.admin_site.admin_view(require_POST(self.remap_view)),
                name="roles_titlealias_remap",
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
        return TemplateResponse(request, "admin/roles/titlealias/unmapped.html", context)

    def remap_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        reapply_title_mapping(self, request, self.get_queryset(request))
        return redirect("admin:roles_titlealias_unmapped")


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

    # Posting pages cache where their pay sits among the reports (roles.salary_stats.placement).
    # Reports get no signal receivers: a delete receiver would make replacing a batch of
    # thousands delete them one by one.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        invalidate_catalogue()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        invalidate_catalogue()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        invalidate_catalogue()
