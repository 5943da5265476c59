"""Demo companies and postings a visitor could believe, built in bulk for `seed_demo` and the
benchmarks.

- Roles are drawn in proportion to the open postings the seeds report for them (the AI
  Jobs 2026 guide); roles it gives no figure for get a small share.
- Titles fit their level: leadership roles are senior only, internships entry only.
- Cities are worldwide and weighted towards the hubs; pay is in the city's currency.
- Pay comes from the salary survey's percentiles for the role, level and country when a
  survey is imported, else from the catalogue's bands (the US band scaled by a rough
  relative pay level of the country, PAY_LEVEL, where the seeds give no band). Internships
  and part-time jobs pay by the hour (or a monthly stipend) at the matching rate.
- Descriptions are composed from the role's catalogue (duties, skills, tools) with enough
  variety that no sentence repeats across many postings.
- Companies have a drawn logo, a website on the reserved .example domain and a few
  sentences about themselves.
"""

import hashlib
import io
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import Company
from hubs import gazetteer
from hubs.models import City, Hub, hub_ids_by_city
from jobboard.lib.cache import postings_changed
from roles.models import ExperienceLevel, RemoteStatus, Role, RoleFamily, SalaryBand
from salaries.models import SalarySummary
from salaries.rates import RateTable, read_rate_table

from .models import PERIODS_PER_YEAR, EmploymentType, Posting, PostingCountry, PostingStatus

COMPANY_WORDS = (
    [
        *("Northwind", "Bluefin", "Quarry", "Lumen", "Tessellate", "Harbor", "Ridgeback"),
        *("Copperleaf", "Aster", "Beacon", "Cinder", "Driftwood", "Fathom", "Granite", "Helix"),
        *("Juniper", "Kestrel", "Larkspur", "Meridian", "Nimbus", "Orchard", "Parallax"),
        *("Quill", "Sable", "Tundra", "Vantage", "Wildflower", "Zephyr"),
    ],
    [
        *("Labs", "AI", "Robotics", "Analytics", "Health", "Systems", "Intelligence", "Data"),
        *("Vision", "Bio", "Finance", "Logistics"),
    ],
)
PRODUCTS = [
    "fraud checks for online payments",
    "a copilot for claims handlers",
    "crop forecasts from satellite images",
    "route planning for delivery fleets",
    "triage tools for emergency rooms",
    "search for legal documents",
    "quality inspection on assembly lines",
    "tutoring software for secondary schools",
    "demand forecasts for grocers",
    "speech recognition for call centres",
    "drug-candidate screening",
    "contract review for procurement teams",
    "warehouse robots that pick mixed orders",
    "energy forecasts for wind farms",
]
CUSTOMERS = [
    *("hospitals", "retailers", "banks", "farms", "factories", "schools", "insurers"),
    *("law firms", "airlines", "utilities", "logistics companies", "public agencies"),
]
# Tools and topics people search for, mixed into every stack so everyday searches find jobs.
EVERYDAY_TECH = {
    RoleFamily.ENGINEERING: ["Python", "PyTorch", "Kubernetes", "Hugging Face Transformers"],
    RoleFamily.RESEARCH: ["Python", "PyTorch", "JAX", "Transformers"],
    RoleFamily.INFRASTRUCTURE: ["Kubernetes", "Python", "Terraform", "Ray"],
    RoleFamily.DATA: ["Python", "SQL", "dbt", "Airflow"],
    RoleFamily.PRODUCT: ["LLM evaluations", "RAG prototypes", "A/B tests", "SQL"],
    RoleFamily.GOVERNANCE: ["model cards", "LLM red-teaming", "audit logs", "Python"],
    RoleFamily.LEADERSHIP: ["LLM platforms", "RAG products", "MLOps", "Kubernetes"],
}
STACKS = [
    *("PyTorch", "JAX", "TensorFlow", "Kubernetes", "Ray", "Spark", "dbt", "Airflow"),
    *("LangChain", "vLLM", "Triton", "ONNX", "CUDA", "FastAPI", "Snowflake", "BigQuery"),
    *("RAG", "LLM", "Transformers", "Python"),
]
TITLE_PREFIX = {
    "entry": ["Junior", "Associate", "Graduate", ""],
    "mid": ["", "", ""],
    "senior": ["Senior", "Staff", "Lead", "Principal"],
}
TEAMS = [
    *("Search", "Ads", "Payments", "Risk", "Platform", "Core Models", "Speech", "Vision"),
    *("Recommendations", "Trust and Safety", "Healthcare", "Robotics", "Forecasting"),
    *("Developer Tools", "Evaluation", "Data Platform", "Agents", "Infrastructure"),
]
# Shares of the board, after the split the AI Jobs 2026 guide reports (60 / 25 / 15).
REMOTE_WEIGHTS = {RemoteStatus.REMOTE: 60, RemoteStatus.HYBRID: 25, RemoteStatus.ONSITE: 15}
TYPE_WEIGHTS = {
    EmploymentType.FULL_TIME: 82,
    EmploymentType.CONTRACT: 8,
    EmploymentType.PART_TIME: 4,
    EmploymentType.INTERNSHIP: 6,
}
LEVEL_WEIGHTS = {"entry": 25, "mid": 40, "senior": 35}
# A role the seeds report no posting figure for is drawn as if it had this many.
UNREPORTED_DEMAND = 2500
# Used when the catalogue reports no band for a role at a level (US dollars a year).
FALLBACK_BANDS = {
    "entry": (100_000, 140_000),
    "mid": (140_000, 190_000),
    "senior": (190_000, 280_000),
}
# The board's own rough pay level of each country against the US, for countries the seeds
# give no band for: an assumption for demo data, not a reported figure.
PAY_LEVEL = {
    **{"US": 1.0, "CA": 0.62, "GB": 0.62, "IE": 0.6, "CH": 0.85, "DE": 0.55, "NL": 0.55},
    **{"DK": 0.55, "SE": 0.5, "NO": 0.55, "FI": 0.48, "AT": 0.5, "BE": 0.5, "FR": 0.48},
    **{"ES": 0.38, "PT": 0.3, "PL": 0.33, "CZ": 0.33, "HU": 0.28, "RO": 0.28, "IL": 0.6},
    **{"IN": 0.2, "SG": 0.62, "JP": 0.42, "KR": 0.4, "AU": 0.62, "NZ": 0.5, "HK": 0.55},
    **{"CN": 0.35, "MY": 0.22, "TH": 0.2, "PH": 0.15, "ID": 0.16, "BR": 0.24, "MX": 0.25},
    **{"ZA": 0.25, "TR": 0.22},
}
# Cities beyond the hubs, written as the gazetteer resolves them.
WORLD_CITIES = [
    *("Berlin, DE", "Munich, DE", "Paris, FR", "Amsterdam, NL", "Dublin, IE", "Zurich, CH"),
    *("Stockholm, SE", "Copenhagen, DK", "Warsaw, PL", "Madrid, ES", "Barcelona, ES"),
    *("Lisbon, PT", "Prague, CZ", "Tel Aviv, IL", "Bengaluru, IN", "Hyderabad, IN"),
    *("Pune, IN", "Mumbai, IN", "Tokyo, JP", "Seoul, KR", "Sydney, AU", "Melbourne, AU"),
    *("Auckland, NZ", "Sao Paulo, BR", "Mexico City, MX", "Montreal, CA", "Vancouver, CA"),
    *("Cambridge, GB", "Edinburgh, GB", "Manchester, GB", "Cape Town, ZA", "Helsinki, FI"),
    *("Kuala Lumpur, MY", "Bangkok, TH", "Hong Kong, HK", "Shanghai, CN", "Budapest, HU"),
    *("Oslo, NO", "Vienna, AT", "Brussels, BE", "Istanbul, TR", "Pittsburgh, PA"),
    *("Chicago, IL", "Los Angeles, CA", "San Diego, CA", "Mountain View, CA", "Raleigh, NC"),
]
# Share of on-site and hybrid jobs, and of remote jobs with a home city, placed in a hub.
HUB_SHARE = 0.5
# Remote jobs open to: (where, weight). Countries of one city's region are added to these.
REMOTE_AREAS = [
    ("US", 30),
    ("US, CA", 14),
    ("european-union", 14),
    ("europe", 8),
    ("GB", 6),
    ("IN", 6),
    ("latin-america", 5),
    ("CA", 4),
    ("", 13),  # anywhere
]


@dataclass
class DemoResult:
    companies: int
    postings: int


# --- companies ------------------------------------------------------------------------


def draw_logo(name: str) -> bytes:
    """A small PNG drawn for a company: a coloured tile with a shape of its own."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(name.encode()).digest()
    hue = [digest[0], digest[1], digest[2]]
    background = tuple(60 + value % 140 for value in hue)
    foreground = (250, 250, 245)
    image = Image.new("RGB", (96, 96), background)
    draw = ImageDraw.Draw(image)
    shape = digest[3] % 4
    if shape == 0:
        draw.ellipse((22, 22, 74, 74), fill=foreground)
    elif shape == 1:
        draw.polygon([(48, 16), (80, 76), (16, 76)], fill=foreground)
    elif shape == 2:
        draw.polygon([(48, 14), (82, 48), (48, 82), (14, 48)], fill=foreground)
    else:
        for n in range(3):
            draw.rectangle((20 + n * 20, 70 - (n + 1) * 16, 32 + n * 20, 76), fill=foreground)
    inner = tuple(max(0, value - 50) for value in background)
    draw.ellipse((42, 42, 54, 54), fill=inner)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def about(rng: random.Random, name: str, city: str) -> str:
    product, customers = rng.choice(PRODUCTS), rng.sample(CUSTOMERS, 2)
    founded = rng.randrange(2009, 2024)
    people = rng.choice([18, 24, 35, 40, 60, 85, 120, 150, 240, 400])
    focus = rng.choice(
        [
            "Its models are trained on data its customers own and never leave their cloud.",
            f"About a third of the {people} staff work on research and evaluation.",
            "It publishes its evaluation sets so customers can check the claims.",
            "Revenue comes from yearly licences, not from selling data.",
            "The engineering team ships to production several times a day.",
        ]
    )
    return (
        f"{name} makes {product}, used by {customers[0]} and {customers[1]}. "
        f"Founded in {founded}, it has {people} people, with its main office in {city}. "
        f"{focus}"
    )


def company_rows(rng: random.Random, count: int, places: list[gazetteer.Place]) -> list[Company]:
    names = sorted({f"{a} {b}" for a in COMPANY_WORDS[0] for b in COMPANY_WORDS[1]})
    rng.shuffle(names)
    rows = []
    for name in names[:count]:
        slug = slugify(name)
        company = Company(
            name=name,
            slug=slug,
            website=f"https://{slug}.example",
            description=about(rng, name, rng.choice(places).label),
        )
        company.logo.save(f"{slug}.png", ContentFile(draw_logo(name)), save=False)
        rows.append(company)
    return rows


# --- places -----------------------------------------------------------------------------


def demo_places(hubs: list[Hub]) -> tuple[list[City], list[City]]:
    """The hubs' cities, and the world's cities (stored on first use)."""
    hub_cities = [hub.city for hub in hubs if hub.city_id]
    world = []
    for text in WORLD_CITIES:
        place = gazetteer.resolve(text)
        if place is not None and gazetteer.currency_of(place.country):
            world.append(City.objects.from_place(place))
    return hub_cities, world


def remote_countries(rng: random.Random, city: City | None) -> list[str]:
    """Where applicants of a remote job may live (an empty list is anywhere)."""
    if city is not None and rng.random() < 0.5:
        return [city.country]
    areas, weights = zip(*REMOTE_AREAS, strict=True)
    area = rng.choices(areas, weights)[0]
    return gazetteer.expand_countries(area) if area else []


# --- pay --------------------------------------------------------------------------------


def pay_country(city: City | None, countries: list[str]) -> tuple[str, str]:
    """The country whose pay a job follows, and the currency it pays in: the city's; for
    a remote job the one country it is open to, the euro area's for a European region
    (priced as Germany), else the US dollar."""
    if city is not None:
        return city.country, gazetteer.currency_of(city.country)
    if len(countries) == 1:
        return countries[0], gazetteer.currency_of(countries[0])
    currencies = Counter(gazetteer.currency_of(code) for code in countries)
    if "US" not in countries and currencies and currencies.most_common(1)[0][0] == "EUR":
        return "DE", "EUR"
    return "US", "USD"


def nice(amount: float, period: str) -> int:
    """Round to what a person would write: three significant figures, whole units."""
    if amount <= 0:
        return 1
    if period == "hour" and amount < 1000:
        return max(1, round(amount))
    digits = int(math.floor(math.log10(amount))) - 2
    step = 10 ** max(digits, 0)
    return int(round(amount / step) * step)


class Pay:
    """Yearly pay bands by role, level and country, in the country's currency."""

    def __init__(self, rates: RateTable) -> None:
        self.rates = rates
        self.bands = {
            (band.role_id, band.level, band.country): (band.minimum, band.maximum, band.currency)
            for band in SalaryBand.objects.all()
        }
        self.survey = {
            (row.role_id, row.level, row.country): (row.p25, row.p75)
            for row in SalarySummary.objects.filter(
                role__isnull=False,
                level__in=ExperienceLevel.values,
                country__isnull=False,
                remote__isnull=True,
                year__isnull=True,
                p25__isnull=False,
            )
        }

    def yearly_band(self, role: Role, level: str, country: str, currency: str) -> tuple[int, int]:
        survey = self.survey.get((role.pk, level, country))
        if survey:
            low = self.rates.from_usd(survey[0], currency)
            high = self.rates.from_usd(survey[1], currency)
            if low and high and high > low:
                return low, high
        own = self.bands.get((role.pk, level, country))
        if own and own[2] == currency:
            return own[0], own[1]
        low, high, band_currency = self.bands.get((role.pk, level, "US")) or (
            *FALLBACK_BANDS[level],
            "USD",
        )
        scale = PAY_LEVEL.get(country, 0.3)
        low_usd = self.rates.to_usd(low, band_currency) or low
        high_usd = self.rates.to_usd(high, band_currency) or high
        return (
            self.rates.from_usd(low_usd * scale, currency) or low,
            self.rates.from_usd(high_usd * scale, currency) or high,
        )


def draw_pay(
    rng: random.Random, band: tuple[int, int], kind: str, hourly_country: bool
) -> tuple[int, int, str]:
    """(minimum, maximum, period) inside a yearly band, by employment type."""
    low, high = band
    step = (high - low) / 10 or 1
    start = low + rng.randrange(0, 5) * step
    top = min(high, start + rng.randrange(2, 6) * step)
    period = "year"
    if kind == EmploymentType.INTERNSHIP:
        # Interns earn roughly 55-85% of a graduate's rate: by the hour where that is the
        # custom, else as a monthly stipend.
        share = rng.uniform(0.55, 0.85)
        period = "hour" if hourly_country else "month"
        start, top = start * share, start * share * rng.uniform(1.1, 1.3)
    elif kind == EmploymentType.PART_TIME:
        period = "hour"
    elif kind == EmploymentType.CONTRACT and rng.random() < 0.5:
        # Contractors cost more per hour than staff: no benefits, no security.
        period = "hour"
        start, top = start * 1.3, top * 1.3
    per_year = PERIODS_PER_YEAR[period]
    minimum, maximum = nice(start / per_year, period), nice(top / per_year, period)
    maximum = min(max(maximum, minimum), minimum * 2)
    return minimum, maximum, period


# --- titles and descriptions ------------------------------------------------------------


def title_for(rng: random.Random, role: Role, level: str, kind: str) -> str:
    if kind == EmploymentType.INTERNSHIP:
        return f"{role.name} Intern"
    if role.family == RoleFamily.LEADERSHIP:
        return role.name
    prefix = rng.choice(TITLE_PREFIX[level])
    title = f"{prefix} {role.name}".strip()
    if rng.random() < 0.45:
        title += f", {rng.choice(TEAMS)}"
    return title


DUTY_LEADS = [
    "{duty}",
    "You will {duty_lower}",
    "Day to day, {duty_lower}",
    "In your first months, {duty_lower}",
    "With the {team} team, {duty_lower}",
    "Own the work to {duty_lower}",
]
DUTY_ENDS = [
    " for our {customer} customers",
    " across {count} product teams",
    " with {tool} as the main tool",
    " in a team of {size}",
    " where {customer} depend on the results",
    " from our {city} office and remotely",
    "",
]
SKILL_LINES = [
    "{years} years of hands-on {skill_lower}, some of it with {tool}",
    "Solid {skill_lower}, shown in work for {customer} you can talk us through",
    "Experience with {skill_lower}; {tool} helps but is not required",
    "{skill} at the level of someone who has shipped it for {customer}",
    "Comfort with {skill_lower} and {other_lower}",
    "A record of {skill_lower} in production, ideally with {tool}",
    "Enough {skill_lower} to teach it to the {team} team",
]
STACK_LINES = [
    "Our stack: {tools}.",
    "Most days you will touch {tools}.",
    "The {team} team works with {tools}.",
    "{company} builds on {tools}.",
    "Expect {tools}, and whatever the problem needs next.",
]
SETTING_LINES = {
    RemoteStatus.REMOTE: [
        "{company} hires remotely in {area}; the team overlaps {hours} hours a day.",
        "Work from home in {area} for {company}, with a paid trip to meet the team {trips} a year.",
        "You can live anywhere in {area}; {company} pays for your home office.",
    ],
    RemoteStatus.HYBRID: [
        "Hybrid: {days} days a week at the {city} office of {company}.",
        "The {team} team meets in {city} {days} days a week and works from home otherwise.",
        "{company} asks for {days} office days a week in {city}.",
    ],
    RemoteStatus.ONSITE: [
        "This job is on site in {city}, next to the {team} team.",
        "You will work from the {company} office in {city} every day.",
        "On site in {city}: the work needs hardware in the lab.",
    ],
}
OPENERS = [
    "{company} is hiring {a_role} for its {team} team in {place}.",
    "The {team} team at {company} needs {a_role} ({place}).",
    "Join {company} as {a_role} and help build {product}.",
    "{company} is looking for {a_role} to work on {product}.",
    "An opening for {a_role} at {company}, on the {team} team.",
]
SECOND = [
    "The team is {size} people and ships to {customer} every {cadence}.",
    "Last year the {team} team cut {metric} by {percent}% for {customer}.",
    "You would report to the head of {team}, who has led the team for {tenure} years.",
    "Most of the {team} team came from {background}, so questions are welcome.",
    "We hire {count} people this quarter; this role is the first in {place}.",
]


def lower_first(text: str) -> str:
    """The first word in lower case in a phrase of several words ("Machine learning"),
    unless it is an acronym or a name (AI, PyTorch); a lone word may be a name (Python)."""
    first, _, rest = text.partition(" ")
    if not rest or (first[1:] and not first[1:].islower()):
        return text
    return f"{first.lower()} {rest}"


def lower_words(text: str) -> str:
    """Every word in lower case but acronyms and names: "AI product manager"."""
    return " ".join(
        word if word[1:] and not word[1:].islower() else word.lower() for word in text.split()
    )


def with_article(text: str) -> str:
    return f"{'an' if text[:1].lower() in 'aeiou' else 'a'} {text}"


def describe(
    rng: random.Random,
    role: Role,
    level: str,
    company: Company,
    city: City | None,
    remote: str,
    area: str,
) -> str:
    family_tech = EVERYDAY_TECH.get(role.family, EVERYDAY_TECH[RoleFamily.ENGINEERING])
    tools = list(dict.fromkeys([*role.tools, *family_tech]))
    area = f"the {area}" if area.startswith("United ") else area
    place = city.label if city else f"remote, {area}"
    values = {
        "company": company.name,
        "team": rng.choice(TEAMS),
        "role_lower": lower_words(role.name) if role.family != RoleFamily.LEADERSHIP else role.name,
        "a_role": with_article(
            lower_words(role.name) if role.family != RoleFamily.LEADERSHIP else role.name
        ),
        "place": place,
        "city": city.name if city else "home",
        "area": area,
        "product": rng.choice(PRODUCTS),
        "customer": rng.choice(CUSTOMERS),
        "size": rng.randrange(4, 30),
        "count": rng.randrange(2, 9),
        "cadence": rng.choice(["week", "fortnight", "day", "month"]),
        "metric": rng.choice(["latency", "costs", "error rates", "manual reviews"]),
        "percent": rng.randrange(12, 61),
        "tenure": rng.randrange(2, 9),
        "background": rng.choice(["research labs", "start-ups", "banks", "universities"]),
        "hours": rng.randrange(3, 6),
        "trips": rng.choice(["twice", "three times", "once"]),
        "days": rng.choice([2, 3]),
        "years": {"entry": "One to two", "mid": "Three to five"}.get(level, "Six or more"),
    }

    def fill(template: str, **extra) -> str:
        return template.format(**values, **extra)

    duties = rng.sample(role.responsibilities, min(3, len(role.responsibilities))) or [
        "Ship work that reaches real users"
    ]
    duty_lines = []
    for duty in duties:
        line = fill(rng.choice(DUTY_LEADS), duty=duty, duty_lower=lower_first(duty)) + fill(
            rng.choice(DUTY_ENDS), tool=rng.choice(tools)
        )
        duty_lines.append(line[:1].upper() + line[1:])
    skills = rng.sample(role.skills, min(3, len(role.skills))) or ["Machine learning"]
    skill_lines = []
    for skill in skills:
        other = rng.choice([s for s in role.skills if s != skill] or ["clear writing"])
        line = fill(
            rng.choice(SKILL_LINES),
            skill=skill,
            skill_lower=lower_first(skill),
            other_lower=lower_first(other),
            tool=rng.choice([tool for tool in tools if tool != skill] or tools),
        )
        skill_lines.append(line[:1].upper() + line[1:])
    picked = rng.sample(tools, min(len(tools), rng.randrange(3, 5)))
    stack = ", ".join(picked[:-1]) + f" and {picked[-1]}"
    opening = fill(rng.choice(OPENERS)) + " " + fill(rng.choice(SECOND))
    setting = fill(rng.choice(SETTING_LINES[remote]))
    return (
        f"## The role\n\n{opening}\n\n"
        "## What you will do\n\n" + "\n".join(f"- {line}" for line in duty_lines) + "\n\n"
        "## What you bring\n\n" + "\n".join(f"- {line}" for line in skill_lines) + "\n\n"
        f"## How we work\n\n{fill(rng.choice(STACK_LINES), tools=stack)} {setting}\n"
    )


# --- the board --------------------------------------------------------------------------


def weighted_roles(roles: list[Role]) -> tuple[list[Role], list[int]]:
    return roles, [role.reported_postings or UNREPORTED_DEMAND for role in roles]


def level_for(rng: random.Random, role: Role) -> str:
    if role.family == RoleFamily.LEADERSHIP:
        return "senior"
    levels, weights = zip(*LEVEL_WEIGHTS.items(), strict=True)
    return rng.choices(levels, weights)[0]


def kind_for(rng: random.Random, role: Role, level: str) -> str:
    kinds = [
        (kind, weight)
        for kind, weight in TYPE_WEIGHTS.items()
        if kind != EmploymentType.INTERNSHIP or level == "entry"
    ]
    if role.family == RoleFamily.LEADERSHIP:
        kinds = [(EmploymentType.FULL_TIME, 1)]
    names, weights = zip(*kinds, strict=True)
    return rng.choices(names, weights)[0]


@transaction.atomic
def create_demo(*, count: int, seed: int | None, now: datetime | None = None) -> DemoResult:
    """Create `count` live postings (and the companies they need) with bulk inserts."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    now = now or timezone.now()
    roles = list(Role.objects.order_by("slug"))
    hubs = list(Hub.objects.cities().select_related("city").order_by("slug"))
    if not roles or not hubs:
        raise ValueError("Load the catalogue first: python manage.py load_catalogue")
    rates = read_rate_table()
    pay = Pay(rates)
    hub_cities, world_cities = demo_places(hubs)
    hub_of = hub_ids_by_city()

    existing = {company.slug for company in Company.objects.all()}
    wanted = company_rows(
        rng,
        min(len(COMPANY_WORDS[0]) * len(COMPANY_WORDS[1]), max(20, count // 50)),
        [place for city in hub_cities if (place := gazetteer.get(city.pk))]
        or [gazetteer.resolve("Austin, TX")],
    )
    new_companies = [company for company in wanted if company.slug not in existing]
    Company.objects.bulk_create(new_companies, batch_size=500)
    companies = list(Company.objects.order_by("slug"))

    # Slugs number on from what is there, so running the command again never collides.
    offset = Posting.objects.count()
    lifetime = timedelta(days=settings.POSTING_LIFETIME_DAYS)
    remote_values, remote_weights = zip(*REMOTE_WEIGHTS.items(), strict=True)
    role_choices = weighted_roles(roles)
    batch: list[Posting] = []
    created = 0
    for i in range(count):
        role, company = rng.choices(*role_choices)[0], rng.choice(companies)
        level = level_for(rng, role)
        kind = kind_for(rng, role, level)
        remote = rng.choices(remote_values, remote_weights)[0]
        # A remote job has a home city one time in three; every other job has a city.
        if remote == RemoteStatus.REMOTE and rng.random() < 2 / 3:
            city = None
        else:
            pool = hub_cities if rng.random() < HUB_SHARE or not world_cities else world_cities
            city = rng.choice(pool)
        countries = remote_countries(rng, city) if remote == RemoteStatus.REMOTE else []
        country, currency = pay_country(city, countries)
        if rates.usd_factor(currency) is None:
            currency = "USD"
        band = pay.yearly_band(role, level, country, currency)
        hourly = country in {"US", "CA", "GB", "AU", "NZ", "IE"}
        salary_min, salary_max, period = draw_pay(rng, band, kind, hourly)
        published_at = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 28))
        title = title_for(rng, role, level, kind)
        area = gazetteer.describe_countries(countries)
        posting = Posting(
            title=title,
            slug=f"{slugify(title)}-{company.slug}-{offset + i + 1}",
            company=company,
            role=role,
            city=city,
            hub_id=hub_of.get(city.pk) if city else None,
            remote=remote,
            applicant_countries=countries,
            level=level,
            employment_type=kind,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_currency=currency,
            salary_period=period,
            description=describe(rng, role, level, company, city, remote, area),
            apply_url=f"{company.website}/careers/{offset + i + 1}",
            status=PostingStatus.PUBLISHED,
            published_at=published_at,
            expires_at=published_at + lifetime,
        )
        posting.salary_max_usd = posting.yearly_max_in_usd(rates)
        batch.append(posting)
        if len(batch) >= 2000:
            created += save_batch(batch)
            batch = []
    created += save_batch(batch)
    postings_changed()  # bulk inserts send no signals
    return DemoResult(companies=len(new_companies), postings=created)


def save_batch(batch: list[Posting]) -> int:
    saved = Posting.objects.bulk_create(batch)
    countries = defaultdict(set)
    for posting in saved:
        countries[posting.pk] = posting.place_countries()
    PostingCountry.objects.bulk_create(
        (
            PostingCountry(posting_id=pk, country=code)
            for pk, codes in countries.items()
            for code in sorted(codes)
        ),
        batch_size=5000,
    )
    return len(saved)
