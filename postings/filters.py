"""The one filter definition behind /jobs/, /api/v1/postings/ and everything that lists postings.

A page and the API build `PostingFilter` from the same query string, so they cannot disagree.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_filters.fields import ModelMultipleChoiceField
from drf_spectacular.utils import extend_schema_field

from hubs import gazetteer
from hubs.models import City, city_id_of, find_point
from jobboard.lib.cache import cached_catalogue
from roles.models import ExperienceLevel, RemoteStatus, Role
from salaries.rates import rate_table

from . import search
from .models import ANNUAL_SALARY_CEILING, EmploymentType, Posting, PostingCountry

ORDERINGS = {
    "newest": ("-published_at", "-id"),
    # Pay in US dollars at the reference rates; a currency without a rate sorts last.
    "salary": ("-salary_max_usd", "-published_at", "-id"),
    # Only with a keyword (`q`): the rank search.search() annotates; newest breaks ties.
    "relevance": ("-rank", "-published_at", "-id"),
}

# The parameters that say which postings a search finds, in the order its canonical query
# string lists them; paging and ordering change only how they are shown.
SEARCH_PARAMETERS = (
    "q",
    "role",
    "remote",
    "country",
    "city",
    "near",
    "radius_km",
    "level",
    "type",
    "salary_min",
    "salary_currency",
    "posted_within",
)
REPEATABLE = {"role", "remote", "country", "city"}
# `salary_min` without a currency.
DEFAULT_CURRENCY = "USD"
# `near` without a radius: about a long commute.
DEFAULT_RADIUS_KM = 50
MAX_RADIUS_KM = 2000
# The city facet lists the commonest cities of a search, and the chosen ones.
CITY_FACET_SIZE = 15


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CatalogueSlugsField(ModelMultipleChoiceField):
    """Checks the chosen slugs against the catalogue kept in the cache.

    Django's field asks the database for the chosen rows on every request; roles and
    cities change only with the catalogue, whose cache moves on with any edit
    (jobboard/lib/cache.py). `catalogue_key` names the queryset's rows there.
    """

    def __init__(self, *args, catalogue_key: str, **kwargs) -> None:
        self.catalogue_key = catalogue_key
        super().__init__(*args, **kwargs)

    def _check_values(self, value) -> list:
        try:
            chosen = frozenset(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for slug in chosen:
            self.validate_no_null_characters(slug)
        key = self.to_field_name
        known = cached_catalogue(
            self.catalogue_key, lambda: {getattr(row, key): row for row in self.queryset}
        )
        for slug in chosen:
            if slug not in known:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        return [row for slug, row in known.items() if slug in chosen]


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"})
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """One or more rows named by slug; the API schema shows a repeatable string.

    A posting has one role and one hub, so the match cannot repeat a posting: no DISTINCT,
    which would make PostgreSQL sort every matching row by every column before LIMIT.
    """

    field_class = CatalogueSlugsField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, country.name) for code, country in gazetteer.countries().items()),
        key=lambda choice: choice[1],
    )


class CitySlugsField(forms.MultipleChoiceField):
    """Cities by slug: any city of the gazetteer (`berlin-de`), or a hub's slug, which
    names the hub's city (`austin`). Cleans to the cities' ids."""

    default_error_messages = {
        "invalid_choice": "%(value)s is not a city we know; use a slug such as berlin-de."
    }

    def valid_value(self, value: str) -> bool:
        return city_id_of(value) is not None

    def clean(self, value) -> list[int]:
        slugs = super().clean(value)
        return sorted({city_id_of(slug) for slug in slugs})


@extend_schema_field({"type": "string", "pattern": "^[-a-z0-9]+$"})
class CityFilter(django_filters.MultipleChoiceFilter):
    field_class = CitySlugsField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def filter(self, queryset: QuerySet, value: list[int]) -> QuerySet:
        return queryset.filter(city_id__in=value) if value else queryset


class PlaceField(forms.CharField):
    """One city, by slug or by name ("Berlin", "London, ON"); cleans to its slug."""

    def clean(self, value) -> str:
        value = super().clean(value)
        if not value:
            return ""
        point = find_point(value)
        if point is None:
            close = gazetteer.search(value, limit=5)
            hint = (
                " Did you mean " + "; ".join(place.label for place in close) + "?" if close else ""
            )
            raise ValidationError(
                f"We know no single city called “{value}”.{hint} Add the country after a "
                "comma to tell places of one name apart.",
                code="unknown_city",
            )
        return point.slug


class NearFilter(django_filters.CharFilter):
    field_class = PlaceField


class CurrencyField(forms.CharField):
    """A currency the reference rates cover (ISO 4217); US dollars when left out."""

    def openapi_schema(self) -> dict:
        """For the API schema: the currencies there is a rate for (jobboard.lib.schema)."""
        return {"enum": sorted({"USD", "EUR", *rate_table().per_euro})}

    def clean(self, value) -> str:
        value = (super().clean(value) or "").strip().upper()
        if not value:
            return ""
        if rate_table().usd_factor(value) is None:
            covered = ", ".join(sorted(rate_table().per_euro))
            raise ValidationError(
                f"We have no exchange rate for {value}; choose one of {covered}.",
                code="unknown_currency",
            )
        return value


class CurrencyFilter(django_filters.CharFilter):
    field_class = CurrencyField


class PostingFilter(django_filters.FilterSet):
    # distinct=False: these follow forward foreign keys only, so no row can repeat, and a
    # DISTINCT would keep PostgreSQL from reading the newest rows off an index and stopping
    # at one page.
    role = SlugsFilter(
        field_name="role__slug",
        queryset=Role.objects.all(),
        to_field_name="slug",
        catalogue_key="filter-roles",
        label="Role",
        distinct=False,
    )
    remote = django_filters.MultipleChoiceFilter(
        choices=RemoteStatus.choices, label="Remote", distinct=False
    )
    country = django_filters.MultipleChoiceFilter(
        choices=country_choices,
        method="filter_country",
        label="Country",
        distinct=False,
    )
    city = CityFilter(label="City")
    near = NearFilter(method="filter_near", max_length=200, label="Near (a city)")
    radius_km = IntegerFilter(
        method="filter_radius",
        min_value=1,
        max_value=MAX_RADIUS_KM,
        label="Within (km)",
    )
    level = django_filters.ChoiceFilter(choices=ExperienceLevel.choices, label="Level")
    type = django_filters.ChoiceFilter(
        field_name="employment_type", choices=EmploymentType.choices, label="Employment type"
    )
    salary_min = IntegerFilter(
        method="filter_salary_min",
        min_value=1,
        max_value=ANNUAL_SALARY_CEILING,
        label="Pays at least (a year)",
    )
    salary_currency = CurrencyFilter(
        method="filter_salary_currency", label="In currency", max_length=3
    )
    posted_within = IntegerFilter(
        method="filter_posted_within", min_value=1, max_value=365, label="Posted within (days)"
    )
    q = django_filters.CharFilter(method="filter_keyword", max_length=200, label="Keyword")
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering",
        choices=[
            ("newest", "Newest first"),
            ("salary", "Highest pay first"),
            ("relevance", "Best match (with a keyword)"),
        ],
        empty_label=None,
        label="Sort by",
    )

    class Meta:
        model = Posting
        fields = [
            "role",
            "remote",
            "country",
            "city",
            "near",
            "radius_km",
            "level",
            "type",
            "salary_min",
            "salary_currency",
            "posted_within",
            "q",
        ]

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None and hasattr(data, "getlist"):
            # An empty value means "not filtered" for a repeatable filter too (`city=`), as it
            # does for the others; left in, it would be an unknown city.
            data = data.copy()
            for name in REPEATABLE:
                if name in data:
                    data.setlist(name, [value for value in data.getlist(name) if value.strip()])
        super().__init__(data, *args, **kwargs)

    # The facets counted together, by the column each groups by.
    FACETS = {
        "role": "role__slug",
        "remote": "remote",
        "level": "level",
        "type": "employment_type",
    }
    # Every facet whose options show how many postings each would give: those above, and
    # countries and the commonest cities, each counted by a query of its own.
    FACET_NAMES = ("role", "remote", "country", "city", "level", "type")

    @classmethod
    def canonical(cls, data: Mapping) -> str:
        """A search's one spelling as a query string: the search parameters only, in a fixed
        order, empty ones dropped, spaces in keywords collapsed, repeated values sorted and
        deduplicated, and of a single-valued parameter the last value, as the form reads it.

        The key of everything cached about a search, and the query of feeds, alerts and
        canonical links, so two addresses of one search are one search everywhere.
        """
        pairs: list[tuple[str, str]] = []
        for name in SEARCH_PARAMETERS:
            if hasattr(data, "getlist"):
                values = data.getlist(name)
            else:
                value = data.get(name)
                values = value if isinstance(value, list | tuple) else [value]
            values = [" ".join(str(v).split()) for v in values if v not in (None, "")]
            values = [v for v in values if v]
            values = sorted(set(values)) if name in REPEATABLE else values[-1:]
            if name == "salary_currency":
                # Only with an amount, and US dollars are the default: one search, one name.
                values = [v.upper() for v in values if v.upper() != DEFAULT_CURRENCY]
                values = values if any(n == "salary_min" for n, _ in pairs) else []
            pairs.extend((name, value) for value in values)
        return urlencode(pairs)

    @staticmethod
    def list_url(query: str) -> str:
        """The address of /jobs/ for a canonical query string."""
        return reverse("postings:list") + (f"?{query}" if query else "")

    def canonical_query(self) -> str:
        """`canonical()` of this search as the form cleaned it (a valid search only)."""
        cleaned = self.form.cleaned_data
        return self.canonical(
            {
                name: self.data.getlist(name) if name in REPEATABLE else cleaned.get(name)
                for name in SEARCH_PARAMETERS
            }
        )

    def filter_salary_min(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        if not value:
            return queryset
        # Converted exactly as each posting's own figure was (salaries/rates.py), so a
        # posting paying the same amount in the same currency is always found.
        currency = self.form.cleaned_data.get("salary_currency") or DEFAULT_CURRENCY
        return queryset.filter(salary_max_usd__gte=rate_table().to_usd(value, currency))

    def filter_salary_currency(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # the currency of `salary_min`, applied there

    def filter_country(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        # EXISTS, not a join: a posting found in two of the countries is listed once.
        found_in = PostingCountry.objects.filter(posting_id=OuterRef("pk"), country__in=value)
        return queryset.filter(Exists(found_in))

    def filter_near(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        point = find_point(value)
        radius = self.form.cleaned_data.get("radius_km") or DEFAULT_RADIUS_KM
        nearby = City.objects.within_km(point.latitude, point.longitude, radius)
        return queryset.filter(city_id__in=nearby.values("pk"))

    def filter_radius(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset  # the radius of `near`, applied there

    def filter_posted_within(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(published_at__gte=timezone.now() - timedelta(days=value))

    def filter_keyword(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Full-text with web-search syntax on PostgreSQL, a word match on SQLite.
        return search.search(queryset, value) if value.strip() else queryset

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # applied in filter_queryset, so the default order holds too

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*ORDERINGS[self.effective_ordering])

    @property
    def keyword(self) -> str:
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def effective_ordering(self) -> str:
        """The order in effect: as asked, else by relevance with a keyword, else newest.

        Relevance asked for without a keyword falls back to newest: there is nothing to rank.
        """
        asked = self.form.cleaned_data.get("ordering")
        if asked == "relevance" or not asked:
            return "relevance" if self.keyword else "newest"
        return asked

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """For each facet, how many postings each option would give with the other filters kept.

        A fixed number of grouped queries, whatever the number of options or postings. A
        facet's own selection is left out of its counts, since choosing another option of a
        repeatable filter widens the search and choosing one of a single-choice filter
        replaces it. So a facet with a selection needs a query of its own, while the facets
        with none are all counted over the same rows: one query grouped by all of them at
        once (a few thousand groups) serves them together: one pass over the rows instead
        of one per facet.
        """
        if not self.is_valid():
            # Callers answer a bad filter with its errors before asking for counts.
            raise ValueError("Facet counts need valid filters.")
        counts: dict[str, Counter] = {name: Counter() for name in self.FACET_NAMES}
        chosen = [name for name in self.FACETS if self.form.cleaned_data.get(name)]
        together = [name for name in self.FACETS if name not in chosen]
        groups = [([name], self.filtered_except(name)) for name in chosen]
        if together:
            groups.append((together, self.filtered_except(None)))
        for names, queryset in groups:
            paths = [self.FACETS[name] for name in names]
            rows = queryset.order_by().values_list(*paths).annotate(n=Count("pk"))
            for *values, n in rows:
                for name, value in zip(names, values, strict=True):
                    if value is not None:
                        counts[name][value] += n
        counts["country"].update(self.country_counts())
        counts["city"].update(self.city_counts())
        return {name: dict(counted) for name, counted in counts.items()}

    def country_counts(self) -> dict[str, int]:
        """Postings per country they are found in, with the other filters kept."""
        postings = self.filtered_except("country").order_by().values("pk")
        rows = (
            PostingCountry.objects.filter(posting_id__in=postings)
            .values_list("country")
            .annotate(n=Count("posting_id"))
        )
        return dict(rows)

    def city_counts(self) -> dict[str, int]:
        """Postings in the commonest cities (and the chosen ones), with the other filters
        kept. A hub's city is named by the hub's slug, as the hub's links have it."""
        queryset = self.filtered_except("city").filter(city__isnull=False).order_by()
        rows = (
            queryset.values_list("city_id", "city__slug", "hub__slug")
            .annotate(n=Count("pk"))
            .order_by("-n", "city__slug")
        )
        chosen = set(self.form.cleaned_data.get("city") or ())
        if not chosen:
            rows = rows[:CITY_FACET_SIZE]
        return {
            hub_slug or slug: n
            for position, (city_id, slug, hub_slug, n) in enumerate(rows)
            if position < CITY_FACET_SIZE or city_id in chosen
        }

    def filtered_except(self, left_out: str | None) -> QuerySet:
        # Reuses the values the form has already cleaned: building and validating a new
        # FilterSet per facet would look every chosen role and city up again.
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in {left_out, "ordering"} and name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
