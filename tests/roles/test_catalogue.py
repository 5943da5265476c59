"""The catalogue loader: idempotent, and its numbers are the seed documents' numbers."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from postings.models import Hub
from roles.models import Role, SalaryBand

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
JOBS_2026 = SEEDS / "002_1bae85c1f7d935aa.txt"

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


def test_a_changed_row_is_restored_by_the_next_load():
    load()
    Role.objects.filter(slug="prompt-engineer").update(name="Prompt Whisperer")
    out = load()
    assert "roles updated: 1" in out
    assert Role.objects.get(slug="prompt-engineer").name == "Prompt Engineer"


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
