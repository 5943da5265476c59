from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from .models import FAQ, Category, GuideArticle


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["order", "name"]


class FAQInline(admin.TabularInline):
    model = FAQ
    fk_name = "guide"
    extra = 1
    fields = ["order", "question", "slug", "answer", "role"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["role"]
    ordering = ["order", "id"]


@admin.register(GuideArticle)
class GuideArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "status",
        "published_at",
        "updated_at",
        "reading_minutes",
        "preview_link",
    ]
    list_filter = ["status", "category", "related_roles"]
    list_select_related = ["category"]
    search_fields = ["title", "slug", "summary", "body"]
    date_hierarchy = "published_at"
    ordering = ["-published_at", "-id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "related_roles", "author"]
    readonly_fields = ["reading_minutes", "updated_at", "preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        ("Links", {"fields": ["related_roles", "author"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "preview_link", "reading_minutes", "updated_at"]},
        ),
    ]
    inlines = [FAQInline]
    actions = ["publish_selected", "unpublish_selected"]

    @admin.display(description="Preview")
    def preview_link(self, guide: GuideArticle) -> str:
        if not guide.pk:
            return "Save the guide first."
        # Staff see drafts on the public address, marked as a preview.
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            guide.get_absolute_url(),
            "View" if guide.is_public() else "Preview",
        )

    def save_model(self, request: HttpRequest, guide: GuideArticle, form, change: bool) -> None:
        if not change and guide.author_id is None:
            guide.author = request.user
        super().save_model(request, guide, form, change)

    @admin.action(description="Publish selected guides")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            changed = sum(guide.publish() for guide in queryset)
        messages.success(request, f"{changed} guide(s) published.")

    @admin.action(description="Unpublish selected guides (back to draft)")
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            changed = sum(guide.unpublish() for guide in queryset)
        messages.success(request, f"{changed} guide(s) moved back to draft.")


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin):
    list_display = ["question", "guide", "role", "order"]
    list_editable = ["order"]
    list_filter = ["guide", "role"]
    list_select_related = ["guide", "role"]
    search_fields = ["question", "answer", "slug"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["guide", "role"]
    ordering = ["guide", "order", "id"]
