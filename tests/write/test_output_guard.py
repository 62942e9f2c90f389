"""The output folder is only ever a site briefing wrote, or an empty or absent folder: never a
source, the content, templates or cache folder, nor anything holding or inside one of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import assert_built, assert_refused, copy_project, run_cli, tree

from generator.write.writer import MARKER


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: sources in src/, the editor files in content/, the theme in templates/."""
    return copy_project(tmp_path)


def build(project: Path, output: str, *extra: str):
    return run_cli("build", "--source", "src", "--output", output, *extra, cwd=project)


def _refused_untouched(project: Path, output: str, *extra: str) -> str:
    before = tree(project)
    line = assert_refused(build(project, output, *extra), output)
    assert tree(project) == before
    return line


@pytest.mark.parametrize(
    "output",
    [
        "src",  # a source
        "src/site",  # inside a source
        "content",  # the content folder (site.yaml, overrides, actors, storylines, about)
        "content/site",  # inside it
        ".",  # the project: holds every source and the content
        "templates",  # the theme
        "templates/static",  # inside it: each build would publish the previous site
        "templates/static/site",
        ".cache",  # holds the cache folder (.cache/briefing)
        ".cache/briefing",  # the cache folder
        ".cache/briefing/site",  # inside it
    ],
)
def test_a_folder_the_build_reads_or_keeps_is_refused(nlp: object, project: Path, output: str) -> None:
    _refused_untouched(project, output)


def test_an_output_holding_the_cache_folder_is_refused(nlp: object, project: Path) -> None:
    line = _refused_untouched(project, "public", "--cache-dir", "public/cache")
    assert "cache" in line


def test_an_existing_file_or_a_foreign_folder_is_refused(nlp: object, project: Path) -> None:
    (project / "notes.txt").write_text("my notes\n")
    (project / "docs").mkdir()
    (project / "docs" / "readme.txt").write_text("mine\n")
    # looks like a site at first sight, but holds a file a site never holds
    (project / "other").mkdir()
    for name in ("index.html", "feed.xml", "draft.md"):
        (project / "other" / name).write_text("x")
    for output in ("notes.txt", "docs", "other", "notes.txt/site"):
        _refused_untouched(project, output)


def test_a_symlink_to_a_source_is_refused(nlp: object, project: Path) -> None:
    (project / "public").symlink_to(project / "src")
    _refused_untouched(project, "public")


@pytest.mark.parametrize("cache", ["/dev/null", "notes.txt"])
def test_a_cache_folder_that_is_a_file_is_refused(nlp: object, project: Path, cache: str) -> None:
    (project / "notes.txt").write_text("my notes\n")
    before = tree(project)
    assert_refused(build(project, "site", "--cache-dir", cache), cache)
    assert tree(project) == before


def test_a_normal_build_and_a_rebuild_into_its_own_site(nlp: object, project: Path) -> None:
    assert_built(build(project, "site"))
    first = tree(project / "site")
    assert (project / "site" / MARKER).is_dir() and "index.html" in first
    (project / "site" / "index.html").write_text("vandalised")  # a real rebuild, not a no-op
    assert_built(build(project, "site"))
    assert tree(project / "site") == first


def test_a_build_into_an_empty_folder(nlp: object, project: Path) -> None:
    (project / "public").mkdir()
    assert_built(build(project, "public"))
    assert (project / "public" / "index.html").is_file() and (project / "public" / MARKER).is_dir()


def test_a_site_written_before_the_marker_is_adopted(nlp: object, project: Path) -> None:
    assert_built(build(project, "site"))
    expected = tree(project / "site")
    os.rmdir(project / "site" / MARKER)  # as the previous version left it
    (project / "site" / "index.html").write_text("old")
    assert_built(build(project, "site"))
    assert tree(project / "site") == expected


def test_a_symlinked_output_is_written_through(nlp: object, project: Path) -> None:
    (project / "www").mkdir()
    (project / "public").symlink_to(project / "www" / "site")  # dangling until the first build
    for _ in range(2):
        assert_built(build(project, "public", "--no-cache"))
        assert (project / "public").is_symlink()
        assert os.readlink(project / "public") == str(project / "www" / "site")
        assert (project / "www" / "site" / "index.html").is_file()
    # staged and kept beside the link's target; nothing left beside the link itself
    assert sorted(os.listdir(project / "www")) == [".site.spare", "site"]
    assert not [n for n in os.listdir(project) if n.startswith(".public.")]
    (project / "www" / "site" / "index.html").write_text("vandalised")
    assert_built(build(project, "public"))
    assert (project / "www" / "site" / "index.html").read_text() != "vandalised"


def test_a_hand_written_site_with_an_index_and_a_feed_is_refused(nlp: object, project: Path) -> None:
    """Only the full shape of a site the previous version wrote is adopted without the marker."""
    mine = project / "mysite"
    for name in ("index.html", "feed.xml", "wedding.jpg", "blog/post-2019.html", "style.css"):
        (mine / name).parent.mkdir(parents=True, exist_ok=True)
        (mine / name).write_bytes(b"mine " + name.encode())
    line = _refused_untouched(project, "mysite")
    assert line == (
        f"Error: mysite: not a site briefing wrote (no {MARKER} marker) and not empty; refusing to "
        "replace it (remove it or choose another --output)"
    )


def test_a_previous_site_missing_one_of_its_files_is_refused(nlp: object, project: Path) -> None:
    assert_built(build(project, "site"))
    os.rmdir(project / "site" / MARKER)
    (project / "site" / "data" / "actors.json").unlink()  # no longer the previous version's shape
    _refused_untouched(project, "site")


def test_a_static_symlink_leaving_the_templates_is_not_published(nlp: object, project: Path) -> None:
    secret = project / "secret.txt"
    secret.write_bytes(b"private\n")
    static = project / "templates" / "static"
    (static / "leak.txt").symlink_to(secret)
    (static / "etc").symlink_to("/etc")
    (static / "logo.css").symlink_to(static / "style.css")  # inside the templates: published
    warnings = assert_built(build(project, "site"))
    assert warnings == [
        "WARNING: templates/static/etc: symlink leaves the templates folder; not published",
        "WARNING: templates/static/leak.txt: symlink leaves the templates folder; not published",
    ]
    published = sorted(
        p.relative_to(project / "site").as_posix() for p in (project / "site" / "static").iterdir()
    )
    assert published == ["static/favicon.svg", "static/logo.css", "static/style.css"]
    assert (project / "site" / "static" / "logo.css").read_bytes() == (static / "style.css").read_bytes()


@pytest.mark.parametrize("under", ["notes.txt/cache", "notes.txt/a/b", "/dev/null/x"])
def test_a_cache_folder_under_a_file_is_one_line_before_anything_is_read(
    nlp: object, project: Path, under: str
) -> None:
    (project / "notes.txt").write_text("my notes\n")
    blocker = "/dev/null" if under.startswith("/") else "notes.txt"
    before = tree(project)
    line = assert_refused(build(project, "site", "--cache-dir", under))
    assert line == f"Error: {under}: the cache folder cannot be made: {blocker} is not a folder"
    assert tree(project) == before


@pytest.mark.parametrize(
    "cache",
    ["src", "src/cache", "content", "content/cache", "templates/static/cache", "templates", "."],
)
def test_a_cache_folder_in_or_around_what_the_build_reads_is_refused(
    nlp: object, project: Path, cache: str
) -> None:
    """A cache inside templates/static would be published, one in a source read as articles, one
    holding the content deleted with it: one line naming the cache, nothing written."""
    before = tree(project)
    assert_refused(build(project, "site", "--cache-dir", cache), cache, "cache folder")
    assert tree(project) == before
