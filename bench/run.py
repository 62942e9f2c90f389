"""Benchmark the build at scale: spaCy floor, cold build, warm rebuild, one changed article.

The corpus (default ../shared/eval/gva-dev.jsonl) is replicated with fresh ids up to --articles;
replica k of an article gets the id `<id>-r<k>` and a final paragraph "Replica marker k." so every
replica is a distinct content hash. Each measured phase runs in its own process so that its peak
resident memory (ru_maxrss of the process plus its largest child, e.g. an n_process worker) is its own.
The eval data is only read from ../shared and written to a temporary folder, never into the project.

    .venv/bin/python bench/run.py                      # 10,000 articles
    .venv/bin/python bench/run.py --articles 500       # a quick run
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"
sys.path.insert(0, str(ROOT))


def make_corpus(source: Path, articles: int, dest: Path) -> int:
    """Write `articles` records to `dest`: the source's (unique-id, non-empty) records, then replicas."""
    base: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("id") in seen or not str(record.get("text") or "").strip():
            continue
        seen.add(record["id"])
        base.append(record)
    with dest.open("w", encoding="utf-8") as out:
        for i in range(articles):
            record = dict(base[i % len(base)])
            copy = i // len(base)
            if copy:
                record["id"] = f"{record['id']}-r{copy}"
                record["text"] = f"{record['text']}\n\nReplica marker {copy}."
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return articles


# An edit that names nobody new, and one that does (what `resolve` reads changes only with the second).
PLAIN_EDIT = "The police later released an update on the investigation."
NAMED_EDIT = "Detective Maria Okafor of the Harbor Division said more charges were possible."


def change_one(corpus: Path, sentence: str = PLAIN_EDIT) -> str:
    """Append `sentence` to the middle article of the corpus; returns its id."""
    lines = corpus.read_text(encoding="utf-8").splitlines()
    index = len(lines) // 2
    record = json.loads(lines[index])
    record["text"] += "\n\n" + sentence
    lines[index] = json.dumps(record, ensure_ascii=False)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(record["id"])


def _config(work: Path, batch_size: int | None = None) -> Any:
    from generator.config import load_config

    config = load_config(ROOT / "content" / "site.yaml")
    extract = config.extract
    if batch_size:
        extract = dataclasses.replace(extract, batch_size=batch_size)
    return dataclasses.replace(
        config, cache_dir=str(work / "cache"), output=str(work / "site"), extract=extract
    )


def _memory() -> dict[str, float]:
    """Peak resident memory in MB of this process, its largest waited-for child, and their sum."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_self_mb": own, "rss_children_mb": children, "rss_peak_mb": own + children}


def phase_floor(work: Path, batch_size: int | None, n_process: int) -> dict[str, Any]:
    """nlp.pipe over the build's texts with NER alone (no sentencizer, no cache, no conversion)."""
    import spacy

    from generator.read import read_articles

    config = _config(work, batch_size)
    texts = [a.text[: config.extract.max_chars] for a in read_articles(config, [work / "corpus.jsonl"])]
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


def phase_build(work: Path, batch_size: int | None) -> dict[str, Any]:
    """One `build` into work/site with the cache in work/cache."""
    from generator.build import build

    config = _config(work, batch_size)
    clock = time.perf_counter()
    result = build(config, [work / "corpus.jsonl"], work / "site")
    return {
        "seconds": time.perf_counter() - clock,
        "articles": result.articles,
        "pages": result.pages,
        "written": result.written,
        "timings": result.timings,
        "spacy_loaded": "spacy" in sys.modules,
    }


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
        f"{r['rss_children_mb']:.0f} largest child)\n    stages: {_stages(r['timings'])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None, help="override ExtractConfig.batch_size")
    parser.add_argument("--batch-sizes", help="only measure nlp.pipe at these batch sizes, e.g. 32,64,128")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-floor", action="store_true", help="skip the spaCy floor (saves minutes)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        if args.phase == "floor":
            report = phase_floor(args.work, args.batch_size, args.n_process)
        else:
            report = phase_build(args.work, args.batch_size)
        print(json.dumps({**report, **_memory()}))
        return 0

    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        make_corpus(args.corpus, args.articles, work / "corpus.jsonl")
        bs = ["--batch-size", str(args.batch_size)] if args.batch_size else []
        npr = ["--n-process", str(args.n_process)]
        if args.batch_sizes:
            for size in args.batch_sizes.split(","):
                r = run_phase("floor", work, "--batch-size", size, *npr)
                print(f"batch size {size}: nlp.pipe {r['seconds']:.2f}s over {r['texts']} texts", flush=True)
            return 0
        floor = None if args.no_floor else run_phase("floor", work, *bs, *npr)
        if floor is not None:
            print(
                f"spaCy floor (nlp.pipe, {floor['pipes']}, n_process={args.n_process}): "
                f"{floor['seconds']:.2f}s over {floor['texts']} texts (+{floor['load_seconds']:.2f}s load)",
                flush=True,
            )
        cold = run_phase("build", work, *bs)
        print(_build_line("cold build", cold), flush=True)
        if floor is not None:
            print(f"    cold / floor = {cold['seconds'] / floor['seconds']:.2f}x", flush=True)
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
        for label, r in (("cold", cold), ("warm, full pipeline", full), ("one changed", one)):
            print(f"render ({label}): {r['pages'] / r['timings']['render']:.0f} pages/s", flush=True)
        peak = max(r["rss_peak_mb"] for r in (cold, warm, full, one, named))
        print(f"peak resident memory of a build (self + largest child): {peak:.0f} MB", flush=True)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
