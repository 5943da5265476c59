"""import_salaries: streaming, validation with line numbers, replacement, URLs, title mapping."""

import http.server
import io
import threading
from collections import Counter
from functools import partial

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roles.loaders import new_load
from salaries.importers import AlreadyImported, import_salaries, remap_titles
from salaries.loaders import load_title_aliases
from salaries.models import ImportBatch, SalaryReport, SalarySummary, TitleAlias
from salaries.stats import SalaryQuery, stats_for

from .survey_files import csv_line


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_salaries", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def mle_alias(ml_engineer):
    return TitleAlias.objects.create(title="Machine Learning Engineer", role=ml_engineer)


def test_imports_every_column(survey_csv, mle_alias):
    path = survey_csv(
        [
            csv_line(
                year=2023,
                level="MI",
                employment="CT",
                title="machine  learning engineer",
                salary=60000,
                currency="EUR",
                usd=65000,
                residence="DE",
                remote=50,
                company="NL",
                size="L",
            )
        ]
    )

    report = import_salaries(location=str(path), source="survey")

    assert (report.imported, report.skipped) == (1, 0)
    row = SalaryReport.objects.get()
    assert (row.year, row.level, row.employment_type, row.job_title) == (
        2023,
        "mid",
        "contract",
        "machine learning engineer",
    )
    assert (row.amount, row.currency, row.amount_usd) == (60000, "EUR", 65000)
    assert (row.residence_country, row.company_country, row.remote, row.company_size) == (
        "DE",
        "NL",
        "hybrid",
        "L",
    )
    # Title matched ignoring case and spacing.
    assert row.role == mle_alias.role
    assert row.batch.source == "survey"


BAD_LINES = [
    (csv_line(currency="USS"), "bad currency code"),
    (csv_line(currency="usd"), "bad currency code"),
    (csv_line(salary=-5000), "salary not positive"),
    (csv_line(salary=0), "salary not positive"),
    (csv_line(usd=-1), "salary in USD not positive"),
    (csv_line(salary="lots"), "salary not a number"),
    (csv_line(level="XX"), "unknown level"),
    (csv_line() + ",extra", "wrong number of columns"),
    ("2024,SE,FT,Engineer", "wrong number of columns"),
    (csv_line(remote=75), "bad remote ratio"),
    (csv_line(residence="USA"), "bad residence country"),
    (csv_line(employment="XY"), "unknown employment type"),
    (csv_line(year=1899), "bad year"),
    (csv_line(size="XL"), "bad company size"),
    (csv_line(title="  "), "empty job title"),
    (csv_line(title="Ingeni\xe9ur").encode("latin-1"), "not UTF-8"),
    (csv_line(title="Eng\x00ineer"), "control character in job title"),
    ('2024,SE,FT,"Unclosed,150000,USD,150000,US,0,US,M', "wrong number of columns"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_each_bad_row_is_skipped_and_reported_with_its_line(survey_csv, db, line, reason):
    # line 1 is the header; the bad row sits between two good ones, on line 3
    path = survey_csv([csv_line(salary=100000), line, csv_line(salary=120000)])

    # One bad row in three is far more than a survey may skip unasked: told to replace.
    report = import_salaries(location=str(path), replace=True)

    assert (report.imported, report.skipped) == (2, 1)
    assert report.reasons == Counter({reason: 1})
    assert report.examples[0][0] == 3
    assert report.examples[0][1].startswith(reason)
    assert sorted(SalaryReport.objects.values_list("amount", flat=True)) == [100000, 120000]


def test_command_summarises_skipped_rows(survey_csv, db):
    lines = [csv_line(currency="USS")] * 30 + [csv_line(level="ZZ")] * 2 + [csv_line()] * 3
    path = survey_csv(lines)

    output = run(str(path), "--source", "mixed", "--replace")

    assert "3 reports imported from mixed." in output
    assert "32 rows skipped:" in output
    assert "30 × bad currency code" in output
    assert "2 × unknown level" in output
    assert "The first 20:" in output
    assert "line 2: bad currency code: 'USS'" in output
    assert "line 21: bad currency code" in output
    assert "line 22:" not in output  # only the first 20 are listed
    # Not a terminal, so no progress bar.
    assert "[#" not in output and "%" not in output
    assert ImportBatch.objects.get(source="mixed").skipped == 32


def test_reimport_replaces_the_batch(survey_csv, db):
    first = survey_csv([csv_line(salary=100000)] * 6, name="v1.csv")
    second = survey_csv([csv_line(salary=200000)] * 7, name="v2.csv")
    import_salaries(location=str(first), source="aijobs")
    batch = ImportBatch.objects.get()

    output = run(str(second), "--source", "aijobs")

    assert "replacing the 6 of its earlier import" in output
    assert SalaryReport.objects.count() == 7
    assert set(SalaryReport.objects.values_list("amount", flat=True)) == {200000}
    assert ImportBatch.objects.get().pk == batch.pk
    assert ImportBatch.objects.get().imported == 7
    assert stats_for(SalaryQuery()).p50 == 200000  # summaries recomputed


def test_same_file_twice_keeps_the_count(survey_csv, db):
    path = survey_csv([csv_line(salary=s) for s in range(100000, 110000, 1000)])
    import_salaries(location=str(path), source="x")
    with pytest.raises(AlreadyImported):
        import_salaries(location=str(path), source="x")
    assert SalaryReport.objects.count() == 10
    assert ImportBatch.objects.count() == 1


def test_a_file_imported_under_another_name_is_not_imported_again(survey_csv, db):
    path = survey_csv([csv_line(salary=s) for s in range(100000, 110000, 1000)])
    run(str(path))  # by hand, named by its path
    # What `make run` does next, under the survey's own name: nothing.
    output = run(str(path), "--source", "aijobs-salaries", "--if-missing")
    assert f"imported already, as {path}" in output
    assert SalaryReport.objects.count() == 10
    assert list(ImportBatch.objects.values_list("source", flat=True)) == [str(path)]


def test_a_file_of_mostly_bad_rows_changes_nothing_and_fails(survey_csv, db):
    good = survey_csv([csv_line(salary=s) for s in range(100000, 200000, 1000)], name="good.csv")
    import_salaries(location=str(good), source="aijobs")
    bad = survey_csv([csv_line(level="??")] * 50, name="bad.csv")
    with pytest.raises(CommandError, match="50 of 50 rows are not valid"):
        run(str(bad), "--source", "aijobs")
    assert SalaryReport.objects.count() == 100
    # Told to replace, it does: the operator decided.
    run(str(bad), "--source", "aijobs", "--replace")
    assert SalaryReport.objects.count() == 0


def test_a_cut_file_is_refused_unless_told_to_replace(survey_csv, db):
    whole = [csv_line(salary=s) for s in range(100000, 200000, 1000)]
    import_salaries(location=str(survey_csv(whole, name="whole.csv")), source="aijobs")
    cut = survey_csv(whole[:70], name="cut.csv")
    with pytest.raises(CommandError, match="aijobs has 100 reports and this file only 70"):
        run(str(cut), "--source", "aijobs")
    assert SalaryReport.objects.count() == 100
    run(str(cut), "--source", "aijobs", "--replace")
    assert SalaryReport.objects.count() == 70


def test_a_file_that_is_not_utf8_is_named_as_such(survey_csv, db, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        survey_csv([csv_line(title="Ingénieur")] * 5).read_bytes().decode().encode("latin-1")
    )
    with pytest.raises(CommandError, match="not UTF-8 text"):
        run(str(latin))
    header_latin = tmp_path / "header.csv"
    header_latin.write_bytes(b"\xe9" + latin.read_bytes())
    with pytest.raises(CommandError, match="not UTF-8 text"):
        run(str(header_latin))
    assert not SalaryReport.objects.exists()


def test_other_sources_are_kept(survey_csv, db):
    import_salaries(location=str(survey_csv([csv_line()] * 5, name="a.csv")), source="a")
    import_salaries(location=str(survey_csv([csv_line()] * 2, name="b.csv")), source="b")
    assert SalaryReport.objects.count() == 7
    assert stats_for(SalaryQuery()).count == 7


def test_unusable_file_changes_nothing(survey_csv, tmp_path, db):
    import_salaries(location=str(survey_csv([csv_line()] * 5)), source="aijobs")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,amount\nAda,100\n")

    with pytest.raises(CommandError, match="expected the columns"):
        run(str(wrong), "--source", "aijobs")
    with pytest.raises(CommandError, match="Cannot open"):
        run(str(tmp_path / "missing.csv"), "--source", "aijobs")

    assert SalaryReport.objects.count() == 5
    assert ImportBatch.objects.get().imported == 5


def test_failure_mid_stream_keeps_the_old_batch(survey_csv, db, monkeypatch):
    import_salaries(location=str(survey_csv([csv_line()] * 5, name="old.csv")), source="s")
    import salaries.importers as importers

    def broken(*args, **kwargs):
        yield (2024, "senior", "full-time", "X", 1, "USD", 1, "US", "US", "onsite", "M", None)
        raise OSError("connection reset")

    monkeypatch.setattr(importers, "parsed_rows", broken)
    with pytest.raises(OSError):
        import_salaries(location=str(survey_csv([csv_line()] * 9, name="new.csv")), source="s")

    assert SalaryReport.objects.count() == 5


def test_header_columns_may_come_in_any_order(tmp_path, db):
    path = tmp_path / "reordered.csv"
    path.write_text(
        "salary_in_usd,work_year,experience_level,employment_type,job_title,salary,"
        "salary_currency,employee_residence,remote_ratio,company_location,company_size\n"
        '91000,2024,EN,FT,"Engineer, Data",91000,USD,US,100,US,S\n'
    )
    assert import_salaries(location=str(path)).imported == 1
    row = SalaryReport.objects.get()
    assert (row.amount_usd, row.job_title, row.remote) == (91000, "Engineer, Data", "remote")


def test_imports_from_a_local_http_server(survey_csv, db):
    path = survey_csv([csv_line(salary=s) for s in (100000, 110000, 120000, 130000, 140000)])
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(path.parent))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/{path.name}"
        output = run(url, "--source", "web")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    assert "5 reports imported from web." in output
    assert ImportBatch.objects.get().location == url
    assert stats_for(SalaryQuery()).p50 == 120000


def test_imports_from_a_file_url(survey_csv, db):
    path = survey_csv([csv_line()] * 3)
    assert import_salaries(location=path.as_uri()).imported == 3


def test_if_missing_skips_an_imported_source(survey_csv, db):
    path = survey_csv([csv_line()] * 3)
    run(str(path), "--source", "aijobs")
    output = run(
        str(survey_csv([csv_line()] * 8, name="b.csv")), "--source", "aijobs", "--if-missing"
    )
    assert "already imported" in output
    assert SalaryReport.objects.count() == 3


def test_progress_bar_on_a_terminal(survey_csv, db):
    from salaries.management.commands.import_salaries import Command

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    call_command(Command(stdout=out), str(survey_csv([csv_line()] * 3)))
    assert "100%" in out.getvalue()
    assert "[########################################]" in out.getvalue()


def test_unmapped_titles_are_kept_and_counted(survey_csv, mle_alias):
    path = survey_csv(
        [csv_line()] * 2 + [csv_line(title="Data Engineer")] * 3 + [csv_line(title="Chef")]
    )
    output = run(str(path))

    assert SalaryReport.objects.count() == 6
    assert "4 of them have a job title that maps to no role." in output
    assert list(SalaryReport.objects.unmapped_titles()) == [
        {"job_title": "Data Engineer", "reports": 3},
        {"job_title": "Chef", "reports": 1},
    ]


def test_remap_applies_edited_aliases(survey_csv, mle_alias, prompt_engineer):
    import_salaries(
        location=str(survey_csv([csv_line()] * 5 + [csv_line(title="Prompt Engineer")] * 5))
    )
    assert stats_for(SalaryQuery(role=prompt_engineer)).count == 0

    TitleAlias.objects.create(title="PROMPT ENGINEER", role=prompt_engineer)
    mle_alias.delete()
    output = io.StringIO()
    call_command("import_salaries", "--remap", stdout=output)

    assert "5 reports map to a role, 5 do not" in output.getvalue()
    assert stats_for(SalaryQuery(role=prompt_engineer)).count == 5
    assert (
        SalaryReport.objects.filter(job_title="Machine Learning Engineer", role=None).count() == 5
    )
    assert remap_titles() == {"mapped": 5, "unmapped": 5}
    assert (
        SalarySummary.objects.get(
            role=prompt_engineer, level=None, country=None, remote=None, year=None
        ).count
        == 5
    )


def test_alias_titles_are_unique_ignoring_case(mle_alias, prompt_engineer):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TitleAlias.objects.create(title="machine LEARNING engineer", role=prompt_engineer)


def test_default_aliases_load_once_and_keep_admin_edits(db):
    call_command("load_catalogue", stdout=io.StringIO())
    alias = TitleAlias.objects.get(title="Machine Learning Engineer")
    assert alias.role.slug == "machine-learning-engineer"
    assert TitleAlias.objects.get(title="ML Engineer").role == alias.role
    count = TitleAlias.objects.count()
    data_scientist = TitleAlias.objects.get(title="Data Scientist")
    data_scientist.role = alias.role  # an editor's choice
    data_scientist.save()

    load = new_load()
    load_title_aliases(load)

    assert load.report["title aliases unchanged"] == count
    assert load.report["title aliases created"] == 0
    assert TitleAlias.objects.count() == count
    data_scientist.refresh_from_db()
    assert data_scientist.role == alias.role


def test_database_rejects_invalid_reports(make_reports):
    from django.db import IntegrityError, transaction

    for bad in ({"amount_usd": 0}, {"level": "boss"}, {"currency": "usd"}, {"remote": "moon"}):
        fields = {"job_title": "x", **bad}
        with pytest.raises(IntegrityError), transaction.atomic():
            make_reports([100], rebuild=False)  # valid
            report = SalaryReport.objects.last()
            for name, value in fields.items():
                setattr(report, name, value)
            report.save()
