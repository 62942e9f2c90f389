"""The search index: one Pagefind bundle per shard of the indexed pages, merged by the search page.

Pagefind has no incremental mode, and one run over the whole site grows with the archive. So the
pages search indexes (those marking their content with `data-pagefind-body`: articles, storylines,
actors) are split into shards of at most `search_shard_pages` pages (`shards.partition`: by family,
day and a hash, so an edit stays in its shard), each indexed into `pagefind/<shard>/`. A shard is
keyed by a digest of its pages' paths and bytes, the Pagefind version and the indexing code
(`pagefind.py`); a shard whose key the last build recorded (`incremental.bundles`) is linked from
the published site like any unchanged file, and only the others run Pagefind, in parallel.
`pagefind/bundles.js` lists the shards (the first is the primary bundle, the search page merges the
others); `pagefind/` holds the runtime once.

The reused bundles are pages for the writer; the rest runs on the staged site just before the
writer swaps it in (`SearchIndex.finish`), so the index is part of the same atomic write (a failed
Pagefind run leaves the published site as it was). Result URLs keep `index.html`, as every link of
the site does. Pagefind's output depends only on the pages, so same pages -> same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..config import SiteConfig
from ..errors import warn
from ..incremental.bundles import Bundle, SearchManifest, SearchState
from ..incremental.fingerprint import code_digest
from ..model import Page, SiteModel
from ..urls import article_url, storyline_url
from .pagefind import PRIMARY_EXTRAS, index_shard, languages, pagefind_binary, pagefind_version, write_runtime
from .shards import partition

__all__ = ["FOLDER", "SearchIndex", "SearchPlan", "pagefind_binary", "search_index", "search_plan"]

FOLDER = "pagefind"
LIST = f"{FOLDER}/bundles.js"
_MARK = b"data-pagefind-body"
_AFTER = frozenset(b" \t\n\r\f=/>")


def marked(content: bytes) -> bool:
    """Whether a page marks the content Pagefind indexes: `data-pagefind-body` as an attribute,
    inside a tag (not the words in a page's text)."""
    at = content.find(_MARK)
    while at > 0:
        end = at + len(_MARK)
        opened, closed = content.rfind(b"<", 0, at), content.rfind(b">", 0, at)
        inside = opened > closed and content[at - 1 : at].isspace()
        if inside and end < len(content) and content[end] in _AFTER:
            return True
        at = content.find(_MARK, end)
    return False


def page_days(model: SiteModel) -> dict[str, int]:
    """The day (ordinal) each dated page belongs to: an article's date, a storyline's first day."""
    days = {article_url(a.id): a.date.toordinal() for a in model.grouping.articles if a.date is not None}
    for storyline in model.grouping.storylines:
        if storyline.start is not None:
            days[storyline_url(storyline.slug)] = storyline.start.toordinal()
    return days


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def page_digest(page: Page, root: str, known: Mapping[str, tuple[str, bool]]) -> tuple[str, bool] | None:
    """An HTML page's (digest, marked) (None for any other file): from `known` for a page linked
    unchanged from the published site (at `root`), else from its bytes."""
    if not page.path.endswith(".html") or page.path.startswith(f"{FOLDER}/"):
        return None
    if page.source is not None and page.source == os.path.join(root, page.path) and page.path in known:
        return known[page.path]
    content = page.content if page.source is None else _read(page.source)
    return (_digest(content), marked(content))


def page_digests(
    pages: Iterable[Page], output: Path, known: Mapping[str, tuple[str, bool]]
) -> dict[str, tuple[str, bool]]:
    """Every HTML page's (digest, marked) (`page_digest`)."""
    found: dict[str, tuple[str, bool]] = {}
    root = os.fspath(output)
    for page in pages:
        digest = page_digest(page, root, known)
        if digest is not None:
            found[page.path] = digest
    return found


def shard_key(paths: Sequence[str], digests: Mapping[str, tuple[str, bool]], version: str) -> str:
    """A shard's key: its pages' paths and bytes (digests), the Pagefind version, the indexing code."""
    key = hashlib.blake2b(digest_size=16)
    key.update(f"{version}\0{code_digest(__name__ + '.pagefind')}\0".encode())
    for path in paths:
        key.update(f"{path}\0{digests[path][0]}\0".encode())
    return key.hexdigest()


def bundle_list(names: Sequence[str]) -> bytes:
    """`pagefind/bundles.js`: the shards' folder names, the primary first, for the search page."""
    listed = json.dumps(list(names), ensure_ascii=True)
    return (
        "// The search index's Pagefind bundles (pagefind/<name>/): the first is the primary one,\n"
        f"// the search page merges the others into it.\nwindow.briefingSearchBundles = {listed};\n"
    ).encode()


@dataclass
class SearchIndex:
    """A build's search index: `pages` go to the writer with the site's (the reused bundles'
    files, linked from the published site, and the list of bundles); `finish` runs Pagefind on the
    staged site for the shards that changed and adds the runtime (it returns the files it adds)."""

    binary: Path
    version: str
    output: Path
    shards: dict[str, tuple[str, ...]]  # name -> page paths
    keys: dict[str, str]  # name -> key
    stale: list[str]  # shard names to index
    reused: dict[str, Bundle]  # name -> published bundle
    state: SearchState
    manifest: SearchManifest | None
    published: Mapping[str, Sequence[int]]
    pages: list[Page] = field(default_factory=list)
    workers: int = 2

    def finish(self, staging: Path) -> list[str]:
        added: list[str] = []
        wasm: set[str] = set()
        for name, bundle in self.reused.items():
            self.state.bundles[self.keys[name]] = Bundle(f"{FOLDER}/{name}", bundle.files, bundle.languages)
            wasm.update(bundle.languages)
        jobs = [(name, staging / FOLDER / name) for name in self.stale]
        with ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(jobs)))) as pool:
            runs = pool.map(lambda job: index_shard(self.binary, staging, self.shards[job[0]], job[1]), jobs)
            for (name, out), files in zip(jobs, runs, strict=True):
                found = languages(out)
                wasm.update(found)
                self.state.bundles[self.keys[name]] = Bundle(f"{FOLDER}/{name}", tuple(files), found)
                added.extend(f"{FOLDER}/{name}/{rel}" for rel in files)
        added.extend(self._runtime(staging, sorted(wasm)))
        if self.manifest is not None:
            self.manifest.stage(self.state)
        return sorted(added)

    def _runtime(self, staging: Path, wasm: list[str]) -> list[str]:
        """The runtime at `pagefind/` (linked from the published site when its key is unchanged),
        and the files the primary bundle's folder needs besides its index."""
        root = staging / FOLDER
        key = hashlib.blake2b(f"runtime\0{self.version}\0{wasm}".encode(), digest_size=16).hexdigest()
        published = (
            self.manifest.bundle(key, self.output, self.published) if self.manifest is not None else None
        )
        if published is not None:
            root.mkdir(parents=True, exist_ok=True)
            for rel in published.files:
                os.link(self.output / FOLDER / rel, root / rel)
            files = list(published.files)
        else:
            files = write_runtime(self.binary, wasm, root)
        self.state.bundles[key] = Bundle(FOLDER, tuple(files), tuple(wasm))
        added = [f"{FOLDER}/{rel}" for rel in files]
        if self.shards:
            primary = root / next(iter(self.shards))
            for rel in files:
                if rel in PRIMARY_EXTRAS or (rel.startswith("wasm.") and rel.endswith(".pagefind")):
                    os.link(root / rel, primary / rel)
                    added.append(f"{FOLDER}/{primary.name}/{rel}")
        return added


@dataclass
class SearchPlan:
    """The search step of a build whose pages stream to the writer: `watch` takes each page's
    digest as it goes by (only the digests are kept), then `index` gives the `SearchIndex`."""

    binary: Path
    version: str
    output: Path
    manifest: SearchManifest | None
    published: Mapping[str, Sequence[int]]
    known: Mapping[str, tuple[str, bool]]
    digests: dict[str, tuple[str, bool]] = field(default_factory=dict)

    def watch(self, pages: Iterable[Page]) -> Iterator[Page]:
        """`pages`, unchanged, each HTML page's digest recorded as it passes."""
        root = os.fspath(self.output)
        for page in pages:
            digest = page_digest(page, root, self.known)
            if digest is not None:
                self.digests[page.path] = digest
            yield page

    def index(self, config: SiteConfig, model: SiteModel) -> SearchIndex:
        """The index of the pages watched: its shards, which are reused, and its pages."""
        digests = dict(sorted(self.digests.items()))  # as if the pages had come sorted by path
        indexed = [path for path, (_, mark) in digests.items() if mark] or list(digests)  # none marked: all
        days = page_days(model)
        shards = partition({path: days.get(path) for path in indexed}, config.search_shard_pages)
        keys = {name: shard_key(paths, digests, self.version) for name, paths in shards.items()}
        output, manifest, published = self.output, self.manifest, self.published
        index = SearchIndex(
            self.binary,
            self.version,
            output,
            shards,
            keys,
            [],
            {},
            SearchState(pages=digests),
            manifest,
            published,
            workers=os.cpu_count() or 1,
        )
        for name, key in keys.items():
            bundle = manifest.bundle(key, output, published) if manifest is not None else None
            if bundle is None:
                index.stale.append(name)
                continue
            index.reused[name] = bundle
            for rel in bundle.files:
                source = os.path.join(output, bundle.folder, rel)
                index.pages.append(Page(f"{FOLDER}/{name}/{rel}", b"", source))
        index.pages.append(Page(LIST, bundle_list(list(shards))))
        return index


def search_plan(
    config: SiteConfig,
    output: Path,
    manifest: SearchManifest | None,
    published: Mapping[str, Sequence[int]],
) -> SearchPlan | None:
    """The search step of a build into `output`, or None when `search` is off or, with one
    warning, when Pagefind is not installed (the site is built without an index)."""
    if not config.search:
        return None
    binary = pagefind_binary()
    if binary is None:
        warn(
            "search", "pagefind is not installed (pip install 'pagefind[bin]'); the site has no search index"
        )
        return None
    output = Path(output)
    known = manifest.pages(output, published) if manifest is not None else {}
    return SearchPlan(binary, pagefind_version(binary), output, manifest, published, known)


def search_index(
    config: SiteConfig,
    model: SiteModel,
    pages: Iterable[Page],
    output: Path,
    manifest: SearchManifest | None,
    published: Mapping[str, Sequence[int]],
) -> SearchIndex | None:
    """What the writer needs for this build's search index over `pages` (`search_plan`, every
    page watched at once), or None when `search` is off or Pagefind is not installed."""
    plan = search_plan(config, output, manifest, published)
    if plan is None:
        return None
    for _ in plan.watch(pages):
        pass
    return plan.index(config, model)
