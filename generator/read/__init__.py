"""The read stage: articles from plain text, Markdown and JSON Lines, cleaned, dated, overridden."""

from .articles import check_source, read_articles
from .schedule import HeldBack, Publishing, hold_back

__all__ = ["HeldBack", "Publishing", "check_source", "hold_back", "read_articles"]
