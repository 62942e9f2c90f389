"""Hostile raw data through the whole `briefing build` (fake spaCy): every bad record is one warning
naming file:line and a skip, never a traceback; every published article has exactly one page."""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support import ROOT, Outcome, assert_built, assert_refused, run_cli

TEMPLATES = ROOT / "templates"

BODY = "Officials in Tokyo met delegates from Osaka on Monday to discuss the new harbour plan."


def _line(article_id: str | None = None, text: str = BODY, **fields: object) -> str:
    record = {"title": "Harbour plan talks in Tokyo continue", "text": text, **fields}
    if article_id is not None:
        record["id"] = article_id
    return json.dumps(record)


def _site(tmp_path: Path) -> None:
    """A site.yaml in `tmp_path/content` using the project's templates."""
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / "site.yaml").write_text(f"templates: {json.dumps(str(TEMPLATES))}\n", encoding="utf-8")


def _build(tmp_path: Path, *sources: Path, cache: bool = False) -> Outcome:
    _site(tmp_path)
    args = ["build", "--output", str(tmp_path / "site"), *(() if cache else ("--no-cache",))]
    for source in sources:
        args += ["--source", str(source)]
    return run_cli(*args, cwd=tmp_path)


def _jsonl(tmp_path: Path, *lines: str, name: str = "feed.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _pages(tmp_path: Path) -> list[str]:
    root = tmp_path / "site" / "articles"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("index.html"))


@pytest.fixture(autouse=True)
def _fake(nlp):
    return nlp


def test_dotdot_id_is_a_warning_and_a_skip(tmp_path: Path) -> None:
    source = _jsonl(tmp_path, _line("ok"), _line(".."), _line("a/../../b"))
    warnings = assert_built(_build(tmp_path, source))
    assert _pages(tmp_path) == ["ok/index.html"]
    assert [w for w in warnings if "cannot be a page path" in w] == [
        f"WARNING: {source}:2: article id '..' cannot be a page path; line skipped",
        f"WARNING: {source}:3: article id 'a/../../b' cannot be a page path; line skipped",
    ]


def test_id_empty_after_cleaning_is_skipped(tmp_path: Path) -> None:
    source = _jsonl(tmp_path, _line("ok"), _line("./"))
    warnings = assert_built(_build(tmp_path, source))
    assert _pages(tmp_path) == ["ok/index.html"]
    assert f"WARNING: {source}:2: article id './' cannot be a page path; line skipped" in warnings


def test_long_id_gets_a_short_stable_folder(tmp_path: Path) -> None:
    long_id = "x" * 300
    source = _jsonl(tmp_path, _line(long_id), _line("é" * 200))
    assert_built(_build(tmp_path, source))
    pages = _pages(tmp_path)
    assert len(pages) == 2
    for page in pages:
        folder = page.split("/")[0]
        assert len(folder.encode()) <= 128
        assert re.fullmatch(r"(x+|é+)-[0-9a-f]{12}", folder)
    first = pages
    assert_built(_build(tmp_path, source))
    assert _pages(tmp_path) == first


def test_long_word_in_an_entity_name_makes_a_short_actor_slug(tmp_path: Path) -> None:
    word = "Q" + "a" * 299  # the fake pipeline makes every capitalised word an entity
    source = _jsonl(tmp_path, _line("one", text=f"{word} met {word} in Tokyo. {word} said so in Tokyo."))
    assert_built(_build(tmp_path, source))
    actors = tmp_path / "site" / "actors"
    for folder in actors.iterdir():
        assert len(folder.name.encode()) < 200


def test_id_beside_its_own_index_page(tmp_path: Path) -> None:
    source = _jsonl(tmp_path, _line("n0"), _line("n0/index.html"))
    warnings = assert_built(_build(tmp_path, source))
    assert _pages(tmp_path) == ["n0/index.html"]
    assert f"WARNING: {source}:2: article id 'n0/index.html' cannot be a page path; line skipped" in warnings


@pytest.mark.parametrize("same", ["dir/", "./dir", "dir//", "Dir", "DIR/"])
def test_ids_sharing_a_page_are_duplicates(tmp_path: Path, same: str) -> None:
    source = _jsonl(tmp_path, _line("dir"), _line(same))
    line = assert_refused(_build(tmp_path, source), f"{source}:2", f"{source}:1")
    assert "duplicate article id" in line and repr(same) in line


def test_nfc_and_nfd_ids_are_duplicates(tmp_path: Path) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    assert nfc != nfd
    source = _jsonl(tmp_path, _line(nfc), _line(nfd))
    assert_refused(_build(tmp_path, source), f"{source}:2", f"{source}:1")


def test_case_distinct_ids_in_two_files_are_duplicates(tmp_path: Path) -> None:
    first = _jsonl(tmp_path, _line("Report"), name="a.jsonl")
    second = _jsonl(tmp_path, _line("report"), name="b.jsonl")
    assert_refused(_build(tmp_path, first, second), f"{second}:1", f"{first}:1")


def test_repeated_id_in_one_file_updates_the_earlier_line(tmp_path: Path) -> None:
    source = _jsonl(
        tmp_path,
        _line("a", title="Old headline about the harbour"),
        _line("b"),
        _line("a", title="New headline about the harbour"),
        _line("b"),
    )
    warnings = assert_built(_build(tmp_path, source))
    assert warnings == [
        f"WARNING: {source}:3: article id 'a' repeats line 1; this line replaces it",
        f"WARNING: {source}:4: article id 'b' repeats line 2; this line replaces it",
    ]
    page = (tmp_path / "site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert "New headline" in page and "Old headline" not in page


def test_same_id_in_two_files_stays_an_error(tmp_path: Path) -> None:
    first = _jsonl(tmp_path, _line("a"), name="a.jsonl")
    second = _jsonl(tmp_path, _line("a"), name="b.jsonl")
    assert_refused(_build(tmp_path, first, second), f"{second}:1", f"{first}:1")


def test_lone_surrogates_and_noncharacters_are_removed(tmp_path: Path) -> None:
    # json.dumps writes "\ud800" as an escape: what a broken scraper emits
    source = _jsonl(
        tmp_path,
        _line("s", title="Harbour \ud800talks\udfff in Tokyo", text=BODY + " \ud800"),
        _line("f", title="Harbour\ufffe plan\uffff news from Tokyo\U0001fffe", text=BODY + "\ufdd0"),
    )
    assert assert_built(_build(tmp_path, source)) == []
    site = tmp_path / "site"
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert not re.search("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe]", text), path
    assert "Harbour talks in Tokyo" in (site / "articles" / "s" / "index.html").read_text(encoding="utf-8")
    assert "Harbour plan news from Tokyo" in (site / "feed.xml").read_text(encoding="utf-8")


def test_unparseable_url_is_dropped_with_a_warning(tmp_path: Path) -> None:
    source = _jsonl(tmp_path, _line("u", url="http://[::1"), _line("v", url="https://example.org/x"))
    warnings = assert_built(_build(tmp_path, source))
    assert warnings == [f"WARNING: {source}:1: invalid url 'http://[::1'; url ignored"]
    assert _pages(tmp_path) == ["u/index.html", "v/index.html"]


def test_huge_number_and_deep_nesting_are_one_line_each(tmp_path: Path) -> None:
    source = _jsonl(
        tmp_path,
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        _line("ok"),
        _line("typed", text=5, title=["a"], date={"y": 1}),
    )
    warnings = assert_built(_build(tmp_path, source))
    assert _pages(tmp_path) == ["ok/index.html"]
    assert [w.split(": ", 2)[1] for w in warnings] == [f"{source}:{n}" for n in (1, 2, 4)]
    assert "invalid JSON" in warnings[0] and "invalid JSON" in warnings[1]


def test_one_bad_byte_costs_one_line(tmp_path: Path) -> None:
    source = tmp_path / "feed.jsonl"
    lines = [
        _line("a").encode(),
        _line("b", title="Bad \xff").encode().replace(b"\\u00ff", b"\xff"),
        _line("c").encode(),
    ]
    source.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    warnings = assert_built(_build(tmp_path, source))
    assert _pages(tmp_path) == ["a/index.html", "c/index.html"]
    column = lines[1].index(b"\xff") + 1
    assert warnings == [f"WARNING: {source}:2: not valid UTF-8 (column {column}); line skipped"]


def test_control_characters_leave_file_name_ids_and_messages(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "evil\x1b[31m.txt").write_text(BODY, encoding="utf-8")
    (folder / "empty\x1b]0;owned\x07.txt").write_text("   ", encoding="utf-8")
    outcome = _build(tmp_path, folder)
    warnings = assert_built(outcome)
    assert "\x1b" not in outcome.stderr + outcome.stdout
    assert _pages(tmp_path) == ["evil[31m/index.html"]
    empty = repr(str(folder / "empty\x1b]0;owned\x07.txt"))
    assert warnings == [f"WARNING: {empty}: no article text after cleaning; file skipped"]


def test_symlinks_leaving_the_source_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The secret plan of Tokyo officials was discussed.", encoding="utf-8")
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "ok.txt").write_text(BODY, encoding="utf-8")
    (folder / "inner.txt").symlink_to(folder / "ok.txt")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "sub").symlink_to(outside)
    warnings = assert_built(_build(tmp_path, folder))
    assert _pages(tmp_path) == ["ok/index.html"]
    assert sorted(w for w in warnings if "symlink" in w) == [
        f"WARNING: {folder / 'leak.txt'}: symlink leaves the source folder; not followed",
        f"WARNING: {folder / 'sub'}: symlink leaves the source folder; not followed",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_source_is_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    outcome = _build(tmp_path, fifo, cache=True)  # with the cache on: the fingerprint must not open it
    assert_refused(outcome, str(fifo), "not a regular file or folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_inside_a_source_folder_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "ok.txt").write_text(BODY, encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    warnings = assert_built(_build(tmp_path, folder, cache=True))
    assert warnings == [f"WARNING: {folder / 'pipe.jsonl'}: not a regular file; skipped"]
    assert _pages(tmp_path) == ["ok/index.html"]


def test_pinned_storyline_slug_never_collides_with_a_generated_one(tmp_path: Path) -> None:
    pinned = "2024-05-01-harbour-plan-talks-in-tokyo-continue"
    source = _jsonl(
        tmp_path,
        _line("gen", date="2024-05-01"),
        _line(
            "pin",
            text="Farmers in Kyoto protested prices on Friday at the central market.",
            title="Kyoto market protest",
        ),
    )
    _site(tmp_path)
    (tmp_path / "content" / "overrides.yaml").write_text(f"pin:\n  storyline: {pinned}\n", encoding="utf-8")
    assert_built(_build(tmp_path, source))
    folders = sorted(
        p.name for p in (tmp_path / "site" / "storylines").iterdir() if p.is_dir() and p.name != "page"
    )
    assert pinned in folders and f"{pinned}-2" in folders


def test_front_matter_pin_never_collides_with_a_generated_slug(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "gen.txt").write_text(f"Harbour plan talks in Tokyo continue\n\n{BODY}", encoding="utf-8")
    (folder / "pin.md").write_text(
        "---\nstoryline: Harbour plan talks in Tokyo continue\n---\n"
        "Farmers in Kyoto protested prices on Friday at the central market.\n",
        encoding="utf-8",
    )
    assert_built(_build(tmp_path, folder))
    folders = sorted(
        p.name for p in (tmp_path / "site" / "storylines").iterdir() if p.is_dir() and p.name != "page"
    )
    slug = "harbour-plan-talks-in-tokyo-continue"
    assert folders == [slug, f"{slug}-2"]
    pinned = (tmp_path / "site" / "storylines" / slug / "index.html").read_text(encoding="utf-8")
    assert "Kyoto" in pinned and "Osaka" not in pinned


def test_warnings_repeat_when_lines_come_from_the_record_cache(tmp_path: Path) -> None:
    source = _jsonl(tmp_path, _line("a"), _line(".."), _line("a"))
    expected = [
        f"WARNING: {source}:2: article id '..' cannot be a page path; line skipped",
        f"WARNING: {source}:3: article id 'a' repeats line 1; this line replaces it",
    ]
    assert assert_built(_build(tmp_path, source, cache=True)) == expected
    (tmp_path / "site" / "index.html").unlink()  # not a no-op build: the lines are read again
    assert assert_built(_build(tmp_path, source, cache=True)) == expected


def test_duplicate_error_escapes_file_names(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a\x1b[2J.txt").write_text(BODY, encoding="utf-8")
    outcome = _build(tmp_path, tmp_path / "one", tmp_path / "two")
    line = assert_refused(
        outcome, repr(str(tmp_path / "two" / "a\x1b[2J.txt")), "duplicate article id 'a[2J'"
    )
    assert "\x1b" not in outcome.stderr and repr(str(tmp_path / "one" / "a\x1b[2J.txt")) in line


def test_very_deep_id_and_long_pinned_storyline_build(tmp_path: Path) -> None:
    deep = "/".join(["part"] * 2000)
    source = _jsonl(tmp_path, _line(deep), _line("pin"))
    _site(tmp_path)
    (tmp_path / "content" / "overrides.yaml").write_text(
        f"pin:\n  storyline: {'word' * 100}\n", encoding="utf-8"
    )
    assert assert_built(_build(tmp_path, source)) == []
    pages = _pages(tmp_path)
    assert len(pages) == 2 and all(len(p.encode()) < 200 for p in pages)
    stories = [p for p in (tmp_path / "site" / "storylines").iterdir() if p.is_dir() and p.name != "page"]
    assert len(stories) == 2 and all(len(p.name.encode()) <= 120 for p in stories)


class _Links(HTMLParser):
    """Every href and src in an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def _internal_links(site: Path, base_url: str) -> list[tuple[str, str, Path]]:
    """(page, link, file it names) for every link of every page and feed into the site."""
    found = []
    base_path = urlsplit(base_url).path
    for page in sorted(site.rglob("*")):
        rel = page.relative_to(site).as_posix()
        if page.suffix == ".html":
            parser = _Links()
            parser.feed(page.read_text(encoding="utf-8"))
            links = parser.links
        elif page.suffix == ".xml":
            text = page.read_text(encoding="utf-8")
            links = re.findall(r"<link>([^<]*)</link>", text) + re.findall(r'href="([^"]*)"', text)
        else:
            continue
        for link in links:
            link = html.unescape(link)
            parts = urlsplit(link)
            if link.startswith(base_url):
                path = unquote(urlsplit(link[len(base_url) :]).path) or "index.html"  # the home page
            elif parts.scheme or parts.netloc or not parts.path:
                continue  # another site's page, or a fragment of this page
            elif link.startswith("/"):
                path = unquote(parts.path)[len(base_path) :]
            else:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            found.append((rel, link, site / path))
    return found


def test_ids_with_url_delimiters_link_to_their_own_pages(tmp_path: Path) -> None:
    """`#`, `?` and `%` in an id are percent-encoded in every link, so each link a browser follows
    (the path only, up to any `#` or `?`) names the page's file."""
    ids = ["report#2", "what?now", "100%", "a%23b", "x#y?z%20"]
    texts = [
        "Officials in Kyoto approved a budget for schools on Monday.",
        "Floods closed two bridges near Nagoya after a week of heavy rain.",
        "The Sapporo orchestra played its last concert in the old hall.",
        "Fishermen from Fukuoka protested against the new quota rules.",
        "A fire at a Kobe warehouse destroyed stocks of imported rice.",
    ]
    source = _jsonl(tmp_path, *(_line(i, text=t, title=t[:30]) for i, t in zip(ids, texts, strict=True)))
    assert_built(_build(tmp_path, source))
    site = tmp_path / "site"
    assert _pages(tmp_path) == sorted(f"{i}/index.html" for i in ids)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="articles/report%232/index.html"' in home and 'href="articles/100%25/index.html"' in home
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<link>http://127.0.0.1:8000/articles/what%3Fnow/index.html</link>" in feed
    links = _internal_links(site, "http://127.0.0.1:8000/")
    to_articles = [link for _, link, _ in links if "articles/" in link]
    assert len({urlsplit(link).path.rpartition("articles/")[2] for link in to_articles}) == len(ids)
    broken = [(page, link) for page, link, target in links if not target.is_file()]
    assert broken == []


def test_list_or_mapping_fields_are_ignored_with_a_warning(tmp_path: Path) -> None:
    source = _jsonl(
        tmp_path,
        _line("a", title=["Harbour", "plan"]),
        _line("b", author=["A. Writer", "B. Writer"], source={"name": "Daily"}),
        _line("c", url=["https://example.com/c"]),
    )
    warnings = assert_built(_build(tmp_path, source))
    assert warnings == [
        f"WARNING: {source}:1: 'title' is a list, not a single value; field ignored",
        f"WARNING: {source}:2: 'author' is a list, not a single value; field ignored",
        f"WARNING: {source}:2: 'source' is a mapping, not a single value; field ignored",
        f"WARNING: {source}:3: 'url' is a list, not a single value; field ignored",
    ]
    assert _pages(tmp_path) == ["a/index.html", "b/index.html", "c/index.html"]
    data = {a["id"]: a for a in json.loads((tmp_path / "site" / "data" / "articles.json").read_text())}
    assert data["b"]["author"] is None and data["b"]["source"] is None and data["c"]["url"] is None


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_numbers_skip_their_line(tmp_path: Path, constant: str) -> None:
    bad = _line("bad").replace('"title": "Harbour plan talks in Tokyo continue"', f'"title": {constant}')
    source = _jsonl(tmp_path, _line("ok"), bad)
    warnings = assert_built(_build(tmp_path, source))
    assert warnings == [f"WARNING: {source}:2: invalid JSON ({constant} is no JSON number); line skipped"]
    assert _pages(tmp_path) == ["ok/index.html"]


@pytest.mark.parametrize(
    "url", ["javascript:alert(3)", "data:text/html,<b>x</b>", "ftp://example.com/a", "//example.com/a", "/a"]
)
def test_a_url_that_is_no_web_link_is_dropped_with_a_warning(tmp_path: Path, url: str) -> None:
    source = _jsonl(tmp_path, _line("ok", url="https://example.com/ok"), _line("bad", url=url))
    warnings = assert_built(_build(tmp_path, source))
    assert warnings == [f"WARNING: {source}:2: url {url!r} is not an http(s) link; url ignored"]
    data = {a["id"]: a["url"] for a in json.loads((tmp_path / "site" / "data" / "articles.json").read_text())}
    assert data == {"ok": "https://example.com/ok", "bad": None}


def test_files_and_lines_over_the_size_limit_are_skipped_unread(tmp_path: Path) -> None:
    from generator.read.fields import MAX_ARTICLE_BYTES

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.txt").write_text(BODY, encoding="utf-8")
    for name, size in (("huge.txt", 300 << 20), ("huge.md", MAX_ARTICLE_BYTES + 1)):
        with open(raw / name, "wb") as handle:
            handle.truncate(size)  # sparse: NUL bytes a read would have to go through
    with open(raw / "feed.jsonl", "wb") as handle:
        handle.write((_line("first") + "\n").encode())
        handle.write(b'{"id": "long", "text": "' + b"x" * MAX_ARTICLE_BYTES + b'"}\n')
        handle.write((_line("after") + "\n").encode())
        handle.truncate(handle.tell() + (30 << 20))  # a last line of 30 MB of NUL, no newline
    warnings = assert_built(_build(tmp_path, raw))
    assert warnings == [
        f"WARNING: {raw / 'feed.jsonl'}:2: line over the {MAX_ARTICLE_BYTES}-byte limit; line skipped",
        f"WARNING: {raw / 'feed.jsonl'}:4: line over the {MAX_ARTICLE_BYTES}-byte limit; line skipped",
        f"WARNING: {raw / 'huge.md'}: file is {MAX_ARTICLE_BYTES + 1} bytes, over the "
        f"{MAX_ARTICLE_BYTES}-byte limit; file skipped",
        f"WARNING: {raw / 'huge.txt'}: file is {300 << 20} bytes, over the {MAX_ARTICLE_BYTES}-byte "
        "limit; file skipped",
    ]
    assert _pages(tmp_path) == ["after/index.html", "first/index.html", "ok/index.html"]


@pytest.mark.parametrize("separator", ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_separating_control_characters_keep_sentences_apart(tmp_path: Path, separator: str) -> None:
    text = f"The minister spoke in Tokyo on Monday.{separator}End of the harbour talks came on Tuesday."
    source = _jsonl(tmp_path, _line("a", text=text))
    assert_built(_build(tmp_path, source))
    [article] = json.loads((tmp_path / "site" / "data" / "articles.json").read_text())
    page = (tmp_path / "site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert "Monday.End" not in page and "Monday.End" not in json.dumps(article)
    assert "The minister spoke in Tokyo on Monday." in page and "End of the harbour talks" in page


def test_names_that_print_alike_are_escaped_in_a_duplicate_error(tmp_path: Path) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (nfc, nfd):
        (raw / f"{name}.txt").write_text(BODY, encoding="utf-8")
    line = assert_refused(_build(tmp_path, raw))
    assert nfd < nfc  # the NFD file is read first, so the NFC one is the duplicate
    assert line == (
        f"Error: {str(raw / f'{nfc}.txt')!a}: duplicate article id {nfc!a} "
        f"(also in {str(raw / f'{nfd}.txt')!a} as {nfd!a}, the same page path)"
    )


def test_a_bidi_control_in_a_file_name_is_escaped_in_messages(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.txt").write_text(BODY, encoding="utf-8")
    (raw / "evil\u202etxt.gpj.txt").write_text("", encoding="utf-8")
    outcome = _build(tmp_path, raw)
    warnings = assert_built(outcome)
    assert warnings == [
        f"WARNING: '{raw}/evil\\u202etxt.gpj.txt': no article text after cleaning; file skipped"
    ]
    assert "\u202e" not in outcome.stderr


def test_an_override_in_the_other_normal_form_reaches_its_article(tmp_path: Path) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    source = _jsonl(tmp_path, _line(nfd))
    _site(tmp_path)
    (tmp_path / "content" / "overrides.yaml").write_text(f"{nfc}:\n  title: Edited title\n", encoding="utf-8")
    assert assert_built(_build(tmp_path, source)) == []
    [article] = json.loads((tmp_path / "site" / "data" / "articles.json").read_text())
    assert (article["id"], article["title"]) == (nfd, "Edited title")
    both = f"{nfc}:\n  title: One\n{nfd}:\n  title: Two\n"
    (tmp_path / "content" / "overrides.yaml").write_text(both, encoding="utf-8")
    overrides = "content/overrides.yaml"
    line = assert_refused(_build(tmp_path, source), overrides)
    assert line == f"Error: {overrides}:3: override for {nfd!a} overrides the same article as {nfc!a}"
