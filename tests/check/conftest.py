"""Fixtures for `make check`: built sites, independent tools, a local HTTP server and a real browser.

The tools are installed by scripts/install-check-tools.sh (`make check` runs it first). A tool that
is missing makes its tests FAIL with a plain message: these checks are never skipped.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BRIEFING = BIN / "briefing"
HOSTILE = Path(__file__).resolve().parent / "hostile"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"
INSTALL_HINT = "run `bash scripts/install-check-tools.sh` (or `make check`)"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOSTILE_CONFIG = """\
title: 'Hostile <script>alert("title")</script> & "quotes" \u202e'
description: 'A test site whose description has "><img src=x onerror=alert(1)> in it'
base_url: {base_url}
language: en
templates: {templates}
actors_file: {tmp}/no-such-actors.yaml
storylines_file: {tmp}/no-such-storylines.yaml
overrides: {tmp}/no-such-overrides.yaml
about: {tmp}/no-such-about.md
cache_dir: {tmp}/cache
storylines_per_page: 2  # small pages, so the checks see a paginated index
actors_per_page: 1  # and an actors index split by initial
"""


@dataclass(frozen=True)
class Site:
    """A built site: its folder and the base URL it was built for."""

    path: Path
    base_url: str

    def html_pages(self) -> list[str]:
        """Site paths of every HTML page, e.g. 'articles/x/index.html'."""
        return sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*.html"))

    def feeds(self) -> list[str]:
        """Site paths of every feed file: RSS (feed.xml), Atom (atom.xml) and JSON Feed (feed.json)."""
        names = ("feed.xml", "atom.xml", "feed.json")
        return sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.name in names)


def build_site(output: Path, config: Path, *extra: str) -> None:
    """Run the real CLI, as a user would; a failed build fails the test with its output."""
    result = subprocess.run(
        [str(BRIEFING), "build", "--output", str(output), "--config", str(config), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"briefing build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # Tells LinkChecker that this server accepts any request rate (its opt-in header).
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@contextlib.contextmanager
def serve(folder: Path, port: int | None = None) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 from a thread; yields 'http://127.0.0.1:PORT/'."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port or 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The bundled example (seeds + content/), built once per session with the real CLI."""
    tmp = tmp_path_factory.mktemp("seed-site")
    build_site(tmp / "site", ROOT / "content" / "site.yaml", "--cache-dir", str(tmp / "cache"))
    return Site(tmp / "site", "http://127.0.0.1:8000/")


@pytest.fixture(scope="session")
def served_seed_site(seed_site: Site) -> Iterator[str]:
    """The seed site served at the root of a local server."""
    with serve(seed_site.path) as url:
        yield url


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    """The seeds built for, and served under, /digest/ (base_url on the same server, so canonical
    and feed links are internal too). Yields the site and the server's root URL."""
    tmp = tmp_path_factory.mktemp("subpath-site")
    port = free_port()
    base = f"http://127.0.0.1:{port}/digest/"
    build_site(
        tmp / "www" / "digest",
        ROOT / "content" / "site.yaml",
        "--cache-dir",
        str(tmp / "cache"),
        "--base-url",
        base,
    )
    with serve(tmp / "www", port) as url:
        yield Site(tmp / "www" / "digest", base), url


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The hostile corpus built with a config whose actors/storylines/overrides files do not exist."""
    tmp = tmp_path_factory.mktemp("hostile-site")
    base = "http://127.0.0.1:8000/hostile/"
    config = tmp / "site.yaml"
    config.write_text(
        HOSTILE_CONFIG.format(base_url=base, templates=ROOT / "templates", tmp=tmp), encoding="utf-8"
    )
    build_site(tmp / "site", config, "--source", str(HOSTILE))
    return Site(tmp / "site", base)


@pytest.fixture(scope="session")
def served_hostile_site(hostile_site: Site) -> Iterator[str]:
    with serve(hostile_site.path) as url:
        yield url


# --- tools -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The Nu HTML Checker command (java -jar vnu.jar)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java is not installed (needed by the Nu HTML Checker): {INSTALL_HINT}")
    if not VNU_JAR.is_file():
        pytest.fail(f"the Nu HTML Checker is not installed ({VNU_JAR} missing): {INSTALL_HINT}")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def linkchecker() -> str:
    exe = BIN / "linkchecker"
    if not exe.is_file():
        pytest.fail(f"LinkChecker is not installed ({exe} missing): {INSTALL_HINT}")
    return str(exe)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is not installed ({CHROMIUM} missing): {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Playwright for Python is not installed: {INSTALL_HINT}")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe() -> object:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.fail(f"axe-playwright-python is not installed: {INSTALL_HINT}")
    return Axe()


# --- browser pages ----------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Visit:
    """What happened while one page loaded."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"dialog: {d}" for d in self.dialogs]
            + [f"console error: {c}" for c in self.console_errors]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"request: {r}" for r in self.bad_requests]
        )


@pytest.fixture
def open_page(browser) -> Iterator:
    """open_page(url, viewport) -> (page, Visit): a fresh context that only reaches 127.0.0.1."""
    contexts = []

    def _open(url: str, viewport: dict[str, int] = PHONE):
        context = browser.new_context(viewport=viewport, java_script_enabled=True)
        contexts.append(context)
        visit = Visit()

        def route(r) -> None:
            if re.match(r"^http://127\.0\.0\.1:\d+/", r.request.url):
                r.continue_()
            else:
                visit.bad_requests.append(f"outside request blocked: {r.request.url[:200]}")
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda d: (visit.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on(
            "response",
            lambda r: r.status >= 400 and visit.bad_requests.append(f"{r.status} {r.url}"),
        )
        page.on("requestfailed", lambda r: visit.bad_requests.append(f"failed {r.url[:200]}"))
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        page.wait_for_timeout(100)  # let any deferred handler (there should be none) fire
        return page, visit

    yield _open
    for context in contexts:
        context.close()


def overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 = no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def serious_violations(axe, page) -> list[str]:
    """The serious and critical axe-core violations on `page`, one line each."""
    result = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
