"""Helpers the hostile and fault tests share: run the CLI as a user would, and check what it left.

Import as `from support import ...` (pytest puts `tests/` on the path). A test that wants the real
spaCy runs the CLI in a subprocess (`run_subprocess`); one that only needs the rules of the build
runs it in-process (`run_cli`) under the `nlp` fixture's fake pipeline.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


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
    from datetime import date

    from generator.model import Annotations, Article, Mention
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
