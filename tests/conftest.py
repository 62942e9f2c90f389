"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import SiteConfig

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def nlp(monkeypatch: pytest.MonkeyPatch):
    """A fake spaCy in place of the real pipeline (`support.FakeNlp`: every capitalised word
    a GPE); it records the texts it is asked to annotate."""
    from support import FakeNlp

    from generator.extract import pipeline as extract_module

    fake = FakeNlp()
    monkeypatch.setattr(extract_module, "load_pipeline", lambda config: fake)
    return fake


@pytest.fixture
def under_hash_seeds():
    """A function running Python `code` under three hash seeds; it returns the set of what it printed
    (one element when the output does not depend on the seed)."""
    import os
    import subprocess
    import sys

    def run(code: str) -> set[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return {
            subprocess.run(
                [sys.executable, "-c", code],
                cwd=ROOT,
                env={**env, "PYTHONHASHSEED": seed},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for seed in ("1", "2", "3")
        }

    return run


@pytest.fixture
def seeds_dir() -> Path:
    """The five real, messy seed articles."""
    return SEEDS


@pytest.fixture
def site_config(tmp_path: Path) -> SiteConfig:
    """Default settings rooted in an empty tmp folder (so no overrides file unless a test writes one)."""
    return SiteConfig(root=str(tmp_path))


@pytest.fixture(scope="session")
def seed_model():
    """The seeds through read, extract (real spaCy, cached in a temp folder), resolve and group."""
    import tempfile

    from generator.build import site_model
    from generator.incremental import Reuse
    from generator.read import read_articles

    config = SiteConfig(root=str(ROOT))
    articles = read_articles(config, [SEEDS])
    with tempfile.TemporaryDirectory() as cache:
        model = site_model(config, articles, Reuse(Path(cache), Path(cache) / "site"))
    return model


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example (seeds/ and content/) built by the real CLI with real spaCy, through a
    fresh cache: the end-to-end and golden tests share this one build. Read it; never change it."""
    from golden_site import build_example

    out = tmp_path_factory.mktemp("e2e") / "site"
    printed = build_example(out, "--cache-dir", str(tmp_path_factory.mktemp("cache")))
    assert "5 articles, 3 storylines" in printed
    return out
