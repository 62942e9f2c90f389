"""Labelled corpora for the grouping benches: read, extract (from the cache) and resolve once.

The texts are read from ../shared/eval at run time and never copied into the project.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import SiteConfig, load_config  # noqa: E402
from generator.evaluate import load_gold  # noqa: E402
from generator.extract.pipeline import extract  # noqa: E402
from generator.group.cast import cast_of  # noqa: E402
from generator.group.names import Cast  # noqa: E402
from generator.incremental.extractions import ExtractCache  # noqa: E402
from generator.model import Article  # noqa: E402
from generator.read import read_articles  # noqa: E402
from generator.resolve import load_actor_settings, resolve  # noqa: E402

EVAL_DIR = ROOT.parent / "shared" / "eval"
CORPORA = ("gva-dev", "allsides-dev")


@dataclass(frozen=True)
class Corpus:
    """A labelled corpus, ready for `storylines.group`: articles, gold items, actors and places."""

    name: str
    articles: list[Article]
    items: list[tuple[str, str]]  # (article id, gold story)
    article_actors: dict[str, tuple[str, ...]]
    places: dict[str, tuple[str, ...]]
    actor_names: dict[str, str]
    cast: Cast  # who of the actors are people and officials, which places are sites


def config(cache_dir: Path | None = None) -> SiteConfig:
    """The project's configuration (content/site.yaml), with another extraction cache if given."""
    return load_config(ROOT / "content" / "site.yaml", cache_dir=str(cache_dir) if cache_dir else None)


def load(path: Path, site: SiteConfig) -> Corpus:
    """Read, extract (cached) and resolve one labelled JSONL corpus."""
    logging.getLogger("briefing").setLevel(logging.ERROR)
    articles = read_articles(site, [path], unique_ids=False)
    annotations = extract(articles, site.extract, ExtractCache(site.path(site.cache_dir)), None)
    # the stage itself, as a build and `briefing eval` run it (the context of each mention read first)
    settings = load_actor_settings(site.path(site.actors_file))
    resolution = resolve(articles, annotations, settings, site.extract)
    names = {a.slug: a.name for a in resolution.actors}
    found = resolution.article_actors, resolution.places, names, cast_of(resolution.actors, resolution.places)
    return Corpus(path.stem, articles, load_gold(path), *found)


def available(names: tuple[str, ...] = CORPORA, folder: Path = EVAL_DIR) -> list[Path]:
    """The corpora present in `folder` (a missing one is said on stderr and skipped)."""
    found = []
    for name in names:
        path = folder / f"{name}.jsonl"
        if path.exists():
            found.append(path)
        else:
            print(f"skipping {name}: {path} not found", file=sys.stderr)
    return found


def from_command_line(
    description: str | None, argv: list[str] | None = None
) -> tuple[SiteConfig, list[Path]]:
    """The configuration and the corpora a bench script's `--cache-dir` and `--corpus` options name."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache-dir", type=Path, help="extraction cache (default: the config's)")
    parser.add_argument(
        "--corpus", action="append", help=f"corpus name in ../shared/eval (default: {CORPORA})"
    )
    args = parser.parse_args(argv)
    return config(args.cache_dir), available(tuple(args.corpus) if args.corpus else CORPORA)
