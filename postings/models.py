import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from roles.models import ExperienceLevel, Role

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def validate_country_list(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(code, str) and COUNTRY_CODE.match(code) for code in value
    ):
        raise ValidationError(
            "Give a list of two-letter country codes (ISO 3166-1), e.g. US, GB.",
            code="invalid_country_list",
        )


class HubQuerySet(models.QuerySet):
    def cities(self) -> "HubQuerySet":
        """Real places; the catalogue's "Remote" entry is a market, not a city."""
        return self.filter(is_remote=False)


class Hub(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.CharField(max_length=60, blank=True, help_text="State or province.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    is_remote = models.BooleanField(
        default=False, help_text="The remote market as the sources report it, not a city."
    )

    objects = HubQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("postings:list") + f"?city={self.slug}"

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.name, self.region or self.country) if part)


class Company(models.Model):
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


class RemoteStatus(models.TextChoices):
    REMOTE = "remote", "Remote"
    HYBRID = "hybrid", "Hybrid"
    ONSITE = "onsite", "On-site"


class EmploymentType(models.TextChoices):
    FULL_TIME = "full-time", "Full-time"
    PART_TIME = "part-time", "Part-time"
    CONTRACT = "contract", "Contract"
    INTERNSHIP = "internship", "Internship"


class SalaryPeriod(models.TextChoices):
    YEAR = "year", "a year"
    MONTH = "month", "a month"
    HOUR = "hour", "an hour"


# Used to compare pay across periods; 2,080 hours = 52 weeks of 40 hours.
PERIODS_PER_YEAR = {SalaryPeriod.YEAR: 1, SalaryPeriod.MONTH: 12, SalaryPeriod.HOUR: 2080}


class PostingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    EXPIRED = "expired", "Expired"
    FILLED = "filled", "Filled"
    REJECTED = "rejected", "Rejected"


class PostingQuerySet(models.QuerySet):
    def live(self, now: datetime | None = None) -> "PostingQuerySet":
        """The one definition of what the public sees: published and not past its expiry."""
        now = now or timezone.now()
        return self.filter(status=Posting.Status.PUBLISHED).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def closed(self, now: datetime | None = None) -> "PostingQuerySet":
        """Postings that were public once and keep their address with a closed notice."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=[Posting.Status.EXPIRED, Posting.Status.FILLED])
            | Q(status=Posting.Status.PUBLISHED, expires_at__lte=now)
        )

    def public(self, now: datetime | None = None) -> "PostingQuerySet":
        """Everything with a public page: live postings and closed ones."""
        return self.live(now) | self.closed(now)

    def for_list(self) -> "PostingQuerySet":
        return self.select_related("company", "role", "hub")


class Posting(models.Model):
    Status = PostingStatus

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=200, unique=True)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="postings")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="postings")
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        related_name="postings",
        null=True,
        blank=True,
        help_text="Where the work is. Leave empty only for a remote job open anywhere.",
    )
    remote = models.CharField(max_length=6, choices=RemoteStatus.choices)
    applicant_countries = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_country_list],
        help_text="For remote work: countries applicants may live in. Empty means anywhere.",
    )
    level = models.CharField(max_length=6, choices=ExperienceLevel.choices)
    employment_type = models.CharField(
        max_length=10, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    salary_min = models.PositiveIntegerField("minimum salary")
    salary_max = models.PositiveIntegerField("maximum salary")
    salary_currency = models.CharField(max_length=3, default="USD")
    salary_period = models.CharField(
        max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    # The top of the range per year, so `salary_min` filtering and salary ordering compare
    # hourly, monthly and yearly pay alike. Stored and indexed by the database itself.
    salary_max_annual = models.GeneratedField(
        expression=Case(
            *(
                When(salary_period=period, then=F("salary_max") * factor)
                for period, factor in PERIODS_PER_YEAR.items()
                if factor != 1
            ),
            default=F("salary_max"),
            output_field=models.BigIntegerField(),
        ),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )
    description = models.TextField(help_text="Markdown.")
    apply_url = models.URLField("apply URL", max_length=500, blank=True)
    apply_email = models.EmailField("apply e-mail", blank=True)
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__gt=0) & Q(salary_min__lte=F("salary_max")),
                name="posting_salary_range_valid",
            ),
            models.CheckConstraint(
                condition=~Q(apply_url="") | ~Q(apply_email=""),
                name="posting_has_apply_route",
            ),
            models.CheckConstraint(
                condition=~Q(status=PostingStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="posting_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(remote=RemoteStatus.REMOTE) | Q(hub__isnull=False),
                name="posting_onsite_hybrid_has_hub",
            ),
            models.CheckConstraint(
                condition=Q(remote__in=RemoteStatus.values), name="posting_remote_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=ExperienceLevel.values), name="posting_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(employment_type__in=EmploymentType.values),
                name="posting_employment_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(salary_period__in=SalaryPeriod.values),
                name="posting_salary_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PostingStatus.values),
                name="posting_status_valid",
            ),
        ]
        # Partial indexes over published rows: the public list always filters on status,
        # then on one facet, and orders by recency (or by pay).
        indexes = [
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="posting_published_newest",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            models.Index(
                "role",
                F("published_at").desc(),
                name="posting_published_role",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            models.Index(
                "hub",
                F("published_at").desc(),
                name="posting_published_hub",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            # A role in a city, the board's commonest search: without it PostgreSQL merges
            # the role and remote indexes and sorts (10 ms at 100,000 postings; 2 ms with).
            models.Index(
                "role",
                "hub",
                F("published_at").desc(),
                name="posting_published_role_hub",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            models.Index(
                "remote",
                F("published_at").desc(),
                name="posting_published_remote",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            models.Index(
                F("salary_max_annual").desc(),
                name="posting_published_salary",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            models.Index(fields=["status", "expires_at"], name="posting_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("postings:detail", kwargs={"slug": self.slug})

    def unique_slug(self) -> str:
        base = slugify(f"{self.title} {self.company.name}")[:180] or "posting"
        slug, n = base, 2
        while Posting.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.salary_min is not None and self.salary_max is not None:
            if self.salary_min <= 0:
                errors["salary_min"] = "The minimum salary must be more than zero."
            elif self.salary_min > self.salary_max:
                errors["salary_max"] = "The maximum salary must be at least the minimum."
        if not self.apply_url and not self.apply_email:
            errors["apply_url"] = "Give an apply URL or an apply e-mail address."
        if self.remote != RemoteStatus.REMOTE and self.hub_id is None:
            errors["hub"] = "On-site and hybrid jobs need a city."
        if errors:
            raise ValidationError(errors)

    def is_live(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and (
            self.expires_at is None or self.expires_at > now
        )

    def is_closed(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status in {self.Status.EXPIRED, self.Status.FILLED} or (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= now
        )

    @property
    def location(self) -> str:
        if self.hub_id is None:
            return (
                "Remote, anywhere"
                if not self.applicant_countries
                else ("Remote (" + ", ".join(self.applicant_countries) + ")")
            )
        label = self.hub.place
        if self.remote == RemoteStatus.REMOTE:
            return f"Remote, based in {label}"
        if self.remote == RemoteStatus.HYBRID:
            return f"Hybrid, {label}"
        return label
