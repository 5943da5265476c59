"""Realistic demo companies and postings, built in bulk for `seed_demo` and the benchmarks.

Every figure is drawn from the catalogue: each posting's pay sits inside its role's
reported band for its level, so the demo board looks like the market the sources describe.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import Company
from hubs.models import Hub
from jobboard.lib.cache import postings_changed
from roles.models import ExperienceLevel, RemoteStatus, Role, SalaryBand

from .models import EmploymentType, Posting, PostingStatus

COMPANY_WORDS = (
    [
        "Northwind",
        "Bluefin",
        "Quarry",
        "Lumen",
        "Tessellate",
        "Harbor",
        "Ridgeback",
        "Copperleaf",
        "Aster",
        "Beacon",
        "Cinder",
        "Driftwood",
        "Fathom",
        "Granite",
        "Helix",
        "Juniper",
        "Kestrel",
        "Larkspur",
        "Meridian",
        "Nimbus",
        "Orchard",
        "Parallax",
        "Quill",
        "Sable",
        "Tundra",
        "Vantage",
        "Wildflower",
        "Zephyr",
    ],
    [
        "Labs",
        "AI",
        "Robotics",
        "Analytics",
        "Health",
        "Systems",
        "Intelligence",
        "Data",
        "Vision",
        "Bio",
        "Finance",
        "Logistics",
    ],
)
PRODUCTS = ["products", "tools", "platforms", "services"]
CUSTOMERS = ["hospitals", "retailers", "banks", "farms", "factories", "schools", "insurers"]
STACKS = [
    "PyTorch",
    "JAX",
    "TensorFlow",
    "Kubernetes",
    "Ray",
    "Spark",
    "dbt",
    "Airflow",
    "LangChain",
    "vLLM",
    "Triton",
    "ONNX",
    "CUDA",
    "FastAPI",
    "Snowflake",
    "BigQuery",
]
TITLE_PREFIX = {
    "entry": ["Junior", "Associate", ""],
    "mid": ["", ""],
    "senior": ["Senior", "Staff", "Lead"],
}
# Shares of the board, after the split the AI Jobs 2026 guide reports (60 / 25 / 15).
REMOTE_WEIGHTS = {RemoteStatus.REMOTE: 60, RemoteStatus.HYBRID: 25, RemoteStatus.ONSITE: 15}
TYPE_WEIGHTS = {
    EmploymentType.FULL_TIME: 85,
    EmploymentType.CONTRACT: 8,
    EmploymentType.PART_TIME: 3,
    EmploymentType.INTERNSHIP: 4,
}
# Used when the catalogue reports no band for a role at a level.
FALLBACK_BANDS = {
    "entry": (100_000, 140_000),
    "mid": (140_000, 190_000),
    "senior": (190_000, 280_000),
}


@dataclass
class DemoResult:
    companies: int
    postings: int


def company_rows(rng: random.Random, count: int) -> list[Company]:
    names = sorted({f"{a} {b}" for a in COMPANY_WORDS[0] for b in COMPANY_WORDS[1]})
    rng.shuffle(names)
    return [
        Company(
            name=name,
            slug=slugify(name),
            website=f"https://{slugify(name)}.example.com",
            description=f"{name} builds {rng.choice(PRODUCTS)} with machine learning "
            f"for {rng.choice(CUSTOMERS)}.",
        )
        for name in names[:count]
    ]


def describe(rng: random.Random, role: Role, level: str, company: Company) -> str:
    stack = rng.sample(STACKS, 3)
    years = {"entry": "0-2", "mid": "3-5", "senior": "6 or more"}[level]
    return (
        f"## About the job\n\n{company.name} is hiring a {role.name.lower()} to join a small, "
        f"senior-friendly team. {role.summary}\n\n"
        f"## What you will do\n\n- Ship and maintain work that reaches real users\n"
        f"- Work with {stack[0]} and {stack[1]} every day\n- Review designs and code with peers\n\n"
        f"## What we look for\n\n- About {years} years of relevant experience\n"
        f"- Comfort with {stack[2]} or something like it\n- Clear written communication\n"
    )


def band_for(bands: dict, role: Role, level: str) -> tuple[int, int]:
    return bands.get((role.pk, level), FALLBACK_BANDS[level])


@transaction.atomic
def create_demo(*, count: int, seed: int | None, now: datetime | None = None) -> DemoResult:
    """Create `count` live postings (and the companies they need) with bulk inserts."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    now = now or timezone.now()
    roles = list(Role.objects.order_by("slug"))
    hubs = list(Hub.objects.cities().order_by("slug"))
    if not roles or not hubs:
        raise ValueError("Load the catalogue first: python manage.py load_catalogue")
    bands = {
        (band.role_id, band.level): (band.minimum, band.maximum)
        for band in SalaryBand.objects.filter(country="US", currency="USD")
    }

    existing = {company.slug: company for company in Company.objects.all()}
    wanted = company_rows(
        rng, min(len(COMPANY_WORDS[0]) * len(COMPANY_WORDS[1]), max(20, count // 50))
    )
    new_companies = [company for company in wanted if company.slug not in existing]
    Company.objects.bulk_create(new_companies, batch_size=500)
    companies = list(Company.objects.order_by("slug"))

    # Slugs number on from what is there, so running the command again never collides.
    offset = Posting.objects.count()
    lifetime = timedelta(days=settings.POSTING_LIFETIME_DAYS)
    remote_values, remote_weights = zip(*REMOTE_WEIGHTS.items(), strict=True)
    # Internships are for newcomers: other levels draw from the remaining types.
    type_choices = {
        level: list(
            zip(
                *(
                    (kind, weight)
                    for kind, weight in TYPE_WEIGHTS.items()
                    if level == "entry" or kind != EmploymentType.INTERNSHIP
                ),
                strict=True,
            )
        )
        for level in ExperienceLevel.values
    }
    batch: list[Posting] = []
    created = 0
    for i in range(count):
        role, company = rng.choice(roles), rng.choice(companies)
        level = rng.choice(ExperienceLevel.values)
        remote = rng.choices(remote_values, remote_weights)[0]
        # A remote job is open anywhere two times in three; otherwise it has a home city.
        hub = None if remote == RemoteStatus.REMOTE and rng.random() < 2 / 3 else rng.choice(hubs)
        low, high = band_for(bands, role, level)
        step = (high - low) // 10 or 1
        salary_min = low + rng.randrange(0, 5) * step
        salary_max = min(high, salary_min + rng.randrange(2, 6) * step)
        published_at = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 28))
        prefix = rng.choice(TITLE_PREFIX[level])
        title = f"{prefix} {role.name}".strip()
        batch.append(
            Posting(
                title=title,
                slug=f"{slugify(title)}-{company.slug}-{offset + i + 1}",
                company=company,
                role=role,
                hub=hub,
                city_id=hub.city_id if hub else None,
                remote=remote,
                applicant_countries=[] if hub or rng.random() < 0.5 else ["US", "CA"],
                level=level,
                employment_type=rng.choices(*type_choices[level])[0],
                salary_min=salary_min,
                salary_max=salary_max,
                salary_currency="USD",
                description=describe(rng, role, level, company),
                apply_url=f"{company.website}/careers/{offset + i + 1}",
                status=PostingStatus.PUBLISHED,
                published_at=published_at,
                expires_at=published_at + lifetime,
            )
        )
        if len(batch) >= 2000:
            created += len(Posting.objects.bulk_create(batch))
            batch = []
    created += len(Posting.objects.bulk_create(batch))
    postings_changed()  # bulk inserts send no signals
    return DemoResult(companies=len(new_companies), postings=created)
