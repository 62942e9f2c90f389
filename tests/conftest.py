"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import SiteConfig

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    """The five real, messy seed articles."""
    return SEEDS


@pytest.fixture
def site_config(tmp_path: Path) -> SiteConfig:
    """Default settings rooted in an empty tmp folder (so no overrides file unless a test writes one)."""
    return SiteConfig(root=str(tmp_path))
