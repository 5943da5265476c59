from django.contrib import admin

from .models import City, Hub, ReportedWorkSplit


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    """Cities are made from the gazetteer when a posting or hub is first there."""

    list_display = ["name", "region", "country", "population", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["name", "slug"]
    readonly_fields = ["id"]


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
    autocomplete_fields = ["source", "city"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "city", "region", "country", "is_remote", "description"]},
        ),
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
