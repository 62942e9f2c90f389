"""The read stage: articles from plain text, Markdown and JSON Lines, cleaned, dated, overridden."""

from .articles import check_source, read_articles

__all__ = ["check_source", "read_articles"]
