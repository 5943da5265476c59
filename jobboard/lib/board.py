"""What the pages of the lower apps show from the apps above them.

Imports point down (DESIGN.md): roles, hubs and companies never import postings, guides
or salaries, and postings never imports candidates. Yet a role page shows live postings,
guides and survey figures, a hub page its live postings, and a list of postings the ones
the visitor saved and a form to turn the search into an alert. The project hands them a
`Board` made of the higher apps' own public functions (`jobboard/apps.py`, once every app
is loaded), and their views ask it through `board()`. This module only names what a Board
offers, so each app can be read on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Board:
    # live_counts(by, **filters) -> {key: n}: live postings grouped by "role", "hub",
    # "company" (primary keys) or "remote" (way of working); filters: role, hub, company
    # (objects) and remote (a way of working).
    live_counts: Callable[..., dict[Any, int]]
    # newest_postings(limit=n, **filters) -> the newest live postings, with the same filters.
    newest_postings: Callable[..., list]
    # postings_page(request, **filters) -> one page (Django's Page) of live postings.
    postings_page: Callable[..., Any]
    # postings_url(role=None, hub=None, remote=None) -> the address of the /jobs/ search.
    postings_url: Callable[..., str]
    # guides_about(role) -> the newest public guides about a role.
    guides_about: Callable[[Any], list]
    # survey_by_level(role, country=...) -> survey percentiles of a role, level by level.
    survey_by_level: Callable[..., list]
    # saved_ids(user, postings) -> the ids of those postings the user has saved.
    saved_ids: Callable[[Any, Any], set[int]]
    # alert_form(query) -> the form that turns a /jobs/ search into an e-mail alert.
    alert_form: Callable[[str], Any]


_board: Board | None = None


def install(new: Board) -> None:
    global _board
    _board = new


def board() -> Board:
    if _board is None:
        raise RuntimeError("No board installed: is 'jobboard' in INSTALLED_APPS?")
    return _board
