from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from postings.models import Posting
from roles.models import SalaryBand

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_creates_live_postings_spread_across_the_board(catalogue):
    assert "Created 400 live postings" in seed("--count", "400", "--seed", "7")
    live = Posting.objects.live()
    assert live.count() == 400
    assert live.values("role").distinct().count() >= 10
    assert live.values("hub").distinct().count() >= 8
    assert set(live.values_list("remote", flat=True)) == {"remote", "hybrid", "onsite"}
    assert set(live.values_list("level", flat=True)) == {"entry", "mid", "senior"}


def test_salaries_sit_inside_the_role_band(catalogue):
    seed("--count", "300", "--seed", "1")
    bands = {(b.role_id, b.level): b for b in SalaryBand.objects.filter(country="US")}
    checked = 0
    for posting in Posting.objects.all():
        band = bands.get((posting.role_id, posting.level))
        if band:
            assert band.minimum <= posting.salary_min <= posting.salary_max <= band.maximum
            checked += 1
    assert checked > 50


def test_same_seed_same_board(catalogue):
    seed("--count", "30", "--seed", "42")
    first = list(Posting.objects.order_by("id").values_list("title", "salary_min", "remote"))
    Posting.objects.all().delete()
    seed("--count", "30", "--seed", "42")
    again = list(Posting.objects.order_by("id").values_list("title", "salary_min", "remote"))
    assert first == again


def test_running_twice_adds_without_collisions(catalogue):
    seed("--count", "20", "--seed", "3")
    seed("--count", "20", "--seed", "3")
    assert Posting.objects.count() == 40


def test_if_empty_leaves_an_existing_board_alone(catalogue):
    seed("--count", "5")
    assert "no demo data added" in seed("--if-empty")
    assert Posting.objects.count() == 5


def test_refuses_without_catalogue_or_with_a_silly_count(db):
    with pytest.raises(CommandError, match="load_catalogue"):
        seed("--count", "5")
    with pytest.raises(CommandError, match="--count"):
        seed("--count", "0")


def test_internships_are_only_offered_at_entry_level(catalogue):
    seed("--count", "600", "--seed", "5")
    internships = Posting.objects.filter(employment_type="internship")
    assert internships.exists()
    assert set(internships.values_list("level", flat=True)) == {"entry"}
