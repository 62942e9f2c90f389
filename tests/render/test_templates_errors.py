"""A broken template is one error line naming the template file and line, never a traceback: the
project's override when the problem is in it, the default theme's file when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import assert_built, assert_refused, run_cli

from generator.theme import packaged_theme

ARTICLE = "---\ntitle: Ministers meet in Tokyo\ndate: 2024-03-04\n---\nThe ministers of Japan met in Tokyo.\n"
ABOUT_HEAD = "{% extends 'base.html' %}\n{% block content %}\n"


def _project(tmp_path: Path) -> Path:
    """A project with an empty templates folder (the default theme; a case adds one override)."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    site = "sources: [articles]\ntemplates: templates\ncache_dir: cache\n"
    (tmp_path / "content" / "site.yaml").write_text(site, encoding="utf-8")
    return tmp_path


def _build(folder: Path):
    return run_cli("build", cwd=folder)


# override -> (its text; where the error line starts: "own:F:L:" the project's templates/F at line L,
# "theme:F:L:" the default theme's F; what else the line names)
CASES = {
    "missing-parent": (
        "about.html",
        "{% extends 'no-such-base.html' %}\n",
        "own:about.html:1:",
        ["no-such-base.html", "not found", "default theme"],
    ),
    "syntax": (
        "about.html",
        ABOUT_HEAD + "<p>{{ oops(</p>\n{% endblock %}\n",
        "own:about.html:3:",
        ["syntax"],
    ),
    "unclosed-block": ("about.html", ABOUT_HEAD + "<p>x</p>\n", "own:about.html:", ["syntax"]),
    "undefined-attribute": (
        "about.html",
        ABOUT_HEAD + "<p>\n{{ site.no_such_key }}</p>\n{% endblock %}\n",
        "own:about.html:4:",
        ["no_such_key"],
    ),
    "undefined-variable": (
        "article.html",
        ABOUT_HEAD + "\n\n{{ no_such_variable }}\n{% endblock %}\n",
        "own:article.html:5:",
        ["no_such_variable"],
    ),
    "missing-include": (
        "about.html",
        ABOUT_HEAD + "{% include 'no-such-part.html' %}\n{% endblock %}\n",
        "own:about.html:3:",
        ["no-such-part.html"],
    ),
    "failing-expression": (
        "about.html",
        ABOUT_HEAD + "{{ 1 + 'a' }}\n{% endblock %}\n",
        "own:about.html:3:",
        ["TypeError"],
    ),
    "not-utf8": ("about.html", b"<p>Caf\xe9</p>\n", "own:about.html:1:", ["UTF-8"]),
    "base-not-utf8": ("base.html", b"<html>\n\xff\n", "own:base.html:2:", ["UTF-8"]),
    "macros-syntax": ("_macros.html", "{% macro x( %}\n", "own:_macros.html:1:", ["syntax"]),
    # an override extending the default theme's file fills a block with a mistake in it
    "extending-default": (
        "base.html",
        '{% extends "default/base.html" %}\n{% block footer %}\n{{ super() }}\n{{ no_such_footer }}\n'
        "{% endblock %}\n",
        "own:base.html:4:",
        ["no_such_footer"],
    ),
    # base.html extends article.html, whose default theme's file extends base.html: a RecursionError
    # traceback before
    "extends-in-a-loop": (
        "base.html",
        '{% extends "article.html" %}\n',
        "theme:article.html:1:",
        ["loop", "base.html -> article.html -> base.html"],
    ),
    "includes-itself": (
        "about.html",
        ABOUT_HEAD + "\n{% include 'about.html' %}\n{% endblock %}\n",
        "own:about.html:4:",
        ["without end"],
    ),
    # an override of _macros.html without the macros the default theme's templates import: the
    # error is in the theme's template that imports one
    "macros-missing": ("_macros.html", "{# no macros #}\n", "theme:", ["_macros.html", "does not export"]),
}


def _where(spec: str) -> str:
    kind, _, rest = spec.partition(":")
    root = Path("templates") if kind == "own" else packaged_theme()
    return f"Error: {root / rest}" if rest else f"Error: {root}/"


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_template_names_file_and_line(tmp_path: Path, nlp, case: str) -> None:
    name, text, where, names = CASES[case]
    folder = _project(tmp_path)
    assert_built(_build(folder))  # control: the default theme builds
    written = (folder / "site" / "index.html").read_bytes()
    override = folder / "templates" / name
    override.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    line = assert_refused(_build(folder), *names)
    assert line.startswith(_where(where)), (where, line)
    assert (folder / "site" / "index.html").read_bytes() == written  # the last good site stays
    override.unlink()
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
