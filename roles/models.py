from django.db import models
from django.db.models import Q
from django.urls import reverse


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


class Role(models.Model):
    Family = RoleFamily

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    family = models.CharField(max_length=20, choices=RoleFamily.choices)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(family__in=RoleFamily.values),
                name="role_family_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Role pages arrive with #3; until then a role links to its live postings.
        return reverse("postings:list") + f"?role={self.slug}"


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
