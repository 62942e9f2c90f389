"""Time the search step (generator.search): the sharded Pagefind index against one run over the site.

The corpus's model is built once (extraction from --cache-dir, kept in a pickle like bench/render.py)
and rendered once; then, for each shard size of --limits, into a fresh site folder beside a private
cache (so no other build's manifests interfere):

- cold: every shard indexed (no manifest);
- one edited article: that article page's text changed, every other page linked unchanged, as a
  rebuild through the render cache hands them to the writer;
- a new article's pages: its article page, its storyline's and five actors' pages changed (what one
  added article changes on gva-dev);
- nothing indexed changed: only the plan and the runtime's links.

Each figure is the search step alone (planning, then Pagefind and the runtime on the staged site),
median of --repeat runs, with the shards and pages indexed again. Before the sharding, the step was
one Pagefind run over the whole staged site, cold or not: `single`, timed on the same site. With
--browser, Chromium (/usr/bin/chromium, Playwright) times queries on the search page served by a
plain file server, for each shard size and for one bundle holding every page.

    .venv/bin/python bench/search.py --cache-dir /work/.cache-stages
    .venv/bin/python bench/search.py --cache-dir /work/.cache-stages --limits 500,1000 --browser
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"
EDIT = b"<p>The police later released an update on the investigation.</p>"
QUERIES = ("police", "Ferguson", "shooting suspect arrested")


def _edit(content: bytes) -> bytes:
    """The page with a sentence added at the end of what search indexes."""
    at = content.rfind(b"</main>")
    return content[:at] + EDIT + content[at:]


class Bench:
    """One site folder built and rebuilt with the search step timed alone."""

    def __init__(self, work: Path, config: Any, model: Any, pages: list[Any]) -> None:
        from generator.incremental import Reuse

        self.work, self.config, self.model = work, config, model
        self.site = work / "site"
        self.cache = work / "cache"
        self.pages = {p.path: p for p in pages}
        self.Reuse = Reuse

    def step(self, changed: dict[str, bytes] | None) -> dict[str, Any]:
        """One build of the current pages (all fresh when `changed` is None, else the published
        files except `changed`); returns the search step's seconds and what it indexed."""
        import generator.search as search
        from generator.model import Page
        from generator.write import write_site

        reuse = self.Reuse(self.cache, self.site)
        reuse.unchanged("bench")  # snapshots the published site
        if changed is None:
            pages = list(self.pages.values())
        else:
            pages = [
                Page(path, changed[path]) if path in changed else Page(path, b"", str(self.site / path))
                for path in self.pages
            ]
        start = time.perf_counter()
        index = search.search_index(self.config, self.model, pages, self.site, reuse.search, reuse.published)
        planned = time.perf_counter() - start
        assert index is not None, "pagefind is not installed"
        spent: list[float] = []

        def finish(staging: Path) -> list[str]:
            begin = time.perf_counter()
            try:
                return index.finish(staging)
            finally:
                spent.append(time.perf_counter() - begin)

        report = write_site(
            [*pages, *index.pages], self.site, keep_spare=True, published=reuse.published, finish=finish
        )
        reuse.record({}, report.files)
        if changed:
            for path, content in changed.items():
                self.pages[path] = Page(path, content)
        return {
            "seconds": planned + spent[0],
            "plan": planned,
            "shards": len(index.shards),
            "indexed_shards": len(index.stale),
            "indexed_pages": sum(len(index.shards[n]) for n in index.stale),
        }

    def content(self, path: str) -> bytes:
        return (self.site / path).read_bytes()


def single_run(site: Path, binary: Path) -> float:
    """Seconds of one Pagefind run over the whole site, as the search step was before shards."""
    out = Path(tempfile.mkdtemp(prefix="single-", dir=site.parent)) / "bundle"
    start = time.perf_counter()
    subprocess.run(
        [str(binary), "--site", str(site), "--output-path", str(out), "--keep-index-url", "--silent"],
        check=True,
    )
    seconds = time.perf_counter() - start
    shutil.rmtree(out.parent)
    return seconds


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = sorted(r["seconds"] for r in runs)
    return {**runs[0], "seconds": statistics.median(seconds), "range": (seconds[0], seconds[-1])}


def _line(label: str, r: dict[str, Any]) -> str:
    low, high = r.get("range", (r["seconds"], r["seconds"]))
    return (
        f"  {label}: {r['seconds']:.2f}s ({low:.2f}-{high:.2f}; plan {r['plan']:.2f}s), "
        f"{r['indexed_shards']} of {r['shards']} shards, {r['indexed_pages']} pages indexed"
    )


def new_article_pages(model: Any, article: Any) -> list[str]:
    """What one added article changes: its page, its storyline's and up to five of its actors'."""
    from generator.urls import actor_url, article_url, storyline_url

    paths = [article_url(article.id)]
    slug = model.grouping.storyline_of.get(article.id)
    if slug:
        paths.append(storyline_url(slug))
    paths.extend(actor_url(a) for a in model.article_actors.get(article.id, ())[:5])
    return paths


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser_figures(site: Path, runs: int = 3) -> str:
    """First and later query times on the search page in Chromium, and what the first one loads."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    url = f"http://127.0.0.1:{server.server_port}/search/index.html"
    first, later, files, size = [], [], 0, 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
            )
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                loaded: list[Any] = []
                page.on("requestfinished", lambda r, log=loaded: log.append(r))
                page.goto(url)
                page.wait_for_load_state("networkidle")
                times, seen = [], len(loaded)
                for n, query in enumerate(QUERIES):
                    start = time.perf_counter()
                    page.locator("#search input").fill(query)
                    page.locator("#search .pagefind-ui__result-link").first.wait_for(timeout=120_000)
                    times.append(time.perf_counter() - start)
                    if n == 0:
                        page.wait_for_load_state("networkidle")
                        mine = [r for r in loaded[seen:] if "/pagefind/" in r.url]
                        files, size = len(mine), sum(r.sizes()["responseBodySize"] for r in mine)
                    page.locator("#search input").fill("")
                    page.wait_for_timeout(400)
                first.append(times[0])
                later.append(statistics.mean(times[1:]))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return (
        f"first query {statistics.median(first):.2f}s ({min(first):.2f}-{max(first):.2f}), later "
        f"{statistics.median(later):.2f}s, the first loads {files} files ({size / 1024:.0f} KB) "
        "from pagefind/ (times include the UI's 300 ms debounce)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache-dir", type=Path, default=Path(".cache"), help="extraction cache")
    parser.add_argument("--model", type=Path, help="pickle of the model (default: in the temporary folder)")
    parser.add_argument("--limits", default="1000", help="pages per shard to compare, e.g. 250,500,1000,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time queries in Chromium")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return 0

    from render import load_model

    import generator.search as search
    from generator.config import SiteConfig
    from generator.render import render_site
    from generator.theme import project_theme
    from generator.urls import article_url

    tmp = Path(tempfile.mkdtemp(prefix="briefing-search-bench-"))
    try:
        model = load_model(args.corpus, args.cache_dir, args.model or tmp / "model.pickle")
        config = SiteConfig(title="bench", language="en", search=True)
        pages = render_site(model, config, project_theme(config))
        html = sum(1 for p in pages if p.path.endswith(".html"))
        print(
            f"{args.corpus.name}: {len(model.articles)} articles, {len(pages)} files ({html} HTML)",
            flush=True,
        )
        articles = model.grouping.articles
        edited = article_url(articles[len(articles) // 2].id)
        added = new_article_pages(model, articles[len(articles) // 3])
        binary = search.pagefind_binary()
        assert binary is not None, "pagefind is not installed"
        sites: dict[str, Path] = {}
        for limit in [int(x) for x in args.limits.split(",")]:
            sized = dataclasses.replace(config, search_shard_pages=limit)
            bench = Bench(tmp / f"limit-{limit}", sized, model, pages)
            print(f"{limit} pages per shard:", flush=True)
            print(_line("cold", bench.step(None)), flush=True)
            runs = [bench.step({edited: _edit(bench.content(edited))}) for _ in range(args.repeat)]
            print(_line("one edited article", _median(runs)), flush=True)
            runs = [bench.step({p: _edit(bench.content(p)) for p in added}) for _ in range(args.repeat)]
            print(_line("a new article's pages", _median(runs)), flush=True)
            runs = [bench.step({}) for _ in range(args.repeat)]
            print(_line("nothing indexed changed", _median(runs)), flush=True)
            sites[f"{limit} pages per shard"] = bench.site
        single = [single_run(bench.site, binary) for _ in range(max(1, args.repeat - 1))]
        print(
            f"before (one Pagefind run over the site, every build): {statistics.median(single):.2f}s "
            f"({min(single):.2f}-{max(single):.2f})",
            flush=True,
        )
        if args.browser:
            everything = Bench(tmp / "one-bundle", config, model, pages)
            partition = search.partition
            search.partition = lambda days, limit: {"all": tuple(sorted(days))}
            try:
                everything.step(None)
            finally:
                search.partition = partition
            sites = {"one bundle (before)": everything.site, **sites}
            for label, site in sites.items():
                print(f"browser, {label}: {browser_figures(site)}", flush=True)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
