"""The editor's tool end to end: `briefing new` makes a project that builds; drafts and scheduled
articles are held back (and come back with --drafts, --future); SOURCE_DATE_EPOCH fixes the
build's date; `check` names each editor mistake as file:line; actors.yaml takes both spellings."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import assert_built, assert_refused, make_model, run_cli, tree

from generator.check import Report, editor_checks
from generator.config import SiteConfig
from generator.resolve import load_actor_settings

ARTICLE_IDS = ("council-budget", "ferry-strike", "ferry-talks", "lighthouse-open-day")


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon UTC of `day` (YYYY-MM-DD)."""
    return str(int(datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC).timestamp()))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh `briefing new` project, built later than every example article is dated."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2024-06-01"))
    folder = tmp_path / "digest"
    outcome = run_cli("new", str(folder))
    assert outcome.code == 0, outcome.stderr
    return folder


def published(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "articles").glob("*/index.html")}


def test_new_project_builds_at_once(project: Path, nlp) -> None:
    files = set(tree(project))
    for name in (
        "content/site.yaml",
        "content/overrides.yaml",
        "content/actors.yaml",
        "content/storylines.yaml",
        "content/about.md",
        "Makefile",
        ".github/workflows/publish.yml",
        "templates/README.md",
    ):
        assert name in files, name
    assert {Path(f).suffix for f in files if f.startswith("articles/") and not f.endswith("/")} == {
        ".txt",
        ".md",
        ".jsonl",
    }
    workflow = (project / ".github/workflows/publish.yml").read_text()
    assert "make build" in workflow
    assert "actions/upload-pages-artifact" in workflow and "actions/deploy-pages" in workflow
    makefile = (project / "Makefile").read_text()
    assert all(re.search(rf"^{target}:", makefile, re.M) for target in ("build", "serve", "check"))

    outcome = run_cli("build", cwd=project)
    assert assert_built(outcome) == []
    assert outcome.stdout.startswith("4 articles, ")
    assert published(project / "site") == set(ARTICLE_IDS)
    assert "Harbour Town Briefing" in (project / "site/index.html").read_text()
    assert (project / "site/404.html").is_file()
    assert not list((project / "templates").glob("*.html"))  # the default theme, not a copy


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    before = tree(tmp_path)
    assert_refused(run_cli("new", str(tmp_path)), str(tmp_path), "not empty")
    assert tree(tmp_path) == before


def test_one_template_in_the_templates_folder_overrides_the_theme(project: Path, nlp) -> None:
    (project / "templates/home.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}\n<p>Harbour front page</p>\n{% endblock %}\n"
    )
    assert assert_built(run_cli("build", cwd=project)) == []
    home = (project / "site/index.html").read_text()
    assert "<p>Harbour front page</p>" in home and "Skip to content" in home  # the theme's base.html
    assert "Harbour front page" not in (project / "site/about/index.html").read_text()


def _hold_back(project: Path) -> None:
    """council-budget a draft (in overrides.yaml), a JSONL draft, a Markdown draft."""
    (project / "content/overrides.yaml").write_text("council-budget:\n  draft: true\n")
    (project / "articles/embargo.jsonl").write_text(
        '{"id": "quay-plan", "draft": true, "date": "2024-05-02", "title": "Quay plan drafted",'
        ' "text": "The port authority drew up a plan for the quay."}\n'
    )
    (project / "articles/pier.md").write_text(
        "---\ntitle: Pier repairs planned\ndate: 2024-05-02\ndraft: true\n---\nThe pier needs repairs.\n"
    )


def test_drafts_and_scheduled_articles_are_held_back(
    project: Path, nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hold_back(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2024-05-04"))  # lighthouse-open-day is dated the 5th
    outcome = run_cli("build", cwd=project)
    assert_built(outcome)
    assert outcome.stdout.rstrip().endswith("; 3 drafts and 1 scheduled article not published")
    site = project / "site"
    assert published(site) == {"ferry-strike", "ferry-talks"}
    everything = b"".join(tree(site).values())
    for hidden in (b"Quay plan", b"Pier repairs", b"council approves", b"lighthouse opens"):
        assert hidden not in everything, hidden

    outcome = run_cli("build", "--drafts", "--future", cwd=project)
    assert_built(outcome)
    assert "not published" not in outcome.stdout
    assert published(site) == {*ARTICLE_IDS, "quay-plan", "pier"}
    assert "Draft" in (site / "articles/pier/index.html").read_text()
    assert "Draft" not in (site / "articles/ferry-strike/index.html").read_text()

    outcome = run_cli("build", "--drafts", cwd=project)
    assert outcome.stdout.rstrip().endswith("; 1 scheduled article not published")
    assert "lighthouse-open-day" not in published(site)


def test_source_date_epoch_fixes_the_build_date(project: Path, nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2024-05-04"))
    assert_built(run_cli("build", cwd=project))
    assert "lighthouse-open-day" not in published(project / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2024-05-05"))  # its day: published
    outcome = run_cli("build", cwd=project)
    assert_built(outcome)
    assert "not published" not in outcome.stdout
    assert "lighthouse-open-day" in published(project / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next tuesday")
    assert_refused(run_cli("build", cwd=project), "SOURCE_DATE_EPOCH")


def test_a_draft_flag_that_is_not_a_boolean_is_refused(project: Path, nlp) -> None:
    (project / "articles/pier.md").write_text("---\ntitle: Pier\ndraft: maybe\n---\nThe pier.\n")
    assert_refused(run_cli("build", cwd=project), "articles/pier.md:3", "'draft'")


def test_the_new_project_checks_clean(project: Path, nlp) -> None:
    outcome = run_cli("check", "--strict", cwd=project)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    assert outcome.stdout == ""
    assert not (project / "site").exists()
    assert_built(run_cli("build", cwd=project))
    site = tree(project / "site")
    (project / "articles/notice.txt").write_text("Notice\n\nThe quay is closed for cleaning.\n")
    assert run_cli("check", "--strict", cwd=project).code == 1
    assert tree(project / "site") == site  # check writes nothing into the site


FERRY = (
    "Ferry workers in Harbour Town walked out on Wednesday morning, leaving hundreds of commuters on"
    " the quay, said union leader Maria Lopez.\n\nThe Harbour Ferry Company said it regretted the"
    " disruption and that talks with the union would resume on Friday.\n"
)

# (file to write, its text, the file:line a warning names, a word of the message)
WARNINGS = [
    (
        "articles/notice.txt",
        "Notice\n\nThe quay is closed for cleaning this week.\n",
        "articles/notice.txt",
        "no date",
    ),
    ("articles/ferry-copy.txt", "Ferry strike\n\n" + FERRY, "articles/ferry-copy.txt", "probable duplicate"),
    ("articles/ferry-copy.txt", "Ferry strike\n\n" + FERRY, "articles/ferry-copy.txt", "dated 2024-05-01"),
    (
        "content/overrides.yaml",
        "# fix\nno-such-article:\n  title: X\n",
        "content/overrides.yaml:2",
        "unknown",
    ),
    (
        "content/storylines.yaml",
        "harbour-ferry-strike:\n  articles: [ferry-strike, no-such-article]\n",
        "content/storylines.yaml:2",
        "no-such-article",
    ),
    (
        "content/storylines.yaml",
        "\nno-such-story:\n  title: Lost\n",
        "content/storylines.yaml:2",
        "no-such-story",
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "word"), WARNINGS)
def test_check_names_each_warning(project: Path, nlp, name: str, text: str, where: str, word: str) -> None:
    (project / name).write_text(text)
    outcome = run_cli("check", cwd=project)
    assert outcome.exception is None and "Traceback" not in outcome.stdout + outcome.stderr
    assert outcome.code == 0, outcome.stderr
    lines = [line for line in outcome.stdout.splitlines() if word in line]
    assert lines and all(re.match(r"^\S+(:\d+)?: ", line) for line in outcome.stdout.splitlines())
    assert any(str(project / where) in line or line.startswith(where) for line in lines), outcome.stdout
    strict = run_cli("check", "--strict", cwd=project)
    assert strict.code == 1
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("base_url: example.org/news", "base_url"),
        ("base_url: https:///news/", "base_url"),
        ("language: klingon", "language"),
        ("language: en_GB", "language"),
    ],
)
def test_check_refuses_a_bad_site_setting(project: Path, nlp, line: str, key: str) -> None:
    config = project / "content/site.yaml"
    config.write_text(config.read_text() + line + "\n")
    last = len(config.read_text().splitlines())
    error = assert_refused(run_cli("check", cwd=project), f"site.yaml:{last}", key)
    assert error.startswith("Error: ")
    assert_refused(run_cli("build", cwd=project), f"site.yaml:{last}", key)


@pytest.mark.parametrize("tag", ["en", "en-GB", "pt-BR", "zh-Hant", "es-419", "de-CH-1996", "sr-Latn-RS"])
def test_well_formed_language_tags_are_accepted(tag: str) -> None:
    assert SiteConfig(language=tag).language == tag


def test_check_names_an_actor_mentioned_once(tmp_path: Path) -> None:
    model = make_model()
    once = dataclasses.replace(model.actors[0], mentions={model.actors[0].articles[0]: 1})
    model = dataclasses.replace(model, actors=(once, *model.actors[1:]))
    report = Report()
    editor_checks(report, SiteConfig(root=str(tmp_path)), model)
    [line] = [w for w in report.warnings if "mentioned once" in w]
    article = next(a for a in model.articles if a.id == once.articles[0])
    assert Path(line.split(":")[0]).name == Path(article.path).name
    assert once.name in line


@pytest.mark.parametrize("kind", ["organization", "organisation", "Organization"])
def test_actors_yaml_takes_both_spellings(project: Path, nlp, kind: str) -> None:
    (project / "content/actors.yaml").write_text(
        f"actors:\n  - name: Harbour Ferry Company\n    kind: {kind}\n"
    )
    assert_built(run_cli("build", cwd=project))
    settings = load_actor_settings(project / "content/actors.yaml")
    assert settings.kinds == {"Harbour Ferry Company": "organisation"}


def test_actors_yaml_names_a_wrong_kind(project: Path, nlp) -> None:
    (project / "content/actors.yaml").write_text(
        "actors:\n  - name: Harbour Ferry Company\n    kind: planet\n"
    )
    assert_refused(run_cli("build", cwd=project), "actors.yaml", "organization")


def test_the_override_example_of_the_new_project_builds(project: Path, nlp) -> None:
    """The example in the new project's templates/README.md, saved as templates/base.html, adds its
    footer line to every page."""
    readme = (project / "templates/README.md").read_text()
    example = "".join(line[4:] + "\n" for line in readme.splitlines() if line.startswith("    "))
    assert example.startswith('{% extends "default/base.html" %}')
    (project / "templates/base.html").write_text(example)
    assert assert_built(run_cli("build", cwd=project)) == []
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert "<p>Printed by the Harbour Press</p>" in page.read_text(), page
