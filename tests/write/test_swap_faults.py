"""The site swap under faults: a kill at any instant of a write (a real SIGKILL in a subprocess) is
repaired by the next write or build, and a failing file system is one line with the site intact."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import NEW_PAGES, OLD_PAGES, ROOT, assert_built, assert_refused, copy_project, run_cli, tree

from generator.model import Page
from generator.write import writer
from generator.write.writer import recover, write_site

# Writes NEW_PAGES into argv[1] with keep_spare, SIGKILLed before or after the argv[3]-th call of
# os.rename / writer._exchange (0: while the pages are staged); argv[2] "portable" takes away the
# exchange, as on a system without renameat2. Prints the number of calls when not killed.
KILLED_WRITE = r"""
import os, signal, sys
from pathlib import Path
from generator.write import writer
from support import NEW_PAGES

site, mode, step, when = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
calls = 0

def hooked(real):
    def call(*args):
        global calls
        calls += 1
        if calls == step and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args)
        if calls == step and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return call

os.rename = hooked(os.rename)
writer._exchange = hooked(writer._exchange) if mode == "exchange" else (lambda first, second: False)

def pages():
    for number, page in enumerate(NEW_PAGES):
        if step == 0 and number == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        yield page

writer.write_site(pages(), site, keep_spare=True)
print(calls)
"""


def _killed_write(site: Path, mode: str, step: int, when: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    return subprocess.run(
        [sys.executable, "-c", KILLED_WRITE, str(site), mode, str(step), when],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _stale(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith((".site.new-", ".site.old-"))]


@pytest.mark.parametrize("mode", ["exchange", "portable"])
def test_a_kill_at_any_instant_of_the_swap_is_repaired(tmp_path: Path, mode: str) -> None:
    if mode == "exchange" and writer._RENAMEAT2 is None:
        pytest.skip("no renameat2 here")
    old_site, new_site = tree_of(tmp_path / "ref-old", OLD_PAGES), tree_of(tmp_path / "ref-new", NEW_PAGES)
    work = tmp_path / "work"
    work.mkdir()
    site = work / "site"

    def reset() -> None:
        for name in os.listdir(work):
            subprocess.run(["rm", "-rf", str(work / name)], check=True)
        for _ in range(2):  # the second write leaves a spare tree, recycled by the killed one
            write_site(OLD_PAGES, site, keep_spare=True)

    reset()
    done = _killed_write(site, mode, 99, "before")
    assert done.returncode == 0, done.stderr
    calls = int(done.stdout)
    assert calls == (2 if mode == "exchange" else 3) + 1  # spare -> staging, the swap, old -> spare
    points = [(0, "before")] + [(step, when) for step in range(1, calls + 1) for when in ("before", "after")]
    for step, when in points:
        reset()
        killed = _killed_write(site, mode, step, when)
        assert killed.returncode == -signal.SIGKILL, (step, when, killed.stderr)
        if mode == "exchange" or os.path.lexists(site):  # only two renames leave a moment without
            assert tree(site) in (old_site, new_site), (step, when)
        recover(site)
        assert tree(site) in (old_site, new_site), (step, when)
        assert _stale(work) == [], (step, when)
        write_site(NEW_PAGES, site, keep_spare=True)
        assert tree(site) == new_site, (step, when)
        assert sorted(os.listdir(work)) == [".site.spare", "site"], (step, when)


def tree_of(folder: Path, pages: list[Page]) -> dict[str, bytes]:
    write_site(pages, folder)
    return tree(folder)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: sources in src/, the editor files in content/, the theme in templates/."""
    return copy_project(tmp_path)


def _build(project: Path):
    return run_cli("build", "--source", "src", "--output", "site", cwd=project)


def test_the_next_build_restores_a_site_killed_between_the_renames(nlp: object, project: Path) -> None:
    assert_built(_build(project))
    (project / "site" / "index.html").write_text("vandalised")
    assert_built(_build(project))  # a real build: it leaves a spare tree
    assert (project / ".site.spare").is_dir()
    before = tree(project / "site")
    killed = _killed_write(project / "site", "portable", 2, "after")  # site -> .site.old-*, then killed
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (project / "site").exists() and _stale(project)
    assert_built(_build(project))
    assert tree(project / "site") == before
    assert _stale(project) == []


def _fail(code: int):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def _full_disk(path: str, mode: str = "r", *args: object, **kwargs: object) -> object:
    """`open`, but a file opened for writing fails its writes as on a full disk."""
    return _FullDisk() if "w" in mode else open(path, mode, *args, **kwargs)  # type: ignore[call-overload]


class _FullDisk:
    """A file handle whose writes fail as on a full disk."""

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *args: object) -> None:
        pass

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    "fault",
    ["no space on a page write", "read-only staging", "no permission for a folder", "busy swap"],
)
def test_a_failing_file_system_is_one_line_and_the_site_stays(
    nlp: object, project: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    assert_built(_build(project))
    assert_built(_build(project))
    first = sorted((project / "src").iterdir())[0]
    first.write_text(first.read_text() + "\n\nTokyo said more on Tuesday.\n")  # pages must be written
    before, names = tree(project / "site"), sorted(os.listdir(project))
    if fault == "no space on a page write":
        monkeypatch.setattr(writer, "open", _full_disk, raising=False)
    elif fault == "read-only staging":
        monkeypatch.setattr(writer.tempfile, "mkdtemp", _fail(errno.EROFS))
    elif fault == "no permission for a folder":
        monkeypatch.setattr(writer.os, "makedirs", _fail(errno.EACCES))
    else:
        monkeypatch.setattr(writer, "_exchange", _fail(errno.EBUSY))
    line = assert_refused(_build(project), "site")
    assert "cannot write the site" in line
    assert tree(project / "site") == before
    assert sorted(os.listdir(project)) == names  # no staging tree left (the spare may be used up)
    monkeypatch.undo()
    assert_built(_build(project))
    assert tree(project / "site") != before


def test_a_failing_cache_write_is_one_line_naming_the_cache(
    nlp: object, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import atomic

    assert_built(_build(project))
    before = tree(project / "site")
    first = sorted((project / "src").iterdir())[0]
    first.write_text(first.read_text() + "\n\nTokyo said more on Tuesday.\n")  # a new cache entry
    monkeypatch.setattr(atomic.tempfile, "mkstemp", _fail(errno.ENOSPC))
    assert_refused(_build(project), str(Path(".cache") / "briefing"))
    assert tree(project / "site") == before


def _holding_the_lock(site: Path) -> int:
    """Take the lock a running write of `site` holds; the open descriptor (close it to release)."""
    import fcntl

    fd = os.open(writer.lock_path(writer.site_target(site)), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_a_second_write_of_the_same_site_at_once_is_refused(tmp_path: Path) -> None:
    from generator.errors import BuildError

    site = tmp_path / "site"
    write_site(OLD_PAGES, site)
    before = tree(site)
    fd = _holding_the_lock(site)
    try:
        with pytest.raises(BuildError, match="another build"):
            write_site(NEW_PAGES, site)
    finally:
        os.close(fd)
    assert tree(site) == before and sorted(os.listdir(tmp_path)) == ["site"]  # no lock file beside it
    write_site(NEW_PAGES, site)
    assert tree(site) != before


def test_another_site_in_the_same_folder_is_written_meanwhile(tmp_path: Path) -> None:
    """The lock is the site's own: a build of `public/` is not held up by one writing `site/`."""
    site, public = tmp_path / "site", tmp_path / "public"
    write_site(OLD_PAGES, site)
    fd = _holding_the_lock(site)
    try:
        write_site(NEW_PAGES, public)
    finally:
        os.close(fd)
    assert tree(public) == tree_of(tmp_path / "ref", NEW_PAGES)
    assert writer.lock_path(site) != writer.lock_path(public)


@pytest.mark.parametrize("name", [".site.old-mybackup", ".site.new-notes", ".site.old-abcd1234"])
def test_a_user_folder_named_like_a_staging_tree_is_kept(nlp: object, project: Path, name: str) -> None:
    """Recovery removes only trees a write made (they hold the marker), whatever their name."""
    keep = project / name
    keep.mkdir()
    (keep / "notes.txt").write_text("mine\n")
    (project / ".site.new-file").write_text("a file, not a tree\n")
    before = tree(keep)
    assert_built(_build(project))
    assert_built(_build(project))
    assert tree(keep) == before
    assert (project / ".site.new-file").read_text() == "a file, not a tree\n"


def test_a_staging_tree_holds_the_marker_from_its_first_instant(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(OLD_PAGES, site)
    killed = _killed_write(site, "portable", 0, "before")  # killed while the pages are staged
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    [staged] = _stale(tmp_path)
    assert (tmp_path / staged / writer.MARKER).is_dir()
    recover(site)
    assert _stale(tmp_path) == [] and tree(site) == tree_of(tmp_path / "ref", OLD_PAGES)
