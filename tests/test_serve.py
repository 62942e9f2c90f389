"""`briefing serve` on a free loopback port: it builds, serves the site with a reload script (never
written into the site), answers a missing path with the site's 404.html, rebuilds after a change
and shows a build error while the last good site stays served. Polls with a deadline, no sleeps."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import run_cli, tree

from generator.cli import make_preview
from generator.serve import RELOAD_SCRIPT, VERSION_PATH, Preview

DEADLINE = 60.0  # seconds a rebuild may take on a loaded machine


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for `condition`, polling, up to DEADLINE seconds."""
    end = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def preview(tmp_path: Path, nlp) -> Iterator[tuple[Preview, Path, list[str]]]:
    folder = tmp_path / "digest"
    assert run_cli("new", str(folder)).code == 0
    lines: list[str] = []
    server = make_preview(folder / "content/site.yaml", None, port=0)
    server.echo = lines.append
    server.start()
    try:
        yield server, folder, lines
    finally:
        server.stop()


def test_serve_rebuilds_and_reloads(preview: tuple[Preview, Path, list[str]]) -> None:
    server, folder, lines = preview
    assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith(":0/")
    assert len(lines) == 1 and "4 articles" in lines[0] and lines[0].startswith("[")
    status, home = fetch(server.url)
    assert status == 200 and RELOAD_SCRIPT.decode() in home
    status, missing = fetch(server.url + "no/such/page/")
    assert status == 404
    assert missing.startswith((folder / "site/404.html").read_text()[:40])
    version = json.loads(fetch(server.url + VERSION_PATH.lstrip("/"))[1])["version"]

    story = folder / "articles/ferry-strike.txt"
    story.write_text(story.read_text().replace("Ferry workers strike", "Ferry crews walk out"))
    page = server.url + "articles/ferry-strike/"
    until(lambda: "Ferry crews walk out" in fetch(page)[1], "the page to show the change")
    state = json.loads(fetch(server.url + VERSION_PATH.lstrip("/"))[1])
    assert state["version"] > version and state["error"] is None
    assert len(lines) >= 2 and "articles" in lines[-1]

    for content in tree(folder / "site").values():  # the built site never holds the script
        assert b"__briefing" not in content


def test_serve_shows_a_build_error_and_keeps_the_last_site(preview: tuple[Preview, Path, list[str]]) -> None:
    server, folder, lines = preview
    config = folder / "content/site.yaml"
    good = config.read_text()
    config.write_text(good + "language: klingon\n")
    version_url = server.url + VERSION_PATH.lstrip("/")
    until(lambda: json.loads(fetch(version_url)[1])["error"] is not None, "the error to be reported")
    error = json.loads(fetch(version_url)[1])["error"]
    assert "site.yaml" in error and "language" in error and "\n" not in error
    assert any(line.count("Error:") == 1 and "site.yaml" in line for line in lines)
    status, home = fetch(server.url)
    assert status == 200 and "Harbour Town Briefing" in home  # the last good site
    config.write_text(good)
    until(lambda: json.loads(fetch(version_url)[1])["error"] is None, "the next good build")


def test_serve_includes_drafts_marked(preview: tuple[Preview, Path, list[str]]) -> None:
    server, folder, _ = preview
    (folder / "content/overrides.yaml").write_text("ferry-talks:\n  draft: true\n")
    page = server.url + "articles/ferry-talks/"
    until(lambda: "Draft" in fetch(page)[1], "the draft label")
    assert fetch(page)[0] == 200


def test_serve_names_a_taken_port_and_a_bad_config_in_one_line(tmp_path: Path, nlp) -> None:
    import socket

    from support import assert_refused

    folder = tmp_path / "digest"
    assert run_cli("new", str(folder)).code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert_refused(run_cli("serve", "--port", str(port), cwd=folder), f"127.0.0.1:{port}")
    config = folder / "content/site.yaml"
    config.write_text(config.read_text() + "base_url: example.org/news\n")
    assert_refused(run_cli("serve", "--port", "0", cwd=folder), "site.yaml", "base_url")
    assert not (folder / "site").exists()


def test_warm_spacy_keeps_one_worker_until_the_settings_change(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import serve
    from generator.config import ExtractConfig

    class Worker:
        processes = 1

        def __init__(self) -> None:
            self.running = True

        def alive(self) -> bool:
            return self.running

        def close(self) -> None:
            self.running = False

    started: list[Worker] = []
    monkeypatch.setattr(serve, "start_annotator", lambda config: started.append(Worker()) or started[-1])
    warm = serve.WarmSpacy()
    first = warm(ExtractConfig())
    first.close()  # a build's close leaves it running
    warm(ExtractConfig())
    assert len(started) == 1 and started[0].running
    warm(ExtractConfig(batch_size=64))  # other settings: a new worker, the old one stopped
    assert len(started) == 2 and not started[0].running
    started[1].running = False  # it died
    warm(ExtractConfig(batch_size=64))
    assert len(started) == 3
    warm.shutdown()
    assert not started[2].running
