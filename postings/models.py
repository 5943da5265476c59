import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Cast, Floor
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.text import slugify

from hubs import gazetteer
from hubs.models import hub_ids_by_city
from jobboard.lib.markdown import render_markdown_cached
from jobboard.lib.money import is_currency
from roles.models import ExperienceLevel, RemoteStatus, Role
from salaries.rates import RateTable, rate_table, read_rate_table

# The same company may not post the same title twice within this many days.
DUPLICATE_WINDOW_DAYS = 7
# Addresses under /jobs/ that routes use: a posting with one of these slugs would hide.
RESERVED_SLUGS = frozenset({"feed", "saved", "alerts"})


def validate_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            f"“{slug}” is the address of a page; choose another.", code="reserved"
        )


COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def validate_country_list(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(code, str) and COUNTRY_CODE.match(code) for code in value
    ):
        raise ValidationError(
            "Give a list of two-letter country codes (ISO 3166-1), e.g. US, GB.",
            code="invalid_country_list",
        )


def duplicate_error(duplicate: "Posting") -> ValidationError:
    return ValidationError(
        f"Your company posted “{duplicate.title}” in the last {DUPLICATE_WINDOW_DAYS} days; "
        "edit or renew that posting instead.",
        code="duplicate_title",
    )


def validate_currency(value: str) -> None:
    if value and not is_currency(value):
        raise ValidationError(
            "%(value)s is not a currency code (ISO 4217, e.g. USD, EUR, INR).",
            code="invalid_currency",
            params={"value": value},
        )


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
# The most a posting may state per period: far above any real pay even in currencies of
# small units (a senior salary in Vietnamese dong or Indonesian rupiah is in the billions a
# year), and far below what a 64-bit column holds once annualised.
SALARY_CEILINGS = {
    SalaryPeriod.YEAR: 100_000_000_000,
    SalaryPeriod.MONTH: 10_000_000_000,
    SalaryPeriod.HOUR: 100_000_000,
}
ANNUAL_SALARY_CEILING = max(
    ceiling * PERIODS_PER_YEAR[period] for period, ceiling in SALARY_CEILINGS.items()
)
# What salary_max_usd is computed from.
PAY_FIELDS = frozenset({"salary_max", "salary_currency", "salary_period"})


class PostingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    EXPIRED = "expired", "Expired"
    FILLED = "filled", "Filled"
    REJECTED = "rejected", "Rejected"


# Statuses with a public page: live postings, and closed ones that keep their address.
PUBLIC_STATUSES = (PostingStatus.PUBLISHED, PostingStatus.EXPIRED, PostingStatus.FILLED)


class PostingQuerySet(models.QuerySet):
    """Who may see which posting, defined once: pages, the API, feeds, sitemaps, alerts and
    commands all read postings through these methods (and `Posting.is_live` mirrors `live`
    for one row already loaded; tests/postings/test_visibility.py holds the two together)."""

    def live(self, now: datetime | None = None) -> "PostingQuerySet":
        """What the public is offered: published and not past its expiry."""
        now = now or timezone.now()
        return self.filter(status=PostingStatus.PUBLISHED).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def public(self) -> "PostingQuerySet":
        """Everything with a public page: live postings, and closed ones (expired, filled, or
        published with their expiry passed) that keep their address with a closed notice."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def managed_by(self, user) -> "PostingQuerySet":
        """Postings the user may change: those of the companies they belong to. Staff act on
        other companies' postings only through the admin, with its permissions."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(company__memberships__user=user)

    def visible_to(self, user) -> "PostingQuerySet":
        """What a posting page and the API's detail may show this user: public postings, the
        ones they manage in any status (as a preview), and every posting for staff allowed
        to view postings in the admin."""
        if not user.is_authenticated:
            return self.public()
        # Only staff reach the admin, so only their permissions are worth a query.
        if user.is_staff and user.has_perm("postings.view_posting"):
            return self.all()
        return self.filter(
            Q(status__in=PUBLIC_STATUSES) | Q(pk__in=Posting.objects.managed_by(user).values("pk"))
        )

    def for_list(self) -> "PostingQuerySet":
        """The joins every list of postings shows."""
        return self.select_related("company", "role", "hub", "city")


class Posting(models.Model):
    Status = PostingStatus

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=200, unique=True, validators=[validate_not_reserved])
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="postings"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="postings")
    city = models.ForeignKey(
        "hubs.City",
        on_delete=models.PROTECT,
        related_name="postings",
        null=True,
        blank=True,
        help_text="Where the work is. Leave empty only for a remote job with no home city.",
    )
    # The curated market the city belongs to, if any: set from the city on every save, so
    # hub pages and counts follow postings without anyone choosing a hub.
    hub = models.ForeignKey(
        "hubs.Hub",
        on_delete=models.PROTECT,
        related_name="postings",
        null=True,
        blank=True,
        editable=False,
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
    salary_min = models.PositiveBigIntegerField("minimum salary")
    salary_max = models.PositiveBigIntegerField("maximum salary")
    salary_currency = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text="ISO 4217. Empty: the currency of the city's country (US dollars for a "
        "remote job with no one country).",
    )
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
    # The top of the range per year in US dollars at the reference rates (salaries/rates.py),
    # so `salary_min` compares pay in any currency like with like, on an index. Set on
    # every save and recomputed when a rate changes. 0 for a currency without a rate: never
    # found by a pay search, listed last by pay (no NULLs, so one index serves both).
    salary_max_usd = models.BigIntegerField("maximum a year in USD", default=0, editable=False)
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
    # Where an imported posting came from, and the id its source gives it (postings/imports).
    import_source = models.ForeignKey(
        "ImportSource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        editable=False,
    )
    external_id = models.CharField(max_length=200, blank=True, editable=False)
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
                condition=Q(remote=RemoteStatus.REMOTE) | Q(city__isnull=False),
                name="posting_onsite_hybrid_has_city",
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
                condition=Q(salary_currency__regex=r"^[A-Z]{3}$"),
                name="posting_salary_currency_code",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PostingStatus.values),
                name="posting_status_valid",
            ),
            # One posting per opening of a source.
            models.UniqueConstraint(
                fields=["import_source", "external_id"],
                condition=Q(import_source__isnull=False),
                name="posting_unique_external_id",
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
            # `city` and `near` (which finds cities first) filter on the city.
            models.Index(
                "city",
                F("published_at").desc(),
                name="posting_published_city",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            # A role in a city, the board's commonest search: without it PostgreSQL merges
            # the role and remote indexes and then sorts.
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
                F("salary_max_usd").desc(),
                name="posting_published_salary_usd",
                condition=Q(status=PostingStatus.PUBLISHED),
            ),
            models.Index(fields=["status", "expires_at"], name="posting_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"

    def save(self, *args, **kwargs) -> None:
        if not self.salary_currency:
            self.settle_currency()
        update_fields = kwargs.get("update_fields")
        if update_fields is None or PAY_FIELDS.intersection(update_fields):
            self.salary_max_usd = self.yearly_max_in_usd()
            if update_fields is not None:
                update_fields = kwargs["update_fields"] = {*update_fields, "salary_max_usd"}
        place_fields = {"city", "hub", "remote", "applicant_countries"}
        if update_fields is None or place_fields.intersection(update_fields):
            self.settle_place()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "city", "hub"}
        self._save_at_a_free_address(*args, **kwargs)
        if update_fields is None or place_fields.intersection(update_fields):
            self.sync_countries()

    def get_absolute_url(self) -> str:
        return reverse("postings:detail", kwargs={"slug": self.slug})

    def _save_at_a_free_address(self, *args, **kwargs) -> None:
        if self.slug:
            return super().save(*args, **kwargs)
        # Another posting may take the free slug between the look and the insert: try the
        # next one then, rather than fail.
        for _ in range(5):
            self.slug = self.unique_slug()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if Posting.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                    continue
                raise
        raise IntegrityError(f"No free address for “{self.title}”.")

    def settle_place(self) -> None:
        """Take the hub from the city (or, for callers that still name a hub, the city
        from the hub), so a posting in a hub's city always belongs to that hub."""
        if self.city_id is None and self.hub_id is not None:
            self.city_id = self.hub.city_id
        self.hub_id = hub_ids_by_city().get(self.city_id) if self.city_id else None

    def yearly_max_in_usd(self, table: "RateTable | None" = None) -> int:
        """The top of the range a year in US dollars; 0 without a rate for the currency."""
        if self.salary_max is None or not self.salary_currency:
            return 0
        table = table or rate_table()
        yearly = self.salary_max * PERIODS_PER_YEAR[self.salary_period]
        return table.to_usd(yearly, self.salary_currency) or 0

    def settle_currency(self) -> None:
        """An empty currency becomes the one of the city's country, or of the one country a
        remote job is open to, else US dollars."""
        if self.city_id is not None:
            country = self.city.country
        elif len(self.applicant_countries) == 1:
            country = self.applicant_countries[0]
        else:
            country = ""
        self.salary_currency = gazetteer.currency_of(country) or "USD"

    def place_countries(self) -> set[str]:
        """The countries a `country` search finds this posting in: its city's, and for
        remote work the countries its applicants may live in."""
        codes = set(self.applicant_countries) if self.remote == RemoteStatus.REMOTE else set()
        if self.city_id is not None:
            codes.add(self.city.country)
        return codes

    def sync_countries(self) -> None:
        wanted = self.place_countries()
        kept = set(self.countries.values_list("country", flat=True))
        if kept - wanted:
            self.countries.filter(country__in=kept - wanted).delete()
        PostingCountry.objects.bulk_create(
            PostingCountry(posting=self, country=code) for code in sorted(wanted - kept)
        )

    @cached_property
    def description_html(self) -> SafeString:
        """The description as safe HTML, for the page and its structured data alike: rendered
        once per distinct text and then reused from the cache (render_markdown_cached)."""
        return render_markdown_cached(self.description)

    def unique_slug(self) -> str:
        base = slugify(f"{self.title} {self.company.name}")[:180] or "posting"
        if base in RESERVED_SLUGS:
            base = f"{base}-job"
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
            elif self.salary_max > SALARY_CEILINGS.get(self.salary_period, 0):
                ceiling = SALARY_CEILINGS.get(self.salary_period)
                errors["salary_max"] = (
                    f"That is more than anyone is paid: at most {ceiling:,} "
                    f"{SalaryPeriod(self.salary_period).label}."
                    if ceiling
                    else "Choose how often this pay is given."
                )
            elif self.salary_max > self.salary_min * settings.SALARY_MAX_RATIO:
                errors["salary_max"] = (
                    f"The maximum may be at most {settings.SALARY_MAX_RATIO:g} times the minimum; "
                    "give a narrower range."
                )
        if not self.apply_url and not self.apply_email:
            errors["apply_url"] = "Give an apply URL or an apply e-mail address."
        self.settle_place()
        if not self.salary_currency:
            self.settle_currency()
        if self.remote != RemoteStatus.REMOTE and self.city_id is None:
            errors["city"] = "On-site and hybrid jobs need a city."
        if "title" not in errors and self.title and self.company_id:
            duplicate = self.recent_duplicate()
            if duplicate is not None:
                errors["title"] = duplicate_error(duplicate)
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
        """`PostingQuerySet.live()` for this one posting."""
        now = now or timezone.now()
        return self.status == PostingStatus.PUBLISHED and (
            self.expires_at is None or self.expires_at > now
        )

    def is_closed(self, now: datetime | None = None) -> bool:
        """Public, but no longer live: its page stays, marked closed and not indexed."""
        return self.status in PUBLIC_STATUSES and not self.is_live(now)

    @property
    def applicants_from(self) -> str:
        """Where applicants of a remote job may live, in words."""
        return gazetteer.describe_countries(self.applicant_countries)

    @property
    def location(self) -> str:
        if self.city_id is None:
            return f"Remote, {self.applicants_from}"
        label = self.city.label
        if self.remote == RemoteStatus.REMOTE:
            return f"Remote ({self.applicants_from}), based in {label}"
        if self.remote == RemoteStatus.HYBRID:
            return f"Hybrid, {label}"
        return label


def recompute_usd_pay(*, currency: str | None = None) -> int:
    """Set every posting's salary_max_usd (or only those paid in `currency`) from the rates
    in the database: one UPDATE per currency. Returns the postings changed."""
    table = read_rate_table()
    currencies = (
        [currency]
        if currency
        else Posting.objects.values_list("salary_currency", flat=True).distinct()
    )
    changed = 0
    for code in list(currencies):
        factor = table.usd_factor(code)
        value = (
            Cast(Floor(F("salary_max_annual") * Value(factor)), models.BigIntegerField())
            if factor is not None
            else Value(0)
        )
        changed += Posting.objects.filter(salary_currency=code).update(salary_max_usd=value)
    return changed


class PostingCountry(models.Model):
    """A country a posting is found in by `country` searches (Posting.place_countries):
    kept by Posting.save, one row per country, so the search is an indexed lookup."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "posting"], name="postingcountry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.posting_id} in {self.country}"


class ImportKind(models.TextChoices):
    GREENHOUSE = "greenhouse", "Greenhouse"
    LEVER = "lever", "Lever"
    ASHBY = "ashby", "Ashby"
    WORKABLE = "workable", "Workable"
    JSONLD = "jsonld", "A careers page (schema.org JobPosting)"


class ImportSource(models.Model):
    """A feed a company keeps its openings in, imported and kept in sync (postings/imports)."""

    Kind = ImportKind

    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="import_sources"
    )
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    board = models.CharField(
        max_length=500,
        help_text="The board's name in the system (Greenhouse board token, Lever site, Ashby "
        "job board, Workable subdomain), or for a careers page its address.",
    )
    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_result = models.JSONField(default=dict, blank=True, editable=False)
    # Openings the last run could not list, each with the reason, for the employer to fix.
    held_back = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company", "kind", "board"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind", "board"], name="importsource_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ImportKind.values), name="importsource_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.board} ({self.company})"


class PostingForReview(Posting):
    """The moderation queue in the admin: the same rows, listed only while pending."""

    class Meta:
        proxy = True
        verbose_name = "posting awaiting review"
        verbose_name_plural = "moderation queue"
