"""The bundled example site equals its committed snapshot, tests/golden/seeds/, byte for byte, so a
review sees every change a commit makes to the output. `make golden` rewrites the snapshot."""

from __future__ import annotations

from pathlib import Path

from golden_site import GOLDEN, ROOT, differences, snapshot


def test_the_example_site_equals_its_golden_snapshot(seeds_site: Path) -> None:
    assert snapshot(GOLDEN), "no snapshot in tests/golden/seeds/: run `make golden`"
    problems = differences(seeds_site)
    assert not problems, "the example site differs from tests/golden/seeds/:\n" + problems


def test_static_files_are_the_theme_s_own(seeds_site: Path) -> None:
    """What the snapshot leaves out (static/) is a verbatim copy of templates/static/."""
    assert snapshot(seeds_site / "static") == snapshot(ROOT / "templates" / "static")
