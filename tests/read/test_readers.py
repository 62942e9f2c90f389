"""The read stage on the real seed texts and on small bad-input files."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.errors import BuildError
from generator.model import Article
from generator.read import read_articles

SEED_IDS = {
    "000": "000_bef067baec360f02",
    "001": "001_98907c2f242617df",
    "002": "002_934c19c211cac3e1",
    "003": "003_e6487fcd5c41d0e8",
    "004": "004_0fd9d44081501451",
}


@pytest.fixture
def seeds(seeds_dir: Path, site_config: SiteConfig) -> dict[str, Article]:
    return {a.id[:3]: a for a in read_articles(site_config, [seeds_dir])}


def read_one(config: SiteConfig, path: Path) -> list[Article]:
    return list(read_articles(config, [path]))


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


# --- the five seeds -------------------------------------------------------------------------


def test_all_seeds_read_newest_first(seeds_dir: Path, site_config: SiteConfig) -> None:
    articles = read_articles(site_config, [seeds_dir])
    assert [a.id[:3] for a in articles] == ["002", "000", "003", "004", "001"]
    assert all(a.path == str(seeds_dir / f"{a.id}.txt") and a.line == 0 for a in articles)


@pytest.mark.parametrize(
    ("key", "day", "source"),
    [
        ("000", date(2022, 4, 21), "header"),
        ("001", None, "none"),
        ("002", date(2022, 5, 4), "caption"),
        ("003", date(2022, 1, 21), "header"),
        ("004", date(2021, 11, 29), "updated"),
    ],
)
def test_seed_dates(seeds: dict[str, Article], key: str, day: date | None, source: str) -> None:
    assert (seeds[key].date, seeds[key].date_source) == (day, source)


def test_seed_004_headline_and_byline(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    assert (
        article.title
        == "Japan's Def Min, FM to meet with Blinken & Austin in US amid China's assertiveness in SCC"
    )
    assert article.title_source == "headline"
    assert article.author == "Aparna Shandilya"
    assert "Aparna" not in article.text and "Reported by" not in article.text
    assert article.paragraphs[0].startswith(
        "Japan is preparing for Foreign Minister Hayashi"
    )  # standfirst kept
    assert article.title not in article.paragraphs


@pytest.mark.parametrize(
    ("key", "title"),
    [
        (
            "000",
            "Defense Minister Nobuo Kishi plans to visit the United States",
        ),  # "in early May ..., sources said"
        (
            "001",
            "Japanese Defence Minister Nobuo Kishi may visit the United States",
        ),  # "In early May," dropped
        # "on Wednesday" dropped; cut before "and strengthen ...", the first clause boundary
        (
            "002",
            "The defense chiefs of Japan and the United States agreed to align the two countries' security"
            " strategies",
        ),
        ("003", "Virtual meeting will be the first substantial discussion between the two allies"),
    ],
)
def test_seed_lead_titles(seeds: dict[str, Article], key: str, title: str) -> None:
    article = seeds[key]
    assert (article.title, article.title_source) == (title, "lead")
    assert "…" not in article.title and not article.title.endswith(".")
    assert len(article.title.split()) <= 18
    lead = iter(article.paragraphs[0].split())
    assert all(word in lead for word in article.title.split())  # the lead's own words, in order
    assert "date 20" not in article.title


def test_seed_boilerplate_removed(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for junk in (
            "Advertisement",
            "Image: AP",
            "(With inputs from agencies)",
            "Updated November",
            "Published",
        ):
            assert junk not in article.text, (article.id, junk)
        assert not article.text.startswith(" date") and "date 2022" not in article.text
        assert all(p == p.strip() and "  " not in p and "\u00a0" not in p for p in article.paragraphs)


def test_seed_subheads_stay_in_body_but_are_not_titles(seeds: dict[str, Article]) -> None:
    assert "Lloyd Austin speaks to his Chinese counterpart" in seeds["001"].paragraphs
    assert "Japan-US ties" in seeds["004"].paragraphs
    assert seeds["001"].title_source == "lead"


def test_seed_outlet_is_not_guessed(seeds: dict[str, Article]) -> None:
    assert all(a.source is None and a.body_html is None for a in seeds.values())
    assert "(Kyodo)" in seeds["002"].text  # the caption stays as text


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_front_matter_and_html_escaping(tmp_path: Path, site_config: SiteConfig) -> None:
    md = tmp_path / "curated.md"
    md.write_text(
        "---\ntitle: Editors' pick\ndate: 2022-05-05\nsource: Kyodo News\nurl: https://example.com/a\n"
        "author: Jane Roe\nstoryline: japan-us\n---\n"
        "Kishi **met** Austin.\n\n<script>alert(1)</script>\n\n- a [linked](https://x.org) item\n",
        encoding="utf-8",
    )
    [article] = read_one(site_config, md)
    assert (article.id, article.title, article.title_source) == ("curated", "Editors' pick", "editor")
    assert (article.date, article.date_source) == (date(2022, 5, 5), "editor")
    assert (article.source, article.url, article.author, article.storyline) == (
        "Kyodo News",
        "https://example.com/a",
        "Jane Roe",
        "japan-us",
    )
    assert article.paragraphs[0] == "Kishi met Austin."
    assert "a linked item" in article.paragraphs
    assert article.body_html is not None and "<strong>met</strong>" in article.body_html
    assert "<script>" not in article.body_html and "&lt;script&gt;" in article.body_html


def test_markdown_id_and_unknown_key(tmp_path: Path, site_config: SiteConfig) -> None:
    md = tmp_path / "x.md"
    md.write_text("---\nid: custom-id\n---\n# A heading title\n\nBody text.\n", encoding="utf-8")
    [article] = read_one(site_config, md)
    assert (article.id, article.title, article.title_source) == ("custom-id", "A heading title", "headline")
    assert article.paragraphs == ("Body text.",) and "A heading title" not in (article.body_html or "")
    md.write_text("---\nid: custom-id\ncolour: red\n---\n# A heading title\n\nBody text.\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:  # an unknown key is an error, as in site.yaml
        read_one(site_config, md)
    assert (info.value.path, info.value.line) == (str(md), 3) and "colour" in info.value.message


def test_malformed_front_matter_names_file_and_line(tmp_path: Path, site_config: SiteConfig) -> None:
    md = tmp_path / "bad.md"
    md.write_text("---\ntitle: ok\ndate: [2022\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        read_one(site_config, md)
    assert info.value.path == str(md) and info.value.line in (3, 4)


def test_bad_front_matter_date_names_file_and_line(tmp_path: Path, site_config: SiteConfig) -> None:
    md = tmp_path / "baddate.md"
    md.write_text("---\ntitle: ok\ndate: next tuesday-ish\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        read_one(site_config, md)
    assert (info.value.path, info.value.line) == (str(md), 3)
    assert "date" in info.value.message


# --- JSONL ----------------------------------------------------------------------------------


def test_jsonl_keys_defaults_and_bad_lines(tmp_path: Path, site_config: SiteConfig, caplog) -> None:
    lines = [
        json.dumps(
            {
                "id": "j1",
                "title": "Given",
                "text": "Body one.\n\nAdvertisement",
                "date": "2022-05-01",
                "source": "Kyodo",
                "story": "ignored",
            }
        ),
        "{not json",
        json.dumps({"text": "Kishi met Austin on Wednesday at the Pentagon near Washington."}),
        json.dumps({"id": "j4", "text": "Talks were held on May 3, 2022 in Tokyo.", "date": "someday"}),
        json.dumps({"id": "j5", "text": "Advertisement"}),
        json.dumps({"id": "j6", "title": "No text"}),
        "",
    ]
    path = tmp_path / "bulk.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    by_id = {a.id: a for a in read_one(site_config, path)}
    assert set(by_id) == {"j1", "bulk-3", "j4"}
    j1 = by_id["j1"]
    assert (j1.title, j1.title_source, j1.date, j1.date_source, j1.source, j1.line) == (
        "Given",
        "metadata",
        date(2022, 5, 1),
        "published",
        "Kyodo",
        1,
    )
    assert j1.paragraphs == ("Body one.",)
    assert by_id["bulk-3"].title_source == "lead" and by_id["bulk-3"].date_source == "none"
    assert (by_id["j4"].date, by_id["j4"].date_source) == (date(2022, 5, 3), "text")
    messages = warnings(caplog)
    assert any(m.startswith(f"{path}:2: invalid JSON") for m in messages)
    assert any(m.startswith(f"{path}:4:") and "someday" in m for m in messages)
    assert any(m.startswith(f"{path}:5:") for m in messages)
    assert any(m.startswith(f"{path}:6:") for m in messages)


def test_jsonl_ten_thousand_lines(tmp_path: Path, site_config: SiteConfig) -> None:
    record = {
        "text": "Defense Minister Nobuo Kishi met Lloyd Austin on May 4, 2022.\n\nImage: AP\n\nMore text."
    }
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(json.dumps(record) for _ in range(10_000)), encoding="utf-8")
    articles = read_one(site_config, path)
    assert len(articles) == 10_000 and articles[0].paragraphs == (
        "Defense Minister Nobuo Kishi met Lloyd Austin on May 4, 2022.",
        "More text.",
    )


def test_jsonl_headline_only_and_outlet_names(tmp_path: Path, site_config: SiteConfig, caplog) -> None:
    """A record whose text is empty or boilerplate is kept as a headline when it has a real title
    and a link; the outlet's name is dropped from titles."""
    url = "http://archive.example/report"
    records = [
        {"id": "h1", "title": "Man sought in Haw River bar shootings turns self in", "text": "", "url": url},
        {"id": "h2", "title": "Man sought in Haw River bar shootings", "text": "Advertisement"},
        {"id": "h3", "title": "en", "text": "", "url": url},
        {
            "id": "h4",
            "title": "Two men charged in deadly KC home invasion, robbery - KCTV5",
            "text": "Two men were charged on Monday.",
            "source": "www.kctv5.com:80",
        },
    ]
    path = tmp_path / "headlines.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    by_id = {a.id: a for a in read_one(site_config, path)}
    assert set(by_id) == {"h1", "h4"}
    assert by_id["h1"].paragraphs == () and by_id["h1"].url == url
    assert by_id["h4"].title == "Two men charged in deadly KC home invasion, robbery"
    messages = warnings(caplog)
    assert any(m.startswith(f"{path}:1:") and "headline" in m for m in messages)
    assert any(m.startswith(f"{path}:2:") and "skipped" in m for m in messages)


# --- bad input and overrides ----------------------------------------------------------------


def test_non_utf8_file_is_skipped_with_warning(tmp_path: Path, site_config: SiteConfig, caplog) -> None:
    (tmp_path / "bad.txt").write_bytes(b"Caf\xe9 owners said.")
    (tmp_path / "good.txt").write_text("Good article text.", encoding="utf-8")
    assert [a.id for a in read_one(site_config, tmp_path)] == ["good"]
    assert any(str(tmp_path / "bad.txt") in m and "UTF-8" in m for m in warnings(caplog))


def test_empty_article_is_skipped_with_warning(tmp_path: Path, site_config: SiteConfig, caplog) -> None:
    (tmp_path / "empty.txt").write_text("Advertisement\n\nImage: AP\n", encoding="utf-8")
    assert read_one(site_config, tmp_path) == []
    assert any(str(tmp_path / "empty.txt") in m for m in warnings(caplog))


def test_empty_folder_and_missing_source(tmp_path: Path, site_config: SiteConfig) -> None:
    assert read_articles(site_config, [tmp_path]) == ()
    with pytest.raises(BuildError, match="not found"):
        read_articles(site_config, [tmp_path / "nope"])


def test_duplicate_ids_name_both_files(tmp_path: Path, site_config: SiteConfig) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("One text.", encoding="utf-8")
    (tmp_path / "b" / "same.md").write_text("Other text.", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        read_articles(site_config, [tmp_path])
    message = str(info.value)
    assert str(tmp_path / "a" / "same.txt") in message and str(tmp_path / "b" / "same.md") in message


def test_same_file_twice_is_not_a_duplicate(seeds_dir: Path, site_config: SiteConfig) -> None:
    one = seeds_dir / f"{SEED_IDS['000']}.txt"
    assert len(read_articles(site_config, [seeds_dir, one])) == 5


def test_overrides_apply_and_warn(seeds_dir: Path, tmp_path: Path, caplog) -> None:
    overrides = tmp_path / "content" / "overrides.yaml"
    overrides.parent.mkdir()
    overrides.write_text(
        f"{SEED_IDS['001']}:\n  date: 2022-04-21\n  source: Republic World\n  title: Kishi to visit US\n"
        "nope:\n  title: x\n"
        f"{SEED_IDS['002']}:\n  storyline: japan-us\n",
        encoding="utf-8",
    )
    by_key = {a.id[:3]: a for a in read_articles(SiteConfig(root=str(tmp_path)), [seeds_dir])}
    one = by_key["001"]
    assert (one.date, one.date_source, one.title, one.title_source, one.source) == (
        date(2022, 4, 21),
        "editor",
        "Kishi to visit US",
        "editor",
        "Republic World",
    )
    assert by_key["002"].storyline == "japan-us"
    messages = warnings(caplog)
    assert any(m.startswith(f"{overrides}:5:") and "nope" in m for m in messages)
    overrides.write_text(f"{SEED_IDS['002']}:\n  storyline: japan-us\n  colour: red\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:  # an unknown field is an error, not a warning
        read_articles(SiteConfig(root=str(tmp_path)), [seeds_dir])
    assert (info.value.path, info.value.line) == (str(overrides), 3) and "colour" in info.value.message


def test_bad_override_date_names_file_and_line(seeds_dir: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "content" / "overrides.yaml"
    overrides.parent.mkdir()
    overrides.write_text(
        f"# comment\n{SEED_IDS['000']}:\n  title: Fine\n  date: 2022-02-30\n", encoding="utf-8"
    )
    with pytest.raises(BuildError) as info:
        read_articles(SiteConfig(root=str(tmp_path)), [seeds_dir])
    assert (info.value.path, info.value.line) == (str(overrides), 4)


def test_example_overrides_file_is_valid(seeds_dir: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    assert len(read_articles(SiteConfig(root=str(root)), [seeds_dir])) == 5
