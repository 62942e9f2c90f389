"""What the last build knew of its search index (`SearchManifest`, `cache_dir/search.bin`).

Like the render manifest, every entry is trusted only while the published file it describes has
the [size, mtime_ns, inode] recorded for it (the writer hard-links unchanged files, so an
unchanged page keeps its stat): each HTML page's digest and whether search indexes it, so an
unchanged page is never read again; each shard bundle by its key (a digest of its pages' paths
and bytes, the Pagefind version and the indexing code) with its files, so a shard whose pages are
unchanged is linked from the published site instead of being indexed again; and the Pagefind
runtime by its key. The search step (`generator.search`) stages what this build has and the
writer's snapshot of the new site completes it in `record`.
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_atomic
from ..errors import warn

Stat = Sequence[int]


@dataclass
class Bundle:
    """One Pagefind bundle as the site holds it: its folder and files (relative to the folder),
    and the wasm names of the languages its pages are in."""

    folder: str
    files: tuple[str, ...]
    languages: tuple[str, ...] = ()


@dataclass
class SearchState:
    """What one build stages for the next: page path -> (digest, indexed), bundle key -> bundle
    (the shards' bundles and the Pagefind runtime's)."""

    pages: dict[str, tuple[str, bool]] = field(default_factory=dict)
    bundles: dict[str, Bundle] = field(default_factory=dict)


class SearchManifest:
    """The search index's entries of the last build, each valid while its published files are."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "search.bin"  # marshal: read in a tenth of the time of JSON
        self.staged: SearchState | None = None
        self._data: dict | None = None

    def _load(self, output: Path) -> dict:
        if self._data is None:
            try:
                data = marshal.loads(self.path.read_bytes())
                if not isinstance(data, dict) or data.get("output") != str(Path(output).resolve()):
                    data = {}
                for name in ("pages", "bundles"):
                    if not isinstance(data.get(name, {}), dict):
                        raise ValueError(name)
            except FileNotFoundError:
                data = {}
            except (OSError, ValueError, EOFError, TypeError):
                warn(str(self.path), "corrupt search manifest ignored; indexing every page")
                data = {}
            self._data = data
        return self._data

    def pages(self, output: Path, published: Mapping[str, Stat]) -> dict[str, tuple[str, bool]]:
        """Page path -> (digest, indexed) for recorded pages whose published file is as it was left."""
        found: dict[str, tuple[str, bool]] = {}
        try:
            for path, entry in self._load(output).get("pages", {}).items():
                if published.get(path) == entry[:3] and len(entry) == 5:
                    found[path] = (str(entry[3]), bool(entry[4]))
        except (TypeError, IndexError, AttributeError):
            warn(str(self.path), "corrupt search manifest ignored; indexing every page")
            return {}
        return found

    def bundle(self, key: str, output: Path, published: Mapping[str, Stat]) -> Bundle | None:
        """The published bundle recorded under `key`, if every one of its files is as it was left."""
        entry = self._load(output).get("bundles", {}).get(key)
        try:
            folder, files, languages = str(entry[0]), entry[1], tuple(str(x) for x in entry[2])
            for rel, stat in files.items():
                if published.get(f"{folder}/{rel}") != stat:
                    return None
            return Bundle(folder, tuple(sorted(files)), languages) if files else None
        except (IndexError, TypeError, AttributeError, KeyError):
            return None

    def stage(self, state: SearchState) -> None:
        """What this build's search step knows; written by `record` once the site is swapped in."""
        self.staged = state

    def record(self, output: Path, files: Mapping[str, Stat]) -> None:
        """Remember the staged state with the new site's stats (atomically); nothing staged: none."""
        if self.staged is None:
            return
        pages = {
            path: [*files[path], digest, int(indexed)]
            for path, (digest, indexed) in self.staged.pages.items()
            if path in files
        }
        bundles = {}
        for key, bundle in self.staged.bundles.items():
            where = {rel: f"{bundle.folder}/{rel}" for rel in bundle.files}
            stats = {rel: list(files[path]) for rel, path in where.items() if path in files}
            if len(stats) == len(bundle.files):
                bundles[key] = [bundle.folder, stats, list(bundle.languages)]
        data = {"output": str(Path(output).resolve()), "pages": pages, "bundles": bundles}
        write_atomic(self.path, marshal.dumps(data))

    def forget(self) -> None:
        """Drop the record (before the site is replaced; what was read of it stays usable)."""
        self.path.unlink(missing_ok=True)
