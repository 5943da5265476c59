from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.urls import reverse

from jobboard.lib.board import Board
from roles.models import RemoteStatus


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
