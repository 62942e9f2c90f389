"""The Pagefind index a build writes (generator.search): in the same swap as the site, identical
across builds, optional, and a build without Pagefind still works (one warning)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import assert_built, assert_refused, copy_project, run_cli, tree

from generator import search


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def build(project: Path, output: str, *extra: str):
    return run_cli("build", "--source", "src", "--output", output, *extra, cwd=project)


def bundle(site: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(site).items() if k.startswith("pagefind/")}


def test_the_index_is_written_with_the_site_and_is_byte_stable(nlp: object, project: Path) -> None:
    assert_built(build(project, "one", "--no-cache"))
    assert_built(build(project, "two", "--no-cache"))
    first = bundle(project / "one")
    assert {"pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-entry.json"} <= set(first)
    assert first == bundle(project / "two")
    entry = json.loads(first["pagefind/pagefind-entry.json"])
    pages = sum(lang["page_count"] for lang in entry["languages"].values())
    marked = [p for p in (project / "one").rglob("*.html") if "data-pagefind-body" in p.read_text()]
    assert pages == len(marked) > 0
    (project / "src" / "extra.txt").write_text(
        "date 2022-05-06\n\nA later report from Tokyo says Pagefind indexes it too.\n"
    )
    assert_built(build(project, "one"))  # a rebuild through the cache replaces the bundle whole
    again = json.loads(bundle(project / "one")["pagefind/pagefind-entry.json"])
    marked_now = [p for p in (project / "one").rglob("*.html") if "data-pagefind-body" in p.read_text()]
    assert sum(lang["page_count"] for lang in again["languages"].values()) == len(marked_now) > pages


def test_search_off_writes_no_index_and_no_search_page(nlp: object, project: Path) -> None:
    config = project / "content" / "site.yaml"
    config.write_text(config.read_text() + "\nsearch: false\n")
    assert_built(build(project, "site"))
    assert not (project / "site" / "pagefind").exists()
    assert not (project / "site" / "search").exists()


def test_without_pagefind_the_build_warns_once_and_has_no_index(
    nlp: object, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "pagefind_binary", lambda: None)
    warnings = assert_built(build(project, "site"))
    said = "pagefind is not installed (pip install 'pagefind[bin]'); the site has no search index"
    assert [w for w in warnings if "pagefind" in w] == [f"WARNING: search: {said}"]
    assert (project / "site" / "index.html").is_file() and not (project / "site" / "pagefind").exists()


def test_a_failing_index_leaves_the_published_site_as_it_was(
    nlp: object, project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert_built(build(project, "site"))
    before = tree(project / "site")
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'no such thing' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_binary", lambda: broken)
    (project / "src" / "extra.txt").write_text(
        "date 2022-05-06\n\nA later report from Tokyo changes the site.\n"
    )
    line = assert_refused(build(project, "site"), "search")
    assert "pagefind could not index the site: no such thing" in line
    assert tree(project / "site") == before
    assert not [n for n in (project).iterdir() if n.name.startswith(".site.new-")]
