"""Each applicant tracking system's public job-board format, read into `Opening`s.

The formats, as each system publishes them for job boards:

- Greenhouse: GET boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true
  {"jobs": [{"id", "title", "location": {"name"}, "absolute_url", "content" (escaped HTML),
  "pay_input_ranges": [{"min_cents", "max_cents", "currency_type"}] (when published)}]}
- Lever: GET api.lever.co/v0/postings/{site}?mode=json
  [{"id", "text", "categories": {"location", "commitment"}, "country", "workplaceType",
  "description", "lists": [{"text", "content"}], "additional", "hostedUrl", "applyUrl",
  "salaryRange": {"min", "max", "currency", "interval"}}]
- Ashby: GET api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true
  {"jobs": [{"id", "title", "employmentType", "location", "isRemote", "workplaceType",
  "address": {"postalAddress": {...}}, "jobUrl", "applyUrl", "descriptionHtml", "isListed",
  "compensation": {"summaryComponents": [{"compensationType", "interval", "currencyCode",
  "minValue", "maxValue"}]}}]}
- Workable: GET apply.workable.com/api/v1/widget/accounts/{board}?details=true
  {"jobs": [{"shortcode", "title", "employment_type", "telecommuting", "city", "country",
  "locations": [{"city", "countryCode"}], "url", "application_url", "description"}]}
- Any page: the schema.org JobPosting objects in its <script type="application/ld+json">.

Nothing read here is trusted: text becomes Markdown (markup.py), which the board renders
and sanitises as it does typed postings; numbers are checked before use.
"""

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

from .markup import html_to_markdown

JSON = ("application/json",)
HTML = ("text/html", "application/xhtml+xml")


class FeedError(ValueError):
    """The feed is not in the format its system publishes."""


@dataclass
class Opening:
    """One opening as a source lists it, before the board decides what to do with it."""

    external_id: str
    title: str
    description: str  # Markdown
    apply_url: str = ""
    location: str = ""  # as the source writes it: "Berlin", "Remote - US"
    country: str = ""  # ISO code or name, when the source gives one
    remote: str = ""  # remote, hybrid, onsite, or "" when the source does not say
    employment_type: str = ""  # full-time, part-time, contract, internship, or ""
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_period: str = ""
    applicant_countries: list[str] = field(default_factory=list)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 and number < 1e12 else None


def _text(value, limit: int = 500) -> str:
    return " ".join(str(value or "").split())[:limit]


def _load_json(body: bytes):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"The feed is not JSON: {error}") from None


PERIODS = {
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "1 year": "year",
    "per-year-salary": "year",
    "month": "month",
    "monthly": "month",
    "1 month": "month",
    "per-month-salary": "month",
    "hour": "hour",
    "hourly": "hour",
    "1 hour": "hour",
    "per-hour-wage": "hour",
}
TYPES = {
    "full-time": "full-time",
    "fulltime": "full-time",
    "full_time": "full-time",
    "part-time": "part-time",
    "parttime": "part-time",
    "part_time": "part-time",
    "contract": "contract",
    "contractor": "contract",
    "temporary": "contract",
    "intern": "internship",
    "internship": "internship",
}
WORKPLACES = {
    "remote": "remote",
    "hybrid": "hybrid",
    "onsite": "onsite",
    "on-site": "onsite",
    "on site": "onsite",
}


def employment(value) -> str:
    return TYPES.get(_text(value).lower().replace(" ", ""), "")


def workplace(value) -> str:
    return WORKPLACES.get(_text(value).lower(), "")


# Pay written in a description: "$120,000 - $150,000", "€70.000–90.000 a year",
# "USD 120k to 150k", "£45 - £60 per hour".
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "R$": "BRL", "¥": "JPY"}
CURRENCY = r"(?:R\$|[$€£₹¥]|\b[A-Z]{3}\b)"
NUMBER = r"(?:\d{1,3}(?:[.,\s]\d{3})+|\d+(?:\.\d+)?)"
PAY_TEXT = re.compile(
    rf"(?P<cur1>{CURRENCY})?\s*(?P<low>{NUMBER})\s*(?P<lowk>[kK])?"
    rf"\s*(?:-|–|—|to)\s*"
    rf"(?P<cur2>{CURRENCY})?\s*(?P<high>{NUMBER})\s*(?P<highk>[kK])?"
    r"(?:\s*(?P<cur3>\b[A-Z]{3}\b))?"
    r"(?:\s*(?:per|an|a|/)\s*(?P<period>year|annum|month|hour))?"
)


def _amount(text: str, thousands: str | None) -> float | None:
    digits = re.sub(r"[.,\s](?=\d{3}(?:\D|$))", "", text)
    number = _number(digits)
    if number is not None and thousands:
        number *= 1000
    return number


def pay_from_text(text: str) -> tuple[int, int, str, str] | None:
    """(minimum, maximum, currency, period) from pay written in prose, when clear."""
    for match in PAY_TEXT.finditer(text):
        symbol = match["cur1"] or match["cur2"] or match["cur3"]
        currency = SYMBOLS.get(symbol or "", symbol or "")
        if not currency or len(currency) != 3:
            continue
        low = _amount(match["low"], match["lowk"] or match["highk"])
        high = _amount(match["high"], match["highk"])
        if not low or not high or high < low:
            continue
        period = {"annum": "year"}.get(match["period"] or "", match["period"] or "")
        if not period:
            period = "hour" if high < 500 else "year"
        return round(low), round(high), currency, period
    return None


def with_pay_from_text(opening: Opening) -> Opening:
    if opening.salary_min is None:
        found = pay_from_text(opening.description)
        if found:
            (
                opening.salary_min,
                opening.salary_max,
                opening.salary_currency,
                opening.salary_period,
            ) = found
    return opening


# --- Greenhouse -------------------------------------------------------------------------


def greenhouse_url(board: str) -> str:
    return (
        f"https://boards-api.greenhouse.io/v1/boards/{quote(board, safe='')}/jobs"
        "?content=true&pay_transparency=true"
    )


def read_greenhouse(body: bytes) -> list[Opening]:
    data = _load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError('A Greenhouse feed is an object with a "jobs" list.')
    openings = []
    for job in data["jobs"]:
        if not isinstance(job, dict) or "id" not in job:
            continue
        opening = Opening(
            external_id=str(job["id"]),
            title=_text(job.get("title"), 160),
            # Greenhouse sends the description as HTML with its markup escaped.
            description=html_to_markdown(html.unescape(str(job.get("content") or ""))),
            apply_url=str(job.get("absolute_url") or ""),
            location=_text((job.get("location") or {}).get("name")),
        )
        ranges = [r for r in job.get("pay_input_ranges") or [] if isinstance(r, dict)]
        if ranges:
            low = _number(ranges[0].get("min_cents"))
            high = _number(ranges[0].get("max_cents"))
            if low and high:
                opening.salary_min, opening.salary_max = round(low / 100), round(high / 100)
                opening.salary_currency = _text(ranges[0].get("currency_type"), 3).upper()
                opening.salary_period = "year"
        openings.append(with_pay_from_text(opening))
    return openings


# --- Lever ------------------------------------------------------------------------------


def lever_url(board: str) -> str:
    return f"https://api.lever.co/v0/postings/{quote(board, safe='')}?mode=json"


def read_lever(body: bytes) -> list[Opening]:
    data = _load_json(body)
    if not isinstance(data, list):
        raise FeedError("A Lever feed is a list of postings.")
    openings = []
    for job in data:
        if not isinstance(job, dict) or "id" not in job:
            continue
        categories = job.get("categories") or {}
        parts = [str(job.get("description") or "")]
        for block in job.get("lists") or []:
            if isinstance(block, dict):
                heading = html.escape(_text(block.get("text"), 200))
                parts.append(f"<h3>{heading}</h3><ul>{block.get('content') or ''}</ul>")
        parts.append(str(job.get("additional") or ""))
        opening = Opening(
            external_id=str(job["id"]),
            title=_text(job.get("text"), 160),
            description=html_to_markdown("".join(parts)),
            apply_url=str(job.get("hostedUrl") or job.get("applyUrl") or ""),
            location=_text(categories.get("location")),
            country=_text(job.get("country"), 60),
            remote=workplace(job.get("workplaceType")),
            employment_type=employment(categories.get("commitment")),
        )
        salary = job.get("salaryRange") or {}
        low, high = _number(salary.get("min")), _number(salary.get("max"))
        if low and high:
            opening.salary_min, opening.salary_max = round(low), round(high)
            opening.salary_currency = _text(salary.get("currency"), 3).upper()
            opening.salary_period = PERIODS.get(_text(salary.get("interval")).lower(), "")
        openings.append(with_pay_from_text(opening))
    return openings


# --- Ashby ------------------------------------------------------------------------------


def ashby_url(board: str) -> str:
    return (
        f"https://api.ashbyhq.com/posting-api/job-board/{quote(board, safe='')}"
        "?includeCompensation=true"
    )


def read_ashby(body: bytes) -> list[Opening]:
    data = _load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError('An Ashby feed is an object with a "jobs" list.')
    openings = []
    for job in data["jobs"]:
        if not isinstance(job, dict) or "id" not in job or job.get("isListed") is False:
            continue
        address = ((job.get("address") or {}).get("postalAddress")) or {}
        remote = workplace(job.get("workplaceType")) or ("remote" if job.get("isRemote") else "")
        opening = Opening(
            external_id=str(job["id"]),
            title=_text(job.get("title"), 160),
            description=html_to_markdown(str(job.get("descriptionHtml") or "")),
            apply_url=str(job.get("jobUrl") or job.get("applyUrl") or ""),
            location=_text(address.get("addressLocality") or job.get("location")),
            country=_text(address.get("addressCountry"), 60),
            remote=remote,
            employment_type=employment(job.get("employmentType")),
        )
        components = ((job.get("compensation") or {}).get("summaryComponents")) or []
        for part in components:
            if not isinstance(part, dict) or part.get("compensationType") != "Salary":
                continue
            low, high = _number(part.get("minValue")), _number(part.get("maxValue"))
            if low and high:
                opening.salary_min, opening.salary_max = round(low), round(high)
                opening.salary_currency = _text(part.get("currencyCode"), 3).upper()
                opening.salary_period = PERIODS.get(_text(part.get("interval")).lower(), "")
                break
        openings.append(with_pay_from_text(opening))
    return openings


# --- Workable ---------------------------------------------------------------------------


def workable_url(board: str) -> str:
    return f"https://apply.workable.com/api/v1/widget/accounts/{quote(board, safe='')}?details=true"


def read_workable(body: bytes) -> list[Opening]:
    data = _load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError('A Workable feed is an object with a "jobs" list.')
    openings = []
    for job in data["jobs"]:
        if not isinstance(job, dict) or not job.get("shortcode"):
            continue
        places = [p for p in job.get("locations") or [] if isinstance(p, dict)]
        first = places[0] if places else {}
        opening = Opening(
            external_id=str(job["shortcode"]),
            title=_text(job.get("title"), 160),
            description=html_to_markdown(str(job.get("description") or "")),
            apply_url=str(job.get("url") or job.get("application_url") or ""),
            location=_text(first.get("city") or job.get("city")),
            country=_text(first.get("countryCode") or job.get("country"), 60),
            remote="remote" if job.get("telecommuting") else "",
            employment_type=employment(job.get("employment_type")),
        )
        openings.append(with_pay_from_text(opening))
    return openings


# --- schema.org JobPosting in a page ----------------------------------------------------


class _JsonLdScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "script" and dict(attrs).get("type", "").lower() == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data) -> None:
        if self._inside:
            self.blocks[-1] += data


def _job_postings(node) -> list[dict]:
    if isinstance(node, list):
        return [found for item in node for found in _job_postings(item)]
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "JobPosting" in kinds:
        return [node]
    return _job_postings(node.get("@graph", []))


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def jsonld_url(board: str) -> str:
    return board


def read_jsonld(body: bytes) -> list[Opening]:
    parser = _JsonLdScripts()
    parser.feed(body.decode("utf-8", errors="replace"))
    postings = []
    for block in parser.blocks:
        try:
            postings += _job_postings(json.loads(block))
        except ValueError:
            continue  # one broken block does not hide the others
    openings = []
    for data in postings:
        identifier = data.get("identifier")
        external_id = (
            identifier.get("value") if isinstance(identifier, dict) else identifier
        ) or data.get("url")
        title = _text(data.get("title"), 160)
        if not external_id:
            external_id = title
        if not title:
            continue
        place = next((p for p in _as_list(data.get("jobLocation")) if isinstance(p, dict)), {})
        address = place.get("address") if isinstance(place.get("address"), dict) else {}
        country = address.get("addressCountry")
        if isinstance(country, dict):
            country = country.get("name")
        telecommute = str(data.get("jobLocationType", "")).upper() == "TELECOMMUTE"
        opening = Opening(
            external_id=_text(external_id, 200),
            title=title,
            description=html_to_markdown(str(data.get("description") or "")),
            apply_url=str(data.get("url") or ""),
            location=_text(address.get("addressLocality")),
            country=_text(country, 60),
            remote="remote" if telecommute else "",
            employment_type=employment(next(iter(_as_list(data.get("employmentType"))), "")),
            applicant_countries=[
                _text(item.get("name") if isinstance(item, dict) else item, 60)
                for item in _as_list(data.get("applicantLocationRequirements"))
            ],
        )
        salary = data.get("baseSalary") if isinstance(data.get("baseSalary"), dict) else {}
        value = salary.get("value") if isinstance(salary.get("value"), dict) else {}
        low = _number(value.get("minValue") or value.get("value"))
        high = _number(value.get("maxValue") or value.get("value"))
        if low and high:
            opening.salary_min, opening.salary_max = round(low), round(high)
            opening.salary_currency = _text(salary.get("currency"), 3).upper()
            opening.salary_period = PERIODS.get(_text(value.get("unitText")).lower(), "")
        openings.append(with_pay_from_text(opening))
    return openings


@dataclass(frozen=True)
class Format:
    label: str
    url: object  # (board) -> the feed's URL
    accept: tuple[str, ...]
    read: object  # (body) -> list[Opening]
    board_help: str


FORMATS = {
    "greenhouse": Format(
        "Greenhouse", greenhouse_url, JSON, read_greenhouse, "the board token, e.g. acme"
    ),
    "lever": Format("Lever", lever_url, JSON, read_lever, "the site name, e.g. acme"),
    "ashby": Format("Ashby", ashby_url, JSON, read_ashby, "the job board name, e.g. acme"),
    "workable": Format(
        "Workable", workable_url, JSON, read_workable, "the account subdomain, e.g. acme"
    ),
    "jsonld": Format(
        "A careers page (schema.org JobPosting)",
        jsonld_url,
        HTML,
        read_jsonld,
        "the page's address, e.g. https://acme.example/careers",
    ),
}
