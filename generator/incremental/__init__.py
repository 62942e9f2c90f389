"""Incremental reuse: code fingerprints, the extraction and record caches, stage memos, manifests."""

from .reuse import Reuse

__all__ = ["Reuse"]
