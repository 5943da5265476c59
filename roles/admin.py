from django.contrib import admin

from .models import CareerStep, Certification, Role, SalaryBand, Source, Transition


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
