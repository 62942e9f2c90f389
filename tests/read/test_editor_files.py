"""Editor files (site.yaml, overrides.yaml, actors.yaml, storylines.yaml, front matter, about.md):
every bad value is one error line naming the file and the key or line, never a traceback or a
silently wrong site; the corrected file builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, assert_built, assert_refused, run_cli, tree

from generator.errors import BuildError
from generator.resolve.actors import load_actor_settings

ARTICLE = "---\ntitle: Ministers meet in Tokyo\ndate: 2024-03-04\n---\nThe ministers of Japan met in Tokyo.\n"


SITE = "content/site.yaml"


def _project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A project folder: content/site.yaml (`files[SITE]` first, so its lines keep their numbers)
    reading `articles/` with the bundled templates, and the other `files`."""
    files = dict(files)
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    site = f"sources: [articles]\ntemplates: {ROOT / 'templates'}\ncache_dir: cache\n"
    files[SITE] = str(files.get(SITE, "")) + site
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def _build(folder: Path, *args: str):
    return run_cli("build", *args, cwd=folder)


ACTORS = "content/actors.yaml"
STORIES = "content/storylines.yaml"
OVERRIDES = "content/overrides.yaml"
FRONT = "articles/a.md"

# (file, bad text, what the error line names, the corrected text)
CASES = {
    # actors.yaml: shapes, unknown keys, kinds, names claimed twice
    "actors-not-a-list": (ACTORS, "actors: 5\n", [f"{ACTORS}:1:", "'actors'"], "actors: []\n"),
    "aliases-a-number": (
        ACTORS,
        "actors:\n  - name: Fumio Kishida\n    aliases: 5\n",
        [f"{ACTORS}:3:", "'actors[0].aliases'"],
        "actors:\n  - name: Fumio Kishida\n    aliases: [Kishida]\n",
    ),
    "actor-without-name": (
        ACTORS,
        "actors:\n  - kind: person\n",
        [f"{ACTORS}:2:", "'actors[0].name' is required"],
        "actors:\n  - name: Fumio Kishida\n    kind: person\n",
    ),
    "actor-bad-kind": (
        ACTORS,
        "actors:\n  - name: NHK\n    kind: broadcaster\n",
        [f"{ACTORS}:3:", "'actors[0].kind'"],
        "actors:\n  - name: NHK\n    kind: organisation\n",
    ),
    "actor-unknown-key": (
        ACTORS,
        "actors:\n  - name: NHK\n    alias: [N]\n",
        [f"{ACTORS}:3:", "'actors[0].alias'"],
        "actors:\n  - name: NHK\n    aliases: [N]\n",
    ),
    "actors-file-unknown-key": (ACTORS, "actor: []\n", [f"{ACTORS}:1:", "'actor'"], "actors: []\n"),
    "alias-of-two-actors": (
        ACTORS,
        "actors:\n  - name: Fumio Kishida\n    aliases: [Kishida]\n"
        "  - name: Nobuo Kishi\n    aliases: [kishida]\n",
        [f"{ACTORS}:4:", "'kishida'", "Fumio Kishida"],
        "actors:\n  - name: Fumio Kishida\n    aliases: [Kishida]\n"
        "  - name: Nobuo Kishi\n    aliases: [Kishi]\n",
    ),
    "countries-a-list": (
        ACTORS,
        "countries: [Ruritania]\n",
        [f"{ACTORS}:1:", "'countries'"],
        "countries: {}\n",
    ),
    "country-row-a-number": (
        ACTORS,
        "countries:\n  Ruritania: 5\n",
        [f"{ACTORS}:2:", "'countries.Ruritania'"],
        "countries:\n  Ruritania: {demonyms: [Ruritanian]}\n",
    ),
    "country-unknown-key": (
        ACTORS,
        "countries:\n  Ruritania:\n    capital: [Strelsau]\n",
        [f"{ACTORS}:3:", "'countries.Ruritania.capital'"],
        "countries:\n  Ruritania:\n    capitals: [Strelsau]\n",
    ),
    "ignore-a-mapping": (ACTORS, "ignore: {a: 1}\n", [f"{ACTORS}:1:", "'ignore'"], "ignore: [Reuters]\n"),
    # storylines.yaml
    "articles-a-number": (
        STORIES,
        "ministers-meet:\n  articles: 5\n",
        [f"{STORIES}:2:", "'ministers-meet.articles'"],
        "ministers-meet:\n  articles: [a]\n",
    ),
    "storyline-key-not-a-slug": (
        STORIES,
        "Ministers Meet:\n  title: The meeting\n",
        [f"{STORIES}:1:", "'Ministers Meet'", "ministers-meet"],
        "ministers-meet:\n  title: The meeting\n",
    ),
    "storyline-unknown-key": (
        STORIES,
        "ministers-meet:\n  titel: The meeting\n",
        [f"{STORIES}:2:", "'ministers-meet.titel'"],
        "ministers-meet:\n  title: The meeting\n",
    ),
    "storyline-title-a-list": (
        STORIES,
        "ministers-meet:\n  title: [a, b]\n",
        [f"{STORIES}:2:", "'ministers-meet.title'"],
        "ministers-meet:\n  title: a, b\n",
    ),
    "article-pinned-twice": (
        STORIES,
        "one:\n  articles: [a]\ntwo:\n  articles: [a]\n",
        [f"{STORIES}:3:", "'a'", "'one'", "'two'"],
        "one:\n  articles: [a]\ntwo:\n  title: Two\n",
    ),
    # site.yaml: ranges where each setting is used
    "batch-size-zero": (SITE, "extract:\n  batch_size: 0\n", [f"{SITE}:2:", "'extract.batch_size'"], None),
    "max-chars-negative": (SITE, "extract:\n  max_chars: -10\n", [f"{SITE}:2:", "'extract.max_chars'"], None),
    "model-empty": (SITE, "extract:\n  model: ''\n", [f"{SITE}:2:", "'extract.model'"], None),
    "decay-days-zero": (SITE, "grouping:\n  decay_days: 0\n", [f"{SITE}:2:", "'grouping.decay_days'"], None),
    "threshold-negative": (
        SITE,
        "grouping:\n  threshold: -1\n",
        [f"{SITE}:2:", "'grouping.threshold'"],
        None,
    ),
    "entity-weight-above-one": (
        SITE,
        "grouping:\n  entity_weight: 1.5\n",
        [f"{SITE}:2:", "'grouping.entity_weight'"],
        None,
    ),
    "linker-weight-nan": (
        SITE,
        "grouping:\n  linker:\n    bias: .nan\n",
        [f"{SITE}:3:", "'grouping.linker.bias'", "finite"],
        None,
    ),
    "feed-items-negative": (SITE, "feed_items: -1\n", [f"{SITE}:1:", "'feed_items'"], None),
    "title-a-list": (SITE, "title: [a, b]\n", [f"{SITE}:1:", "'title'"], None),
    "language-not-a-tag": (SITE, "language: 'en\"><x'\n", [f"{SITE}:1:", "'language'"], None),
    "base-url-javascript": (SITE, "base_url: 'javascript:alert(1)//'\n", [f"{SITE}:1:", "'base_url'"], None),
    "base-url-without-scheme": (SITE, "base_url: example.com/news\n", [f"{SITE}:1:", "'base_url'"], None),
    "base-url-dot-dot": (SITE, "base_url: http://ex.com/a/../b/\n", [f"{SITE}:1:", "'base_url'", ".."], None),
    "base-url-user": (SITE, "base_url: http://ex.com@evil.com/\n", [f"{SITE}:1:", "'base_url'"], None),
    # any editor YAML: duplicate keys, depth and alias bombs
    "duplicate-key-site": (
        SITE,
        "title: A\ntitle: B\n",
        [f"{SITE}:2:", "duplicate key 'title'", "line 1"],
        None,
    ),
    "duplicate-id-overrides": (
        OVERRIDES,
        "a:\n  title: One\na:\n  title: Two\n",
        [f"{OVERRIDES}:3:", "duplicate key 'a'"],
        "a:\n  title: Two\n",
    ),
    "duplicate-key-front-matter": (
        FRONT,
        "---\ntitle: One\ntitle: Two\n---\nThe ministers met.\n",
        [f"{FRONT}:3:", "duplicate key 'title'"],
        "---\ntitle: Two\n---\nThe ministers met.\n",
    ),
    "deep-nesting": (SITE, "title: " + "[" * 5000 + "\n", [f"{SITE}:1:", "nested"], None),
    "billion-laughs": (
        ACTORS,
        "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9)),
        [ACTORS, "aliases expand"],
        "actors: []\n",
    ),
    # overrides and front matter: unknown fields, lists where text belongs
    "override-unknown-field": (
        OVERRIDES,
        "a:\n  colour: red\n",
        [f"{OVERRIDES}:2:", "'colour'"],
        "a:\n  source: Kyodo\n",
    ),
    "override-title-a-list": (
        OVERRIDES,
        "a:\n  title: [One, Two]\n",
        [f"{OVERRIDES}:2:", "'title'"],
        "a:\n  title: One, Two\n",
    ),
    "front-matter-unknown-key": (
        FRONT,
        "---\ntitle: One\ncolour: red\n---\nThe ministers met.\n",
        [f"{FRONT}:3:", "'colour'"],
        "---\ntitle: One\n---\nThe ministers met.\n",
    ),
    # keys are the text written: `1` and `"1"` are one id written twice (the later silently won)
    "override-ids-one-and-quoted-one": (
        OVERRIDES,
        '1:\n  title: A\n"1":\n  title: B\n',
        [f"{OVERRIDES}:3:", "duplicate key '1'", "line 1"],
        '"1":\n  title: B\n0x1:\n  title: C\n',
    ),
    # tags that build no text (bytes, sets, pairs, Python objects) where text belongs
    "front-matter-binary-title": (
        FRONT,
        "---\ntitle: !!binary aGVsbG8=\n---\nThe ministers met.\n",
        [f"{FRONT}:2:", "'title'", "!!binary"],
        "---\ntitle: aGVsbG8=\n---\nThe ministers met.\n",
    ),
    "override-set-source": (
        OVERRIDES,
        "a:\n  source: !!set {Kyodo}\n",
        [f"{OVERRIDES}:2:", "'a.source'", "!!set"],
        "a:\n  source: Kyodo\n",
    ),
    "storyline-omap-title": (
        STORIES,
        "ministers-meet:\n  title: !!omap [a: 1]\n",
        [f"{STORIES}:2:", "'ministers-meet.title'", "!!omap"],
        "ministers-meet:\n  title: a 1\n",
    ),
    "actors-pairs-alias": (
        ACTORS,
        "actors:\n  - name: NHK\n    aliases:\n      - !!pairs [a: 1]\n",
        [f"{ACTORS}:4:", "'actors[0].aliases[0]'", "!!pairs"],
        "actors:\n  - name: NHK\n    aliases:\n      - a 1\n",
    ),
    "site-python-object": (
        SITE,
        "title: !!python/object/apply:os.system [echo hi]\n",
        [f"{SITE}:1:", "'title'", "!!python/object/apply:os.system"],
        None,
    ),
    "model-relative-module": (
        SITE,
        "extract:\n  model: .x\n",
        [f"{SITE}:2:", "'extract.model'", "'.x'"],
        None,
    ),
    "front-matter-author-a-list": (
        FRONT,
        "---\ntitle: One\nauthor: [A, B]\n---\nThe ministers met.\n",
        [f"{FRONT}:3:", "'author'"],
        "---\ntitle: One\nauthor: A and B\n---\nThe ministers met.\n",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_editor_file_is_one_error_and_the_fixed_file_builds(tmp_path: Path, nlp, case: str) -> None:
    name, bad, names, good = CASES[case]
    folder = _project(tmp_path, {name: bad})
    assert_refused(_build(folder), *names)
    assert not (folder / "site").exists()
    if good is not None:  # site.yaml's control: the project without the bad key builds elsewhere here
        _project(folder, {name: good})
        assert_built(_build(folder))


def test_a_refused_rebuild_leaves_the_published_site_untouched(tmp_path: Path, nlp) -> None:
    folder = _project(tmp_path, {ACTORS: "actors: []\n"})
    assert_built(_build(folder))
    before = tree(folder / "site")
    (folder / ACTORS).write_text("actors:\n  - name: X\n    aliases: 5\n", encoding="utf-8")
    assert_refused(_build(folder), ACTORS)
    assert tree(folder / "site") == before


@pytest.mark.parametrize(
    ("given", "names"),
    [
        ("javascript:alert(1)//", ["--base-url", "http(s)"]),
        ("example.com/news", ["--base-url", "http(s)"]),
        ("https://ex.com/a/../../b/", ["--base-url", ".."]),
    ],
)
def test_bad_base_url_option_is_refused(tmp_path: Path, nlp, given: str, names: list[str]) -> None:
    assert_refused(_build(_project(tmp_path, {}), "--base-url", given), *names)


def test_base_url_path_is_normalised_in_every_link(tmp_path: Path, nlp) -> None:
    folder = _project(tmp_path, {})
    assert_built(_build(folder, "--base-url", "HTTP://Ex.com//evil.com/./news"))
    not_found = (folder / "site" / "404.html").read_text(encoding="utf-8")
    assert 'href="/evil.com/news/static/style.css"' in not_found and "//evil.com" not in not_found
    feed = (folder / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "http://ex.com/evil.com/news/articles/a/index.html" in feed and "//evil.com" not in feed


def test_a_lone_alias_string_is_one_alias(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - name: Fumio Kishida\n    aliases: Kishida\n", encoding="utf-8")
    settings = load_actor_settings(path)
    assert settings.aliases == {"fumio kishida": "Fumio Kishida", "kishida": "Fumio Kishida"}


def test_storyline_title_and_pins_reach_the_site(tmp_path: Path, nlp) -> None:
    stories = "ministers-meet:\n  title: The Tokyo meeting\n  articles: [a]\n"
    folder = _project(tmp_path, {STORIES: stories})
    assert_built(_build(folder))
    page = folder / "site" / "storylines" / "ministers-meet" / "index.html"
    assert "The Tokyo meeting" in page.read_text(encoding="utf-8")


def test_about_with_a_bom_shows_no_bom(tmp_path: Path, nlp) -> None:
    folder = _project(tmp_path, {"content/about.md": "\ufeff# About us\n\nWe read the news.\n"})
    assert_built(_build(folder))
    about = (folder / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<h1>About us</h1>" in about and "\ufeff" not in about


def test_about_not_utf8_is_refused(tmp_path: Path, nlp) -> None:
    folder = _project(tmp_path, {"content/about.md": b"Caf\xe9\n"})
    assert_refused(_build(folder), "content/about.md", "UTF-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignore: &a [*a]\n", "refers to"),  # a recursive value
        ("a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 80)), "levels deep"),
        ("".join(" " * i + f"k{i}:\n" for i in range(80)), "levels deep"),
    ],
)
def test_aliases_and_nesting_are_bounded(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_actor_settings(path)
    assert caught.value.path == str(path) and caught.value.line and message in caught.value.message


def test_anchors_and_merge_keys_within_bounds_still_work(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "countries:\n  Ruritania: &r {capitals: [Strelsau], demonyms: [Ruritanian]}\n"
        "  Zenda:\n    <<: *r\n    capitals: [Zenda Town]\n",
        encoding="utf-8",
    )
    countries = load_actor_settings(path).countries
    assert countries["Zenda"] == {"aliases": [], "demonyms": ["Ruritanian"], "capitals": ["Zenda Town"]}


def test_override_keys_are_the_ids_written(tmp_path: Path, nlp) -> None:
    """`010:`, `0x1:`, `null:`, `1_000:`, `12:30:` and `yes:` override the articles with those ids
    (YAML 1.1 read them as 8, 1, None, 1000, 750 and True; `0x1` and `yes` were a false duplicate)."""
    ids = ["010", "0x1", "null", "1_000", "12:30", "yes"]
    files: dict[str, str | bytes] = {f"articles/{i}.md": ARTICLE for i in ids}
    files[OVERRIDES] = "".join(f"{i}:\n  title: Override for {i}\n" for i in ids)
    folder = _project(tmp_path, files)
    assert assert_built(_build(folder)) == []
    pages = "".join(p.read_text(encoding="utf-8") for p in (folder / "site").rglob("*.html"))
    for i in ids:
        assert f"Override for {i}<" in pages, i


def test_storyline_pins_to_unknown_ids_are_warnings_naming_the_line(tmp_path: Path, nlp) -> None:
    """A pinned id no article has is a warning naming storylines.yaml's line and the id (the pin
    and its storyline vanished without a word); ids are the text written: `010` pins `010`."""
    stories = (
        "harbour:\n  title: Harbour\n  articles:\n    - 010\n    - nope\n    - 5\nother:\n  articles: [nix]\n"
    )
    folder = _project(tmp_path, {STORIES: stories, "articles/010.md": ARTICLE})
    warnings = assert_built(_build(folder))
    assert len(warnings) == 3, warnings
    assert f"{STORIES}:5:" in warnings[0] and "'nope'" in warnings[0] and "'harbour'" in warnings[0]
    assert f"{STORIES}:6:" in warnings[1] and "'5'" in warnings[1]
    assert f"{STORIES}:8:" in warnings[2] and "'nix'" in warnings[2] and "'other'" in warnings[2]
    page = (folder / "site" / "storylines" / "harbour" / "index.html").read_text(encoding="utf-8")
    assert "Harbour" in page and "articles/010/" in page


def test_a_model_folder_that_is_no_pipeline_is_one_error_line(tmp_path: Path) -> None:
    """`extract.model: content` names a folder (a namespace package) without a pipeline: one line
    naming site.yaml and the key (a TypeError traceback in spaCy before). Real spaCy, no model."""
    folder = _project(tmp_path, {SITE: "extract:\n  model: content\n"})
    assert_refused(_build(folder), SITE, "'extract.model'", "'content'")
    assert not (folder / "site").exists()


def test_front_matter_and_override_values_are_the_text_written(tmp_path: Path, nlp) -> None:
    """`id: 010`, `title: 12:30`, `author: yes` in front matter and `title: 1_000` in an override
    are the text the editor wrote (YAML 1.1 read them as 8, 750, True and 1000)."""
    front = "---\nid: 010\ntitle: 12:30\nauthor: yes\ndate: 2024-03-04\n---\nThe ministers met in Tokyo.\n"
    files: dict[str, str | bytes] = {"articles/b.md": front, OVERRIDES: "a:\n  title: 1_000\n"}
    folder = _project(tmp_path, files)
    assert assert_built(_build(folder)) == []
    page = (folder / "site" / "articles" / "010" / "index.html").read_text(encoding="utf-8")
    assert "12:30<" in page and "yes" in page
    assert "1_000<" in (folder / "site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_an_editor_file_that_is_no_regular_file_is_one_line(tmp_path: Path, nlp, kind: str) -> None:
    """A config or overrides file that is a device or a FIFO would be read forever (or block)."""
    import os

    folder = _project(tmp_path, {})
    special = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(special)
    else:
        special.symlink_to("/dev/zero")
    assert_refused(_build(folder, "--config", str(special)), str(special), "regular file")
    (folder / OVERRIDES).symlink_to(special)
    assert_refused(_build(folder), OVERRIDES, "regular file")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("extract:\n  n_process", "40000"),
        ("extract:\n  batch_size", "10000000"),
        ("feed_items", "1" + "0" * 30),
    ],
)
def test_counts_that_would_exhaust_the_machine_are_refused(tmp_path: Path, nlp, key: str, value: str) -> None:
    folder = _project(tmp_path, {SITE: f"{key}: {value}\n"})
    assert_refused(_build(folder), SITE, key.split()[-1], "at most")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/foo", "data:text/html,x"])
def test_an_editor_url_that_is_no_web_link_is_refused(tmp_path: Path, nlp, url: str) -> None:
    """Front matter and overrides are the editor's: a url that is no http(s) link stops the build
    naming the file and line (a JSONL record's is a warning: raw data)."""
    front = f"---\ntitle: Ministers meet\ndate: 2024-03-04\nurl: '{url}'\n---\nThe ministers met in Tokyo.\n"
    folder = _project(tmp_path, {"articles/b.md": front})
    assert_refused(_build(folder), "b.md:4", "'url'")
    (tmp_path / "o").mkdir()
    folder = _project(tmp_path / "o", {OVERRIDES: f"a:\n  url: '{url}'\n"})
    assert_refused(_build(folder), "overrides.yaml:2", "'url'")


def test_a_pin_finds_its_article_by_page_path_and_a_repeat_is_refused(tmp_path: Path, nlp) -> None:
    """A pin written in another normalisation (NFD 'café' for the NFC id) reaches the article, as
    an override does; one id listed twice under one storyline is an error naming the line."""
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    stories = f"harbour:\n  title: Harbour\n  articles: [{nfd}]\n"
    folder = _project(tmp_path, {STORIES: stories, f"articles/{nfc}.md": ARTICLE})
    assert assert_built(_build(folder)) == []
    page = (folder / "site" / "storylines" / "harbour" / "index.html").read_text(encoding="utf-8")
    assert "caf%C3%A9/index.html" in page
    (folder / STORIES).write_text("harbour:\n  articles: [a, a]\n", encoding="utf-8")
    assert_refused(_build(folder), f"{STORIES}:1", "listed twice")
