"""Near-duplicate detection for the moderation queue.

Text is normalised (lower case, letters and digits only, single spaces) and cut into
overlapping three-word shingles; two postings are compared by the Jaccard index of their
shingle sets. Reworded copies of one advert share most shingles; different jobs at the same
company share few, because descriptions differ in more than the boilerplate.
"""

import re

from django.db.models import Q

from .models import Posting, PostingStatus

SHINGLE_WORDS = 3
# Jaccard index at or above which a posting is flagged for the moderator.
SIMILARITY_THRESHOLD = 0.7
# How many recent live or pending postings a new one is compared with: bounded work per submission.
CANDIDATES = 500

_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", (text or "").lower()).split())


def shingles(text: str) -> set[tuple[str, ...]]:
    words = normalise(text).split()
    if len(words) < SHINGLE_WORDS:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def posting_text(posting: Posting) -> str:
    return f"{posting.title} {posting.company.name} {posting.description}"


def most_similar(posting: Posting) -> tuple[Posting | None, float]:
    """The live or pending posting whose text is nearest this one's, with its score.

    One query: the most recent CANDIDATES postings of the same company or the same role.
    """
    mine = shingles(posting_text(posting))
    live_or_pending = Posting.objects.live() | Posting.objects.filter(status=PostingStatus.PENDING)
    rows = (
        live_or_pending.filter(Q(company_id=posting.company_id) | Q(role_id=posting.role_id))
        .exclude(pk=posting.pk)
        .select_related("company")
        .only("pk", "title", "slug", "description", "company__name")
        .order_by("-created_at")[:CANDIDATES]
    )
    best, best_score = None, 0.0
    for other in rows:
        score = jaccard(mine, shingles(posting_text(other)))
        if score > best_score:
            best, best_score = other, score
    return best, best_score
