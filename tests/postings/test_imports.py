"""Imports from applicant tracking systems, on recorded example responses (tests/postings/feeds/,
written to each system's published format). No test here touches the network."""

import json
import socket
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from postings.imports import fetch as fetch_module
from postings.imports.feeds import FORMATS
from postings.imports.fetch import FetchError, Response, fetch
from postings.imports.sync import import_source
from postings.models import ImportSource, Posting, PostingStatus

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).parent / "feeds"
FILES = {
    "greenhouse": "greenhouse.json",
    "lever": "lever.json",
    "ashby": "ashby.json",
    "workable": "workable.json",
    "jsonld": "careers.html",
}
BOARDS = {"jsonld": "https://meridian.example/careers"}


class RecordedFeed:
    """A fetcher that answers from a recorded file (or text) and notes what was asked."""

    def __init__(self, kind: str, body: bytes | None = None) -> None:
        self.kind = kind
        self.body = body if body is not None else (FEEDS / FILES[kind]).read_bytes()
        self.asked: list[tuple[str, tuple]] = []

    def __call__(self, url: str, accept: tuple[str, ...]) -> Response:
        self.asked.append((url, accept))
        return Response(body=self.body, content_type=accept[0])


@pytest.fixture
def source_for(catalogue, acme):
    def build(kind: str) -> ImportSource:
        return ImportSource.objects.create(company=acme, kind=kind, board=BOARDS.get(kind, "acme"))

    return build


# What each recorded feed holds: the openings that become postings (external id: title,
# city slug or None, currency, period), and the ones held back.
EXPECTED = {
    "greenhouse": (
        {
            "4012345": ("Senior Machine Learning Engineer", "berlin-de", "EUR", "year"),
            "4012346": ("Data Scientist, Forecasting", "bengaluru-in", "INR", "year"),
        },
        {"4012347": "No pay range"},
    ),
    "lever": (
        {
            "5d1c2f7e-0b4a-4f7e-9a1d-111111111111": ("NLP Engineer", "berlin-de", "EUR", "year"),
            "5d1c2f7e-0b4a-4f7e-9a1d-222222222222": ("MLOps Engineer", None, "BRL", "month"),
        },
        {"5d1c2f7e-0b4a-4f7e-9a1d-333333333333": "Not an AI role"},
    ),
    "ashby": (
        {
            "a1b2c3d4-0000-4000-8000-000000000001": ("AI Engineer", "bengaluru-in", "INR", "year"),
            "a1b2c3d4-0000-4000-8000-000000000002": (
                "Research Scientist, Alignment Evaluations",
                None,
                "USD",
                "year",
            ),
        },
        {"a1b2c3d4-0000-4000-8000-000000000003": "No pay range"},
    ),
    "workable": (
        {
            "A1B2C3D4E5": ("Robotics Engineer", "sao-paulo-br", "BRL", "month"),
            "F6G7H8I9J0": ("Junior Data Scientist", "bengaluru-in", "INR", "year"),
        },
        {"K1L2M3N4O5": "No pay range"},
    ),
    "jsonld": (
        {
            "mv-cv-12": ("Computer Vision Engineer", "berlin-de", "EUR", "year"),
            "mv-ml-4": ("Machine Learning Engineer, Remote", None, "EUR", "year"),
        },
        {"mv-pm-1": "No pay range"},
    ),
}


@pytest.mark.parametrize("kind", list(FILES))
def test_an_import_creates_postings_that_go_to_moderation(source_for, kind):
    source = source_for(kind)
    feed = RecordedFeed(kind)
    result = import_source(source=source, fetcher=feed)
    [(url, accept)] = feed.asked
    assert url == FORMATS[kind].url(source.board) and accept == FORMATS[kind].accept
    wanted, held = EXPECTED[kind]
    assert sorted(result.created) == sorted(wanted)
    postings = {p.external_id: p for p in source.postings.select_related("city")}
    for external_id, (title, city, currency, period) in wanted.items():
        posting = postings[external_id]
        assert posting.title == title
        assert (posting.city.slug if posting.city else None) == city
        assert (posting.salary_currency, posting.salary_period) == (currency, period)
        # Moderated like a typed posting: Acme is not verified.
        assert posting.status == PostingStatus.PENDING
        assert posting.company == source.company
        assert posting.apply_url.startswith("https://")
        assert (
            "<script" not in posting.description_html and "javascript:" not in posting.description
        )
        assert (
            "onerror" not in posting.description_html and "<iframe" not in posting.description_html
        )
    reasons = {row["external_id"]: row["reason"] for row in source.held_back}
    assert set(reasons) == set(held)
    for external_id, start in held.items():
        assert reasons[external_id].startswith(start)
    source.refresh_from_db()
    assert source.last_result["created"] == 2 and source.last_run_at is not None


@pytest.mark.parametrize("kind", list(FILES))
def test_a_second_import_updates_changed_openings_and_closes_vanished_ones(source_for, kind):
    source = source_for(kind)
    import_source(source=source, fetcher=RecordedFeed(kind))
    wanted, _ = EXPECTED[kind]
    kept_id, gone_id = list(wanted)
    # Both go live; then the feed changes: the first opening pays more, the second is gone.
    for posting in source.postings.all():
        from postings import workflow

        workflow.publish(posting=posting, notify=False)
    original = (FEEDS / FILES[kind]).read_text()
    changed = change_pay_and_drop(kind, original, kept_id, gone_id)
    result = import_source(source=source, fetcher=RecordedFeed(kind, changed.encode()))
    assert result.updated == [kept_id] and result.closed == [gone_id] and not result.created
    kept = source.postings.get(external_id=kept_id)
    gone = source.postings.get(external_id=gone_id)
    assert kept.salary_max == 999_000 or kept.salary_max == 9_990_000
    # A pay change of a live posting sends it back to review, as for a typed edit.
    assert kept.status == PostingStatus.PENDING
    assert gone.status == PostingStatus.EXPIRED and not gone.is_live()
    # Importing the same feed again changes nothing.
    again = import_source(source=source, fetcher=RecordedFeed(kind, changed.encode()))
    assert (again.created, again.updated, again.closed) == ([], [], [])


def change_pay_and_drop(kind: str, text: str, kept_id: str, gone_id: str) -> str:
    if kind == "jsonld":
        text = text.replace('"maxValue": 88000', '"maxValue": 999000')
        text = text.replace('"minValue": 68000', '"minValue": 600000')
        # The second JobPosting is no longer one.
        return text.replace(
            '"@type": "JobPosting",\n        "title": "Machine Learning Engineer, Remote"',
            '"@type": "Event",\n        "title": "Machine Learning Engineer, Remote"',
        )
    data = json.loads(text)
    jobs = data if kind == "lever" else data["jobs"]
    key = {"workable": "shortcode"}.get(kind, "id")
    jobs[:] = [job for job in jobs if str(job[key]) != gone_id]
    job = next(job for job in jobs if str(job[key]) == kept_id)
    if kind == "greenhouse":
        job["pay_input_ranges"][0].update(min_cents=60_000_000, max_cents=99_900_000)
    elif kind == "lever":
        job["salaryRange"].update(min=600_000, max=999_000)
    elif kind == "ashby":
        job["compensation"]["summaryComponents"][0].update(minValue=6_000_000, maxValue=9_990_000)
    else:
        job["description"] = "<p>Salary: R$ 600.000 - R$ 999.000 per month</p>"
    return json.dumps(data)


def test_a_verified_companys_imports_go_live_at_once(source_for, acme):
    acme.verified = True
    acme.save()
    source = source_for("ashby")
    import_source(source=source, fetcher=RecordedFeed("ashby"))
    assert set(source.postings.values_list("status", flat=True)) == {PostingStatus.PUBLISHED}


def test_a_feed_in_the_wrong_format_changes_nothing(source_for):
    source = source_for("greenhouse")
    from postings.imports.feeds import FeedError

    for body in (b"not json", b'{"postings": []}', b"[1, 2]"):
        with pytest.raises(FeedError):
            import_source(source=source, fetcher=RecordedFeed("greenhouse", body))
    assert not Posting.objects.exists()


def test_the_command_imports_and_reports(source_for, acme, monkeypatch):
    source_for("lever")
    monkeypatch.setattr("postings.imports.sync.fetch", RecordedFeed("lever"))
    out = StringIO()
    call_command("import_postings", "--company", acme.slug, stdout=out)
    assert "2 created" in out.getvalue() and "1 held back" in out.getvalue()
    assert "held back: Account Executive: Not an AI role" in out.getvalue()
    with pytest.raises(CommandError, match="No company"):
        call_command("import_postings", "--company", "nobody", stdout=StringIO())


def test_the_dashboard_adds_a_source_and_runs_it(client, owner, acme, catalogue, monkeypatch):
    client.force_login(owner)
    page = client.get("/employer/").content.decode()
    assert "Import your openings" in page
    response = client.post(
        f"/employer/companies/{acme.slug}/imports/", {"kind": "workable", "board": "kestrel"}
    )
    assert response.status_code == 302
    source = ImportSource.objects.get(company=acme)
    monkeypatch.setattr("postings.imports.sync.fetch", RecordedFeed("workable"))
    response = client.post(f"/employer/companies/{acme.slug}/imports/{source.pk}/run/", follow=True)
    content = response.content.decode()
    # The import is a task (run at once in the tests): the page shows its result.
    assert "The import from kestrel is under way" in content
    assert "2 new, 0 updated, 0 closed, 0 unchanged, 1 held back." in content
    assert "Reinforcement Learning Engineer" in content and "No pay range" in content
    assert source.postings.count() == 2


def test_only_members_run_a_companys_imports(client, outsider, acme, catalogue):
    source = ImportSource.objects.create(company=acme, kind="lever", board="acme")
    client.force_login(outsider)
    assert (
        client.post(f"/employer/companies/{acme.slug}/imports/{source.pk}/run/").status_code == 404
    )
    response = client.post(
        f"/employer/companies/{acme.slug}/imports/", {"kind": "lever", "board": "x"}
    )
    assert response.status_code == 404
    assert client.get(f"/employer/companies/{acme.slug}/imports/{source.pk}/run/").status_code in {
        404,
        405,
    }


def test_a_bad_source_keeps_the_input_with_field_errors(client, owner, acme):
    client.force_login(owner)
    response = client.post(
        f"/employer/companies/{acme.slug}/imports/", {"kind": "jsonld", "board": "not a url"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Give the page&#x27;s full address" in content and 'value="not a url"' in content
    assert not ImportSource.objects.exists()


# --- fetching is bounded and never trusted -----------------------------------------------


class FakeAnswer:
    def __init__(self, body: bytes, content_type: str) -> None:
        self.body = body
        import email.message

        self.headers = email.message.Message()
        self.headers["Content-Type"] = content_type

    def read(self, limit: int) -> bytes:
        return self.body[:limit]

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


@pytest.fixture
def public_dns(monkeypatch):
    """Every host resolves to a public address (no lookup leaves the machine)."""

    def resolve(host, port, *args, **kwargs):
        address = {"intranet.example": "10.0.0.5", "localhost": "127.0.0.1"}.get(
            host, "93.184.215.14"
        )
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", resolve)


def test_fetch_refuses_private_addresses_and_other_schemes(public_dns, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("no connection may be made")

    monkeypatch.setattr(fetch_module._opener, "open", never)
    for url in (
        "http://intranet.example/jobs",
        "http://localhost:8000/",
        "file:///etc/passwd",
        "ftp://x.example/",
    ):
        with pytest.raises(FetchError):
            fetch(url, ("application/json",))


def test_fetch_checks_the_content_type_and_the_size(public_dns, monkeypatch):
    answers = iter(
        [
            FakeAnswer(b"<html></html>", "text/html"),
            FakeAnswer(b"x" * (fetch_module.MAX_BYTES + 10), "application/json"),
            FakeAnswer(b'{"jobs": []}', "application/json; charset=utf-8"),
        ]
    )
    seen = {}

    def opener(request, timeout):
        seen["timeout"] = timeout
        return next(answers)

    monkeypatch.setattr(fetch_module._opener, "open", opener)
    with pytest.raises(FetchError, match="text/html"):
        fetch("https://boards.example/jobs", ("application/json",))
    with pytest.raises(FetchError, match="larger than"):
        fetch("https://boards.example/jobs", ("application/json",))
    assert fetch("https://boards.example/jobs", ("application/json",)).body == b'{"jobs": []}'
    assert seen["timeout"] == fetch_module.TIMEOUT_SECONDS
