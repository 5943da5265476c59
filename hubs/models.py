import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import ASin, Cos, Least, Radians, Sin, Sqrt
from django.db.models.lookups import Exact
from django.urls import reverse

from jobboard.lib.board import Board
from jobboard.lib.cache import cached_catalogue
from roles.models import RemoteStatus

from . import gazetteer


class CityQuerySet(models.QuerySet):
    def from_place(self, place: gazetteer.Place) -> "City":
        """The row of a gazetteer city, made the first time a posting or hub is there."""
        city, _ = self.get_or_create(
            pk=place.geonameid,
            defaults={
                "name": place.name,
                "slug": place.slug,
                "country": place.country,
                "region": place.region,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "population": place.population,
            },
        )
        return city

    def within_km(self, latitude: float, longitude: float, radius_km: float) -> "CityQuerySet":
        """Cities whose great-circle distance from a point is at most `radius_km`.

        A box of latitude and longitude around the point narrows the search on the index
        first; the exact distance (haversine) is then computed for the cities inside it.
        """
        lat_span = radius_km / KM_PER_DEGREE
        box = Q(latitude__range=(latitude - lat_span, latitude + lat_span))
        cos_lat = math.cos(math.radians(latitude))
        if abs(latitude) + lat_span < 89 and cos_lat > 0:
            lon_span = radius_km / (KM_PER_DEGREE * cos_lat)
            west, east = longitude - lon_span, longitude + lon_span
            if lon_span >= 180:
                pass  # the box spans every longitude
            elif west < -180:
                box &= Q(longitude__gte=west + 360) | Q(longitude__lte=east)
            elif east > 180:
                box &= Q(longitude__gte=west) | Q(longitude__lte=east - 360)
            else:
                box &= Q(longitude__range=(west, east))
        return (
            self.filter(box)
            .annotate(distance_km=haversine_km(latitude, longitude))
            .filter(distance_km__lte=radius_km)
        )


EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def haversine_km(latitude: float, longitude: float) -> models.Func:
    """The great-circle distance in km from a point to a City row, as a database expression
    (PostgreSQL has these functions; Django gives SQLite them)."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = Radians(F("latitude")), Radians(F("longitude"))
    half_dlat = Sin((lat2 - Value(lat1)) / 2)
    half_dlon = Sin((lon2 - Value(lon1)) / 2)
    inner = half_dlat * half_dlat + Value(math.cos(lat1)) * Cos(lat2) * half_dlon * half_dlon
    # Rounding can push `inner` a hair above 1 for antipodes; ASIN would then fail.
    inner = Least(inner, Value(1.0))
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(inner))


def distance_km(a: "City | gazetteer.Place", b: "City | gazetteer.Place") -> float:
    """The same great-circle distance, computed in Python."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    inner = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(inner)))


class City(models.Model):
    """A city a posting or hub is in: a row of the GeoNames gazetteer (hubs/gazetteer.py),
    keyed by its GeoNames id and stored once something is there."""

    id = models.PositiveIntegerField("GeoNames id", primary_key=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")
    region = models.CharField(
        max_length=20, blank=True, help_text="State or province, where readers expect one."
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    population = models.PositiveIntegerField(default=0)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"
        indexes = [
            # The box `within_km` draws around a point.
            models.Index(fields=["latitude", "longitude"], name="city_latitude_longitude"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="city_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gazetteer.place_label(self.name, self.region, self.country)

    @property
    def country_name(self) -> str:
        return gazetteer.country_name(self.country)


class HubQuerySet(models.QuerySet):
    def cities(self) -> "HubQuerySet":
        """Real places; the catalogue's "Remote" entry is a market, not a city."""
        return self.filter(is_remote=False)

    def with_cost_index(self) -> "HubQuerySet":
        """Hubs the salary converter can use: those with a single cost-of-living index."""
        return self.filter(cost_of_living_index__isnull=False)


class Hub(models.Model):
    """A curated AI job market: a city with the figures its sources report, or "Remote"."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.CharField(max_length=60, blank=True, help_text="State or province.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    city = models.OneToOneField(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hub",
        help_text="The city of the market: postings there belong to this hub.",
    )
    is_remote = models.BooleanField(
        default=False, help_text="The remote market as the sources report it, not a city."
    )
    # Reported figures: what a source says, never this board's own measurement.
    reported_postings = models.PositiveIntegerField(
        null=True, blank=True, help_text="AI job postings the source reports."
    )
    growth_pct = models.IntegerField(
        "two-year growth (%)", null=True, blank=True, help_text="Reported growth in AI postings."
    )
    avg_salary = models.PositiveIntegerField(
        "average AI base salary", null=True, blank=True, help_text="A year."
    )
    avg_salary_currency = models.CharField(max_length=3, blank=True)
    cost_of_living_index = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="San Francisco = 100."
    )
    cost_of_living_low = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the source gives a range instead of one index."
    )
    cost_of_living_high = models.PositiveSmallIntegerField(null=True, blank=True)
    net_income_advantage_pct = models.SmallIntegerField(
        "net income advantage (%)", null=True, blank=True, help_text="Against San Francisco."
    )
    net_income_advantage_low = models.SmallIntegerField(null=True, blank=True)
    net_income_advantage_high = models.SmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="In our own words.")
    source = models.ForeignKey(
        "roles.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = HubQuerySet.as_manager()

    class Meta:
        db_table = "postings_hub"  # made in the postings app, before hubs had an app of their own
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_of_living_index__isnull=True) | Q(cost_of_living_index__gt=0),
                name="hub_cost_index_positive",
            ),
            models.CheckConstraint(
                condition=Q(cost_of_living_low__isnull=True)
                | Q(cost_of_living_high__isnull=True)
                | Q(cost_of_living_low__lte=F("cost_of_living_high")),
                name="hub_cost_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(net_income_advantage_low__isnull=True)
                | Q(net_income_advantage_high__isnull=True)
                | Q(net_income_advantage_low__lte=F("net_income_advantage_high")),
                name="hub_advantage_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(avg_salary__isnull=True) | ~Q(avg_salary_currency=""),
                name="hub_salary_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hubs:detail", kwargs={"slug": self.slug})

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.name, self.region or self.country) if part)

    def buys_in(self, amount: int, other: "Hub") -> int:
        """What `amount` earned here is worth in `other`, by cost of living (the one formula).

        equivalent = amount x (index of other / index of this hub), rounded to the unit.
        """
        if not self.cost_of_living_index or not other.cost_of_living_index:
            raise ValueError("Both hubs need a cost-of-living index.")
        return round(amount * other.cost_of_living_index / self.cost_of_living_index)

    def clean(self) -> None:
        if self.avg_salary is not None and not self.avg_salary_currency:
            raise ValidationError({"avg_salary_currency": "Give the currency of the salary."})


def hub_ids_by_city() -> dict[int, int]:
    """{city id: hub id} of the hubs that are cities, kept with the catalogue."""
    return cached_catalogue(
        "hub-ids-by-city",
        lambda: dict(Hub.objects.filter(city__isnull=False).values_list("city_id", "pk")),
    )


@dataclass(frozen=True)
class Point:
    """A city as searches use it: its slug, id and coordinates."""

    slug: str
    city_id: int
    latitude: float
    longitude: float


def stored_points() -> dict[str, Point]:
    """{slug: Point} of the cities stored, and of the hubs that are cities under the hub's
    slug (so `city=austin` keeps working), kept with the catalogue."""

    def read() -> dict[str, Point]:
        found = {}
        rows = City.objects.order_by().values_list(
            "slug", "pk", "latitude", "longitude", "hub__slug"
        )
        for slug, pk, lat, lon, hub_slug in rows:
            found[slug] = Point(slug, pk, lat, lon)
            if hub_slug:
                found[hub_slug] = found[slug]
        return found

    return cached_catalogue("city-points", read)


def find_point(text: str) -> Point | None:
    """The city `text` names: a hub's or a city's slug, or a name the gazetteer knows."""
    text = text.strip()
    point = stored_points().get(text.lower())
    if point is not None:
        return point
    place = gazetteer.resolve(text)
    if place is None:
        return None
    return Point(place.slug, place.geonameid, place.latitude, place.longitude)


def city_id_of(slug: str) -> int | None:
    """The id of the city a slug names (a hub's, a stored city's or any gazetteer city's)."""
    point = stored_points().get(slug)
    if point is not None:
        return point.city_id
    place = gazetteer.by_slug(slug)
    return place.geonameid if place else None


def attach_live_counts(hubs: Iterable[Hub], board: Board) -> None:
    """Set `live_count` on each hub: the live postings in its city, or for the Remote market
    every remote posting (those usually have no hub at all)."""
    by_hub = board.live_counts("hub")
    remote = board.live_counts("remote").get(RemoteStatus.REMOTE, 0)
    for hub in hubs:
        hub.live_count = remote if hub.is_remote else by_hub.get(hub.pk, 0)


class ReportedWorkSplit(models.Model):
    """The share of remote, hybrid and on-site AI postings a source reports, for comparison."""

    source = models.OneToOneField("roles.Source", on_delete=models.PROTECT, related_name="+")
    remote_pct = models.PositiveSmallIntegerField()
    hybrid_pct = models.PositiveSmallIntegerField()
    onsite_pct = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "postings_reportedworksplit"
        constraints = [
            models.CheckConstraint(
                condition=Exact(F("remote_pct") + F("hybrid_pct") + F("onsite_pct"), 100),
                name="reportedworksplit_sums_to_100",
                violation_error_message="The remote, hybrid and on-site shares must add up to 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.remote_pct}/{self.hybrid_pct}/{self.onsite_pct} ({self.source})"

    def as_dict(self) -> dict[str, int]:
        return {
            RemoteStatus.REMOTE: self.remote_pct,
            RemoteStatus.HYBRID: self.hybrid_pct,
            RemoteStatus.ONSITE: self.onsite_pct,
        }
