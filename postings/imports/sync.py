"""Keeping a company's postings in step with one of its sources.

New openings become postings and go through moderation like typed ones
(workflow.submit: pending review, or live at once for a verified company); changed ones
are updated through workflow.save_edits, with its rule for live postings; openings that
left the feed are closed (a live posting) or taken back out of review (a pending one).
An opening the board cannot list (no pay range, no AI role, a city nobody can place,
anything Posting.clean refuses) is held back, and the reason kept on the source.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubs import gazetteer
from hubs.models import City
from roles.models import RemoteStatus, Role
from salaries.models import TitleAlias

from .. import workflow
from ..models import ImportSource, Posting, PostingStatus
from .feeds import FORMATS, FeedError, Opening
from .fetch import Fetcher, FetchError, fetch

# Title words that name a role, most specific first: the first rule that matches wins.
ROLE_RULES = [
    (r"\bchief ai\b|\bcaio\b", "chief-ai-officer"),
    (
        r"\bhead of (ai|machine learning|ml)\b|\b(director|vp)\b.*\b(ai|ml|machine learning)\b",
        "head-of-ai",
    ),
    (r"\bgenerative ai product\b|\bgenai product\b", "generative-ai-product-manager"),
    (r"\bproduct manager\b", "ai-product-manager"),
    (r"\bsolutions? architect\b", "ai-solutions-architect"),
    (r"\bsafety\b|\balignment\b", "ai-safety-researcher"),
    (r"\bsecurity\b|\bred team", "ai-security-specialist"),
    (r"\bethic|\bresponsible ai\b|\bai governance\b", "ai-ethics-specialist"),
    (r"\bfine-?tun", "llm-fine-tuning-specialist"),
    (r"\bprompt\b", "prompt-engineer"),
    (r"\bmultimodal\b", "multimodal-ai-engineer"),
    (r"\bcomputer vision\b|\bvision\b|\bperception\b", "computer-vision-engineer"),
    (r"\bnlp\b|\bnatural language\b", "nlp-engineer"),
    (r"\breinforcement\b|\brl\b", "reinforcement-learning-engineer"),
    (r"\brobot", "robotics-engineer"),
    (r"\bannotat|\bdata label|\btraining data\b", "ai-training-data-specialist"),
    (r"\b(ml|ai) ?(ops|infrastructure|platform)\b|\bmlops\b", "ai-infrastructure-engineer"),
    (r"\bresearch scientist\b|\bresearcher\b|\bresearch engineer\b", "research-scientist"),
    (r"\bdata scientist\b", "data-scientist"),
    (r"\bgenerative\b|\bgenai\b|\bllm\b", "generative-ai-engineer"),
    (r"\bmachine learning\b|\bml engineer\b|\bml\b", "machine-learning-engineer"),
    (r"\bai engineer\b|\bai developer\b|\bapplied ai\b", "ai-engineer"),
]
SENIOR = re.compile(r"\b(senior|sr\.?|staff|lead|principal|head|director|chief|vp)\b", re.I)
ENTRY = re.compile(r"\b(junior|jr\.?|associate|graduate|entry|intern|internship|new grad)\b", re.I)
REMOTE_WORDS = re.compile(r"\bremote\b|\banywhere\b|\bwork from home\b", re.I)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    closed: list[str] = field(default_factory=list)
    held_back: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "closed": len(self.closed),
            "held_back": len(self.held_back),
        }


class HeldBack(Exception):
    """An opening the board cannot list; the message is the reason."""


def role_for(title: str, roles: dict[str, Role], aliases: dict[str, Role]) -> Role:
    found = aliases.get(title.casefold())
    if found:
        return found
    lowered = title.lower()
    for pattern, slug in ROLE_RULES:
        if re.search(pattern, lowered) and slug in roles:
            return roles[slug]
    raise HeldBack("Not an AI role the board lists (its title names none of the board's roles).")


def level_for(title: str, role: Role) -> str:
    if role.family == "leadership" or SENIOR.search(title):
        return "senior"
    return "entry" if ENTRY.search(title) else "mid"


def place_for(opening: Opening) -> tuple[str, City | None, list[str]]:
    """(way of working, city, countries applicants may live in) for an opening."""
    text = " ".join(part for part in (opening.location, opening.country) if part)
    remote = opening.remote or ("remote" if REMOTE_WORDS.search(text) else "onsite")
    countries: list[str] = []
    if remote == RemoteStatus.REMOTE:
        wanted = opening.applicant_countries or ([opening.country] if opening.country else [])
        try:
            countries = gazetteer.expand_countries(wanted)
        except ValueError:
            countries = []
    where = REMOTE_WORDS.sub("", opening.location).strip(" -,()/")
    place = None
    if where:
        place = gazetteer.resolve(f"{where}, {opening.country}" if opening.country else where)
        place = place or gazetteer.resolve(where)
    if place is None and remote != RemoteStatus.REMOTE:
        raise HeldBack(f"No city we can place for “{opening.location or 'no location'}”.")
    return remote, (City.objects.from_place(place) if place else None), countries


def posting_fields(opening: Opening, roles, aliases) -> dict:
    if opening.salary_min is None or opening.salary_max is None:
        raise HeldBack("No pay range given: the board lists only jobs that show their pay.")
    if not opening.title:
        raise HeldBack("No title.")
    role = role_for(opening.title, roles, aliases)
    remote, city, countries = place_for(opening)
    kind = opening.employment_type or "full-time"
    level = level_for(opening.title, role)
    if kind == "internship":
        level = "entry"
    apply_url = opening.apply_url if opening.apply_url.startswith(("https://", "http://")) else ""
    if not apply_url:
        raise HeldBack("No address to apply at.")
    return {
        "title": opening.title,
        "role": role,
        "level": level,
        "employment_type": kind,
        "remote": remote,
        "city": city,
        "applicant_countries": countries,
        "salary_min": opening.salary_min,
        "salary_max": opening.salary_max,
        "salary_currency": opening.salary_currency,
        "salary_period": opening.salary_period or "year",
        "description": opening.description or opening.title,
        "apply_url": apply_url[:500],
    }


def _checked(posting: Posting) -> None:
    try:
        posting.full_clean(exclude=["slug"], validate_unique=False)
    except ValidationError as error:
        reasons = "; ".join(
            f"{name.replace('_', ' ')}: {' '.join(messages)}"
            if name != "__all__"
            else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
        raise HeldBack(reasons) from None


def read_source(source: ImportSource, fetcher: Fetcher | None = None) -> list[Opening]:
    """The openings a source lists now. Raises FetchError or FeedError."""
    feed = FORMATS[source.kind]
    answer = (fetcher or fetch)(feed.url(source.board), feed.accept)
    return feed.read(answer.body)


def import_source(*, source: ImportSource, fetcher: Fetcher | None = None) -> ImportResult:
    """Bring the company's postings from `source` in step with what it lists now.

    Raises FetchError or FeedError (nothing changed) when the feed cannot be read.
    """
    openings = read_source(source, fetcher)
    result = ImportResult()
    roles = {role.slug: role for role in Role.objects.all()}
    aliases = {
        alias.title.casefold(): alias.role for alias in TitleAlias.objects.select_related("role")
    }
    with transaction.atomic():
        existing = {p.external_id: p for p in source.postings.select_related("company", "city")}
        seen: set[str] = set()
        for opening in openings:
            if opening.external_id in seen:
                continue
            seen.add(opening.external_id)
            try:
                _apply(source, opening, existing.get(opening.external_id), roles, aliases, result)
            except HeldBack as reason:
                result.held_back.append(
                    {
                        "external_id": opening.external_id,
                        "title": opening.title,
                        "reason": str(reason),
                    }
                )
        for external_id, posting in existing.items():
            if external_id in seen:
                continue
            if posting.status == PostingStatus.PUBLISHED:
                workflow.close(posting=posting)
                result.closed.append(external_id)
            elif posting.status == PostingStatus.PENDING:
                workflow.withdraw(posting=posting)
                result.closed.append(external_id)
        source.last_run_at = timezone.now()
        source.last_result = result.summary()
        source.held_back = result.held_back
        source.save(update_fields=["last_run_at", "last_result", "held_back"])
    return result


def _apply(source, opening, posting, roles, aliases, result) -> None:
    values = posting_fields(opening, roles, aliases)
    if posting is None:
        posting = Posting(
            company=source.company, import_source=source, external_id=opening.external_id, **values
        )
        _checked(posting)
        posting.save()
        workflow.submit(posting=posting)
        result.created.append(opening.external_id)
        return
    if posting.status not in workflow.ALLOWED_FROM["edit"]:
        result.unchanged += 1  # filled: finished, as on the dashboard
        return
    changed = [name for name, value in values.items() if getattr(posting, name) != value]
    if not changed:
        result.unchanged += 1
        return
    for name in changed:
        setattr(posting, name, values[name])
    _checked(posting)
    workflow.save_edits(posting=posting, changed=changed)
    result.updated.append(opening.external_id)


__all__ = ["FeedError", "FetchError", "ImportResult", "import_source", "read_source"]


def import_company(*, company, fetcher: Fetcher | None = None) -> dict[ImportSource, object]:
    """Run every source of a company; a source that fails is reported, the others still run."""
    outcomes: dict[ImportSource, object] = {}
    for source in company.import_sources.all():
        try:
            outcomes[source] = import_source(source=source, fetcher=fetcher)
        except (FetchError, FeedError) as error:
            outcomes[source] = error
    return outcomes


def counts(outcomes: dict) -> Counter:
    total: Counter = Counter()
    for outcome in outcomes.values():
        if isinstance(outcome, ImportResult):
            total.update(outcome.summary())
    return total
