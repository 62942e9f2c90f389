"""Storyline permalinks (group/permalinks.py): a storyline keeps its URL as it grows, as its
headline changes and when earlier articles join, across a cleared cache; merged and split
storylines' old URLs keep answering; the state file is the project's, written only after a
successful build. Whole builds run with the fake spaCy (`nlp`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import FakeNlp, assert_built, assert_refused, run_cli

from generator import build as build_module
from generator.group.permalinks import assign, load_permalinks
from generator.group.storylines import title_slug
from generator.model import Permalinks

SITE_YAML = """title: Test briefing
base_url: https://example.org/news/
sources: [articles]
permalinks: content/permalinks.json
"""

HARBOUR = (
    "Dock workers at the Riverton harbour {news} on {day}, the union said. "
    "The Riverton harbour strike halted container cranes and the union demanded talks with the port board."
)
STORM = (
    "A storm {news} across Calder county on {day}, officials said. "
    "Calder county farmers counted losses as the river rose and the storm moved east over the valley."
)


def _record(article_id: str, title: str, text: str, day: str, news: str) -> dict[str, str]:
    return {"id": article_id, "title": title, "text": text.format(day=day, news=news), "date": day}


HARBOUR_RECORDS = [
    _record("h2", "Harbour strike enters second day", HARBOUR, "2026-03-11", "stayed off work"),
    _record("h3", "Harbour strike talks begin", HARBOUR, "2026-03-12", "met port managers"),
]
STORM_RECORDS = [
    _record("s1", "Storm floods Calder county farms", STORM, "2026-03-11", "flooded farms"),
    _record("s2", "Calder county counts storm losses", STORM, "2026-03-12", "left damage"),
]
EARLIER = _record("h1", "Riverton dock workers vote to strike", HARBOUR, "2026-03-09", "voted to strike")


def _project(tmp_path: Path, records: list[dict[str, str]]) -> Path:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True, exist_ok=True)
    (project / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    _write(project, records)
    return project


def _write(project: Path, records: list[dict[str, str]]) -> None:
    folder = project / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (folder / "articles.jsonl").write_text(lines, encoding="utf-8")


def _build(project: Path, *args: str) -> dict[str, tuple[str, ...]]:
    """Build the project; its storylines as slug -> article ids (from data/storylines.json)."""
    assert_built(run_cli("build", *args, cwd=project))
    data = json.loads((project / "site" / "data" / "storylines.json").read_text(encoding="utf-8"))
    return {s["slug"]: tuple(sorted(s["articles"])) for s in data}


def _slug_of(storylines: dict[str, tuple[str, ...]], article_id: str) -> str:
    return next(slug for slug, ids in storylines.items() if article_id in ids)


def _state(project: Path) -> Path:
    return project / "content" / "permalinks.json"


def _page(project: Path, slug: str, name: str = "index.html") -> str:
    return (project / "site" / "storylines" / slug / name).read_text(encoding="utf-8")


def test_a_storyline_keeps_its_url_as_its_first_headline_changes_and_earlier_articles_join(
    nlp: FakeNlp, tmp_path: Path
) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    first = _build(project)
    harbour, storm = _slug_of(first, "h2"), _slug_of(first, "s1")
    assert harbour.startswith("2026-03-11-harbour-strike")  # derived from its first article, as before
    edited = [dict(HARBOUR_RECORDS[0], title="Riverton dock strike goes on"), HARBOUR_RECORDS[1]]
    _write(project, edited + STORM_RECORDS)
    second = _build(project)
    assert _slug_of(second, "h2") == harbour and _slug_of(second, "s1") == storm
    _write(project, [EARLIER, *edited, *STORM_RECORDS])
    third = _build(project)
    assert third[harbour] == ("h1", "h2", "h3")  # the earlier article joined; the URL stayed
    assert "Riverton dock workers vote to strike" in _page(project, harbour)
    assert set(third) == {harbour, storm}
    assert json.loads(_state(project).read_text(encoding="utf-8"))["storylines"][harbour] == [
        "h1",
        "h2",
        "h3",
    ]


def test_the_assignment_survives_a_cleared_cache_and_is_rederived_without_its_file(
    nlp: FakeNlp, tmp_path: Path
) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    harbour = _slug_of(_build(project), "h2")
    _write(project, [EARLIER, *HARBOUR_RECORDS, *STORM_RECORDS])
    assert _slug_of(_build(project, "--no-cache"), "h1") == harbour
    shutil.rmtree(project / ".cache")
    assert _slug_of(_build(project), "h1") == harbour
    _state(project).unlink()  # no state: slugs derived from each storyline's first article again
    assert _slug_of(_build(project), "h1").startswith("2026-03-09-riverton-dock-workers")


def _never(*_: object) -> None:
    raise AssertionError("read again although nothing changed")


def test_the_state_file_is_deterministic_and_a_rebuild_with_no_change_leaves_it(
    nlp: FakeNlp, tmp_path: Path
) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    storylines = _build(project)
    state = _state(project)
    data = json.loads(state.read_text(encoding="utf-8"))
    assert data == {"redirects": {}, "storylines": {slug: list(ids) for slug, ids in storylines.items()}}
    before = (state.read_bytes(), state.stat().st_mtime_ns)
    with pytest.MonkeyPatch.context() as patch:  # the state it wrote is this build's input: a no-op
        patch.setattr(build_module, "read_articles", _never)
        _build(project)
    _build(project, "--no-cache")
    assert (state.read_bytes(), state.stat().st_mtime_ns) == before
    other = _project(tmp_path / "other", list(reversed(HARBOUR_RECORDS + STORM_RECORDS)))
    _build(other)
    assert _state(other).read_bytes() == before[0]  # source order does not matter


def test_merged_storylines_old_url_and_feed_keep_answering(nlp: FakeNlp, tmp_path: Path) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    first = _build(project)
    harbour, storm = _slug_of(first, "h2"), _slug_of(first, "s1")
    old_feed, old_json = _page(project, storm, "feed.xml"), _page(project, storm, "feed.json")
    ids = "[h2, h3, s1, s2]"
    (project / "content" / "storylines.yaml").write_text(f"{harbour}:\n  articles: {ids}\n", encoding="utf-8")
    merged = _build(project)
    assert merged == {harbour: ("h2", "h3", "s1", "s2")}
    page = _page(project, storm)
    assert f'<meta http-equiv="refresh" content="0; url=../{harbour}/index.html">' in page
    assert f'<link rel="canonical" href="https://example.org/news/storylines/{harbour}/index.html">' in page
    assert f'<a href="../{harbour}/index.html"' in page
    feed = _page(project, storm, "feed.xml")
    assert feed == _page(project, harbour, "feed.xml")  # the old feed: a copy, the same guids
    assert _guids(old_feed) <= _guids(feed)
    for name in ("atom.xml", "feed.json"):  # every format of the old feed answers with the new content
        assert _page(project, storm, name) == _page(project, harbour, name)
    copied = {item["id"] for item in json.loads(_page(project, storm, "feed.json"))["items"]}
    assert {item["id"] for item in json.loads(old_json)["items"]} <= copied == _guids(feed)
    listed = (project / "site" / "storylines" / "index.html").read_text(encoding="utf-8")
    assert storm not in listed  # a redirect is listed in no index
    assert json.loads(_state(project).read_text(encoding="utf-8"))["redirects"] == {storm: harbour}


def _guids(feed: str) -> set[str]:
    import re

    return set(re.findall(r"<guid[^>]*>([^<]+)</guid>", feed))


def test_after_a_split_both_urls_answer(nlp: FakeNlp, tmp_path: Path) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    storm = _slug_of(_build(project), "s1")
    (project / "content" / "storylines.yaml").write_text(
        "calder-losses:\n  articles: [s2]\n", encoding="utf-8"
    )
    split = _build(project)
    assert split[storm] == ("s1",) and split["calder-losses"] == ("s2",)
    assert "Storm floods Calder county farms" in _page(project, storm)
    assert "Calder county counts storm losses" in _page(project, "calder-losses")


def test_a_storylines_yaml_entry_keyed_to_a_merged_slug_still_applies(nlp: FakeNlp, tmp_path: Path) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    first = _build(project)
    harbour, storm = _slug_of(first, "h2"), _slug_of(first, "s1")
    settings = project / "content" / "storylines.yaml"
    settings.write_text(f"{harbour}:\n  articles: [h2, h3, s1, s2]\n", encoding="utf-8")
    _build(project)  # the storm storyline merged into the harbour one: its slug redirects
    settings.write_text(
        f"{harbour}:\n  articles: [h2, h3, s1]\n{storm}:\n  title: Riverton's week of strikes and storms\n"
        "  articles: [s2]\n",
        encoding="utf-8",
    )
    warnings = assert_built(run_cli("build", cwd=project))
    assert len(warnings) == 1 and f"'{storm}' now redirects to '{harbour}'" in warnings[0]
    assert "content/storylines.yaml:3" in warnings[0]
    page = _page(project, harbour)
    assert "<h1><bdi>Riverton&#39;s week of strikes and storms</bdi></h1>" in page
    data = json.loads((project / "site" / "data" / "storylines.json").read_text(encoding="utf-8"))
    assert [s["slug"] for s in data] == [harbour]  # the pin under the old slug went there too
    from generator.check import check_site
    from generator.config import load_config

    report = check_site(load_config(project / "content" / "site.yaml"))
    moved = [w for w in report.warnings if f"'{storm}'" in w]
    assert len(moved) == 1 and f"now redirects to '{harbour}'" in moved[0], report.warnings


def test_a_failed_build_leaves_the_state_file_as_it_was(nlp: FakeNlp, tmp_path: Path) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    _build(project)
    before = _state(project).read_bytes()
    templates = project / "templates"
    shutil.copytree(Path(__file__).resolve().parents[2] / "templates", templates)
    (templates / "storyline.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ 1 / 0 }}{% endblock %}"
    )
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(SITE_YAML + "templates: templates\n", encoding="utf-8")
    _write(project, [EARLIER, *HARBOUR_RECORDS, *STORM_RECORDS])  # a change the state would record
    assert_refused(run_cli("build", cwd=project), "storyline.html")
    assert _state(project).read_bytes() == before


def test_a_build_of_other_sources_or_into_another_folder_never_rewrites_the_state(
    nlp: FakeNlp, tmp_path: Path
) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS + STORM_RECORDS)
    _build(project)
    before = _state(project).read_bytes()
    elsewhere = tmp_path / "elsewhere"
    _write(elsewhere, [EARLIER])
    assert_built(run_cli("build", "--source", str(elsewhere / "articles"), cwd=project))
    assert_built(run_cli("build", "--output", str(tmp_path / "preview"), cwd=project))
    assert _state(project).read_bytes() == before


def test_a_broken_state_file_is_one_error_line_naming_it(nlp: FakeNlp, tmp_path: Path) -> None:
    project = _project(tmp_path, HARBOUR_RECORDS)
    _state(project).write_text('{"storylines": {"a": ["h2"],\n "a": []}}\n', encoding="utf-8")
    assert_refused(run_cli("build", cwd=project), "permalinks.json", "written twice")
    _state(project).write_text('{"storylines": {"a": ["h2"]},\n "redirects": {"b": "c"}}\n', encoding="utf-8")
    assert_refused(run_cli("build", cwd=project), "permalinks.json", "redirect 'b'")
    _state(project).write_text('{"storylines": [}\n', encoding="utf-8")
    assert_refused(run_cli("build", cwd=project), "permalinks.json:1")


def _fresh(g: int, taken: set[str]) -> str:
    slug, n = f"new-{g}", 2
    while slug in taken:
        slug, n = f"new-{g}-{n}", n + 1
    return slug


def test_assign_split_gives_the_url_to_the_part_holding_most_of_its_articles() -> None:
    previous = Permalinks({"story": ("a", "b", "c")})
    slugs, state = assign([(None, ["a"]), (None, ["b", "c", "d"])], previous, _fresh)
    assert slugs == ["new-0", "story"]
    assert state == Permalinks({"new-0": ("a",), "story": ("b", "c", "d")}, {})


def test_assign_merge_keeps_the_larger_share_and_redirects_the_other() -> None:
    previous = Permalinks({"big": ("a", "b"), "small": ("c",)}, {"older": "small"})
    slugs, state = assign([(None, ["a", "b", "c"])], previous, _fresh)
    assert slugs == ["big"]
    assert state.redirects == {"small": "big", "older": "big"}  # a redirect follows its target


def test_assign_ties_are_decided_by_slug_not_by_order_and_fresh_slugs_avoid_old_ones() -> None:
    previous = Permalinks({"b-story": ("b",), "a-story": ("a",)}, {"new-1": "a-story"})
    groups = [(None, ["a", "b"]), (None, ["z"])]
    slugs, state = assign(groups, previous, _fresh)
    again, _ = assign(list(reversed(groups)), previous, _fresh)
    assert slugs[0] == "a-story" and again[1] == "a-story"
    assert slugs[1] == "new-1-2"  # never a slug that redirects
    assert state.redirects == {"b-story": "a-story", "new-1": "a-story"}


def test_assign_a_pin_keeps_its_slug_even_when_another_group_held_it() -> None:
    previous = Permalinks({"story": ("a", "b")})
    slugs, state = assign([("story", ["c"]), (None, ["a", "b"])], previous, _fresh)
    assert slugs == ["story", "new-1"]
    assert state.redirects == {}


def test_load_permalinks_reads_what_a_build_wrote(tmp_path: Path) -> None:
    from generator.group.permalinks import dump_permalinks

    state = Permalinks({"s": ("b", "a")}, {"old": "s"})
    path = tmp_path / "permalinks.json"
    path.write_bytes(dump_permalinks(state))
    assert load_permalinks(path) == Permalinks({"s": ("a", "b")}, {"old": "s"})


@pytest.fixture(autouse=True)
def _no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027: every article is published


def test_a_slug_is_the_titles_whole_words_with_apostrophes_dropped() -> None:
    title = "Japan's Def Min, FM to meet with Blinken & Austin in US amid China's assertiveness in SCC"
    # a word that does not fit ends the slug: no shorter later word ("s" of "China's") fills in
    assert title_slug(title) == "japans-def-min-fm-to-meet-with-blinken-austin-in-us-amid"
    assert title_slug("Defense Minister Nobuo Kishi plans to visit the United States in early May") == (
        "defense-minister-nobuo-kishi-plans-to-visit-the-united"
    )
    assert title_slug("O’Brien’s trial opens") == "obriens-trial-opens" and title_slug("x" * 70) == "x" * 60
