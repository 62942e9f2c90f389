"""briefing: a static site generator for news briefing digests."""

__version__ = "0.1.0"
