"""The reader of raw scraped articles (`.txt`): headline or lead title, dates, byline."""

from __future__ import annotations

from pathlib import Path

from ..errors import warn
from ..ids import clean_name, shown
from ..model import Article
from .cleaning import clean_text
from .headlines import lead_title


def read_text(path: str, text: str) -> Article | None:
    """A raw scraped article: headline or lead title, best date evidence, byline as author."""
    cleaned = clean_text(text)
    if not cleaned.paragraphs:
        warn(shown(path), "no article text after cleaning; file skipped")
        return None
    title, title_source = (
        (cleaned.headline, "headline") if cleaned.headline else (lead_title(cleaned.paragraphs[0]), "lead")
    )
    return Article(
        id=clean_name(Path(path).stem),
        path=path,
        title=title,
        title_source=title_source,
        date=cleaned.date,
        date_source=cleaned.date_source,
        paragraphs=cleaned.paragraphs,
        author=cleaned.author,
    )
