"""Checks with independent tools and a real browser (`make check`, `pytest -m check`)."""
