"""A broken template is one error line naming the template file and line, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT, assert_built, assert_refused, run_cli

ARTICLE = "---\ntitle: Ministers meet in Tokyo\ndate: 2024-03-04\n---\nThe ministers of Japan met in Tokyo.\n"
ABOUT_HEAD = "{% extends 'base.html' %}\n{% block content %}\n"


def _project(tmp_path: Path) -> Path:
    """A project with its own copy of the bundled templates."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "content").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    site = "sources: [articles]\ntemplates: templates\ncache_dir: cache\n"
    (tmp_path / "content" / "site.yaml").write_text(site, encoding="utf-8")
    return tmp_path


def _build(folder: Path):
    return run_cli("build", cwd=folder)


# template file -> (its text, or None to delete it; what the error line names)
CASES = {
    "missing": ("about.html", None, ["templates/about.html", "not found"]),
    "syntax": (
        "about.html",
        ABOUT_HEAD + "<p>{{ oops(</p>\n{% endblock %}\n",
        ["templates/about.html:3:", "syntax"],
    ),
    "unclosed-block": ("about.html", ABOUT_HEAD + "<p>x</p>\n", ["templates/about.html:", "syntax"]),
    "undefined-attribute": (
        "about.html",
        ABOUT_HEAD + "<p>\n{{ site.no_such_key }}</p>\n{% endblock %}\n",
        ["templates/about.html:4:", "no_such_key"],
    ),
    "undefined-variable": (
        "article.html",
        ABOUT_HEAD + "\n\n{{ no_such_variable }}\n{% endblock %}\n",
        ["templates/article.html:5:", "no_such_variable"],
    ),
    "missing-include": (
        "about.html",
        ABOUT_HEAD + "{% include 'no-such-part.html' %}\n{% endblock %}\n",
        ["templates/about.html:3:", "no-such-part.html"],
    ),
    "failing-expression": (
        "about.html",
        ABOUT_HEAD + "{{ 1 + 'a' }}\n{% endblock %}\n",
        ["templates/about.html:3:", "TypeError"],
    ),
    "not-utf8": ("about.html", b"<p>Caf\xe9</p>\n", ["templates/about.html:1:", "UTF-8"]),
    "base-not-utf8": ("base.html", b"<html>\n\xff\n", ["templates/base.html:2:", "UTF-8"]),
    "macros-syntax": ("_macros.html", "{% macro x( %}\n", ["templates/_macros.html:1:", "syntax"]),
    # base.html extends article.html, which extends base.html: a RecursionError traceback before
    "extends-in-a-loop": (
        "base.html",
        '{% extends "article.html" %}\n',
        ["templates/article.html:1:", "loop", "base.html -> article.html -> base.html"],
    ),
    "includes-itself": (
        "about.html",
        ABOUT_HEAD + "\n{% include 'about.html' %}\n{% endblock %}\n",
        ["templates/about.html:4:", "without end"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_template_names_file_and_line(tmp_path: Path, nlp, case: str) -> None:
    name, text, names = CASES[case]
    folder = _project(tmp_path)
    good = (folder / "templates" / name).read_bytes()
    if text is None:
        (folder / "templates" / name).unlink()
    else:
        (folder / "templates" / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    assert_refused(_build(folder), *names)
    assert not (folder / "site").exists()
    (folder / "templates" / name).write_bytes(good)  # control: the bundled template builds
    assert_built(_build(folder))


def test_an_error_in_a_forked_render_worker_keeps_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.errors import BuildError
    from generator.model import Page
    from generator.render import parallel

    def broken() -> Page:
        raise BuildError("templates/x.html", "undefined in template: y", 3)

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 2)
    with pytest.raises(BuildError) as caught:
        parallel.run_jobs([broken] * 4, processes=2)
    assert str(caught.value) == "templates/x.html:3: undefined in template: y"
