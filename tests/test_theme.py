"""The theme: a project's `templates/` overrides the default theme file by file (templates and
static files), an override extends the default one by `default/NAME`; the default theme ships in
the package (its source is the top-level `templates/`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, assert_built, make_model, run_cli, tree

from generator.config import SiteConfig
from generator.render.reuse import render_salt
from generator.theme import Theme, as_theme, packaged_theme

ARTICLES = {
    "quay.md": "---\ntitle: Quay reopens after repairs\ndate: 2024-05-02\n---\n"
    "The harbour authority reopened the quay in Port Ellen.\n",
    "ferry.txt": "Ferry crews strike over pay\n2024-05-03\n\nFerry crews walked out in Port Ellen.\n",
}
FOOTER = '<p class="printer">Printed by the Harbour Press</p>'
# the one override: the default base.html with a line added to its footer block
BASE_OVERRIDE = (
    '{% extends "default/base.html" %}\n{% block footer %}\n{{ super() }}' + FOOTER + "\n{% endblock %}\n"
)
DEFAULT_FOOTER_END = "Article data (JSON)</a></p>\n"


def _project(folder: Path, templates: dict[str, str] | None) -> Path:
    """A project with two articles and, unless `templates` is None, a templates folder holding them."""
    (folder / "articles").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (folder / "articles" / name).write_text(text, encoding="utf-8")
    (folder / "content").mkdir()
    (folder / "content/site.yaml").write_text(
        "title: Harbour Digest\nsources: [articles]\ncache_dir: cache\n"
    )
    if templates is not None:
        (folder / "templates").mkdir()
        for name, text in templates.items():
            (folder / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / "templates" / name).write_text(text, encoding="utf-8")
    return folder


def _site(folder: Path) -> dict[str, bytes]:
    assert assert_built(run_cli("build", cwd=folder)) == []
    return {path: data for path, data in tree(folder / "site").items() if not path.endswith("/")}


def test_one_override_extends_the_default_base(tmp_path: Path, nlp) -> None:
    plain = _site(_project(tmp_path / "plain", None))  # no templates folder: the default theme
    empty = _site(_project(tmp_path / "empty", {}))
    assert empty == plain
    themed = _site(_project(tmp_path / "themed", {"base.html": BASE_OVERRIDE}))
    assert set(themed) == set(plain)
    pages = [path for path in plain if path.endswith(".html")]
    assert len(pages) >= 8 and "404.html" in pages
    for path in plain:
        if path.endswith(".html"):
            # the other templates are the theme's, the frame base.html's plus the added line
            mine, theirs = themed[path].decode(), plain[path].decode()
            assert theirs.count(DEFAULT_FOOTER_END) == 1, path
            assert mine == theirs.replace(DEFAULT_FOOTER_END, DEFAULT_FOOTER_END + FOOTER + "\n"), path
        else:
            assert themed[path] == plain[path], path  # feeds, data, static files


def test_a_page_template_override_and_a_partial_one(tmp_path: Path, nlp) -> None:
    """Overriding about.html alone (with a block of the default base) changes the about page only;
    an override of a partial (_macros.html) is what the default templates import."""
    about = "{% extends 'base.html' %}\n{% block content %}\n<h1>Who we are</h1>\n{% endblock %}\n"
    macros = (ROOT / "templates/_macros.html").read_text().replace('class="meta"', 'class="meta byline"')
    assert macros != (ROOT / "templates/_macros.html").read_text()
    plain = _site(_project(tmp_path / "plain", {}))
    themed = _site(_project(tmp_path / "themed", {"about.html": about, "_macros.html": macros}))
    assert "<h1>Who we are</h1>" in themed["about/index.html"].decode()
    assert "Who we are" not in plain["about/index.html"].decode()
    changed = {path for path in plain if themed[path] != plain[path]}
    assert "about/index.html" in changed and "index.html" in changed  # home lists articles by the macro
    assert 'class="meta byline"' in themed["index.html"].decode()
    assert "404.html" not in changed  # no macro, no about


def test_static_files_override_the_theme_file_by_file(tmp_path: Path, nlp) -> None:
    plain = _site(_project(tmp_path / "plain", {}))
    css, script = "body { color: navy; }\n", "console.log('harbour');\n"
    themed = _site(_project(tmp_path / "themed", {"static/style.css": css, "static/js/extra.js": script}))
    assert plain["static/style.css"] == (packaged_theme() / "static/style.css").read_bytes()
    assert themed["static/style.css"] == css.encode()
    assert themed["static/js/extra.js"] == script.encode()
    assert set(themed) == set(plain) | {"static/js/extra.js"}


def test_an_override_added_or_removed_rebuilds_the_pages(tmp_path: Path, nlp) -> None:
    """The no-op check and the page keys cover the project's templates: adding an override and
    taking it away rebuild (with the cache on), each time the pages a fresh build makes."""
    folder = _project(tmp_path / "p", {})
    plain = _site(folder)
    (folder / "templates/base.html").write_text(BASE_OVERRIDE)
    themed = _site(folder)
    assert FOOTER in themed["index.html"].decode()
    (folder / "templates/base.html").unlink()
    assert _site(folder) == plain


def test_the_render_salt_covers_both_folders(tmp_path: Path) -> None:
    default, own = tmp_path / "default", tmp_path / "own"
    for folder in (default, own):
        (folder / "static").mkdir(parents=True)
        (folder / "base.html").write_text("<html></html>\n")
    config = SiteConfig()
    theme = Theme(default, own)
    salts = [render_salt(config, theme)]
    (default / "static/style.css").write_text("a {}\n")
    salts.append(render_salt(config, theme))
    (own / "base.html").write_text("<html><body></body></html>\n")
    salts.append(render_salt(config, theme))
    salts.append(render_salt(config, Theme(default)))
    assert len(set(salts)) == len(salts)
    assert render_salt(config, theme) == salts[2]


def test_a_templates_folder_that_is_the_default_theme_is_not_an_override(tmp_path: Path) -> None:
    assert as_theme(packaged_theme()) == Theme(packaged_theme())
    assert as_theme(tmp_path / "missing") == Theme(packaged_theme())
    assert as_theme(tmp_path) == Theme(packaged_theme(), tmp_path)
    assert Theme(packaged_theme(), tmp_path).file("default/base.html") == packaged_theme() / "base.html"
    assert Theme(packaged_theme(), tmp_path).file("base.html") == packaged_theme() / "base.html"
    (tmp_path / "base.html").write_text("x")
    assert Theme(packaged_theme(), tmp_path).file("base.html") == tmp_path / "base.html"


def _sources(target: Path) -> Path:
    """A copy of what a distribution is built from, in `target/src` (builds write into the source
    folder: never into the repository)."""
    source = target / "src"
    source.mkdir(parents=True)
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generator", source / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", source / "templates", ignore=ignore)
    return source


def _installed_copy(target: Path) -> Path:
    """The files `setup.py build_py` installs (what a wheel holds), in `target/lib`."""
    source = _sources(target)
    lib = target / "lib"
    result = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return lib


# Renders a site of `make_model`'s kind with the default theme of the copy on the path.
RENDER = """
import sys
from generator.config import SiteConfig
from generator.render import render_site
from generator.theme import packaged_theme
from support import make_model
print(packaged_theme())
pages = {p.path: p.content for p in render_site(make_model(), SiteConfig())}
sys.stdout.write(pages["index.html"].decode())
"""


def test_an_installed_copy_holds_and_finds_the_theme(tmp_path: Path) -> None:
    lib = _installed_copy(tmp_path)
    theme = lib / "generator" / "default_theme"
    shipped = {p.relative_to(theme) for p in theme.rglob("*") if p.is_file()}
    assert shipped == {
        p.relative_to(ROOT / "templates") for p in (ROOT / "templates").rglob("*") if p.is_file()
    }
    skeleton = ROOT / "generator/project/skeleton"
    for path in skeleton.rglob("*"):
        if path.is_file():
            assert (lib / "generator/project/skeleton" / path.relative_to(skeleton)).is_file(), path
    run = tmp_path / "elsewhere"  # neither the repository nor its templates/ are on the path
    run.mkdir()
    env = {"PYTHONPATH": f"{lib}:{ROOT / 'tests'}", "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    result = subprocess.run(
        [sys.executable, "-c", RENDER], cwd=run, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found, _, html = result.stdout.partition("\n")
    assert Path(found) == theme
    from generator.render import render_site

    assert html == {p.path: p for p in render_site(make_model(), SiteConfig())}["index.html"].content.decode()
    shutil.rmtree(theme)  # a broken installation: one line, naming the missing theme
    script = "from generator.errors import BuildError\ntry:\n" + "".join(
        f"    {s}\n" for s in RENDER.split("\n")
    )
    script += "except BuildError as exc:\n    print('Error:', exc)\n"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=run, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"Error: {theme}/"), result.stdout
    assert "missing from this installation" in result.stdout


@pytest.mark.check
def test_the_wheel_holds_the_theme(tmp_path: Path) -> None:
    """`pip wheel .` (with its build isolation) holds every file of templates/ under
    generator/default_theme/."""
    import zipfile

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(_sources(tmp_path)),
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("briefing-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            assert f"generator/default_theme/{path.relative_to(ROOT / 'templates').as_posix()}" in names
    assert "generator/theme.py" in names and not any(n.startswith("templates/") for n in names)


def test_docs_name_every_page_template_its_view_and_fields() -> None:
    """docs/templates.md lists each page template with its view class and every field the view
    has (a field added to a view and not documented fails here), and base.html's blocks."""
    import dataclasses
    import re

    from generator.render import FAMILIES, PAGE_TEMPLATES
    from generator.render.views import PageView

    docs = (ROOT / "docs/templates.md").read_text(encoding="utf-8")
    views = {
        kind
        for family in FAMILIES
        for kind in vars(family).values()
        if isinstance(kind, type) and issubclass(kind, PageView) and kind is not PageView
    }
    assert len(views) == len(PAGE_TEMPLATES)
    for kind in views:
        assert f"`{kind.__name__}`" in docs, kind.__name__
        for field in dataclasses.fields(kind):
            assert f"`{field.name}`" in docs, (kind.__name__, field.name)
    for name in PAGE_TEMPLATES:
        assert f"| `{name}` |" in docs, name
    from generator.render.feeds import FeedItem, FeedView
    from generator.render.views import FeedLink

    for kind in (FeedView, FeedItem, FeedLink):  # the feeds' views and a page's feed links
        assert f"`{kind.__name__}`" in docs, kind.__name__
        names = [f.name for f in dataclasses.fields(kind)] if dataclasses.is_dataclass(kind) else kind._fields
        for name in names:
            assert f"`{name}`" in docs, (kind.__name__, name)
    blocks = set(re.findall(r"{%-?\s*block\s+(\w+)", (ROOT / "templates/base.html").read_text()))
    assert {"content", "footer", "head", "description"} <= blocks
    for block in blocks:
        assert f"| `{block}` |" in docs, block
