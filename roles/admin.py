from django.contrib import admin

from .models import Role, SalaryBand


class SalaryBandInline(admin.TabularInline):
    model = SalaryBand
    extra = 0


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "family"]
    list_filter = ["family"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SalaryBandInline]
