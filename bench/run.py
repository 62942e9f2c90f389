"""Benchmark the build at scale: the spaCy floor and a cold build, or rebuilds at several sizes.

The archive is made from the eval corpora (default ../shared/eval/gva-dev.jsonl) by
`bench/replicas.py`: copy 0 of every article, then copies in earlier eras with new people and
marked paragraphs, so each is a text of its own. Each measured phase runs in its own process so
that its peak resident memory (ru_maxrss of the process plus its largest child, e.g. an n_process
worker) is its own. The eval data is only read from ../shared and written to a temporary folder,
never into the project.

Without `--sizes` (`make bench`): the spaCy floor, a cold build (spaCy on every text), a no-op
rebuild, a full warm rebuild, and rebuilds after one article is edited twice (a sentence naming
nobody, then one naming a new person), at `--articles` (10,000).

With `--sizes 10000,30000,100000`: at each size the extraction cache is seeded with each replica's
annotations (its original's, under the replica text's own key: only spaCy is skipped, the real
build runs unchanged), then a first build, a no-change rebuild, one edited article (twice, as
above), one new article, and a day's batch of 500 new articles (spaCy on those, whose own spaCy
time is measured alone first); then each figure's growth from the smallest size to the largest,
and the Dask LocalCluster's extraction throughput against n_process (bench/dask_throughput.py).

    .venv/bin/python bench/run.py                      # 10,000 articles, cold
    .venv/bin/python bench/run.py --articles 500       # a quick run
    .venv/bin/python bench/run.py --sizes 10000,30000,100000 --cache-dir /work/.cache-stages
    .venv/bin/python bench/run.py --sizes 2000,4000 --no-dask   # a quick scale run
    .venv/bin/python bench/run.py --no-floor --keep    # builds only; keep the folder
    .venv/bin/python bench/run.py --phase build --work KEPT_FOLDER   # one more build in it (JSON)
    .venv/bin/python bench/run.py --batch-sizes 32,64,128,256 --articles 3000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# An edit that names nobody new, and one that does (what `resolve` reads changes only with the second).
PLAIN_EDIT = "The police later released an update on the investigation."
NAMED_EDIT = "Detective Maria Okafor of the Harbor Division said more charges were possible."
BATCH = 500  # a day's new articles


def _config(work: Path, batch_size: int | None = None, search: bool = True) -> Any:
    from generator.config import load_config

    config = load_config(ROOT / "content" / "site.yaml")
    extract = config.extract
    if batch_size:
        extract = dataclasses.replace(extract, batch_size=batch_size)
    return dataclasses.replace(
        config, cache_dir=str(work / "cache"), output=str(work / "site"), extract=extract, search=search
    )


def _archive(corpora: list[Path], cache_dir: Path | None) -> Any:
    import replicas

    config = _config(Path(tempfile.gettempdir()))
    articles, annotations = replicas.originals(corpora, config, cache_dir)
    return replicas.Archive(articles, annotations, replicas.era_days(articles), config.extract.max_chars)


def make_corpus(archive: Any, articles: int, dest: Path) -> dict[str, Any]:
    """Write the first `articles` of the archive to `dest`; their annotations by id."""
    import replicas

    return replicas.write_corpus(dest, archive.copies(articles))


def middle_id(corpus: Path) -> str:
    """The id of the article `change_one` edits."""
    lines = corpus.read_text(encoding="utf-8").splitlines()
    return str(json.loads(lines[len(lines) // 2])["id"])


def change_one(corpus: Path, sentence: str = PLAIN_EDIT) -> str:
    """Append `sentence` to the middle article of the corpus; returns its id."""
    lines = corpus.read_text(encoding="utf-8").splitlines()
    index = len(lines) // 2
    record = json.loads(lines[index])
    record["text"] += "\n\n" + sentence
    lines[index] = json.dumps(record, ensure_ascii=False)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(record["id"])


def _memory() -> dict[str, float]:
    """Peak resident memory in MB of this process, its largest waited-for child, and their sum;
    the CPU seconds of both."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "rss_self_mb": own.ru_maxrss / 1024,
        "rss_children_mb": children.ru_maxrss / 1024,
        "rss_peak_mb": (own.ru_maxrss + children.ru_maxrss) / 1024,
        "cpu_self": own.ru_utime + own.ru_stime,
        "cpu_children": children.ru_utime + children.ru_stime,
    }


def phase_floor(work: Path, batch_size: int | None, n_process: int, texts_file: str) -> dict[str, Any]:
    """nlp.pipe over the texts of `texts_file` with NER alone (no sentencizer, no cache, no conversion)."""
    import spacy

    from generator.read import read_articles

    config = _config(work, batch_size)
    texts = [a.text[: config.extract.max_chars] for a in read_articles(config, [work / texts_file])]
    clock = time.perf_counter()
    nlp = spacy.load(config.extract.model, exclude=_unneeded(config.extract.model))
    loaded = time.perf_counter() - clock
    clock = time.perf_counter()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=config.extract.batch_size, n_process=n_process))
    seconds = time.perf_counter() - clock
    return {"texts": count, "seconds": seconds, "load_seconds": loaded, "pipes": nlp.pipe_names}


def _unneeded(model: str) -> list[str]:
    import spacy

    names = spacy.util.get_model_meta(spacy.util.get_package_path(model))["pipeline"]
    return [n for n in names if n != "ner"]


def phase_build(
    work: Path, batch_size: int | None, profile: str | None = None, search: bool = True
) -> dict[str, Any]:
    """One `build` into work/site with the cache in work/cache (`profile`: cProfile stats to this
    file; `search`: the config's `search`)."""
    from generator.build import build

    config = _config(work, batch_size, search)
    clock = time.perf_counter()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(build, config, [work / "corpus.jsonl"], work / "site")
        profiler.dump_stats(profile)
    else:
        result = build(config, [work / "corpus.jsonl"], work / "site")
    return {
        "seconds": time.perf_counter() - clock,
        "articles": result.articles,
        "pages": result.pages,
        "written": result.written,
        "timings": result.timings,
        "peaks": result.peaks,
        "spacy_loaded": "spacy" in sys.modules,
    }


def phase_search(work: Path) -> dict[str, Any]:
    """Pagefind alone over work/site, as the build runs it, its index written to another folder."""
    from generator.search import pagefind_binary

    binary = pagefind_binary()
    if binary is None:
        return {"seconds": float("nan"), "files": 0}
    out = work / "pagefind-alone"
    command = [str(binary), "--site", str(work / "site"), "--output-path", str(out), "--keep-index-url"]
    clock = time.perf_counter()
    subprocess.run([*command, "--silent"], check=True, capture_output=True)
    seconds = time.perf_counter() - clock
    files = sum(1 for p in out.rglob("*") if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": seconds, "files": files}


def run_phase(name: str, work: Path, *extra: str) -> dict[str, Any]:
    """Run one phase in a fresh interpreter and return its JSON report."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--work", str(work), *extra]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _stages(timings: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}s" for k, v in timings.items())


def _build_line(label: str, r: dict[str, Any]) -> str:
    return (
        f"{label}: {r['seconds']:.2f}s ({r['articles']} articles, {r['pages']} pages, "
        f"{r['written']} files rewritten; spaCy loaded: {r['spacy_loaded']}; "
        f"peak RSS {r['rss_peak_mb']:.0f} MB = {r['rss_self_mb']:.0f} main + "
        f"{r['rss_children_mb']:.0f} largest child; CPU {r['cpu_self']:.1f}s + "
        f"{r['cpu_children']:.1f}s children)\n    stages: {_stages(r['timings'])}"
        + (f"\n    peak RSS by the end of: {_peaks(r['peaks'])}" if r.get("peaks") else "")
    )


def _peaks(peaks: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f}" for k, v in peaks.items()) + " MB"


def cold(args: argparse.Namespace, work: Path) -> None:
    """The spaCy floor, a cold build and rebuilds at `args.articles` (`make bench`)."""
    make_corpus(_archive(args.corpus, args.cache_dir), args.articles, work / "corpus.jsonl")
    bs = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    npr = ["--n-process", str(args.n_process)]
    if args.batch_sizes:
        for size in args.batch_sizes.split(","):
            r = run_phase("floor", work, "--batch-size", size, *npr)
            print(f"batch size {size}: nlp.pipe {r['seconds']:.2f}s over {r['texts']} texts", flush=True)
        return
    floor = None if args.no_floor else run_phase("floor", work, *bs, *npr)
    if floor is not None:
        print(
            f"spaCy floor (nlp.pipe, {floor['pipes']}, n_process={args.n_process}): "
            f"{floor['seconds']:.2f}s over {floor['texts']} texts (+{floor['load_seconds']:.2f}s load)",
            flush=True,
        )
    first = run_phase("build", work, *bs)
    print(_build_line("cold build", first), flush=True)
    if floor is not None:
        print(f"    cold / floor = {first['seconds'] / floor['seconds']:.2f}x", flush=True)
    warm = run_phase("build", work, *bs)
    print(_build_line("warm rebuild, nothing changed", warm), flush=True)
    (work / "cache" / "build.json").unlink(missing_ok=True)
    full = run_phase("build", work, *bs)
    print(_build_line("warm rebuild, full pipeline (no-op record removed)", full), flush=True)
    changed = change_one(work / "corpus.jsonl")
    one = run_phase("build", work, *bs)
    label = f"rebuild, one article changed ({changed})"
    print(_build_line(f"{label}, a sentence naming nobody", one), flush=True)
    change_one(work / "corpus.jsonl", NAMED_EDIT)
    named = run_phase("build", work, *bs)
    print(_build_line(f"{label}, a sentence naming a new person", named), flush=True)
    for label, r in (("cold", first), ("warm, full pipeline", full), ("one changed", one)):
        both = r["timings"]["render"] + r["timings"]["write"]  # one stream: the pages are written as made
        print(f"render and write ({label}): {r['pages'] / both:.0f} pages/s", flush=True)
    peak = max(r["rss_peak_mb"] for r in (first, warm, full, one, named))
    print(f"peak resident memory of a build (self + largest child): {peak:.0f} MB", flush=True)


# The figures of one size, in the order they are printed and compared across sizes.
MEASURES = (
    ("first", "first build, spaCy skipped (seeded cache)"),
    ("noop", "no-change rebuild"),
    ("edit", "one edited article, a sentence naming nobody"),
    ("named", "one edited article, a sentence naming a new person"),
    ("new", "one new article"),
    ("batch", f"a day's batch of {BATCH} new articles"),
)


def one_size(archive: Any, size: int, work: Path, extra: list[str], profile: bool) -> dict[str, Any]:
    """Every measure at `size` articles in `work`; the reports by measure."""
    import replicas

    config = _config(work)
    clock = time.perf_counter()
    found = make_corpus(archive, size, work / "corpus.jsonl")
    # The article to be edited is annotated by spaCy in the first build, so that the edits change
    # its mentions only as they would change a real article's.
    edited = frozenset({middle_id(work / "corpus.jsonl")})
    seeded, skipped = replicas.seed(config, work / "corpus.jsonl", found, work / "cache", edited)
    del found
    print(
        f"  corpus and seeded cache: {seeded} entries ({skipped} not seeded) in "
        f"{time.perf_counter() - clock:.0f}s",
        flush=True,
    )
    reports: dict[str, Any] = {}

    def measure(name: str) -> None:
        prof = ["--profile-to", str(work / f"profile-{name}.pstats")] if profile and name != "first" else []
        reports[name] = r = run_phase("build", work, *extra, *prof)
        print("  " + _build_line(dict(MEASURES)[name], r), flush=True)

    measure("first")
    measure("noop")
    change_one(work / "corpus.jsonl")
    measure("edit")
    change_one(work / "corpus.jsonl", NAMED_EDIT)
    measure("named")
    copies = size // len(archive.articles) + 1  # a copy index no article of the archive has
    newest = archive.newest()
    replicas.write_corpus(work / "corpus.jsonl", archive.fresh(1, copies, newest + timedelta(days=1)), "a")
    measure("new")
    stride = max(1, len(archive.articles) // BATCH)
    batch = archive.fresh(BATCH, copies + 1, newest + timedelta(days=2), stride)
    replicas.write_corpus(work / "batch.jsonl", batch)
    floor = run_phase("floor", work, "--texts-file", "batch.jsonl", *extra)
    reports["batch_floor"] = floor
    print(
        f"  spaCy alone on the batch's {floor['texts']} texts (nlp.pipe): {floor['seconds']:.2f}s "
        f"(+{floor['load_seconds']:.2f}s load)",
        flush=True,
    )
    replicas.write_corpus(work / "corpus.jsonl", batch, "a")
    measure("batch")
    over = reports["batch"]["seconds"] - floor["seconds"] - floor["load_seconds"]
    print(f"  batch over spaCy on it (and its load): {over:+.2f}s", flush=True)
    return reports


def _disk(path: Path) -> str:
    usage = shutil.disk_usage(path)
    return f"{usage.free / 1e9:.0f} GB free"


def scale(args: argparse.Namespace, work: Path) -> None:
    """Every measure at each of `args.sizes`, the growth from the smallest to the largest, and Dask."""
    sizes = sorted(int(s) for s in args.sizes.split(","))
    archive = _archive(args.corpus, args.cache_dir)
    print(
        f"{len(archive.articles)} originals from {', '.join(p.name for p in args.corpus)}; "
        f"copies {archive.era} days apart",
        flush=True,
    )
    extra = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    extra += ["--n-process", str(args.n_process)]
    if not args.search:
        extra.append("--no-search")
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        folder = work / f"size-{size}"
        folder.mkdir()
        print(f"{size} articles ({_disk(work)})", flush=True)
        results[size] = one_size(archive, size, folder, extra, args.profile)
        if not args.search and size <= args.search_max:
            r = results[size]["search"] = run_phase("search", folder)
            print(
                f"  Pagefind alone over the site (what search: true adds to every rebuild): "
                f"{r['seconds']:.1f}s, {r['files']} index files, peak RSS {r['rss_children_mb']:.0f} MB",
                flush=True,
            )
        peak = max(results[size][name]["rss_peak_mb"] for name, _ in MEASURES)
        written = {name: results[size][name]["written"] for name, _ in MEASURES}
        print(
            f"  peak memory of a build (self + largest child): {peak:.0f} MB; files written: {written}",
            flush=True,
        )
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    if len(sizes) > 1:
        low, high = sizes[0], sizes[-1]
        print(f"growth from {low} to {high} articles ({high / low:.1f}x the articles):")
        for name, label in MEASURES:
            a, b = results[low][name]["seconds"], results[high][name]["seconds"]
            print(f"  {label}: {a:.2f}s -> {b:.2f}s = {b / a:.2f}x")
        a, b = (
            max(r["rss_peak_mb"] for n, r in results[s].items() if n != "batch_floor") for s in (low, high)
        )
        print(f"  peak memory: {a:.0f} MB -> {b:.0f} MB = {b / a:.2f}x")
        a, b = (results[s]["first"]["pages"] for s in (low, high))
        print(f"  pages: {a} -> {b} = {b / a:.2f}x")
    if not args.no_dask:
        print(
            "extraction throughput, Dask LocalCluster against n_process (bench/dask_throughput.py):",
            flush=True,
        )
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "dask_throughput.py"), "--workers", str(args.n_process)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        print("  " + "\n  ".join((done.stdout or done.stderr).strip().splitlines()), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, action="append", help=f"(repeatable; default {DEFAULT_CORPUS})"
    )
    parser.add_argument("--cache-dir", type=Path, help="extraction cache of the corpora's originals")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--sizes", help="measure rebuilds at these sizes, e.g. 10000,30000,100000")
    parser.add_argument("--batch-size", type=int, default=None, help="override ExtractConfig.batch_size")
    parser.add_argument("--batch-sizes", help="only measure nlp.pipe at these batch sizes, e.g. 32,64,128")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-floor", action="store_true", help="skip the spaCy floor (saves minutes)")
    parser.add_argument("--no-dask", action="store_true", help="with --sizes: skip the Dask throughput")
    parser.add_argument("--profile", action="store_true", help="with --sizes: cProfile each rebuild")
    parser.add_argument(
        "--search",
        action="store_true",
        help="with --sizes: build with the Pagefind index (else measured alone, up to --search-max)",
    )
    parser.add_argument("--search-max", type=int, default=30_000, help="the largest size Pagefind runs at")
    parser.add_argument("--no-search", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--work-root", type=Path, help="where the temporary folder goes")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--texts-file", default="corpus.jsonl", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", dest="profile_to", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.corpus = args.corpus or [DEFAULT_CORPUS]

    if args.phase:
        if args.phase == "floor":
            report = phase_floor(args.work, args.batch_size, args.n_process, args.texts_file)
        elif args.phase == "search":
            report = phase_search(args.work)
        else:
            report = phase_build(args.work, args.batch_size, args.profile_to, not args.no_search)
        print(json.dumps({**report, **_memory()}))
        return 0

    work = Path(tempfile.mkdtemp(prefix="briefing-bench-", dir=args.work_root))
    try:
        if args.sizes:
            scale(args, work)
        else:
            cold(args, work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
