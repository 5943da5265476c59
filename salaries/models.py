"""The salary survey: imported reports, the titles that map them to roles, and the
percentiles precomputed for the common groups.

Reports come from the aijobs.net salary survey (see docs/salaries.md). The statistics live
in `stats.py` and the import in `importers.py`.
"""

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower, Upper

from roles.models import Role


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
    digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the file, so it is imported only once."
    )
    imported = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "roles_importbatch"  # made in the roles app, before the survey had its own
        ordering = ["-updated_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return self.source


class TitleAlias(models.Model):
    """A reported job title that counts as one of our roles (matched ignoring case)."""

    title = models.CharField(max_length=200)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="title_aliases")

    class Meta:
        db_table = "roles_titlealias"
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
        db_table = "roles_salaryreport"
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
        db_table = "roles_salarysummary"
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


class ExchangeRate(models.Model):
    """A reference exchange rate: units of `currency` per euro, as published on `date`.

    The board compares pay across currencies with these (salaries/rates.py). A table ships
    with the board (catalogue/exchange_rates.json); `update_exchange_rates` reads a newer
    published file, and an admin may correct a rate by hand.
    """

    currency = models.CharField(max_length=3, unique=True, help_text="ISO 4217 code.")
    per_euro = models.DecimalField(max_digits=18, decimal_places=6)
    date = models.DateField(help_text="The day the rate was published for.")
    source = models.CharField(max_length=200)

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.CheckConstraint(condition=Q(per_euro__gt=0), name="exchangerate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.per_euro} per EUR ({self.date})"
