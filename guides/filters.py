"""The filters behind /guides/ and the guides and FAQ API: one definition for both."""

import django_filters
from django.db.models import QuerySet

from roles.models import Role

from .models import FAQ, Category, GuideArticle

NO_ROLE = "There is no role called “%(value)s”."


class GuideFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(),
        to_field_name="slug",
        label="Category",
        error_messages={"invalid_choice": "There is no guide category called “%(value)s”."},
    )
    role = django_filters.ModelChoiceFilter(
        field_name="related_roles",
        queryset=Role.objects.all(),
        to_field_name="slug",
        label="Role",
        error_messages={"invalid_choice": NO_ROLE},
    )

    class Meta:
        model = GuideArticle
        fields = ["category", "role"]


def _published_guides(request) -> QuerySet:
    # Only published guides can be named: a draft's slug is as unknown as a made-up one.
    return GuideArticle.objects.published()


class FAQFilter(django_filters.FilterSet):
    guide = django_filters.ModelChoiceFilter(
        queryset=_published_guides,
        to_field_name="slug",
        label="Guide",
        error_messages={"invalid_choice": "There is no published guide called “%(value)s”."},
    )
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.all(),
        to_field_name="slug",
        label="Role",
        error_messages={"invalid_choice": NO_ROLE},
    )

    class Meta:
        model = FAQ
        fields = ["guide", "role"]
