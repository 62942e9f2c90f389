"""The `briefing` command line: build, serve, eval."""

from __future__ import annotations

import contextlib
import logging
import sys
import time
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
@click.option("--drafts", is_flag=True, help="Publish drafts (draft: true) too.")
@click.option("--future", is_flag=True, help="Publish articles dated after the build's date too.")
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
    drafts: bool,
    future: bool,
    dask: str | None,
    verbose: bool,
) -> None:
    """Build the site from the configured (or given) sources.

    Drafts (draft: true) and articles dated after the build's date (SOURCE_DATE_EPOCH when set,
    else today) are not published unless --drafts or --future says so."""
    from .build import build as run_build
    from .config import DEFAULT_CONFIG, load_config
    from .read import Publishing

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
            publishing=Publishing.default(drafts, future),
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
@click.argument("folder", type=click.Path(path_type=Path))
def new(folder: Path) -> None:
    """Start a project in FOLDER (new or empty): config, editor files, example articles, a
    Makefile and a GitHub Pages workflow; it builds at once."""
    from .project import create_project

    try:
        create_project(folder)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created a briefing project in {folder}. Next:")
    click.echo(f"  cd {folder} && briefing serve    # preview on http://127.0.0.1:8000/, live reload")
    click.echo("  put articles in articles/, fix what 'briefing check' says, push to publish (PUBLISHING.md)")


_CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    help="Config file (default content/site.yaml).",
)
_ROOT_OPTION = click.option(
    "--root", type=click.Path(path_type=Path), help="Project folder relative paths start from."
)


@cli.command()
@_CONFIG_OPTION
@_ROOT_OPTION
@click.option("--source", "sources", multiple=True, type=click.Path(path_type=Path), help="Repeatable.")
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Where extraction results are cached.")
@click.option("--strict", is_flag=True, help="Exit 1 on a warning too.")
def check(
    config_file: Path | None,
    root: Path | None,
    sources: tuple[Path, ...],
    cache_dir: Path | None,
    strict: bool,
) -> None:
    """List what a build would warn about and what to look at, as file:line: message lines, without
    writing the site; exit 1 on an error (and with --strict on a warning)."""
    from .check import check_site
    from .config import load_config

    _setup_logging(False)
    try:
        config = load_config(config_file, root, cache_dir=str(cache_dir) if cache_dir else None)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    report = check_site(config, sources or None)
    for line in report.warnings:
        click.echo(line)
    if report.error is not None:
        raise click.ClickException(report.error)
    count = len(report.warnings)
    click.echo(f"check: {count} warning{'s' if count != 1 else ''}", err=True)
    if strict and count:
        raise SystemExit(1)


@cli.command()
@_CONFIG_OPTION
@_ROOT_OPTION
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: a free one).")
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Show drafts, marked.")
@click.option("--future", is_flag=True, help="Show articles dated after today too.")
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Where extraction results are cached.")
def serve(
    config_file: Path | None,
    root: Path | None,
    port: int,
    drafts: bool,
    future: bool,
    cache_dir: Path | None,
) -> None:
    """Build, preview on http://127.0.0.1:PORT/, and rebuild and reload open pages on every change
    to the sources, content or templates (drafts included and marked)."""
    _setup_logging(False)
    try:
        preview = make_preview(config_file, root, port, drafts, future, cache_dir)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # the port is taken
        raise click.ClickException(f"127.0.0.1:{port}: {exc.strerror or exc}") from None
    preview.start()
    click.echo(f"Serving {preview.folder} on {preview.url} (Ctrl+C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)
    preview.stop()


def make_preview(
    config_file: Path | None,
    root: Path | None,
    port: int = 8000,
    drafts: bool = True,
    future: bool = False,
    cache_dir: Path | None = None,
):  # -> serve.Preview
    """The `serve` command's Preview (not started): each build reads the config again."""
    from .build import build as run_build
    from .config import DEFAULT_CONFIG, load_config
    from .read import Publishing
    from .serve import Preview, WarmSpacy

    spacy = WarmSpacy()
    read_from = Path(config_file or DEFAULT_CONFIG)

    def load():  # -> SiteConfig
        return load_config(config_file, root, cache_dir=str(cache_dir) if cache_dir else None)

    def build_once(config) -> str:  # -> the summary line
        try:
            result = run_build(
                config,
                progress=_progress,
                config_file=read_from if read_from.exists() else None,
                publishing=Publishing.default(drafts, future),
                annotators=spacy,
            )
        except OSError as exc:  # the file system failed where no stage named the path
            raise BuildError(exc.filename or "build", exc.strerror or str(exc)) from None
        return result.summary()

    extra = [read_from.parent] if read_from.exists() else []
    return Preview(load, build_once, port, echo=click.echo, extra_paths=extra, spacy=spacy)


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
