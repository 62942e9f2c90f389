"""`briefing serve`: build, serve the site on 127.0.0.1, rebuild when a source, content file or
template changes, and reload the open pages.

Only pages served here get the reload script (`RELOAD_SCRIPT`, injected into HTML responses):
it polls `/__briefing/version` and reloads when a rebuild succeeded, or shows the build error
over the page; the built site never holds it. A failed build leaves the last good site being
served. A missing path gets the site's `404.html`.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .config import ExtractConfig, SiteConfig
from .errors import BuildError
from .extract import Annotator, start_annotator
from .extract.annotate import Plain
from .theme import packaged_theme

VERSION_PATH = "/__briefing/version"
RELOAD_SCRIPT = b"""<script>/* briefing serve: live reload (only while serving, never in the built site) */
(function () {
  var seen = null;
  function show(error) {
    var box = document.getElementById("briefing-build-error");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "briefing-build-error";
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;padding:1em;z-index:99999;" +
        "background:#7a0000;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed (the last good site is shown):\\n" + error;
  }
  function poll() {
    fetch("/__briefing/version", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen !== null && state.version !== seen && !state.error) { location.reload(); return; }
        seen = state.version;
        show(state.error);
      }).catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>
"""


class WarmSpacy:
    """One spaCy worker kept loaded across the preview's rebuilds (a new one when the extract
    settings change or the worker died): a new article does not wait for spaCy to load again.
    Called as a build's `annotators`; `shutdown()` stops the worker."""

    def __init__(self) -> None:
        self._annotator: Annotator | None = None
        self._config: ExtractConfig | None = None

    def __call__(self, config: ExtractConfig) -> Annotator | None:
        if self._annotator is None or self._config != config or not self._annotator.alive():
            self.shutdown()
            self._annotator, self._config = start_annotator(config), config
        return _Kept(self._annotator) if self._annotator is not None else None

    def shutdown(self) -> None:
        if self._annotator is not None:
            self._annotator.close()
        self._annotator = None


class _Kept:
    """An Annotator whose `close()` (at the end of each build) leaves the workers running."""

    def __init__(self, annotator: Annotator) -> None:
        self._annotator = annotator
        self.processes = annotator.processes

    def annotate(self, texts: Sequence[str], batch_size: int) -> Iterator[Plain]:
        return self._annotator.annotate(texts, batch_size)

    def close(self) -> None:
        pass


def inject_reload(html: bytes) -> bytes:
    """`html` with the reload script before its last `</body>` (appended when there is none)."""
    at = html.lower().rfind(b"</body>")
    return html[:at] + RELOAD_SCRIPT + html[at:] if at >= 0 else html + RELOAD_SCRIPT


class Preview:
    """The preview: `start()` builds, serves on 127.0.0.1:`port` (0: a free port) and watches;
    `rebuild()` builds again; `stop()` ends both. `load` reads the configuration (again on every
    build, so site.yaml edits count); `run_build(config)` builds and returns the summary line
    (with `spacy` as the build's `annotators`, the spaCy worker stays loaded between builds)."""

    def __init__(
        self,
        load: Callable[[], SiteConfig],
        run_build: Callable[[SiteConfig], str],
        port: int = 8000,
        echo: Callable[[str], None] = print,
        extra_paths: Iterable[Path] = (),
        spacy: WarmSpacy | None = None,
    ) -> None:
        self.load, self.run_build, self.echo = load, run_build, echo
        self.config = load()
        self.folder = self.config.path(self.config.output)
        self.extra_paths = list(extra_paths)
        self.version = 0
        self.error: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.spacy = spacy or WarmSpacy()  # stopped with the preview
        self.watching = threading.Event()  # set once the watcher runs (changes from then on count)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def rebuild(self) -> bool:
        """Build once; print one line with the time (the summary, or the error); True on success."""
        started = time.strftime("%H:%M:%S")
        try:
            config = self.load()
            summary = self.run_build(config)
        except BuildError as exc:
            with self._lock:
                self.error, self.version = str(exc), self.version + 1
            self.echo(f"[{started}] Error: {exc} (still serving the last good site)")
            return False
        with self._lock:
            self.config, self.error, self.version = config, None, self.version + 1
        self.echo(f"[{started}] {summary}")
        return True

    def state(self) -> dict[str, object]:
        with self._lock:
            return {"version": self.version, "error": self.error}

    def start(self) -> None:
        """Build, then serve and watch (returns once the watcher runs; a change made while the
        first build ran triggers a rebuild then)."""
        started = time.time()
        self.rebuild()
        for target in (self.server.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        self.watching.wait(timeout=30)
        if self._changed_since(started):
            self.rebuild()

    def _changed_since(self, moment: float) -> bool:
        ignored = self._ignored()
        for folder in self.watched():
            for path in folder.rglob("*"):
                if any(path.is_relative_to(p) for p in ignored):
                    continue
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime >= moment:
                        return True
        return False

    def stop(self) -> None:
        self._stop.set()
        self.spacy.shutdown()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def watched(self) -> list[Path]:
        """The folders a change in which rebuilds: sources, the editor files' folders, templates."""
        c = self.config
        paths = [c.path(s) for s in c.sources]
        for name in (c.overrides, c.actors_file, c.storylines_file, c.about):
            paths.append(c.path(name).parent)
        paths += [c.path(c.templates), packaged_theme(), *self.extra_paths]
        found: dict[Path, None] = {}
        for path in paths:
            path = path if path.is_dir() else path.parent
            if path.is_dir():
                found[path.resolve()] = None
        return list(found)

    def _ignored(self) -> list[Path]:
        """What the build itself writes: the site, its spare tree, the cache and the permalink state
        (a change there is no editor's, and must not start another build)."""
        c = self.config
        site = c.path(c.output).resolve()
        ignored = [site, site.parent / ".site.spare", c.path(c.cache_dir).resolve()]
        return ignored + ([c.path(c.permalinks).resolve()] if c.permalinks else [])

    def _watch(self) -> None:
        import watchfiles

        ignored = self._ignored()

        class Sources(watchfiles.DefaultFilter):
            def __call__(self, change: watchfiles.Change, path: str) -> bool:
                resolved = Path(path).resolve()
                inside = any(resolved == p or resolved.is_relative_to(p) for p in ignored)
                return not inside and super().__call__(change, path)

        for changes in watchfiles.watch(
            *self.watched(),
            watch_filter=Sources(),
            stop_event=self._stop,
            debounce=200,
            step=50,
            rust_timeout=200,
            yield_on_timeout=True,  # an empty set: the watcher is running
        ):
            self.watching.set()
            if self._stop.is_set():
                return
            if changes:
                self.rebuild()

    def _handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        preview = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
                super().__init__(*args, directory=str(preview.folder), **kwargs)

            def log_message(self, format: str, *args: object) -> None:
                pass  # one line per rebuild, not per request

            def do_GET(self) -> None:
                self._respond(send_body=True)

            def do_HEAD(self) -> None:
                self._respond(send_body=False)

            def _respond(self, send_body: bool) -> None:
                path = unquote(urlsplit(self.path).path)
                if path == VERSION_PATH:
                    self._send(200, "application/json", json.dumps(preview.state()).encode(), send_body)
                    return
                local = Path(self.translate_path(self.path))
                if local.is_dir():
                    if not path.endswith("/"):
                        self.send_response(301)
                        self.send_header("Location", path + "/")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    local = local / "index.html"
                status = 200
                if not local.is_file():
                    local, status = preview.folder / "404.html", 404
                try:
                    data = local.read_bytes()
                except OSError:  # no site yet, or the site is being swapped
                    message = html.escape(preview.error or "no site yet")
                    data = f"<!doctype html><title>Not found</title><pre>{message}</pre>".encode()
                    local = Path("404.html")
                kind = self.guess_type(str(local))
                if kind == "text/html":
                    data = inject_reload(data)
                self._send(status, kind, data, send_body)

            def _send(self, status: int, kind: str, data: bytes, send_body: bool) -> None:
                self.send_response(status)
                self.send_header(
                    "Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind
                )
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if send_body:
                    self.wfile.write(data)

        return Handler
