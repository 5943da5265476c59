import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.text import slugify

from jobboard.counts import invalidate_counts
from jobboard.markdown import render_markdown_cached
from roles.models import ExperienceLevel, Role

# The same company may not post the same title twice within this many days.
DUPLICATE_WINDOW_DAYS = 7

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def validate_country_list(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(code, str) and COUNTRY_CODE.match(code) for code in value
    ):
        raise ValidationError(
            "Give a list of two-letter country codes (ISO 3166-1), e.g. US, GB.",
            code="invalid_country_list",
        )


LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def validate_logo(file) -> None:
    """Accept only a real image of a common format under the size limit, whatever its name says."""
    from PIL import Image, UnidentifiedImageError

    if getattr(file, "_committed", False):
        return  # stored earlier and checked then; only new uploads are examined
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            f"The logo is too large: at most {settings.LOGO_MAX_BYTES // 1024} KB.",
            code="logo_too_large",
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "The logo is not an image we can read.", code="logo_not_an_image"
        ) from None
    finally:
        file.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError("Upload the logo as PNG, JPEG, GIF or WebP.", code="logo_format")


class CompanyQuerySet(models.QuerySet):
    def of_user(self, user) -> "CompanyQuerySet":
        """Companies the user belongs to (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class HubQuerySet(models.QuerySet):
    def cities(self) -> "HubQuerySet":
        """Real places; the catalogue's "Remote" entry is a market, not a city."""
        return self.filter(is_remote=False)

    def with_live_count(self) -> "HubQuerySet":
        """Annotate `live_count`: live postings placed in the hub, or for the Remote market,
        every live remote posting (those usually have no hub at all)."""
        live = Posting.objects.live().order_by()
        in_hub = live.filter(hub=OuterRef("pk")).values("hub").annotate(n=Count("pk"))
        remote = live.filter(remote=RemoteStatus.REMOTE).values("remote").annotate(n=Count("pk"))
        return self.annotate(
            live_count=Case(
                When(is_remote=True, then=Coalesce(Subquery(remote.values("n")), 0)),
                default=Coalesce(Subquery(in_hub.values("n")), 0),
            )
        )

    def with_cost_index(self) -> "HubQuerySet":
        """Hubs the salary converter can use: those with a single cost-of-living index."""
        return self.filter(cost_of_living_index__isnull=False)


class Hub(models.Model):
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

    def postings_url(self) -> str:
        """The filtered job list for this hub; the Remote market filters on remote work."""
        query = "remote=remote" if self.is_remote else f"city={self.slug}"
        return reverse("postings:list") + "?" + query

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.name, self.region or self.country) if part)

    def live_postings(self) -> "PostingQuerySet":
        live = Posting.objects.live()
        if self.is_remote:
            return live.filter(remote=RemoteStatus.REMOTE)
        return live.filter(hub=self)

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


class Company(models.Model):
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)
    logo = models.ImageField(
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text="PNG, JPEG, GIF or WebP, at most LOGO_MAX_BYTES.",
    )
    verified = models.BooleanField(
        default=False,
        help_text="Set by an admin: postings from a verified company skip the review queue.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="companies"
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            base = slugify(self.name)[:150] or "company"
            slug, n = base, 2
            while Company.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)
        # Its name is in its postings' search text and in the cached lists of postings.
        invalidate_counts()

    def get_absolute_url(self) -> str:
        return reverse("postings:company", kwargs={"slug": self.slug})


class MembershipRole(models.TextChoices):
    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"


class Membership(models.Model):
    """A user's place in a company: owners may invite; every member may post and manage postings."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=6, choices=MembershipRole.choices, default="member")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.company}"


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

    def managed_by(self, user) -> "PostingQuerySet":
        """Postings the user may see in any status and change: their companies' (all, for staff)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(company__in=Company.objects.of_user(user).values("pk"))

    def visible_to(self, user, now: datetime | None = None) -> "PostingQuerySet":
        """What a posting page may show this user: public postings plus the ones they manage."""
        if not user.is_authenticated:
            return self.public(now)
        if user.is_staff:
            return self.all()
        return self.public(now) | self.managed_by(user)

    def get_visible(self, user, **lookup) -> "Posting":
        """`visible_to(user).get(**lookup)`, cheaper for the public: their case, the common
        one, reads the row by itself and applies `public()` in Python (`Posting.is_public`),
        sparing the database and Django a four-way OR."""
        if user.is_authenticated:
            return self.visible_to(user).get(**lookup)
        posting = self.get(**lookup)
        if not posting.is_public():
            raise self.model.DoesNotExist
        return posting


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
    rejection_reason = models.TextField(
        blank=True, help_text="Why a moderator turned it down; e-mailed to the company."
    )
    # Set by `expire_postings` in the same UPDATE that claims the reminder, so it goes once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    similar_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="A live or pending posting with nearly the same text, found on submission.",
    )
    similarity = models.FloatField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search on PostgreSQL: title (weight A), role and company names (B) and
    # description (C), English stemming. Written only by database triggers (migration
    # 0002_posting_search), so bulk inserts, queryset updates and renamed roles or
    # companies all keep it current; the GIN index is made there too. Always NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

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
        invalidate_counts()

    def get_absolute_url(self) -> str:
        return reverse("postings:detail", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        invalidate_counts()
        return deleted

    @cached_property
    def description_html(self) -> SafeString:
        """The description as safe HTML, for the page and its structured data alike: rendered
        once per distinct text and then reused from the cache (render_markdown_cached)."""
        return render_markdown_cached(self.description)

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
            elif self.salary_max > self.salary_min * settings.SALARY_MAX_RATIO:
                errors["salary_max"] = (
                    f"The maximum may be at most {settings.SALARY_MAX_RATIO:g} times the minimum; "
                    "give a narrower range."
                )
        if not self.apply_url and not self.apply_email:
            errors["apply_url"] = "Give an apply URL or an apply e-mail address."
        if self.remote != RemoteStatus.REMOTE and self.hub_id is None:
            errors["hub"] = "On-site and hybrid jobs need a city."
        if "title" not in errors and self.title and self.company_id:
            duplicate = self.recent_duplicate()
            if duplicate is not None:
                errors["title"] = ValidationError(
                    f"Your company posted “{duplicate.title}” in the last "
                    f"{DUPLICATE_WINDOW_DAYS} days; edit or renew that posting instead.",
                    code="duplicate_title",
                )
        if errors:
            raise ValidationError(errors)

    def recent_duplicate(self) -> "Posting | None":
        """The same company's posting with the same normalised title from the last 7 days."""
        from .similarity import normalise

        since = timezone.now() - timedelta(days=DUPLICATE_WINDOW_DAYS)
        wanted = normalise(self.title)
        recent = (
            Posting.objects.filter(company_id=self.company_id, created_at__gte=since)
            .exclude(pk=self.pk)
            .exclude(status=PostingStatus.REJECTED)
            .only("pk", "title", "slug")
        )
        return next((p for p in recent if normalise(p.title) == wanted), None)

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

    def is_public(self, now: datetime | None = None) -> bool:
        """`PostingQuerySet.public()` for one posting: live or closed."""
        now = now or timezone.now()
        return self.is_live(now) or self.is_closed(now)

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


class PostingForReview(Posting):
    """The moderation queue in the admin: the same rows, listed only while pending."""

    class Meta:
        proxy = True
        verbose_name = "posting awaiting review"
        verbose_name_plural = "moderation queue"


class ReportedWorkSplit(models.Model):
    """The share of remote, hybrid and on-site AI postings a source reports, for comparison."""

    source = models.OneToOneField("roles.Source", on_delete=models.PROTECT, related_name="+")
    remote_pct = models.PositiveSmallIntegerField()
    hybrid_pct = models.PositiveSmallIntegerField()
    onsite_pct = models.PositiveSmallIntegerField()

    class Meta:
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


# Saved postings and job alerts live in their own module; importing them here is what lets
# Django find them as models of this app.
from .candidates import AlertDelivery, JobAlert, SavedPosting  # noqa: E402, F401
