"""The `briefing` command line: build, serve, eval."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from .errors import BuildError


def _progress(items: Iterator[Any], total: int) -> Iterator[Any]:
    """A progress bar on stderr while spaCy runs (silent when stderr is not a terminal)."""
    return iter(tqdm(items, total=total, desc="extract", unit="article", disable=None, leave=False))


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )


def _os_error(exc: OSError) -> str:
    """An OSError as one `path: reason` line."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


@click.group()
@click.version_option(package_name="briefing")
def cli() -> None:
    """briefing: build a static news briefing site from raw articles."""


@cli.command()
@click.option(
    "--source", "sources", multiple=True, type=click.Path(path_type=Path), help="Folder or file; repeatable."
)
@click.option("--output", type=click.Path(path_type=Path), help="Site folder (default: config 'output').")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    help="Config file (default content/site.yaml).",
)
@click.option(
    "--root",
    type=click.Path(path_type=Path),
    help="Project folder relative paths start from (default: the folder holding content/).",
)
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Where extraction results are cached.")
@click.option("--no-cache", is_flag=True, help="Ignore the cache: run spaCy on every article.")
@click.option("--base-url", help="Absolute URL the site is published at (for feeds).")
@click.option(
    "--dask",
    metavar="ADDRESS|local|local:N",
    help="Run spaCy on a Dask scheduler, or on a local cluster of N worker processes (docs/cluster.md).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log each stage's timing.")
def build(
    sources: tuple[Path, ...],
    output: Path | None,
    config_file: Path | None,
    root: Path | None,
    cache_dir: Path | None,
    no_cache: bool,
    base_url: str | None,
    dask: str | None,
    verbose: bool,
) -> None:
    """Build the site from the configured (or given) sources."""
    from .build import build as run_build
    from .config import DEFAULT_CONFIG, load_config

    _setup_logging(verbose)
    try:
        cache = str(cache_dir) if cache_dir else None
        config = load_config(config_file, root, cache_dir=cache, base_url=base_url)
        if dask is not None:
            config = _on_dask(config, dask)
        read_from = Path(config_file or DEFAULT_CONFIG)
        result = run_build(
            config,
            sources or None,
            output,
            use_cache=not no_cache,
            progress=_progress,
            config_file=read_from if read_from.exists() else None,
        )
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # the file system failed where no stage named the path (a cache write)
        raise click.ClickException(_os_error(exc)) from None
    for stage, seconds in result.timings.items():
        logging.getLogger("briefing").info("%s: %.2fs", stage, seconds)
    click.echo(result.summary())


def _on_dask(config: Any, scheduler: str) -> Any:
    """`config` with extraction on the Dask `scheduler` given as `--dask` (checked like the key)."""
    import dataclasses

    from .schema import SettingError

    try:
        extract = dataclasses.replace(
            config.extract, executor="dask", dask_scheduler=scheduler, dask_named_in="--dask"
        )
    except SettingError as exc:
        raise BuildError("--dask", exc.problem) from None
    return dataclasses.replace(config, extract=extract)


@cli.command()
@click.option(
    "--output", type=click.Path(path_type=Path), help="Site folder to serve (default: config 'output')."
)
@click.option("--config", "config_file", type=click.Path(path_type=Path))
@click.option("--port", default=8000, show_default=True)
def serve(output: Path | None, config_file: Path | None, port: int) -> None:
    """Preview the built site on http://127.0.0.1:PORT/."""
    import functools
    import http.server

    from .config import load_config

    try:
        folder = output or load_config(config_file).path(load_config(config_file).output)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    if not folder.is_dir():
        raise click.ClickException(f"{folder}: no site here yet; run 'briefing build' first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        click.echo(f"Serving {folder} on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


@cli.command(name="eval")
@click.option(
    "--gold",
    "golds",
    required=True,
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="JSONL with id, text, story; repeatable (each corpus is grouped and scored on its own).",
)
@click.option("--config", "config_file", type=click.Path(path_type=Path))
@click.option("--cache-dir", type=click.Path(path_type=Path))
def evaluate(golds: tuple[Path, ...], config_file: Path | None, cache_dir: Path | None) -> None:
    """Group each labelled JSONL corpus with the configured settings and print B-cubed scores."""
    _setup_logging(False)
    logger = logging.getLogger("briefing")
    level = logger.level
    logger.setLevel(logging.ERROR)  # a corpus' empty texts are expected
    try:
        _evaluate(golds, config_file, cache_dir)
    finally:
        logger.setLevel(level)  # as it was (the command may run inside another program)


def _evaluate(golds: tuple[Path, ...], config_file: Path | None, cache_dir: Path | None) -> None:
    """`briefing eval`: one block of scores per corpus (all labels are read before any grouping)."""
    from .build import Clock, site_model
    from .config import load_config
    from .evaluate import largest, load_gold, most_mixed, report
    from .incremental import Reuse
    from .read import read_articles

    try:
        config = load_config(config_file, cache_dir=str(cache_dir) if cache_dir else None)
        corpora = [(gold, load_gold(gold)) for gold in golds]
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    for number, (gold, items) in enumerate(corpora):
        try:
            articles = read_articles(config, [gold], unique_ids=False)
            clock = Clock()
            reuse = Reuse(config.path(config.cache_dir), target=Path(config.path(config.output)))
            model = site_model(config, articles, reuse, clock, _progress)
            timings = clock.timings
        except BuildError as exc:
            raise click.ClickException(str(exc)) from None
        every, multi = report(items, model.grouping.storyline_of)
        if number:
            click.echo("")
        click.echo(f"{gold}:")
        click.echo(every.line("all articles"))
        click.echo(multi.line("stories with >= 2"))
        click.echo(largest(items, model.grouping.storyline_of).line())
        click.echo(most_mixed(items, model.grouping.storyline_of).line("most mixed storyline"))
        click.echo(f"grouping + resolution: {timings['resolve'] + timings['group']:.2f}s")


def main() -> None:
    """Console entry point."""
    cli(prog_name="briefing")
