from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from jobboard.lib.money import format_range


class ExperienceLevel(models.TextChoices):
    ENTRY = "entry", "Entry (0-2 years)"
    MID = "mid", "Mid-level (3-5 years)"
    SENIOR = "senior", "Senior (6+ years)"


class RemoteStatus(models.TextChoices):
    """Ways of working, for postings, hubs and the salary survey alike."""

    REMOTE = "remote", "Remote"
    HYBRID = "hybrid", "Hybrid"
    ONSITE = "onsite", "On-site"


class RoleFamily(models.TextChoices):
    ENGINEERING = "engineering", "Engineering"
    RESEARCH = "research", "Research"
    PRODUCT = "product", "Product"
    DATA = "data", "Data"
    GOVERNANCE = "governance", "Governance and ethics"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    LEADERSHIP = "leadership", "Leadership"


class Source(models.Model):
    """A document the catalogue's figures come from, named wherever a figure is shown."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=160)
    file = models.CharField(max_length=120, blank=True, help_text="File in the seeds folder.")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


def validate_text_list(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValidationError("Give a list of non-empty texts.", code="invalid_text_list")


def text_list(**options) -> models.JSONField:
    """An ordered list of short texts (responsibilities, skills...), edited as JSON in the admin."""
    return models.JSONField(default=list, blank=True, validators=[validate_text_list], **options)


class RoleQuerySet(models.QuerySet):
    def with_usd_bands(self) -> "RoleQuerySet":
        """Prefetch the US-dollar bands into `usd_bands`, for `salary_span()` on a list."""
        return self.prefetch_related(
            models.Prefetch(
                "salary_bands",
                queryset=SalaryBand.objects.filter(currency="USD"),
                to_attr="usd_bands",
            )
        )


class Role(models.Model):
    Family = RoleFamily

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    family = models.CharField(max_length=20, choices=RoleFamily.choices)
    summary = models.TextField(blank=True)
    responsibilities = text_list()
    skills = text_list(help_text="Core skills, most important first.")
    tools = text_list(help_text="Typical tools and libraries.")
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_from"
    )
    reported_postings = models.PositiveIntegerField(
        null=True, blank=True, help_text="Open postings the source reports, not this board's count."
    )
    reported_postings_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(family__in=RoleFamily.values),
                name="role_family_valid",
            ),
            models.CheckConstraint(
                condition=Q(reported_postings__isnull=True)
                | Q(reported_postings_source__isnull=False),
                name="role_reported_postings_sourced",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roles:detail", kwargs={"slug": self.slug})

    def salary_span(self) -> tuple[int, int, bool] | None:
        """Lowest minimum and highest maximum of the US-dollar bands, and whether the top is open.

        Reads `usd_bands` from `RoleQuerySet.with_usd_bands()`, so a list costs no extra query.
        """
        bands = getattr(self, "usd_bands", None)
        if bands is None:  # not prefetched: one query
            bands = list(self.salary_bands.filter(currency="USD"))
        if not bands:
            return None
        top = max(bands, key=lambda band: (band.maximum, band.open_ended))
        return min(band.minimum for band in bands), top.maximum, top.open_ended


class SalaryBand(models.Model):
    """A reported pay range for a role at one experience level in one country."""

    class Basis(models.TextChoices):
        BASE = "base", "Base salary"
        TOTAL = "total", "Total compensation"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="salary_bands")
    level = models.CharField(max_length=10, choices=ExperienceLevel.choices)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. US.")
    minimum = models.PositiveIntegerField()
    maximum = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    basis = models.CharField(max_length=5, choices=Basis.choices, default=Basis.BASE)
    # The source gave the top of the range as open ("250,000+").
    open_ended = models.BooleanField(default=False)
    source = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["role", "country", "minimum"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "level", "country"], name="salaryband_unique_role_level_country"
            ),
            models.CheckConstraint(
                condition=Q(minimum__gt=0) & Q(minimum__lte=models.F("maximum")),
                name="salaryband_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(level__in=ExperienceLevel.values),
                name="salaryband_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}, {self.level}, {self.country}"

    @property
    def range_text(self) -> str:
        return format_range(self.minimum, self.maximum, self.currency, "", self.open_ended)


class CareerStep(models.Model):
    """One rung of the AI engineering career ladder, in order."""

    order = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="career_steps"
    )
    years_min = models.PositiveSmallIntegerField(null=True, blank=True)
    years_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: no upper bound given."
    )
    responsibilities = text_list()
    note = models.CharField(max_length=200, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(years_min__isnull=True)
                | Q(years_max__isnull=True)
                | Q(years_min__lte=models.F("years_max")),
                name="careerstep_years_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years_text(self) -> str:
        if self.years_min is None:
            return "Not given"
        if self.years_max is None:
            return f"{self.years_min}+ years"
        return f"{self.years_min}–{self.years_max} years"


class CertificationKind(models.TextChoices):
    EXAM = "exam", "Proctored vendor exam"
    COURSE = "course-certificate", "Course-completion certificate"
    PROVIDER = "provider-program", "Private training program"
    UNVERIFIED = "unverified", "Named by a source; not known to exist"


class Certification(models.Model):
    Kind = CertificationKind

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=160)
    issuer = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=CertificationKind.choices)
    covers = models.TextField(help_text="What it covers, in our own words.")
    roles = models.ManyToManyField(Role, blank=True, related_name="certifications")
    exists = models.BooleanField(
        default=True, help_text="Untick when no such certification is known to exist."
    )
    note = models.TextField(blank=True, help_text="Caveats shown beside it.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CertificationKind.values),
                name="certification_kind_valid",
            ),
            # A certification nobody can find must say so by its kind, so no page shows it
            # as a real exam.
            models.CheckConstraint(
                condition=Q(exists=True) | Q(kind=CertificationKind.UNVERIFIED),
                name="certification_missing_is_unverified",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogueRecord(models.Model):
    """What `load_catalogue` last wrote into one catalogue row, as a digest per field, so a
    later load can tell a field an admin changed (left alone) from one the file changed
    (jobboard/lib/catalogue.py). Kept here, in the lowest app with catalogue data."""

    model = models.CharField(max_length=100)
    key = models.CharField(max_length=500, help_text="The row's lookup, as JSON.")
    written = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="cataloguerecord_unique_row")
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.key}"


class Transition(models.Model):
    """A route from an earlier career into an AI role, as a source reports it."""

    background = models.SlugField(max_length=40)
    background_label = models.CharField(max_length=60)
    target_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="transitions_in")
    months_min = models.PositiveSmallIntegerField()
    months_max = models.PositiveSmallIntegerField()
    certifications = models.ManyToManyField(Certification, blank=True, related_name="transitions")
    other_credentials = text_list(
        help_text="Credentials that are not certifications, e.g. a portfolio or publications."
    )
    prerequisites = text_list()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["months_min", "background"]
        constraints = [
            models.UniqueConstraint(
                fields=["background", "target_role"], name="transition_unique_route"
            ),
            models.CheckConstraint(
                condition=Q(months_min__gt=0) & Q(months_min__lte=models.F("months_max")),
                name="transition_months_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.background_label} to {self.target_role}"

    @property
    def timeline_text(self) -> str:
        return f"{self.months_min}–{self.months_max} months"
