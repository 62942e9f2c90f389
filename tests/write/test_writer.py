"""The write stage: atomic swap, unchanged files kept, removed pages gone, readable permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import file_stats, files

from generator.model import Page
from generator.write.writer import write_site

PAGES = [
    Page("index.html", b"<p>home</p>"),
    Page("articles/a/index.html", b"<p>a</p>"),
    Page("articles/b/index.html", b"<p>b</p>"),
    Page("static/style.css", b"body{}"),
]


# Successive sites: pages changed, added, removed, restored, and a home page alone.
VERSIONS = [
    PAGES,
    [*PAGES[:2], Page("articles/b/index.html", b"<p>b2</p>"), Page("articles/c/x/index.html", b"c")],
    [PAGES[0], Page("articles/b/index.html", b"<p>b3</p>"), PAGES[3]],
    PAGES,
    [Page("index.html", b"<p>home 2</p>"), Page("articles/c/x/index.html", b"c")],
]


def test_writes_every_page(tmp_path: Path) -> None:
    report = write_site(PAGES, tmp_path / "site")
    assert files(tmp_path / "site") == {p.path: p.content for p in PAGES}
    assert report.written == 4


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(PAGES, site)
    before = file_stats(site)
    changed = [*PAGES[:2], Page("articles/b/index.html", b"<p>b2</p>"), PAGES[3]]
    report = write_site(changed, site)
    after = file_stats(site)
    assert report.written == 1  # the other three are linked from the previous site
    assert after["articles/b/index.html"] != before["articles/b/index.html"]
    for path in ("index.html", "articles/a/index.html", "static/style.css"):
        assert after[path] == before[path]  # same inode, same mtime: not rewritten


def test_same_size_different_bytes_is_rewritten(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(PAGES, site)
    report = write_site([Page("index.html", b"<p>HOME</p>")], site)
    assert report.written == 1
    assert (site / "index.html").read_bytes() == b"<p>HOME</p>"


def test_removed_pages_disappear(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(PAGES, site)
    write_site([PAGES[0], PAGES[3]], site)
    assert sorted(files(site)) == ["index.html", "static/style.css"]
    assert not (site / "articles").exists()


def test_site_folder_is_world_readable(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for _ in range(2):  # a fresh site and a replaced one
        write_site(PAGES, site)
        assert stat.S_IMODE(site.stat().st_mode) == 0o755
        assert stat.S_IMODE((site / "articles").stat().st_mode) & 0o555 == 0o555


def test_no_staging_folders_are_left_behind(tmp_path: Path) -> None:
    write_site(PAGES, tmp_path / "site")
    write_site(PAGES[:2], tmp_path / "site")
    assert sorted(os.listdir(tmp_path)) == ["site"]


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b.html", ""])
def test_a_page_path_that_escapes_leaves_the_previous_site_intact(tmp_path: Path, bad: str) -> None:
    site = tmp_path / "site"
    write_site(PAGES, site)
    before, stats = files(site), file_stats(site)
    with pytest.raises(ValueError):
        write_site([Page("index.html", b"new"), Page(bad, b"x")], site)
    assert files(site) == before and file_stats(site) == stats
    assert sorted(os.listdir(tmp_path)) == ["site"]
    assert not (tmp_path / "escape.html").exists()


def test_an_exception_mid_render_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(PAGES, site)
    before = files(site)

    def pages() -> Iterator[Page]:
        yield Page("index.html", b"half")
        raise RuntimeError("template blew up")

    with pytest.raises(RuntimeError):
        write_site(pages(), site)
    assert files(site) == before
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_first_build_failure_leaves_no_site(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_site([Page("../x", b"")], tmp_path / "site")
    assert os.listdir(tmp_path) == []


def test_kept_pages_are_linked_from_the_published_file(tmp_path: Path) -> None:

    site = tmp_path / "site"
    write_site(PAGES, site)
    ino = (site / "articles/a/index.html").stat().st_ino
    kept = Page("articles/a/index.html", b"", str(site / "articles/a/index.html"))
    report = write_site([PAGES[0], kept], site, keep_spare=True)
    assert (site / "articles/a/index.html").read_bytes() == b"<p>a</p>"
    assert (site / "articles/a/index.html").stat().st_ino == ino
    assert report.written == 0
    assert sorted(files(site)) == ["articles/a/index.html", "index.html"]


def test_a_recycled_spare_tree_gives_the_same_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for pages in VERSIONS:
        write_site(pages, site, keep_spare=True)
        assert files(site) == {p.path: p.content for p in pages}
        assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert sorted(os.listdir(tmp_path)) == [".site.spare", "site"]
    # a spare tree whose layout conflicts with the new pages is replaced by a fresh one
    write_site([Page("articles", b"now a file")], site, keep_spare=True)
    write_site([Page("articles/index.html/x", b"deep")], site, keep_spare=True)
    assert files(site) == {"articles/index.html/x": b"deep"}


def test_kept_pages_are_known_by_their_snapshot_inode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.incremental.manifests import snapshot
    from generator.write import writer

    site = tmp_path / "site"
    for _ in range(2):  # the second write leaves a spare tree sharing the published files
        write_site(PAGES, site, keep_spare=True)
    before = files(site)
    published = snapshot(site)
    kept = [Page(p.path, b"", str(site / p.path)) for p in PAGES]

    def no_stat(path: str) -> int:
        raise AssertionError(f"stat of {path}")

    monkeypatch.setattr(writer, "_inode", no_stat)
    report = write_site(kept, site, keep_spare=True, published=published)
    assert report.written == 0 and files(site) == before
    assert snapshot(site) == published  # the very same files


def test_the_report_lists_the_new_site_as_a_snapshot_would(tmp_path: Path) -> None:
    from generator.incremental.manifests import snapshot

    site = tmp_path / "site"
    for pages in VERSIONS:
        published = snapshot(site)
        kept = [Page(p.path, b"", str(site / p.path)) for p in pages[:1] if p.path in published]
        report = write_site([*kept, *pages[len(kept) :]], site, keep_spare=True, published=published)
        assert report.files == snapshot(site)


@pytest.mark.parametrize("recycled", [False, True])
def test_a_stream_of_pages_is_written_as_it_comes(tmp_path: Path, recycled: bool) -> None:
    """Each page is in the staging tree before the next is asked for (a recycled spare tree too),
    so a writer fed by the render stage never holds the site's pages."""
    site = tmp_path / "site"
    for _ in range(2 if recycled else 1):
        write_site(PAGES, site, keep_spare=True)
    assert (tmp_path / ".site.spare").is_dir() == recycled
    new = [*VERSIONS[1], Page("articles/a", b"a page where a folder was"), Page("index.html/x", b"deep")]
    new = [p for p in new if p.path not in ("articles/a/index.html", "index.html")]

    def pages() -> Iterator[Page]:
        for page in new:
            yield page
            (staging,) = [n for n in os.listdir(tmp_path) if n.startswith(".site.new-")]
            assert (tmp_path / staging / page.path).read_bytes() == page.content

    write_site(pages(), site, keep_spare=True)
    assert files(site) == {p.path: p.content for p in new}
