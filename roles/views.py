from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from jobboard.lib.board import Board, board
from jobboard.lib.cache import cached_catalogue
from jobboard.lib.charts import RangeBar, range_bars
from jobboard.lib.money import format_amount

from .models import CareerStep, ExperienceLevel, Role, SalaryBand, Source

LATEST_POSTINGS = 5
SHORT_LEVELS = {"entry": "Entry", "mid": "Mid-level", "senior": "Senior"}
LEVEL_ORDER = {level: i for i, level in enumerate(ExperienceLevel.values)}


def role_list(request: HttpRequest) -> HttpResponse:
    # Queries: the roles, their US-dollar bands and the sources; live counts are cached.
    roles = list(Role.objects.with_usd_bands().order_by("name"))
    live = board()
    counts = live.live_counts("role")
    for role in roles:
        role.live_count = counts.get(role.pk, 0)
        role.postings_url = live.postings_url(role=role)
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
    live = board()
    role.live_count = live.live_counts("role").get(role.pk, 0)
    postings_url = live.postings_url(role=role)
    context = {
        "role": role,
        # Eight queries' worth of sections that are the same for every visitor.
        "catalogue_sections": cached_catalogue(
            f"role-sections:{role.pk}",
            lambda: render_to_string(
                "roles/_role_catalogue.html", catalogue_sections(role, postings_url, live)
            ),
        ),
        "latest": live.newest_postings(limit=LATEST_POSTINGS, role=role),
        "postings_url": postings_url,
        "related_guides": live.guides_about(role),
    }
    return render(request, "roles/role_detail.html", context)


def catalogue_sections(role: Role, postings_url: str, live: Board) -> dict:
    """The context of roles/_role_catalogue.html: pay, career path, routes in, certifications."""
    sources = Source.objects.in_bulk(field_name="slug")
    bands = sorted(
        role.salary_bands.all(), key=lambda b: (b.country != "US", b.country, LEVEL_ORDER[b.level])
    )
    for band in bands:
        band.source_title = getattr(sources.get(band.source), "title", band.source)
    # The bands are mostly American, so the survey is compared for the US too.
    survey_levels = live.survey_by_level(role, country="US")
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
