"""Ids and slugs as page paths (`generator.ids`), long runs before spaCy, and linear cleaning."""

from __future__ import annotations

import unicodedata

import pytest

from generator import urls
from generator.extract.annotate import LONGEST_RUN, spacy_text
from generator.ids import (
    MAX_PART_BYTES,
    clean_name,
    page_path,
    path_key,
    path_problem,
    shorten,
    shown,
    shown_apart,
)
from generator.read.cleaning import clean_text, normalise
from generator.render.links import Links


@pytest.mark.parametrize(
    ("article_id", "path"),
    [
        ("report-1", "report-1"),
        ("dir/", "dir"),
        ("./dir", "dir"),
        ("a//b/./c", "a/b/c"),
        ("x\x1b[0m", "x[0m"),
    ],
)
def test_page_path_drops_empty_and_dot_parts_and_controls(article_id: str, path: str) -> None:
    assert page_path(article_id) == path
    assert urls.article_url(article_id) == f"articles/{path}/index.html"


@pytest.mark.parametrize("article_id", ["..", "a/../b", "./", "", "\x07", "n0/index.html", "n0/INDEX.HTML"])
def test_ids_that_cannot_be_a_page_path(article_id: str) -> None:
    assert path_problem(article_id) is not None


def test_ordinary_ids_are_safe() -> None:
    assert [path_problem(i) for i in ("a", "2024/05/report", "café", "..a", "index")] == [None] * 5


def test_path_key_folds_case_and_normalisation() -> None:
    nfc, nfd = unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "café")
    assert nfc != nfd and path_key(nfc) == path_key(nfd) == path_key("CAFÉ/")
    assert path_key("cafe") != path_key("café")


def test_long_parts_are_shortened_stably_and_distinctly() -> None:
    long_a, long_b = "a" * 300, "a" * 299 + "b"
    short_a = shorten(long_a)
    assert short_a == shorten(long_a) and short_a != shorten(long_b)
    assert len(short_a.encode()) <= MAX_PART_BYTES and short_a.startswith("a" * 50)
    multibyte = shorten("é" * 300)
    assert len(multibyte.encode()) <= MAX_PART_BYTES and multibyte.startswith("é")  # never half a character
    assert shorten("short") == "short"
    assert all(len(p.encode()) <= MAX_PART_BYTES for p in page_path(f"{long_a}/{long_b}").split("/"))


def test_a_very_deep_id_is_folded_into_one_short_part() -> None:
    deep = "/".join(["part"] * 3000)
    path = page_path(deep)
    assert "/" not in path and len(path.encode()) <= MAX_PART_BYTES and path == page_path(deep)
    assert page_path("/".join(["part"] * 10)).count("/") == 9


def test_clean_name_keeps_the_spelling_but_drops_what_is_not_text() -> None:
    assert clean_name(" a\x00b\ud800c\ufffed\U0010ffff ") == "abcd"
    nfd = unicodedata.normalize("NFD", "é")
    assert clean_name(nfd) == nfd


def test_shown_escapes_only_names_that_need_it() -> None:
    assert shown("content/raw/a.txt") == "content/raw/a.txt"
    assert shown("raw/\x1b[31mred.txt") == "'raw/\\x1b[31mred.txt'"
    assert "\x1b" not in shown("raw/\x1b]0;title\x07.txt")


def test_normalise_removes_lone_surrogates_and_noncharacters() -> None:
    assert normalise("a\ud800b\udfffc\ufffed\uffffe\ufdd0f\U0001fffeg\U0010ffffh😀") == "abcdefgh😀"


def test_spacy_text_blanks_long_runs_keeping_offsets() -> None:
    text = "Tokyo " + "(" * 20_000 + " Osaka " + "x" * LONGEST_RUN + " end"
    cut = spacy_text(text, 10**9)
    assert len(cut) == len(text)
    assert cut.index("Osaka") == text.index("Osaka") and cut.endswith("x" * LONGEST_RUN + " end")
    assert max(len(w) for w in cut.split()) == LONGEST_RUN
    assert spacy_text("An ordinary text.", 10**9) == "An ordinary text."
    assert spacy_text(text, 10) == "Tokyo (((("


def test_extract_gives_spacy_the_cut_text(nlp, tmp_path) -> None:
    from generator.config import ExtractConfig
    from generator.extract.pipeline import extract
    from generator.incremental.extractions import ExtractCache
    from generator.model import Article

    body = "Tokyo " + "—" * 5_000 + " Osaka"
    article = Article("a", "x.txt", "Title", "lead", None, "none", (body,))
    found = extract([article], ExtractConfig(), ExtractCache(tmp_path))
    assert nlp.seen == [spacy_text(article.text, ExtractConfig().max_chars)]
    osaka = [m for m in found["a"].mentions if m.text == "Osaka"]
    assert osaka and article.text[osaka[0].start : osaka[0].end] == "Osaka"


@pytest.mark.parametrize("unit", ["a", "(", "a-", "https://x.org/ab"])
def test_cleaning_a_one_megabyte_word_is_linear(unit: str) -> None:
    """Quadratic cleaning would take hours here (a 200,000-character word took 328 s)."""
    word = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    cleaned = clean_text(f"Officials met in Tokyo on Monday.\n\n{word}\n\nThe talks went on.")
    assert cleaned.paragraphs[0] == "Officials met in Tokyo on Monday."
    assert cleaned.paragraphs[-1] == "The talks went on."
    assert sum(map(len, cleaned.paragraphs)) >= len("Officials met in Tokyo on Monday.The talks went on.")


def test_cleaning_a_long_word_with_pipes_drops_it_as_widget_residue() -> None:
    word = "photo_prev|" * 100_000
    assert clean_text(f"Officials met.\n\nBefore {word} after.").paragraphs == (
        "Officials met.",
        "Before after.",
    )


def test_shown_escapes_bidirectional_controls() -> None:
    for control in ("\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f"):
        assert shown(f"raw/evil{control}txt.exe") == f"'raw/evil\\u{ord(control):04x}txt.exe'"


def test_shown_apart_escapes_names_that_print_alike() -> None:
    nfc, nfd = unicodedata.normalize("NFC", "raw/café.txt"), unicodedata.normalize("NFD", "raw/café.txt")
    assert shown_apart(nfc, nfd) == ("'raw/caf\\xe9.txt'", "'raw/cafe\\u0301.txt'")
    assert shown_apart("raw/a.txt", "raw/b.txt") == ("raw/a.txt", "raw/b.txt")
    assert shown_apart("é", "é", quote=True) == ("'é'", "'é'")  # the same name: nothing to tell apart


@pytest.mark.parametrize(
    ("article_id", "href"),
    [("report#2", "report%232"), ("what?", "what%3F"), ("100%", "100%25"), ("a%23b", "a%2523b")],
)
def test_links_percent_encode_url_delimiters_in_ids(article_id: str, href: str) -> None:
    assert Links("index.html")(urls.article_url(article_id)) == f"articles/{href}/index.html"
    assert urls.absolute("https://x.example/", urls.article_url(article_id)) == (
        f"https://x.example/articles/{href}/index.html"
    )
    assert Links("about/index.html")("index.html", "main") == "../index.html#main"
    assert Links("index.html")("", "main") == "#main"


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_normalise_turns_separating_controls_into_line_breaks(separator: str) -> None:
    assert normalise(f"It spoke.{separator}End of text.\x01\x1f") == "It spoke.\nEnd of text."
