from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from guides.models import GuideArticle, GuideStatus
from jobboard.catalogue_cache import cached_catalogue
from jobboard.charts import RangeBar, range_bars
from jobboard.counts import cached_count
from jobboard.money import format_amount
from postings.models import Posting
from postings.newest import newest_live

from .models import CareerStep, ExperienceLevel, Role, SalaryBand, Source
from .salary_stats import percentiles_by_level

LATEST_POSTINGS = 5
RELATED_GUIDES = 6
SHORT_LEVELS = {"entry": "Entry", "mid": "Mid-level", "senior": "Senior"}
LEVEL_ORDER = {level: i for i, level in enumerate(ExperienceLevel.values)}


def role_list(request: HttpRequest) -> HttpResponse:
    # Three queries: the roles with their live count, their US-dollar bands, the sources.
    roles = Role.objects.with_live_count(Posting.objects.live()).with_usd_bands().order_by("name")
    return render(
        request,
        "roles/role_list.html",
        {
            "roles": roles,
            "sources": Source.objects.filter(slug__in=SalaryBand.objects.values("source")),
        },
    )


def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = cached_catalogue(
        f"role:{slug}",
        lambda: Role.objects.select_related("reported_postings_source").filter(slug=slug).first(),
    )
    if role is None:
        raise Http404("No such role.")
    # Counting reads every live posting of the role (thousands on a large board), so the
    # number is reused briefly, like the counts of /jobs/ (jobboard/counts.py).
    role.live_count = cached_count(
        f"counts:role:{role.pk}", lambda: Posting.objects.live().filter(role=role).count()
    )
    postings_url = reverse("postings:list") + f"?role={role.slug}"
    context = {
        "role": role,
        # Eight queries' worth of sections that are the same for every visitor.
        "catalogue_sections": cached_catalogue(
            f"role-sections:{role.pk}",
            lambda: render_to_string(
                "roles/_role_catalogue.html", catalogue_sections(role, postings_url)
            ),
        ),
        "latest": newest_live(
            Posting.objects.live().filter(role_id=role.pk),
            key=f"role:{role.pk}",
            count=LATEST_POSTINGS,
        ),
        "postings_url": postings_url,
        "related_guides": related_guides(role),
    }
    return render(request, "roles/role_detail.html", context)


def related_guides(role: Role) -> list[GuideArticle]:
    """The newest published guides about the role. Cached with the catalogue, scheduled ones
    too, and filtered here, so a guide whose time comes shows without any write."""
    guides = cached_catalogue(
        f"role-guides:{role.pk}",
        lambda: list(
            GuideArticle.objects.filter(status=GuideStatus.PUBLISHED)
            .for_role(role)
            .only("title", "slug", "status", "published_at")
        ),
    )
    now = timezone.now()
    return [guide for guide in guides if guide.is_public(now)][:RELATED_GUIDES]


def catalogue_sections(role: Role, postings_url: str) -> dict:
    """The context of roles/_role_catalogue.html: pay, career path, routes in, certifications."""
    sources = Source.objects.in_bulk(field_name="slug")
    bands = sorted(
        role.salary_bands.all(), key=lambda b: (b.country != "US", b.country, LEVEL_ORDER[b.level])
    )
    for band in bands:
        band.source_title = getattr(sources.get(band.source), "title", band.source)
    # The bands are mostly American, so the survey is compared for the US too.
    survey_levels = percentiles_by_level(role, country="US")
    return {
        "role": role,
        "charts": salary_charts(role, bands),
        "postings_url": postings_url,
        "related": role.related.all(),
        "career_path": CareerStep.objects.select_related("role", "source")
        if role.career_steps.exists()
        else [],
        "transitions": role.transitions_in.select_related("source").prefetch_related(
            "certifications"
        ),
        "certifications": role.certifications.select_related("source"),
        "survey_levels": survey_levels if any(row.count for row in survey_levels) else [],
        "survey_country": "US",
    }


def salary_charts(role: Role, bands: list[SalaryBand]) -> list[dict]:
    """One chart per country, pay by level, each with the figures a table repeats."""
    by_country: dict[str, list[SalaryBand]] = {}
    for band in bands:
        by_country.setdefault(band.country, []).append(band)
    charts = []
    for country, rows in by_country.items():
        currency = rows[0].currency
        svg = range_bars(
            [
                RangeBar(SHORT_LEVELS[band.level], band.minimum, band.maximum, band.open_ended)
                for band in rows
            ],
            title=f"{role.name}: reported pay by experience level, {country} ({currency})",
            description="; ".join(
                f"{band.get_level_display()}: {band.range_text}" for band in rows
            ),
            fmt=lambda value, currency=currency: format_amount(int(value), currency),
        )
        charts.append({"country": country, "currency": currency, "svg": svg, "bands": rows})
    return charts
