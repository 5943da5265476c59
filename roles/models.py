from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower, Upper
from django.urls import reverse

from jobboard.money import format_range


class ExperienceLevel(models.TextChoices):
    ENTRY = "entry", "Entry (0-2 years)"
    MID = "mid", "Mid-level (3-5 years)"
    SENIOR = "senior", "Senior (6+ years)"


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
    def with_live_count(self, live_postings: models.QuerySet) -> "RoleQuerySet":
        """Annotate `live_count`; the caller passes the live set so roles never import postings."""
        # A correlated count per role through the role index: `postings__in=live_postings`
        # made PostgreSQL read every live posting of the board to answer for one role.
        per_role = (
            live_postings.filter(role=models.OuterRef("pk"))
            .order_by()
            .values("role")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(live_count=Coalesce(models.Subquery(per_role), 0))

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


# --- Salary survey -------------------------------------------------------------------------
# Reports from the aijobs.net salary survey, mapped to roles through TitleAlias, and the
# percentiles precomputed for the common groups (SalarySummary). The statistics live in
# roles/salary_stats.py and the import in roles/importers.py.


class SurveyLevel(models.TextChoices):
    """The survey's four levels; wider than ExperienceLevel, which postings use."""

    ENTRY = "entry", "Entry"
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    EXECUTIVE = "executive", "Executive"


class SurveyRemote(models.TextChoices):
    # The same codes as postings' RemoteStatus, so one query string serves both.
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class SurveyEmployment(models.TextChoices):
    FULL_TIME = "full-time", "Full-time"
    PART_TIME = "part-time", "Part-time"
    CONTRACT = "contract", "Contract"
    FREELANCE = "freelance", "Freelance"


class CompanySize(models.TextChoices):
    SMALL = "S", "Small"
    MEDIUM = "M", "Medium"
    LARGE = "L", "Large"


class ImportBatch(models.Model):
    """One imported source; importing the same source again replaces its reports."""

    source = models.CharField(max_length=200, unique=True)
    location = models.CharField("file or URL", max_length=1000)
    imported = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return self.source


class TitleAlias(models.Model):
    """A reported job title that counts as one of our roles (matched ignoring case)."""

    title = models.CharField(max_length=200)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="title_aliases")

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "title aliases"
        constraints = [
            models.UniqueConstraint(Lower("title"), name="titlealias_title_unique_ci"),
            models.CheckConstraint(condition=~Q(title=""), name="titlealias_title_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.role}"


class SalaryReportQuerySet(models.QuerySet):
    def unmapped_titles(self) -> "SalaryReportQuerySet":
        """Reported titles no alias maps to a role, most frequent first."""
        return (
            self.filter(role__isnull=True)
            .values("job_title")
            .annotate(reports=models.Count("pk"))
            .order_by("-reports", "job_title")
        )


class SalaryReport(models.Model):
    Level = SurveyLevel
    Remote = SurveyRemote
    Employment = SurveyEmployment

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=9, choices=SurveyLevel.choices)
    employment_type = models.CharField(max_length=9, choices=SurveyEmployment.choices)
    job_title = models.CharField(max_length=200)
    amount = models.BigIntegerField(help_text="In the currency the respondent reported.")
    currency = models.CharField(max_length=3)
    amount_usd = models.PositiveIntegerField("amount in USD")
    residence_country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    company_country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    remote = models.CharField(max_length=6, choices=SurveyRemote.choices)
    company_size = models.CharField(max_length=1, choices=CompanySize.choices)
    role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="salary_reports"
    )

    objects = SalaryReportQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="salaryreport_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_usd__gt=0), name="salaryreport_amount_usd_positive"
            ),
            models.CheckConstraint(
                condition=Q(level__in=SurveyLevel.values), name="salaryreport_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(remote__in=SurveyRemote.values), name="salaryreport_remote_valid"
            ),
            models.CheckConstraint(
                condition=Q(employment_type__in=SurveyEmployment.values),
                name="salaryreport_employment_valid",
            ),
            models.CheckConstraint(
                condition=Q(company_size__in=CompanySize.values),
                name="salaryreport_company_size_valid",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="salaryreport_currency_code"
            ),
            models.CheckConstraint(
                condition=Q(residence_country__regex=r"^[A-Z]{2}$")
                & Q(company_country__regex=r"^[A-Z]{2}$"),
                name="salaryreport_country_codes",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="salaryreport_year_range"
            ),
        ]
        indexes = [
            # The on-demand statistics and a posting's placement filter on these, then read
            # amount_usd; the trailing amount_usd lets the database answer from the index.
            models.Index(
                fields=["role", "level", "residence_country", "amount_usd"],
                name="salaryreport_role_level_ctry",
            ),
            models.Index(Upper("job_title"), name="salaryreport_title_ci"),
            models.Index(fields=["level", "residence_country"], name="salaryreport_level_ctry"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title}, {self.level}, {self.residence_country}, {self.year}"


class SalarySummary(models.Model):
    """Precomputed percentiles of amount_usd for one group; a NULL dimension means "all".

    Rebuilt after every import and remap. Percentiles are left empty for groups too small
    to publish, so the table never holds figures the site may not show.
    """

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="salary_summaries"
    )
    # NULL, not "", is "all" here: it is what GROUP BY CUBE produces for a rolled-up column.
    level = models.CharField(max_length=9, choices=SurveyLevel.choices, null=True)  # noqa: DJ001
    country = models.CharField(max_length=2, null=True)  # noqa: DJ001
    remote = models.CharField(max_length=6, choices=SurveyRemote.choices, null=True)  # noqa: DJ001
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField()
    p10 = models.FloatField(null=True, blank=True)
    p25 = models.FloatField(null=True, blank=True)
    p50 = models.FloatField(null=True, blank=True)
    p75 = models.FloatField(null=True, blank=True)
    p90 = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "salary summaries"
        constraints = [
            # NULL means "all", so two NULLs must collide: compare through COALESCE.
            models.UniqueConstraint(
                Coalesce("role", Value(0)),
                Coalesce("level", Value("")),
                Coalesce("country", Value("")),
                Coalesce("remote", Value("")),
                Coalesce("year", Value(0)),
                name="salarysummary_group_unique",
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="salarysummary_count_positive"),
        ]
        indexes = [
            models.Index(
                fields=["role", "level", "country", "remote", "year"], name="salarysummary_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role or 'all roles'}, {self.level or 'all levels'}, {self.count}"
