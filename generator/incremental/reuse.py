"""Everything one build reuses from the last, in one object (`Reuse`), so stages take it whole.

The cache folder holds the extraction cache (`extract/`), the read stage's record cache, one memo
file per stage (`memo/`), and three manifests: what the last build read and wrote (`build.json`),
which key each published page and the whole render were made from (`render.json`), and what the
search index's shards were built from (`search.json`). Without a cache (`--no-cache`) a `Reuse`
holds nothing and every stage computes everything.
"""

from __future__ import annotations

from pathlib import Path

from .bundles import SearchManifest
from .extractions import ExtractCache
from .manifests import BuildManifest, RenderManifest, snapshot
from .memo import StageMemo
from .prints import Prints


class Reuse:
    """What a build into `target` may reuse, kept in `cache_dir` (None: nothing is reused)."""

    def __init__(self, cache_dir: Path | None, target: Path) -> None:
        self.cache_dir = cache_dir
        self.target = target
        self.fingerprint = ""
        self.published: dict[str, list[int]] = {}  # the site as the last build left it (`snapshot`)
        self.keys: dict[str, str] | None = {} if cache_dir is not None else None  # page path -> key
        self._build = BuildManifest(cache_dir) if cache_dir is not None else None
        self._render = RenderManifest(cache_dir) if cache_dir is not None else None
        self._search = SearchManifest(cache_dir) if cache_dir is not None else None
        self._extractions: ExtractCache | None = None
        self._pages: dict[str, tuple[str, str]] = {}
        self._site = ""  # the last render's site key, when every page it made is intact
        self.site_key = ""  # this build's (asked of `site`), recorded with its pages
        self.prints = Prints()  # each article's fingerprint, taken once for every stage

    @property
    def on(self) -> bool:
        return self.cache_dir is not None

    def differs(self, fingerprint: str) -> bool:
        """Whether the last build read other inputs than those hashed to `fingerprint` (a quick,
        early look: spaCy starts loading when it may be needed)."""
        return self._build is None or self._build.fingerprint_differs(fingerprint)

    def unchanged(self, fingerprint: str) -> dict[str, int] | None:
        """The last build's counts if it read the same inputs and its site is as it left it;
        else None, and the published site is remembered for reusing its files."""
        if self._build is None or self._render is None:
            return None
        self.fingerprint = fingerprint
        self.published = snapshot(self.target)
        previous = self._build.unchanged(fingerprint, self.target, self.published)
        if previous is None:
            self._pages, self._site = self._render.reusable(self.target, self.published)
        return previous

    @property
    def extractions(self) -> ExtractCache | None:
        """The extraction cache (None without a cache folder)."""
        if self._extractions is None and self.cache_dir is not None:
            self._extractions = ExtractCache(self.cache_dir, pack=True)
        return self._extractions

    def release_extractions(self) -> None:
        """Once extract is done: the extraction cache's memory is freed (`ExtractCache.release`)
        and `extractions` cannot be used again in this build."""
        if self._extractions is not None:
            self._extractions.release()

    def memo(self, stage: str, module: str) -> StageMemo | None:
        """The memo of `stage`, trusted only by the code of `module` (None without a cache)."""
        return StageMemo(self.cache_dir, stage, module) if self.cache_dir is not None else None

    def page(self, path: str, key: str) -> str | None:
        """The published file of page `path` if it was rendered from `key` and is as it was left."""
        found = self._pages.get(path)
        return found[1] if found is not None and found[0] == key else None

    def site(self, digest: str) -> dict[str, tuple[str, str]] | None:
        """The last render's pages (path -> (key, published file)) if it was made under the site key
        `digest` and every page it made is as it was left; `digest` is this build's to record."""
        self.site_key = digest
        return dict(self._pages) if self._site and self._site == digest else None

    @property
    def search(self) -> SearchManifest | None:
        """The search index's manifest (None without a cache folder): read against `published`."""
        return self._search

    def forget(self) -> None:
        """Before the site is replaced: if the swap half-happens, the next build trusts nothing."""
        for manifest in (self._build, self._render, self._search):
            if manifest is not None:
                manifest.forget()

    def record(self, counts: dict[str, int], files: dict[str, list[int]] | None) -> None:
        """After a successful write: what this build read and wrote (`files`: the new site's
        snapshot, taken here when not given)."""
        if self._build is None or self._render is None:
            return
        files = files if files is not None else snapshot(self.target)
        self._build.record(self.fingerprint, self.target, counts, files)
        if self.keys is not None:
            self._render.record(self.target, self.keys, files, self.site_key)
        if self._search is not None:
            self._search.record(self.target, files)
