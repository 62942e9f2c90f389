"""The Pagefind index a build writes (generator.search): one bundle per shard, in the same swap as
the site, identical across builds, a shard indexed again only when one of its pages changed,
optional, and a build without Pagefind still works (one warning)."""

from __future__ import annotations

import gzip
import json
import os
import re
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


def shards(site: Path) -> list[str]:
    """The bundles the search page merges, as pagefind/bundles.js lists them (the primary first)."""
    listed = (site / "pagefind" / "bundles.js").read_text()
    return json.loads(re.search(r"briefingSearchBundles = (\[.*\]);", listed).group(1))


def pages_of(site: Path, shard: str) -> set[str]:
    """The site paths a shard's bundle indexes, read from its fragments (one per page)."""
    found = set()
    for fragment in (site / "pagefind" / shard / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        found.add(json.loads(data[data.index(b"{") :])["url"].lstrip("/"))
    return found


def marked(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text()
    }


def inodes(site: Path, shard: str) -> dict[str, int]:
    folder = site / "pagefind" / shard
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_the_index_is_written_with_the_site_and_is_byte_stable(nlp: object, project: Path) -> None:
    assert_built(build(project, "one", "--no-cache"))
    assert_built(build(project, "two", "--no-cache"))
    first = bundle(project / "one")
    assert {"pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/bundles.js"} <= set(first)
    assert first == bundle(project / "two")
    site = project / "one"
    names = shards(site)
    assert names == sorted(names) and {p.name for p in (site / "pagefind").iterdir() if p.is_dir()} == set(
        names
    )
    indexed = [pages_of(site, name) for name in names]
    assert sorted(p for pages in indexed for p in pages) == sorted(marked(site))  # each page once
    for name in names:
        entry = json.loads((site / "pagefind" / name / "pagefind-entry.json").read_bytes())
        pages = sum(lang["page_count"] for lang in entry["languages"].values())
        assert pages == len(pages_of(site, name)) > 0
        assert not (site / "pagefind" / name / "pagefind.js").exists()  # the runtime is at pagefind/ only
    primary = site / "pagefind" / names[0]
    assert (primary / "pagefind-worker.js").read_bytes() == (
        site / "pagefind" / "pagefind-worker.js"
    ).read_bytes()
    assert (primary / "wasm.en.pagefind").is_file()


def test_a_shard_is_indexed_again_only_when_one_of_its_pages_changed(
    nlp: object, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project / "content" / "site.yaml"
    config.write_text(config.read_text() + "\nsearch_shard_pages: 2\n")  # the seeds in many shards
    indexed: list[str] = []
    index_shard = search.index_shard

    def spy(binary, staging, pages, out):
        indexed.append(out.name)
        return index_shard(binary, staging, pages, out)

    monkeypatch.setattr(search, "index_shard", spy)
    site = project / "site"
    assert_built(build(project, "site"))
    names = shards(site)
    assert sorted(indexed) == names and len(names) > 10
    pages = {p: (site / p).read_bytes() for p in marked(site)}
    before = {name: inodes(site, name) for name in names}

    indexed.clear()
    article = sorted((project / "src").iterdir())[1]
    article.write_text(article.read_text() + "\n\nThe ministry later released an update on the visit.\n")
    assert_built(build(project, "site"))
    changed = {p for p in marked(site) if (site / p).read_bytes() != pages.get(p)}
    assert changed and shards(site) == names
    expected = sorted(name for name in names if pages_of(site, name) & changed)
    assert sorted(indexed) == expected and len(expected) < len(names)
    for name in set(names) - set(expected):
        assert inodes(site, name) == before[name], name  # linked from the published site, not rewritten
    assert_built(build(project, "full", "--no-cache"))
    assert bundle(site) == bundle(project / "full")  # the same bytes as indexing everything

    indexed.clear()
    tampered = next((site / "pagefind" / names[0] / "fragment").iterdir())
    tampered.unlink()
    tampered.write_bytes(b"not a fragment")
    assert_built(build(project, "site"))
    assert indexed == [names[0]]  # a bundle file changed by hand is indexed again, not published
    assert bundle(site) == bundle(project / "full")


def test_a_new_article_joins_a_shard_and_the_index_counts_it(nlp: object, project: Path) -> None:
    assert_built(build(project, "site"))
    (project / "src" / "extra.txt").write_text(
        "date 2022-05-06\n\nA later report from Tokyo says Pagefind indexes it too.\n"
    )
    assert_built(build(project, "site"))
    site = project / "site"
    assert sorted(p for name in shards(site) for p in pages_of(site, name)) == sorted(marked(site))
    assert_built(build(project, "full", "--no-cache"))
    assert bundle(site) == bundle(project / "full")


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


@pytest.mark.parametrize("fails", ["always", "indexing"])
def test_a_failing_index_leaves_the_published_site_as_it_was(
    nlp: object, project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fails: str
) -> None:
    assert_built(build(project, "site"))
    before = tree(project / "site")
    real = search.pagefind_binary()
    broken = tmp_path / "pagefind"
    answer = f'[ "$1" = --version ] && exec "{real}" --version\n' if fails == "indexing" else ""
    broken.write_text(f"#!/bin/sh\n{answer}echo 'no such thing' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_binary", lambda: broken)
    (project / "src" / "extra.txt").write_text(
        "date 2022-05-06\n\nA later report from Tokyo changes the site.\n"
    )
    line = assert_refused(build(project, "site"), "search")
    assert "pagefind could not index the site: no such thing" in line
    assert tree(project / "site") == before
    assert not [n for n in project.iterdir() if n.name.startswith(".site.new-")]
    monkeypatch.setattr(search, "pagefind_binary", lambda: real)
    assert_built(build(project, "site"))  # and the next build indexes what it must
    assert sorted(p for name in shards(project / "site") for p in pages_of(project / "site", name)) == sorted(
        marked(project / "site")
    )
    assert not any(name.startswith(".search-") for name in os.listdir(project / "site"))


def test_a_corrupt_manifest_is_reported_and_every_shard_indexed_again(nlp: object, project: Path) -> None:
    assert_built(build(project, "site"))
    manifest = project / ".cache" / "briefing" / "search.bin"
    assert manifest.is_file()
    manifest.write_bytes(b"\x00not marshal data")
    article = sorted((project / "src").iterdir())[0]
    article.write_text(article.read_text() + "\n\nA later report adds a sentence.\n")
    warnings = assert_built(build(project, "site"))
    said = "corrupt search manifest ignored; indexing every page"
    assert [w for w in warnings if "search manifest" in w] == [f"WARNING: .cache/briefing/search.bin: {said}"]
    assert_built(build(project, "full", "--no-cache"))
    assert bundle(project / "site") == bundle(project / "full")
