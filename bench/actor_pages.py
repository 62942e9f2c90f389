"""The most-mentioned actor pages of a built site, with contexts to judge them by, and their score
against a verdict file.

The pages are those of the site's `data/actors.json`, ordered as ../shared/eval/score_actors.py
orders them: by number of articles, most first, then by name. For each of the first `--top` pages
it prints the kind, the article count, the aliases and, from `--samples` of its articles (spread
over the page's list; 0 for every one), the sentence around the first mention of the name or an
alias in the article's own page, so that each page can be judged by reading.

With `--verdicts FILE.yaml` (the shape of ../shared/eval/gva-dev-actors.yaml: a mapping from a
page's exact name to its `verdict`, `kind`, `reason`, `same_as`, `why`) it scores the site
instead: how many of the top pages the file judges `ok`, each wrong one with its verdict and why,
and the pages the file does not hold (unjudged). Names match exactly, then with typographic quotes
folded and case ignored, as the eval's script matches them. `--skeleton` prints a YAML entry for
each unjudged top page, to be filled in. `--page SLUG` shows one page in full: every article
with up to `--mentions` of the mentions found in it (for a doubtful page, or a country's share of
articles where it acts).

Mentions are found again in the article pages by the page's name and aliases (the site keeps no
offsets), so a context shows where a name occurs, not what the resolver attributed there.

    .venv/bin/python bench/actor_pages.py SITE_DIR [--top 100] [--samples 3]
    .venv/bin/python bench/actor_pages.py SITE_DIR --page SLUG [--mentions 4]
    .venv/bin/python bench/actor_pages.py SITE_DIR --verdicts verdicts.yaml [--skeleton]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.urls import article_url  # noqa: E402

WINDOW = 110  # characters of context either side of a mention
_BODY = re.compile(r'<div class="body">(?P<body>.*?)</div>', re.DOTALL)
_TITLE = re.compile(r"<h1>(?P<title>.*?)</h1>", re.DOTALL)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(?P<text>.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_INVISIBLE = dict.fromkeys(map(ord, "\u2068\u2069\u200e\u200f"))


@dataclass(frozen=True)
class Page:
    """One actor page of a built site."""

    name: str
    slug: str
    kind: str
    articles: tuple[str, ...]
    aliases: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.kind}, {len(self.articles)})"


def fold(text: str) -> str:
    """`text` with typographic quotes straightened, spaces collapsed and case ignored (as the eval's
    score_actors.py compares names)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split()).casefold()


def pages(site: Path) -> list[Page]:
    """Every actor page of `site`, most articles first, then by name."""
    path = site / "data" / "actors.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: cannot read the actor data ({error})") from None
    found = found if isinstance(found, list) else found.get("actors", [])
    every = [
        Page(
            a["name"],
            a.get("slug", ""),
            a.get("kind", "?"),
            tuple(a.get("articles", ())),
            tuple(a.get("aliases", ())),
        )
        for a in found
    ]
    return sorted(every, key=lambda p: (-len(p.articles), p.name))


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).translate(_INVISIBLE).split())


def article_text(site: Path, article_id: str) -> str:
    """The headline and body paragraphs of an article's page, as plain text ("" if it has none)."""
    path = site / article_url(article_id)
    try:
        page = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    parts = []
    if title := _TITLE.search(page):
        parts.append(_plain(title.group("title")))
    if body := _BODY.search(page):
        parts.extend(_plain(p.group("text")) for p in _PARAGRAPH.finditer(body.group("body")))
    return " ¶ ".join(part for part in parts if part)


def _straight(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def context(text: str, names: Sequence[str], width: int = WINDOW) -> tuple[str, str] | None:
    """(the surface form found, the text around it) for the first mention in `text` of `names[0]`
    (the page's name), else of the longest of the others that occurs (its aliases); whole words,
    case ignored only when no exact form is found."""
    straight = _straight(text)
    groups = [[names[0]], sorted({_straight(n) for n in names[1:]}, key=lambda n: (-len(n), n))]
    for flags in (0, re.IGNORECASE):
        for forms in groups:
            forms = [_straight(form) for form in forms if form.strip()]
            if not forms:
                continue
            pattern = "|".join(re.escape(form) for form in forms)
            if hit := re.search(rf"(?<!\w)(?:{pattern})(?!\w)", straight, flags):
                return hit.group(0), _window(text, hit.start(), hit.end(), width)
    return None


def mentions(text: str, names: Sequence[str], width: int = WINDOW) -> list[tuple[str, str]]:
    """(surface form, context) of every mention in `text` of one of `names` (longest form first at a
    place, whole words, exact case), in the order of the text."""
    forms = sorted({_straight(n) for n in names if n.strip()}, key=lambda n: (-len(n), n))
    if not forms:
        return []
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, forms))})(?!\w)")
    return [
        (hit.group(0), _window(text, hit.start(), hit.end(), width))
        for hit in pattern.finditer(_straight(text))
    ]


def _window(text: str, start: int, end: int, width: int) -> str:
    """`text[start:end]` marked [[...]] with `width` characters either side."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    before, after = ("…" if lo else ""), ("…" if hi < len(text) else "")
    return f"{before}{text[lo:start]}[[{text[start:end]}]]{text[end:hi]}{after}"


def spread(items: Sequence[str], count: int) -> list[str]:
    """`count` items spread evenly over `items` (all of them when `count` is 0 or more than there are)."""
    if count <= 0 or count >= len(items):
        return list(items)
    if count == 1:
        return [items[0]]
    return [items[(i * (len(items) - 1)) // (count - 1)] for i in range(count)]


def describe(site: Path, top: list[Page], samples: int, width: int = WINDOW) -> Iterable[str]:
    """The lines that show each of `top` to a judge: rank, name, kind, articles, aliases, contexts."""
    names: dict[str, list[str]] = {}
    for page in top:
        names.setdefault(page.name, []).append(page.slug)
    for rank, page in enumerate(top, 1):
        yield from _heading(rank, page, names[page.name])
        for article_id in spread(page.articles, samples):
            found = context(article_text(site, article_id), (page.name, *page.aliases), width)
            if found is None:
                yield f"     - {article_id}: (no mention of the name or an alias on the article's page)"
            else:
                yield f"     - {article_id} «{found[0]}»: {found[1]}"


def _heading(rank: int, page: Page, namesakes: Sequence[str]) -> Iterable[str]:
    yield f"{rank:3}. {page.name}  [{page.kind}, {len(page.articles)} articles]  slug {page.slug}"
    if page.aliases:
        yield f"     aliases: {' | '.join(page.aliases)}"
    if len(namesakes) > 1:
        yield f"     NOTE: {len(namesakes)} top pages share this name: {', '.join(namesakes)}"


def describe_page(site: Path, every: list[Page], slug: str, limit: int, width: int) -> Iterable[str]:
    """One page in full: each of its articles with up to `limit` of the mentions found in it."""
    for rank, page in enumerate(every, 1):
        if page.slug != slug:
            continue
        yield from _heading(rank, page, [page.slug])
        for article_id in page.articles:
            text = article_text(site, article_id)
            found = mentions(text, (page.name, *page.aliases), width)
            yield f"   * {article_id}: {len(found)} mentions; {text[:90]}"
            yield from (f"       «{form}»: {around}" for form, around in found[:limit])
        return
    raise SystemExit(f"{site}: no actor page with the slug {slug!r}")


def load_verdicts(path: Path) -> dict[str, dict]:
    """A verdict file: the page name -> its judgment (a mapping holding at least `verdict`)."""
    try:
        found = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"{path}: cannot read the verdicts ({' '.join(str(error).split())})") from None
    if not isinstance(found, dict) or not all(isinstance(v, dict) for v in found.values()):
        raise SystemExit(f"{path}: not a mapping from page names to verdicts")
    return found


@dataclass(frozen=True)
class Score:
    """The judged share of a site's top pages: right, wrong (with their judgment) and unjudged."""

    right: list[Page]
    wrong: list[tuple[Page, dict]]
    unjudged: list[Page]

    @property
    def judged(self) -> int:
        return len(self.right) + len(self.wrong)


def score(top: list[Page], verdicts: dict[str, dict]) -> Score:
    """Each of `top` as the verdicts judge it (exact name, else the folded name)."""
    folded: dict[str, dict] = {}
    for name, verdict in verdicts.items():
        folded.setdefault(fold(str(name)), verdict)
    right, wrong, unjudged = [], [], []
    for page in top:
        verdict = verdicts.get(page.name) or folded.get(fold(page.name))
        if verdict is None:
            unjudged.append(page)
        elif verdict.get("verdict") == "ok":
            right.append(page)
        else:
            wrong.append((page, verdict))
    return Score(right, wrong, unjudged)


def report(result: Score, top: int) -> Iterable[str]:
    """The score in lines: the figure, the wrong pages and why, the unjudged pages."""
    share = len(result.right) / result.judged if result.judged else 0.0
    yield (
        f"actor pages: top {top}, {len(result.right)} right, {len(result.wrong)} wrong, "
        f"{len(result.unjudged)} unjudged; right {len(result.right)}/{result.judged} judged = {share:.2f}"
    )
    for page, verdict in result.wrong:
        detail = "/".join(str(verdict[k]) for k in ("verdict", "reason") if verdict.get(k))
        if verdict.get("same_as"):
            detail += f" of {verdict['same_as']}"
        yield f"  wrong  {page.label}: {detail} — {verdict.get('why', '')}"
    for page in result.unjudged:
        yield f"  unjudged  {page.label}"


def skeleton(unjudged: list[Page]) -> Iterable[str]:
    """A YAML entry to fill in for each unjudged page."""
    for page in unjudged:
        yield f"{json.dumps(page.name, ensure_ascii=False)}:  # generator kind {page.kind}"
        yield '  verdict: ""'
        yield f"  kind: {page.kind}"
        yield f"  n: {len(page.articles)}"
        yield f"  slug: {json.dumps(page.slug)}"
        yield '  why: ""'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path, help="a built site's folder")
    parser.add_argument("--top", type=int, default=100, help="how many pages (default 100)")
    parser.add_argument("--samples", type=int, default=3, help="contexts a page (0: every article)")
    parser.add_argument("--width", type=int, default=WINDOW, help="context characters either side")
    parser.add_argument("--page", metavar="SLUG", help="show this page's every article and mention")
    parser.add_argument("--mentions", type=int, default=4, help="with --page: mentions an article")
    parser.add_argument("--verdicts", type=Path, help="score against this verdict file (YAML)")
    parser.add_argument("--skeleton", action="store_true", help="with --verdicts: YAML for the unjudged")
    args = parser.parse_args(argv)
    every = pages(args.site)
    top = every[: args.top]
    if args.page:
        lines = describe_page(args.site, every, args.page, args.mentions, args.width)
    elif args.verdicts is None:
        lines = describe(args.site, top, args.samples, args.width)
    else:
        result = score(top, load_verdicts(args.verdicts))
        lines = skeleton(result.unjudged) if args.skeleton else report(result, len(top))
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
