"""Pay compared like with like: any ISO 4217 currency, converted at dated reference rates."""

from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from postings.models import Posting
from salaries.models import ExchangeRate
from salaries.rates import load_catalogue as load_shipped_rates
from salaries.rates import rate_table

pytestmark = pytest.mark.django_db

# Units per euro, as the ECB publishes them.
RATES = {"EUR": "1", "USD": "1.1", "INR": "90", "BRL": "6", "GBP": "0.85"}


@pytest.fixture
def rates(db):
    for currency, per_euro in RATES.items():
        ExchangeRate.objects.create(
            currency=currency, per_euro=Decimal(per_euro), date=date(2025, 1, 17), source="ECB"
        )


def found(client, query: str) -> set[str]:
    page = client.get("/jobs/?" + query)
    assert page.status_code == 200, page.content[:500]
    api = client.get("/api/v1/postings/?" + query).json()
    slugs = {posting.slug for posting in page.context["page_obj"]}
    assert {row["slug"] for row in api["results"]} == slugs
    return slugs


@pytest.fixture
def paid_in_many_currencies(rates, make_posting):
    """The top of each range, a year: about 121,000, 121,000, 121,000, 92,000 and 94,000
    dollars; and a currency the rates do not cover."""
    rows = [
        ("usd", "USD", 121_000, "year"),
        ("eur", "EUR", 110_000, "year"),
        ("inr", "INR", 9_000_000, "year"),
        ("brl", "BRL", 500_000, "year"),
        ("gbp-monthly", "GBP", 6_000, "month"),
        ("ngn", "NGN", 90_000_000, "year"),
    ]
    return {
        slug: make_posting(
            slug=slug,
            salary_currency=currency,
            salary_min=top // 2,
            salary_max=top,
            salary_period=period,
        )
        for slug, currency, top, period in rows
    }


def test_postings_keep_a_yearly_maximum_in_dollars(paid_in_many_currencies):
    rows = dict(Posting.objects.values_list("slug", "salary_max_usd"))
    assert rows["usd"] == 121_000
    assert rows["eur"] == 121_000  # 110,000 / 1 x 1.1
    assert rows["inr"] == 110_000  # 9,000,000 / 90 x 1.1
    assert rows["gbp-monthly"] == 93_176  # 6,000 x 12 / 0.85 x 1.1, rounded down
    assert rows["ngn"] == 0  # no rate: never found by a pay search


@pytest.mark.parametrize(
    "query",
    [
        "salary_min=100000",
        "salary_min=100000&salary_currency=USD",
        "salary_min=90909&salary_currency=EUR",
        "salary_min=8181819&salary_currency=INR",
        "salary_min=545455&salary_currency=BRL",
    ],
)
def test_salary_min_finds_the_same_postings_in_any_currency(client, paid_in_many_currencies, query):
    """The same threshold (100,000 dollars), said in four currencies, finds the same jobs
    whatever currency they pay in."""
    assert found(client, query) == {"usd", "eur", "inr"}


def test_a_posting_paying_exactly_the_threshold_is_found(client, paid_in_many_currencies):
    assert "eur" in found(client, "salary_min=110000&salary_currency=EUR")
    assert "inr" in found(client, "salary_min=9000000&salary_currency=INR")
    assert "eur" not in found(client, "salary_min=110001&salary_currency=EUR")


def test_ordering_by_pay_converts_and_puts_unknown_currencies_last(client, paid_in_many_currencies):
    response = client.get("/jobs/?ordering=salary")
    order = [posting.slug for posting in response.context["page_obj"]]
    # 121,000 dollars twice (newest first), then 110,000, 93,176, 91,666, and no rate.
    assert set(order[:2]) == {"usd", "eur"}
    assert order[2:] == ["inr", "gbp-monthly", "brl", "ngn"]


def test_the_page_says_which_rates_it_used(client, rates):
    content = client.get("/jobs/").content.decode()
    assert "converted at the ECB, 17 January 2025" in content
    assert '<option value="INR">INR</option>' in content


def test_a_currency_without_a_rate_is_a_field_error(client, rates):
    response = client.get("/api/v1/postings/?salary_min=5&salary_currency=NGN")
    assert response.status_code == 400
    assert "no exchange rate for NGN" in str(response.json()["salary_currency"])
    assert client.get("/jobs/?salary_currency=nope").status_code == 400


def test_the_canonical_search_leaves_out_dollars_and_a_currency_without_amount():
    from django.http import QueryDict

    from postings.filters import PostingFilter

    assert PostingFilter.canonical(QueryDict("salary_min=5&salary_currency=usd")) == "salary_min=5"
    assert PostingFilter.canonical(QueryDict("salary_currency=EUR")) == ""
    assert (
        PostingFilter.canonical(QueryDict("salary_currency=eur&salary_min=5"))
        == "salary_min=5&salary_currency=EUR"
    )


ECB_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
  <Cube>
    <Cube time="{day}">
      <Cube currency="USD" rate="1.0"/>
      <Cube currency="INR" rate="100"/>
      <Cube currency="BRL" rate="6"/>
    </Cube>
  </Cube>
</gesmes:Envelope>
"""


def test_update_command_reads_a_published_file_and_reprices_postings(
    client, paid_in_many_currencies, tmp_path
):
    path = tmp_path / "eurofxref-daily.xml"
    path.write_text(ECB_FILE.format(day="2025-03-03"))
    out = StringIO()
    call_command("update_exchange_rates", str(path), stdout=out)
    assert "Rates of 2025-03-03 stored." in out.getvalue()
    assert ExchangeRate.objects.get(currency="INR").per_euro == Decimal(100)
    rows = dict(Posting.objects.values_list("slug", "salary_max_usd"))
    assert rows["inr"] == 90_000  # 9,000,000 / 100 x 1.0
    assert rows["eur"] == 110_000
    # GBP is not in the file: it keeps its older rate, now converted to the new dollar.
    assert rows["gbp-monthly"] == 84_705
    assert "3 March 2025" in client.get("/jobs/").content.decode()
    assert found(client, "salary_min=100000") == {"usd", "eur"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<not xml", "is not XML"),
        (ECB_FILE.format(day="someday"), "is not a date"),
        (ECB_FILE.format(day="2025-03-03").replace('"INR"', '"XX1"'), "is not a currency"),
        (ECB_FILE.format(day="2025-03-03").replace('rate="100"', 'rate="-1"'), "above zero"),
        ("<Envelope><Cube/></Envelope>", "no dated rates"),
    ],
)
def test_a_bad_rates_file_changes_nothing(rates, tmp_path, text, problem):
    path = tmp_path / "rates.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match=problem):
        call_command("update_exchange_rates", str(path), stdout=StringIO())
    assert ExchangeRate.objects.get(currency="INR").per_euro == Decimal(90)


def test_an_older_file_or_the_shipped_table_never_replaces_newer_rates(rates, tmp_path):
    ExchangeRate.objects.filter(currency="INR").update(date=date(2026, 1, 1))
    path = tmp_path / "old.xml"
    path.write_text(ECB_FILE.format(day="2025-03-03"))
    call_command("update_exchange_rates", str(path), stdout=StringIO())
    load_shipped_rates(Counter())
    assert ExchangeRate.objects.get(currency="INR").per_euro == Decimal(90)
    assert ExchangeRate.objects.get(currency="BRL").date == date(2025, 3, 3)
    assert ExchangeRate.objects.filter(currency="JPY").exists()  # added from the table


def test_an_admins_edit_of_a_rate_reprices_that_currency(paid_in_many_currencies):
    rate = ExchangeRate.objects.get(currency="INR")
    rate.per_euro = Decimal(110)
    rate.save()
    assert Posting.objects.get(slug="inr").salary_max_usd == 90_000
    assert rate_table().per_euro["INR"] == 110.0


def test_placement_against_the_survey_works_for_any_covered_currency(
    client, rates, make_posting, make_reports, make_city, ml_engineer
):
    amounts = [60_000, 80_000, 100_000, 120_000, 140_000, 160_000]
    make_reports(amounts, residence_country="IN", role=ml_engineer)
    posting = make_posting(
        city=make_city("Bengaluru"),
        salary_currency="INR",
        salary_min=8_000_000,
        salary_max=10_000_000,  # midpoint 9,000,000 rupees = 110,000 dollars
        level="senior",
        role=ml_engineer,
    )
    content = client.get(posting.get_absolute_url()).content.decode()
    # Three of six reports below 110,000 dollars: the 50th percentile.
    assert "about the <strong>50th percentile</strong> of 6 reports" in content
    assert "converted to US dollars at the ECB, 17 January 2025" in content
    make_posting(city=posting.city, salary_currency="NGN", slug="naira", role=ml_engineer)
    assert "salary-placement" not in client.get("/jobs/naira/").content.decode()


def test_an_admin_corrects_a_rate_in_the_admin(staff_client, paid_in_many_currencies):
    rate = ExchangeRate.objects.get(currency="INR")
    url = f"/admin/salaries/exchangerate/{rate.pk}/change/"
    response = staff_client.post(
        url, {"currency": "INR", "per_euro": "100", "date": "2025-02-01", "source": "ECB"}
    )
    assert response.status_code == 302
    assert Posting.objects.get(slug="inr").salary_max_usd == 99_000  # 9,000,000 / 100 x 1.1
