"""Drafts and scheduled articles: what a build publishes (`Publishing`) and what it holds back.

An article is a draft when its front matter, JSONL record or `overrides.yaml` says `draft: true`;
it is scheduled when dated after the build's date. Both are left out unless the build includes
them (`--drafts`, `--future`). The build's date is `SOURCE_DATE_EPOCH` when set (reproducible
builds), else today.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ..errors import BuildError
from ..model import Article


def build_date() -> date:
    """The build's date: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when set, else today."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return date.today()
    try:
        return datetime.fromtimestamp(int(value), tz=UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildError("SOURCE_DATE_EPOCH", f"must be a whole number of seconds, not {value!r}") from None


@dataclass(frozen=True)
class Publishing:
    """What a build publishes: drafts or not, articles dated after `today` or not."""

    today: date
    drafts: bool = False
    future: bool = False

    @classmethod
    def default(cls, drafts: bool = False, future: bool = False) -> Publishing:
        return cls(build_date(), drafts, future)


@dataclass(frozen=True)
class HeldBack:
    """How many articles a build did not publish, and why."""

    drafts: int = 0
    scheduled: int = 0

    def summary(self) -> str:
        """'2 drafts and 1 scheduled article not published', or '' when none was held back."""
        parts = []
        if self.drafts:
            parts.append(f"{self.drafts} draft{'s' if self.drafts != 1 else ''}")
        if self.scheduled:
            parts.append(f"{self.scheduled} scheduled article{'s' if self.scheduled != 1 else ''}")
        return f"{' and '.join(parts)} not published" if parts else ""


def scheduled(article: Article, today: date) -> bool:
    return article.date is not None and article.date > today


def hold_back(articles: Sequence[Article], publishing: Publishing) -> tuple[tuple[Article, ...], HeldBack]:
    """The articles to publish (order kept) and the count of drafts and scheduled ones left out (a
    draft that is also scheduled counts as a draft)."""
    kept: list[Article] = []
    drafts = later = 0
    for article in articles:
        if article.draft and not publishing.drafts:
            drafts += 1
        elif scheduled(article, publishing.today) and not publishing.future:
            later += 1
        else:
            kept.append(article)
    return tuple(kept), HeldBack(drafts, later)
