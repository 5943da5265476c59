"""The catalogue loader: idempotent, and its numbers are the seed documents' numbers."""

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hubs.models import Hub, ReportedWorkSplit
from roles import loaders as roles_loaders
from roles.models import CareerStep, Certification, Role, SalaryBand, Source, Transition

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
JOBS_2026 = SEEDS / "002_1bae85c1f7d935aa.txt"
AI_ENGINEER_CAREER = SEEDS / "001_2787233841473a83.txt"

# The role-by-level table of the AI Jobs 2026 guide, in thousands of US dollars:
# entry and mid are base salary, senior is total compensation.
ROLE_TABLE = {
    "machine-learning-engineer": [(120, 160), (165, 220), (250, 350)],
    "research-scientist": [(140, 180), (200, 280), (300, 500)],
    "data-scientist": [(110, 145), (150, 200), (220, 320)],
    "ai-product-manager": [(130, 170), (180, 240), (280, 400)],
    "computer-vision-engineer": [(125, 165), (170, 230), (260, 380)],
    "prompt-engineer": [(95, 130), (140, 180), (200, 280)],
    "ai-ethics-specialist": [(105, 140), (145, 190), (210, 290)],
}
# Reported AI postings and two-year growth (%) by city, from the same guide.
HUB_TABLE = {
    "austin": (8400, 340),
    "seattle": (12200, 180),
    "new-york": (15800, 220),
    "miami": (3200, 420),
    "boston": (9100, 160),
    "denver": (4800, 280),
    "atlanta": (6200, 310),
}
# The AI engineer bands of the AI engineer career guide, by country.
AI_ENGINEER_BANDS = {
    ("US", "entry"): (90_000, 130_000, "USD"),
    ("US", "mid"): (130_000, 180_000, "USD"),
    ("US", "senior"): (180_000, 250_000, "USD"),
    ("CA", "entry"): (80_000, 110_000, "CAD"),
    ("CA", "mid"): (110_000, 160_000, "CAD"),
    ("CA", "senior"): (160_000, 250_000, "CAD"),
    ("GB", "entry"): (45_000, 70_000, "GBP"),
    ("GB", "mid"): (70_000, 110_000, "GBP"),
    ("GB", "senior"): (110_000, 180_000, "GBP"),
    ("IN", "entry"): (800_000, 1_800_000, "INR"),
    ("IN", "mid"): (1_800_000, 4_000_000, "INR"),
    ("IN", "senior"): (4_000_000, 8_000_000, "INR"),
}


def load() -> str:
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    return out.getvalue()


def test_every_band_of_the_role_table_is_loaded():
    load()
    for slug, levels in ROLE_TABLE.items():
        for level, (low, high) in zip(["entry", "mid", "senior"], levels, strict=True):
            band = SalaryBand.objects.get(role__slug=slug, level=level, country="US")
            assert (band.minimum, band.maximum) == (low * 1000, high * 1000), (slug, level)
            assert band.currency == "USD"
            assert band.basis == ("total" if level == "senior" else "base")


def test_ai_engineer_bands_by_country():
    load()
    for (country, level), (low, high, currency) in AI_ENGINEER_BANDS.items():
        band = SalaryBand.objects.get(role__slug="ai-engineer", level=level, country=country)
        assert (band.minimum, band.maximum, band.currency) == (low, high, currency)
    assert SalaryBand.objects.get(role__slug="ai-engineer", level="senior", country="CA").open_ended


def test_cities_of_the_seeds_are_hubs():
    load()
    for slug in [*HUB_TABLE, "san-francisco", "toronto", "london", "singapore"]:
        assert Hub.objects.filter(slug=slug, is_remote=False).exists(), slug
    assert Hub.objects.get(slug="austin").region == "TX"
    assert Hub.objects.get(slug="toronto").country == "CA"
    assert Hub.objects.filter(is_remote=True).count() == 1


def test_roles_named_by_the_seeds_are_loaded():
    load()
    for slug in [*ROLE_TABLE, "ai-engineer", "nlp-engineer"]:
        role = Role.objects.get(slug=slug)
        assert role.summary, slug


def test_second_load_changes_nothing_and_says_so():
    first = load()
    assert "created" in first
    counts = (Role.objects.count(), SalaryBand.objects.count(), Hub.objects.count())
    second = load()
    assert "created" not in second and "updated" not in second
    assert "nothing changed" in second
    assert counts == (Role.objects.count(), SalaryBand.objects.count(), Hub.objects.count())


def test_an_admins_edit_survives_the_next_load_and_force_takes_the_file():
    load()
    Role.objects.filter(slug="prompt-engineer").update(name="Prompt Whisperer")
    out = load()
    assert "roles updated" not in out
    assert "Left 1 field(s) as an admin changed them" in out
    assert 'role {"slug": "prompt-engineer"}: name' in out
    assert Role.objects.get(slug="prompt-engineer").name == "Prompt Whisperer"
    out = StringIO()
    call_command("load_catalogue", "--force", stdout=out)
    assert "roles updated: 1" in out.getvalue()
    assert Role.objects.get(slug="prompt-engineer").name == "Prompt Engineer"


def test_a_change_in_the_file_reaches_the_fields_no_admin_touched(tmp_path, monkeypatch):
    load()
    Role.objects.filter(slug="prompt-engineer").update(name="Prompt Whisperer")
    changed = tmp_path / "catalogue"
    shutil.copytree(roles_loaders.CATALOGUE, changed)
    data = json.loads((changed / "roles.json").read_text())
    for entry in data["roles"]:
        if entry["slug"] == "prompt-engineer":
            entry["summary"] = "A summary the file now gives."
            entry["name"] = "Prompt Designer"
    (changed / "roles.json").write_text(json.dumps(data))
    monkeypatch.setattr(roles_loaders, "CATALOGUE", changed)
    out = load()
    role = Role.objects.get(slug="prompt-engineer")
    # The file's new summary arrives; the name the admin chose stays, and the load says so.
    assert role.summary == "A summary the file now gives."
    assert role.name == "Prompt Whisperer"
    assert "roles updated: 1" in out and 'role {"slug": "prompt-engineer"}: name' in out


@pytest.mark.skipif(not JOBS_2026.exists(), reason="seed documents are not beside the repo")
def test_role_table_matches_the_seed_document_itself():
    """Read the table out of the seed text, so a typo in our transcription cannot hide."""
    text = JOBS_2026.read_text(encoding="utf-8")
    row = re.compile(
        r"^(?P<name>[A-Za-z ()]+?) \$(\d+)k-\$(\d+)k base \$(\d+)k-\$(\d+)k base "
        r"\$(\d+)k-\$(\d+)k total comp$",
        re.MULTILINE,
    )
    found = {m["name"]: [int(g) for g in m.groups()[1:]] for m in row.finditer(text)}
    assert len(found) == 7
    expected = {slug: [n for pair in levels for n in pair] for slug, levels in ROLE_TABLE.items()}
    assert sorted(found.values()) == sorted(expected.values())
    hubs = dict(
        (name, (int(posts.replace(",", "")), int(growth)))
        for name, posts, growth in re.findall(
            r"([A-Z][a-z]+(?: [A-Z][a-z]+)?), [A-Z]{2}: ([\d,]+) AI job postings \((\d+)% growth",
            text,
        )
    )
    assert sorted(hubs.values()) == sorted(HUB_TABLE.values())


# The cost-of-living table of the AI Jobs 2026 guide: (average base salary in USD,
# cost-of-living index or range, net income advantage % or range).
COST_TABLE = {
    "san-francisco": (185_000, 100, 0),
    "austin": (158_000, 73, 15),
    "seattle": (168_000, 85, 8),
    "denver": (145_000, 68, 18),
    "miami": (140_000, 71, 12),
    "remote": (152_000, (65, 85), (10, 20)),
    "toronto": (95_000, 78, -8),
}
# Reported active postings per role, from the same guide.
ROLE_POSTINGS = {
    "machine-learning-engineer": 45_200,
    "research-scientist": 12_800,
    "data-scientist": 38_900,
    "ai-product-manager": 8_400,
    "computer-vision-engineer": 6_700,
    "nlp-engineer": 5_200,
    "ai-ethics-specialist": 1_900,
}
# The transition table: background -> (target role, months).
TRANSITIONS = {
    "business": ("ai-product-manager", 6, 9),
    "developer": ("machine-learning-engineer", 4, 8),
    "analyst": ("data-scientist", 8, 12),
    "non-technical": ("prompt-engineer", 3, 6),
    "academic": ("research-scientist", 12, 18),
    "sales": ("ai-solutions-architect", 9, 15),
    "marketing": ("ai-ethics-specialist", 6, 12),
}


def test_every_hub_row_of_the_seed_tables_is_loaded():
    load()
    for slug, (postings, growth) in HUB_TABLE.items():
        hub = Hub.objects.get(slug=slug)
        assert (hub.reported_postings, hub.growth_pct) == (postings, growth), slug
    for slug, (salary, cost, gain) in COST_TABLE.items():
        hub = Hub.objects.get(slug=slug)
        assert (hub.avg_salary, hub.avg_salary_currency) == (salary, "USD"), slug
        if isinstance(cost, tuple):
            assert hub.cost_of_living_index is None
            assert (hub.cost_of_living_low, hub.cost_of_living_high) == cost
            assert (hub.net_income_advantage_low, hub.net_income_advantage_high) == gain
        else:
            assert hub.cost_of_living_index == cost, slug
            assert hub.net_income_advantage_pct == gain, slug
        assert hub.source.title == "AI Jobs 2026 career guide"
    assert ReportedWorkSplit.objects.get().as_dict() == {
        "remote": 60,
        "hybrid": 25,
        "onsite": 15,
    }


def test_role_details_demand_and_related_roles_are_loaded():
    load()
    for slug, count in ROLE_POSTINGS.items():
        role = Role.objects.get(slug=slug)
        assert role.reported_postings == count, slug
        assert role.reported_postings_source.slug == "ai-jobs-2026"
    ml = Role.objects.get(slug="machine-learning-engineer")
    assert "PyTorch" in ml.tools and "MLOps" in ml.skills and ml.responsibilities
    assert set(ml.related.values_list("slug", flat=True)) >= {"ai-engineer", "data-scientist"}
    assert Role.objects.get(slug="ai-engineer").reported_postings is None


def test_career_path_is_five_ordered_steps_with_years():
    load()
    steps = list(CareerStep.objects.values_list("slug", "years_min", "years_max"))
    assert steps == [
        ("entry-ai-engineer", 0, 2),
        ("machine-learning-engineer", 2, 5),
        ("senior-ai-engineer", 5, 8),
        ("ai-architect", 8, None),
        ("head-of-ai", None, None),
    ]
    assert CareerStep.objects.get(slug="head-of-ai").role.slug == "head-of-ai"


def test_transitions_match_the_table_and_link_real_certifications():
    load()
    for background, (target, low, high) in TRANSITIONS.items():
        transition = Transition.objects.get(background=background)
        assert (transition.target_role.slug, transition.months_min, transition.months_max) == (
            target,
            low,
            high,
        )
    developer = Transition.objects.get(background="developer")
    assert set(developer.certifications.values_list("slug", flat=True)) == {
        "aws-certified-machine-learning-specialty",
        "google-professional-machine-learning-engineer",
    }
    academic = Transition.objects.get(background="academic")
    assert academic.certifications.count() == 0
    assert academic.other_credentials == ["Research publications", "Conference talks"]


def test_certifications_not_known_to_exist_are_marked_unverified():
    load()
    missing = Certification.objects.filter(exists=False)
    assert set(missing.values_list("slug", flat=True)) == {
        "google-ai-product-manager",
        "coursera-ai-strategy",
        "openai-api-certification",
        "partnership-on-ai-certification",
    }
    assert set(missing.values_list("kind", flat=True)) == {"unverified"}
    aws = Certification.objects.get(slug="aws-certified-machine-learning-specialty")
    assert aws.issuer == "Amazon Web Services"
    assert set(aws.roles.values_list("slug", flat=True)) == {
        "machine-learning-engineer",
        "ai-engineer",
    }


def test_second_load_of_every_file_changes_nothing():
    load()
    models = (Source, CareerStep, Certification, Transition, ReportedWorkSplit)
    before = {model.__name__: model.objects.count() for model in models}
    second = load()
    assert "updated" not in second and "created" not in second
    assert before == {model.__name__: model.objects.count() for model in models}


def test_links_an_admin_removed_stay_removed_until_forced():
    load()
    Transition.objects.get(background="developer").certifications.clear()
    Role.objects.get(slug="ai-engineer").related.clear()
    out = load()
    assert "updated" not in out
    assert "role AI Engineer: related" in out
    assert Transition.objects.get(background="developer").certifications.count() == 0
    forced = StringIO()
    call_command("load_catalogue", "--force", stdout=forced)
    assert "transitions certifications updated: 1" in forced.getvalue()
    assert "roles related updated: 1" in forced.getvalue()
    assert Transition.objects.get(background="developer").certifications.count() == 2


@pytest.mark.skipif(not JOBS_2026.exists(), reason="seed documents are not beside the repo")
def test_cost_table_and_demand_match_the_seed_document_itself():
    text = JOBS_2026.read_text(encoding="utf-8")
    rows = re.findall(
        r"^(San Francisco|Austin|Seattle|Denver|Miami|Toronto|Remote) .*?\$(\d+)k (?:USD )?base "
        r"(\d+)(?:-(\d+))?",
        text,
        re.MULTILINE,
    )
    found = {
        name: (int(k) * 1000, int(low), int(high) if high else None) for name, k, low, high in rows
    }
    assert len(found) == 7
    expected = {}
    for slug, (salary, cost, _gain) in COST_TABLE.items():
        low, high = cost if isinstance(cost, tuple) else (cost, None)
        expected[slug] = (salary, low, high)
    assert sorted(found.values()) == sorted(expected.values())
    counts = [int(n.replace(",", "")) for n in re.findall(r": ([\d,]+) active postings", text)]
    assert sorted(counts) == sorted(ROLE_POSTINGS.values())
    months = re.findall(r"^\w[\w-]* → .+? (\d+)-(\d+) months", text, re.MULTILINE)
    assert sorted((int(a), int(b)) for a, b in months) == sorted(
        (low, high) for _target, low, high in TRANSITIONS.values()
    )
    split = re.search(r"approximately (\d+)% .*? (\d+)% and .*? (\d+)% of", text)
    assert tuple(int(n) for n in split.groups()) == (60, 25, 15)


@pytest.mark.skipif(
    not AI_ENGINEER_CAREER.exists(), reason="seed documents are not beside the repo"
)
def test_india_bands_match_the_lakh_figures_of_the_seed():
    text = AI_ENGINEER_CAREER.read_text(encoding="utf-8")
    lakh = [(int(a), int(b)) for a, b in re.findall(r"₹(\d+)–(\d+)\+? LPA", text)]
    expected = [
        (low // 100_000, high // 100_000)
        for (country, _level), (low, high, _currency) in AI_ENGINEER_BANDS.items()
        if country == "IN"
    ]
    assert lakh == expected
