"""Helpers tests share: run the CLI as a user would and check what it left; a fake spaCy; small
sites and models to render.

Import as `from support import ...` (pytest puts `tests/` on the path). A test that wants the real
spaCy runs the CLI in a subprocess (`run_subprocess`); one that only needs the rules of the build
runs it in-process (`run_cli`) under the `nlp` fixture's fake pipeline.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from generator.config import SiteConfig
from generator.model import Actor, Article, Grouping, Page, Quote, SiteModel, Storyline
from generator.resolve.quotes import find_spans

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@dataclass(frozen=True)
class Outcome:
    """What one `briefing` command did: its exit code, what it printed, and any escaped exception."""

    code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    @property
    def lines(self) -> list[str]:
        """The non-empty lines on stderr."""
        return [line for line in self.stderr.splitlines() if line.strip()]


class _CurrentStderr(logging.StreamHandler):
    """Log records to whatever `sys.stderr` is when they are emitted (the runner swaps it)."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def run_cli(*args: str, cwd: Path | None = None) -> Outcome:
    """`briefing ARGS` in this process (click's runner), from `cwd` if given; warnings are on
    stderr as the real command prints them."""
    from generator.cli import cli

    previous = Path.cwd()
    handler = _CurrentStderr()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("briefing")
    logger.addHandler(handler)
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    finally:
        os.chdir(previous)
        logger.removeHandler(handler)
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    return Outcome(result.exit_code, result.stdout, result.stderr, escaped)


def run_subprocess(*args: str, cwd: Path = ROOT, timeout: float = 300) -> Outcome:
    """`python -m generator ARGS` in a fresh interpreter (the real spaCy)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Outcome(result.returncode, result.stdout, result.stderr)


def assert_refused(outcome: Outcome, *names: str) -> str:
    """The command failed as bad input must: exit 1, no traceback, and exactly one error line on
    stderr naming each of `names` (a path, a key). Returns that line."""
    assert outcome.exception is None, f"escaped: {outcome.exception!r}"
    assert "Traceback" not in outcome.stderr + outcome.stdout, outcome.stderr
    assert outcome.code == 1, (outcome.code, outcome.stderr)
    errors = [line for line in outcome.lines if line.startswith("Error:")]
    assert len(errors) == 1 and len(outcome.lines) == 1, outcome.stderr
    for name in names:
        assert name in errors[0], (name, errors[0])
    return errors[0]


def assert_built(outcome: Outcome) -> list[str]:
    """The command succeeded without a traceback; returns its warning lines."""
    assert outcome.exception is None, f"escaped: {outcome.exception!r}"
    assert "Traceback" not in outcome.stderr + outcome.stdout, outcome.stderr
    assert outcome.code == 0, (outcome.code, outcome.stderr)
    return [line for line in outcome.lines if line.startswith("WARNING:")]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative POSIX path -> bytes; a symlink -> its target), to show
    that a refused command touched nothing."""
    found: dict[str, bytes] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[rel] = path.read_bytes()
        elif path.is_dir():
            found[rel + "/"] = b""
    return found


def files(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder`: relative POSIX path -> bytes (what a built site holds)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def file_stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Every regular file under `folder`: relative POSIX path -> (inode, mtime in ns), to show
    which files were not rewritten."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def copy_project(folder: Path) -> Path:
    """A project in `folder`: the seeds as sources in src/, the editor files in content/, the theme
    in templates/ (copies of the repository's)."""
    shutil.copytree(ROOT / "seeds", folder / "src")
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


def annotated_corpus(
    texts: dict[str, tuple[str, list[tuple[str, str]]]], source: str | None = None
) -> tuple[list, dict]:
    """Articles and their Annotations from id -> (text, [(mention, label), ...] in text order),
    each text one sentence dated 2015-07-01: what resolve reads, without spaCy."""
    from generator.model import Annotations, Mention
    from generator.resolve.names import mention_context

    articles, annotations = [], {}
    for aid, (text, names) in texts.items():
        mentions, at = [], 0
        for name, label in names:
            start = text.index(name, at)
            end = start + len(name)
            mentions.append(
                Mention(name, label, start, end, 0, *mention_context(text, name, label, start, end))
            )
            at = end
        articles.append(
            Article(aid, f"{aid}.txt", "t", "lead", date(2015, 7, 1), "header", (text,), source=source)
        )
        annotations[aid] = Annotations(aid, tuple(mentions), ((0, len(text)),))
    return articles, annotations


class FakeSpan:
    def __init__(self, text: str, start: int, end: int, label: str = "") -> None:
        self.text, self.start_char, self.end_char, self.label_ = text[start:end], start, end, label


class FakeDoc:
    """Enough of a spaCy Doc: one sentence, every capitalised word a GPE."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sents = [FakeSpan(text, 0, len(text))]
        self.ents = []
        pos = 0
        for word in text.split(" "):
            if word[:1].isupper():
                self.ents.append(FakeSpan(text, pos, pos + len(word), "GPE"))
            pos += len(word) + 1


class FakeNlp:
    """A fake spaCy pipeline (every capitalised word a GPE); it records the texts it is asked to annotate."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def pipe(self, texts: Iterable[str], batch_size: int = 1, n_process: int = 1) -> Iterator[FakeDoc]:
        for text in texts:
            self.seen.append(text)
            yield FakeDoc(text)


def plain_article(article_id: str, text: str) -> Article:
    """An undated one-paragraph article `text` with the id `article_id`."""
    return Article(article_id, "x.txt", "Title", "lead", None, "none", (text,))


EVIL_TITLE = "<script>alert(1)</script>"
EVIL_URL = "javascript:alert(1)"
EVIL_AUTHOR = '"><img src=x onerror=alert(1)>'
DATES = {
    "000": date(2022, 4, 21),
    "001": date(2022, 4, 22),
    "002": date(2022, 5, 4),
    "003": date(2022, 1, 21),
    "004": date(2021, 11, 29),
}
SOURCES = {"000": "Kyodo News", "001": "ANI", "002": "Kyodo News", "003": "The New York Times", "004": None}


def _seed_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text)
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
    first = re.split(r"(?<=[.!?])\s", paragraphs[0], maxsplit=1)[0]
    aid = path.name[:3]
    return Article(
        id=aid,
        path=str(path),
        title=first,
        title_source="lead",
        date=DATES[aid],
        date_source="header" if aid in ("000", "003") else "text",
        paragraphs=paragraphs,
        source=SOURCES[aid],
        url=f"https://example.com/news/{aid}",
        author="Aparna Shandilya" if aid == "004" else None,
    )


# The quotations of the seeds make_model() keeps, by (article, offset of the opening mark), with
# their speakers as the text names them (read by hand): the words, and the actor or None.
SEED_SPEAKERS = {
    ("002", 774): ("Nobuo Kishi", "nobuo-kishi"),
    ("002", 832): ("Nobuo Kishi", "nobuo-kishi"),
    ("002", 1012): ("Lloyd Austin", "lloyd-austin"),
    ("002", 1154): ("he", "lloyd-austin"),
    ("002", 2371): ("the Japanese ministry", None),
    ("004", 910): ("Kyodo News", "kyodo-news"),
    ("001", 832): (None, None),
    ("000", 1562): (None, None),
}


def _seed_quotes(articles: Iterable[Article]) -> tuple[Quote, ...]:
    """The `SEED_SPEAKERS` quotations, their words found in the articles' text, by article and position."""
    found = []
    for a in sorted(articles, key=lambda a: a.id):
        for start, _, words in find_spans(a.text):
            if (a.id, start) in SEED_SPEAKERS:
                found.append(Quote(a.id, start, 0, words, *SEED_SPEAKERS[a.id, start]))
    assert len(found) == len(SEED_SPEAKERS), "a seed quotation moved: update SEED_SPEAKERS"
    return tuple(found)


def make_model() -> SiteModel:
    """Seeds 000-004 plus one hostile undated article; 000-002 form a storyline, 001 rewrites 000."""
    seeds = [_seed_article(p) for p in sorted(SEEDS.glob("*.txt"))]
    evil = Article(
        id="005",
        path="content/articles/evil.md",
        title=EVIL_TITLE,
        title_source="editor",
        date=None,
        date_source="none",
        paragraphs=("First <b>para</b> & more.", "Second para."),
        source="Evil & Co",
        url=EVIL_URL,
        author=EVIL_AUTHOR,
    )
    articles = (*sorted(seeds, key=lambda a: a.date or date.min, reverse=True), evil)
    ids = {a.id for a in articles}
    people = {
        "nobuo-kishi": (
            "Nobuo Kishi",
            "person",
            ("Kishi",),
            ("Defense Minister",),
            ["003", "004", "000", "001", "002"],
        ),
        "lloyd-austin": (
            "Lloyd Austin",
            "person",
            ("Austin",),
            ("Defense Secretary",),
            ["004", "000", "001", "002"],
        ),
        "japan": ("Japan", "country", (), (), ["003", "004", "000", "001", "002", "005"]),
        "united-states": (
            "United States",
            "country",
            ("U.S.", "US"),
            (),
            ["003", "004", "000", "001", "002"],
        ),
        "kyodo-news": ("Kyodo News", "organisation", (), (), ["001"]),
    }
    actors = tuple(
        sorted(
            (
                Actor(slug, name, kind, aliases, roles, tuple(arts), {a: 2 for a in arts})
                for slug, (name, kind, aliases, roles, arts) in people.items()
            ),
            key=lambda a: a.name,
        )
    )
    article_actors: dict[str, list[str]] = {i: [] for i in sorted(ids)}
    for actor in actors:
        for aid in actor.articles:
            article_actors[aid].append(actor.slug)
    talks = Storyline(
        slug="kishi-austin-talks",
        title="Kishi and Austin defence talks",
        articles=("000", "001", "002"),
        actors=("nobuo-kishi", "lloyd-austin", "japan", "united-states"),
        start=date(2022, 4, 21),
        end=date(2022, 5, 4),
        summary=("Kishi plans to visit the United States.", "The two defence chiefs met in the Pentagon."),
    )
    summit = Storyline(
        slug="japan-us-two-plus-two",
        title="Japan-US two-plus-two",
        articles=("004", "003"),
        actors=("japan", "united-states"),
        start=date(2021, 11, 29),
        end=date(2022, 1, 21),
    )
    grouping = Grouping(
        storylines=(talks, summit),
        storyline_of={
            "000": talks.slug,
            "001": talks.slug,
            "002": talks.slug,
            "003": summit.slug,
            "004": summit.slug,
        },
        duplicate_of={"001": "000"},
    )
    return SiteModel(
        articles=articles,
        actors=actors,
        grouping=grouping,
        article_actors={k: tuple(v) for k, v in article_actors.items()},
        about_html="<h1>About this site</h1>\n<p>Made from <em>seeds</em>.</p>\n",
        quotes=_seed_quotes(articles),
    )


# The settings the render, feed and export tests render make_model() with.
MODEL_CONFIG = SiteConfig(title="Briefing Test", base_url="https://example.org/brief", language="en-GB")


# Two small sites for the writer tests: NEW_PAGES keeps one page of OLD_PAGES, changes one, adds one.
OLD_PAGES = [
    Page("index.html", b"<p>old home</p>"),
    Page("articles/a/index.html", b"<p>a</p>"),
    Page("articles/b/index.html", b"<p>b</p>"),
    Page("static/style.css", b"body{}"),
]
NEW_PAGES = [
    Page("index.html", b"<p>new home</p>"),
    Page("articles/a/index.html", b"<p>a</p>"),
    Page("articles/c/index.html", b"<p>c</p>"),
    Page("static/style.css", b"body{}"),
]
