"""The `write` stage: put the pages on disk atomically, rewriting only files whose bytes changed.

The output folder is only ever a site this tool wrote: every site carries `MARKER`, and a folder
without it is replaced only when it is empty or absent (or, once, when it is a site written before
the marker existed: `looks_like_site`). The swap survives a kill at any instant (`_swap`); every
staging or replaced tree it makes beside the site holds `MARKER` from its first instant, and only
such trees are ever removed (`_ours`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..model import Page

# An empty hidden folder in every site written: it tells a site this tool wrote from any other
# folder. A folder, not a file, so it is no page of the site (snapshots, reports and listings of
# the site's files never see it).
MARKER = ".briefing-site"
# What every site written before the marker existed holds: its pages, feed, stylesheet and exports
# (a hand-written folder with an index.html and a feed.xml is not such a site).
PREVIOUS_SITE_FILES = (
    "index.html",
    "404.html",
    "feed.xml",
    "static/style.css",
    "data/articles.json",
    "data/storylines.json",
    "data/actors.json",
    "storylines/index.html",
    "actors/index.html",
    "archive/index.html",
    "about/index.html",
)
# Every file a site written before the marker existed holds ends so (templates' static assets
# included, and Pagefind's index); a source (.txt, .md, .jsonl), the content files (.yaml) or code never do.
SITE_SUFFIXES = frozenset(
    ".html .htm .xml .css .js .json .map .webmanifest .svg .png .jpg .jpeg .gif .webp .avif .ico "  # noqa: SIM905
    ".woff .woff2 .ttf .otf .txt .opml .pagefind .pf_meta .pf_index .pf_fragment".split()  # robots.txt
)


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new or changed (those `finish` added too)
    # The new site as `cache.snapshot` would see it (path -> [size, mtime_ns, inode]): a kept
    # file's stat is the published one's, recorded in `published`; the rest are stat'ed.
    files: dict[str, list[int]] | None = None


def _is_published(path: str, inode: int) -> bool:
    """Whether the published file at `path` is the file `inode` (linked into the new site)."""
    try:
        return os.stat(path).st_ino == inode
    except OSError:
        return False


def _safe_relative(path: str) -> str:
    """`path` as a normalised relative POSIX path; a path that could leave the site is refused."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if path.startswith("/") or ".." in parts or not parts:
        raise ValueError(f"page path escapes the site: {path!r}")
    if parts[0] == MARKER:
        raise ValueError(f"page path is the site marker: {path!r}")
    return "/".join(parts)


def site_target(output: Path) -> Path:
    """The folder a site at `output` really is: a symlinked output is written through (its target
    is staged beside and swapped; the link is left as it is and so points at the new site)."""
    output = Path(output)
    return Path(os.path.realpath(output)) if output.is_symlink() else output


def _ours(folder: Path | str) -> bool:
    """Whether `folder` is a real folder holding `MARKER` (a real folder too)."""
    marker = os.path.join(folder, MARKER)
    return (
        os.path.isdir(folder)
        and not os.path.islink(folder)
        and os.path.isdir(marker)
        and not os.path.islink(marker)
    )


def _json_export(path: str) -> bool:
    """Whether `path` is a JSON file holding an array or object, as the previous version's exports."""
    try:
        with open(path, encoding="utf-8") as handle:
            start = handle.read(64).lstrip()
    except (OSError, UnicodeDecodeError):
        return False
    return start[:1] in ("[", "{")


def looks_like_site(folder: Path) -> bool:
    """True for a folder this tool wrote: it has `MARKER`, or (a site written before the marker
    existed) every file of `PREVIOUS_SITE_FILES` (regular files; the exports JSON), no symlink,
    and only files that end in one of `SITE_SUFFIXES`."""
    if _ours(folder):
        return True
    for name in PREVIOUS_SITE_FILES:
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or os.path.islink(path):
            return False
        if name.endswith(".json") and not _json_export(path):
            return False
    for root, dirs, names in os.walk(folder):
        if any(os.path.islink(os.path.join(root, name)) for name in dirs):
            return False
        for name in names:
            if os.path.islink(os.path.join(root, name)) or Path(name).suffix.lower() not in SITE_SUFFIXES:
                return False
    return True


def check_replaceable(output: Path) -> None:
    """Raise a `BuildError` naming `output` unless it is absent, an empty folder or a site this
    tool wrote (`looks_like_site`); nothing is written."""
    target = site_target(output)
    try:
        if not os.path.lexists(target):
            above = target.parent
            while not os.path.lexists(above) and above != above.parent:
                above = above.parent
            if not above.is_dir():
                raise BuildError(str(output), f"cannot be made: {above} is not a folder")
            return
        if not target.is_dir():
            raise BuildError(
                str(output),
                "exists and is not a folder; the site folder must be absent, empty or a site briefing wrote",
            )
        with os.scandir(target) as entries:
            if next(entries, None) is None:
                return
        if looks_like_site(target):
            return
    except OSError as exc:
        raise BuildError(str(output), f"cannot read the site folder: {exc.strerror or exc}") from None
    raise BuildError(
        str(output),
        f"not a site briefing wrote (no {MARKER} marker) and not empty; refusing to replace it "
        "(remove it or choose another --output)",
    )


def _staged(target: Path) -> list[str]:
    """The staging and replaced trees an interrupted write left beside `target`: folders named
    `.<name>.new-*` / `.<name>.old-*` that hold `MARKER` (every tree a write makes there holds it
    from its first instant, so a user's `.site.old-mybackup` is never taken for one)."""
    prefixes = (f".{target.name}.new-", f".{target.name}.old-")
    try:
        names = os.listdir(target.parent)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(n for n in names if n.startswith(prefixes) and _ours(target.parent / n))


def lock_path(target: Path) -> Path:
    """The lock file of the site at `target`: one per site name (the parent folder's device and
    inode, and the name), kept in a private folder of the temporary directory, so that no lock
    file appears beside the site and two sites in one folder are written at once. The parent
    must exist."""
    parent = os.stat(target.parent)
    identity = f"{parent.st_dev}:{parent.st_ino}:{target.name}".encode()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"briefing-locks-{uid}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{hashlib.blake2b(identity, digest_size=16).hexdigest()}.lock"


@contextlib.contextmanager
def _locked(target: Path, output: Path) -> Iterator[None]:
    """Hold an exclusive lock on the site's own name (`lock_path`); a second build writing the
    same site is refused, not raced, and a build writing another site beside it is not held up."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock
        yield
        return
    fd = os.open(lock_path(target), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(str(output), "another build is writing this site now") from None
        yield
    finally:
        os.close(fd)  # releases the lock (the file stays: removing it would race a waiting build)


def recover(output: Path) -> None:
    """Finish what a killed write left: restore the previous site if a kill came between the two
    renames of the portable swap (no site, a replaced tree beside it), then remove every staging
    or replaced tree (`.<name>.new-*`, `.<name>.old-*` holding `MARKER`: `_staged`); anything else
    of those names is left alone. Raises a `BuildError` naming `output`."""
    target = site_target(output)
    try:
        if not _staged(target):
            return
        with _locked(target, output):
            _recover(target)
    except OSError as exc:
        raise BuildError(str(output), f"cannot recover the site folder: {exc.strerror or exc}") from None


def _recover(target: Path) -> None:
    stale = _staged(target)
    if not os.path.lexists(target):
        old = [n for n in stale if n.startswith(f".{target.name}.old-")]
        if old:
            newest = max(old, key=lambda n: os.lstat(target.parent / n).st_mtime_ns)
            os.rename(target.parent / newest, target)
            stale.remove(newest)
    for name in stale:
        shutil.rmtree(target.parent / name)


def write_site(
    pages: Iterable[Page],
    output: Path,
    keep_spare: bool = False,
    published: Mapping[str, Sequence[int]] | None = None,
    finish: Callable[[Path], Iterable[str]] | None = None,
) -> WriteReport:
    """Stage the whole site next to `output`, then swap it in; on any failure `output` is untouched.

    A page whose bytes equal the file already published is hard-linked from it rather than
    rewritten, so a rebuild with nothing changed rewrites nothing. A page with a `source`
    (a page the render stage reused) is that published file, linked without being read.

    With `keep_spare`, the replaced tree is not deleted but kept as `.<name>.spare` and
    recycled as the next build's staging tree (its folders already exist: creating thousands of
    folders is the slowest part of writing); without it, the replaced tree is deleted. A file or
    folder of the recycled tree standing where the new site has a folder or a page is removed.

    `pages` is taken once, in order, and never held: a stream (`render.render_pages`) is written
    as it is made, so the site's bytes are never all in memory.

    `published` is the snapshot of `output` the render cache chose its reused pages by (path ->
    [size, mtime_ns, inode], `cache.snapshot`): a kept page's published file is known by the inode
    recorded there rather than by a stat of its own.

    `output` must be absent, empty or a site this tool wrote (`check_replaceable`); a symlinked
    `output` is written through (`site_target`). What a killed write left is recovered first
    (`recover`). A failure of the file system is a `BuildError` naming `output`.

    `finish` (the search index) runs on the complete staged tree just before the swap and adds
    files to it (it returns their relative paths); if it fails, nothing is swapped in.
    """
    output = Path(output)
    check_replaceable(output)
    target = site_target(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(target, output):
            _recover(target)
            spare = target.parent / f".{target.name}.spare"
            recycle = keep_spare and spare.is_dir() and not spare.is_symlink()
            return _write(pages, output, target, spare if keep_spare else None, recycle, published, finish)
    except OSError as exc:
        raise BuildError(str(output), f"cannot write the site: {exc.strerror or exc}") from None


def _write(
    pages: Iterable[Page],
    output: Path,
    site: Path,
    spare: Path | None,
    recycle: bool,
    published: Mapping[str, Sequence[int]] | None = None,
    finish: Callable[[Path], Iterable[str]] | None = None,
) -> WriteReport:
    existing: dict[str, int] = {}
    folders: set[str] = {""}
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-", dir=site.parent))
    if recycle and spare is not None:
        os.rmdir(staging)
        os.makedirs(spare / MARKER, exist_ok=True)  # a spare is a replaced site: it has one already
        os.rename(spare, staging)
        existing, folders = _tree(str(staging))
    else:
        os.mkdir(staging / MARKER)  # the proof that `recover` may remove this tree
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    stage, out = str(staging), str(output)
    written = 0
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
                if recycle:
                    _clear_files_above(stage, parent, existing, wanted)
                os.makedirs(os.path.join(stage, parent), exist_ok=True)
                folders.add(parent)
            if recycle and rel in folders:
                _clear_folder(stage, rel, existing, folders, wanted)
            target = os.path.join(stage, rel)
            source = page.source
            if source is None:
                previous = os.path.join(out, rel)
                if _same_bytes(previous, page.content):
                    source = previous
            if source is not None:
                same_file = source == os.path.join(out, rel) and bool(files[rel])
                if not same_file:
                    files[rel] = []  # linked from elsewhere: stat'ed below
                if rel in existing and _source_inode(page, source, out, rel, published) == existing[rel]:
                    continue  # the recycled tree already holds this very file
                if rel in existing:
                    os.unlink(target)  # never write through: it may be a link to a published file
                    del existing[rel]
                try:
                    os.link(source, target)
                    continue
                except OSError:
                    if page.source is not None:
                        shutil.copyfile(source, target)
                        files[rel] = []  # a new file: stat'ed below
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
        if finish is not None:
            for rel in finish(staging):  # the files it added, recorded as the writer's own
                st = os.stat(os.path.join(stage, rel))
                files[rel] = [st.st_size, st.st_mtime_ns, st.st_ino]
                written += not _is_published(os.path.join(out, rel), st.st_ino)  # not linked: new bytes
        os.makedirs(os.path.join(stage, MARKER), exist_ok=True)
        _swap(staging, site, spare)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(written, files)


def _clear_files_above(root: str, folder: str, existing: dict[str, int], wanted: set[str]) -> None:
    """In a recycled tree, remove the files that stand where `folder` or a folder above it now
    goes (a page of the last site that is a folder of this one); a page written this run stays."""
    parts = folder.split("/")
    for depth in range(1, len(parts) + 1):
        above = "/".join(parts[:depth])
        if above in existing and above not in wanted:
            os.unlink(os.path.join(root, above))
            del existing[above]


def _clear_folder(root: str, rel: str, existing: dict[str, int], folders: set[str], wanted: set[str]) -> None:
    """In a recycled tree, remove the folder that stands where the page `rel` now goes, unless a
    page written this run is inside it (then the pages contradict each other: the write fails)."""
    inside = rel + "/"
    if any(path.startswith(inside) for path in wanted):
        return
    shutil.rmtree(os.path.join(root, rel))
    for path in [p for p in existing if p.startswith(inside)]:
        del existing[path]
    folders.difference_update([f for f in folders if f == rel or f.startswith(inside)])


def _source_inode(
    page: Page, source: str, out: str, rel: str, published: Mapping[str, Sequence[int]] | None
) -> int:
    """The inode of the file a page is linked from: a kept page's published file as snapshotted."""
    if published is not None and page.source == source == os.path.join(out, rel):
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


def _exchange_function() -> ctypes._CFuncPtr | None:
    """libc's `renameat2`, where there is one (Linux with glibc 2.28 or later)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _exchange_function()
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (`renameat2(RENAME_EXCHANGE)`); False where the system or
    the file system cannot, so the caller falls back to two renames."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), os.fspath(second))


def _swap(staging: Path, output: Path, spare: Path | None = None) -> None:
    """Replace `output` by the complete tree `staging`; the old tree becomes `spare`, or is removed.

    Where Linux has it, one `renameat2(RENAME_EXCHANGE)` swaps the two folders: at every instant
    `output` is the old site or the new one (measured on ext4: 11 us an exchange). Elsewhere two
    renames (`output` -> `.<name>.old-*`, `staging` -> `output`) leave a moment with no `output`;
    a kill in it is repaired by the next write (`recover` renames the old tree back). A symlink
    flip was not chosen: it would turn the user's folder into a link. Either way a kill leaves at
    most stale `.<name>.new-*` / `.old-*` trees, which the next write removes.
    """
    if not os.path.lexists(output):
        os.rename(staging, output)
        return
    # The tree being replaced is moved beside the site: mark it (a site of the previous version has
    # no marker yet) so that a kill leaving it there lets `recover` restore or remove it.
    os.makedirs(output / MARKER, exist_ok=True)
    if _exchange(staging, output):
        old = staging  # now holds the replaced site
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        os.rmdir(old)
        os.rename(output, old)
        try:
            os.rename(staging, output)
        except OSError:
            os.rename(old, output)
            raise
    if spare is not None and not os.path.lexists(spare):
        try:
            os.rename(old, spare)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)
