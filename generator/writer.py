"""The `write` stage: put the pages on disk atomically, rewriting only files whose bytes changed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .model import Page


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new or changed
    kept: int  # files carried over from the previous site unchanged (same inode, same mtime)


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(f"page path escapes the site: {path!r}")
    return rel


def write_site(pages: Iterable[Page], output: Path) -> WriteReport:
    """Stage the whole site next to `output`, then swap it in; on any failure `output` is untouched.

    A page whose bytes equal the file already published is hard-linked from it rather than
    rewritten, so a rebuild with nothing changed rewrites nothing.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    written = kept = 0
    try:
        for page in pages:
            rel = _safe_relative(page.path)
            target = staging.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = output.joinpath(*rel.parts)
            if _same_bytes(previous, page.content):
                try:
                    os.link(previous, target)
                    kept += 1
                    continue
                except OSError:
                    pass
            target.write_bytes(page.content)
            written += 1
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(written, kept)


def _same_bytes(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames; the old tree is removed afterwards."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        os.rmdir(old)
        os.rename(output, old)
    try:
        os.rename(staging, output)
    except OSError:
        if old is not None:
            os.rename(old, output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
