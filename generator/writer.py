"""The `write` stage: put the pages on disk atomically, rewriting only files whose bytes changed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Page


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new or changed
    kept: int  # files carried over from the previous site unchanged (same inode, same mtime)
    # The new site as `cache.snapshot` would see it (path -> [size, mtime_ns, inode]): a kept
    # file's stat is the published one's, recorded in `published`; the rest are stat'ed.
    files: dict[str, list[int]] | None = None


def _safe_relative(path: str) -> str:
    """`path` as a normalised relative POSIX path; a path that could leave the site is refused."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if path.startswith("/") or ".." in parts or not parts:
        raise ValueError(f"page path escapes the site: {path!r}")
    return "/".join(parts)


def write_site(
    pages: Iterable[Page],
    output: Path,
    keep_spare: bool = False,
    published: Mapping[str, Sequence[int]] | None = None,
) -> WriteReport:
    """Stage the whole site next to `output`, then swap it in; on any failure `output` is untouched.

    A page whose bytes equal the file already published is hard-linked from it rather than
    rewritten, so a rebuild with nothing changed rewrites nothing. A page with a `source`
    attribute (a render-cache `KeptPage`) is that published file, linked without being read.

    With `keep_spare`, the replaced tree is not deleted but kept as `.<name>.spare` and
    recycled as the next build's staging tree (its folders already exist: creating thousands of
    folders is the slowest part of writing); without it, the replaced tree is deleted.

    `published` is the snapshot of `output` the render cache chose its `KeptPage`s by (path ->
    [size, mtime_ns, inode], `cache.snapshot`): a kept page's published file is known by the inode
    recorded there rather than by a stat of its own.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    spare = output.parent / f".{output.name}.spare"
    if keep_spare and spare.is_dir() and not spare.is_symlink():
        pages = list(pages)
        try:
            return _write(pages, output, spare, recycle=True, published=published)
        except OSError:
            pass  # e.g. a folder where a page now goes: write a fresh tree instead
    return _write(pages, output, spare if keep_spare else None, recycle=False)


def _write(
    pages: Iterable[Page],
    output: Path,
    spare: Path | None,
    recycle: bool,
    published: Mapping[str, Sequence[int]] | None = None,
) -> WriteReport:
    existing: dict[str, int] = {}
    folders: set[str] = {""}
    if recycle and spare is not None:
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        os.rmdir(staging)
        os.rename(spare, staging)
        existing, folders = _tree(str(staging))
    else:
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    stage, out = str(staging), str(output)
    written = kept = 0
    wanted: set[str] = set()
    files: dict[str, list[int]] = {}
    try:
        for page in pages:
            rel = _safe_relative(page.path)
            wanted.add(rel)
            recorded = (published or {}).get(rel)
            files[rel] = list(recorded) if recorded is not None and len(recorded) == 3 else []
            parent = rel.rpartition("/")[0]
            if parent not in folders:
                os.makedirs(os.path.join(stage, parent), exist_ok=True)
                folders.add(parent)
            target = os.path.join(stage, rel)
            source = getattr(page, "source", None)
            if source is None:
                previous = os.path.join(out, rel)
                if _same_bytes(previous, page.content):
                    source = previous
            if source is not None:
                same_file = source == os.path.join(out, rel) and bool(files[rel])
                if not same_file:
                    files[rel] = []  # linked from elsewhere: stat'ed below
                if rel in existing and _source_inode(page, source, out, rel, published) == existing[rel]:
                    kept += 1  # the recycled tree already holds this very file
                    continue
                if rel in existing:
                    os.unlink(target)  # never write through: it may be a link to a published file
                    del existing[rel]
                try:
                    os.link(source, target)
                    kept += 1
                    continue
                except OSError:
                    if getattr(page, "source", None) is not None:
                        shutil.copyfile(source, target)
                        files[rel] = []  # a new file: stat'ed below
                        kept += 1
                        continue
            if rel in existing:
                os.unlink(target)
                del existing[rel]
            with open(target, "wb") as handle:
                handle.write(page.content)
            files[rel] = []
            written += 1
        for rel, stat in files.items():
            if not stat:
                st = os.stat(os.path.join(stage, rel))
                files[rel] = [st.st_size, st.st_mtime_ns, st.st_ino]
        _prune(stage, existing, wanted)
        _swap(staging, output, spare)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(written, kept, files)


def _source_inode(
    page: Page, source: str, out: str, rel: str, published: Mapping[str, Sequence[int]] | None
) -> int:
    """The inode of the file a page is linked from: a kept page's published file as snapshotted."""
    if published is not None and getattr(page, "source", None) == source == os.path.join(out, rel):
        recorded = published.get(rel)
        if recorded is not None and len(recorded) == 3:
            return recorded[2]
    return _inode(source)


def _inode(path: str) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return -1


def _tree(root: str) -> tuple[dict[str, int], set[str]]:
    """Files (relative path -> inode; anything not a folder counts as a file) and folders under `root`."""
    files: dict[str, int] = {}
    folders: set[str] = {""}
    stack = [""]
    while stack:
        prefix = stack.pop()
        with os.scandir(os.path.join(root, prefix) if prefix else root) as entries:
            for entry in entries:
                rel = f"{prefix}/{entry.name}" if prefix else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(rel)
                    stack.append(rel)
                else:
                    files[rel] = entry.inode()
    return files, folders


def _prune(root: str, existing: dict[str, int], wanted: set[str]) -> None:
    """Remove files of a recycled tree that are not pages any more, then folders left empty."""
    stale = [rel for rel in existing if rel not in wanted]
    if not stale:
        return
    for rel in stale:
        os.unlink(os.path.join(root, rel))
    parents = {rel.rpartition("/")[0] for rel in stale}
    for folder in sorted(parents, key=lambda f: -f.count("/")):
        while folder:
            try:
                os.rmdir(os.path.join(root, folder))
            except OSError:
                break  # not empty
            folder = folder.rpartition("/")[0]


def _same_bytes(path: str, content: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(content):
            return False
        with open(path, "rb") as handle:
            return handle.read() == content
    except OSError:
        return False


def _swap(staging: Path, output: Path, spare: Path | None = None) -> None:
    """Replace `output` by `staging` with two renames; the old tree becomes `spare`, or is removed."""
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
    if old is None:
        return
    if spare is not None and not spare.exists():
        try:
            os.rename(old, spare)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)
