"""A merged storyline's old URL: its redirect page is valid HTML (vnu) and, served under a sub-path,
every link from it resolves (LinkChecker) and leads on to the storyline answering for it."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, build_site, free_port, serve
from .test_links import problems, run_linkchecker

pytestmark = pytest.mark.check

OLD = "2000-01-01-an-earlier-slug"


def test_a_redirect_page_is_valid_and_its_links_resolve_under_a_sub_path(
    vnu: list[str], linkchecker: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/digest/"
    output, state = tmp_path / "www" / "digest", tmp_path / "permalinks.json"
    config = tmp_path / "site.yaml"
    config.write_text(
        f"base_url: {base}\nsources: [{ROOT / 'seeds'}]\noutput: {output}\npermalinks: {state}\n"
        f"templates: {ROOT / 'templates'}\ncache_dir: {tmp_path / 'cache'}\n",
        encoding="utf-8",
    )
    build_site(output, config)
    data = json.loads(state.read_text(encoding="utf-8"))
    target = sorted(data["storylines"])[0]
    data["redirects"] = {OLD: target}  # as a merge leaves it
    state.write_text(json.dumps(data), encoding="utf-8")
    build_site(output, config)
    page = output / "storylines" / OLD / "index.html"
    assert f"url=../{target}/index.html" in page.read_text(encoding="utf-8")
    for name in ("feed.xml", "atom.xml", "feed.json"):  # every old feed URL answers with the new content
        assert (output / "storylines" / OLD / name).read_bytes() == (
            output / "storylines" / target / name
        ).read_bytes(), name
    result = subprocess.run([*vnu, "--errors-only", str(page)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout
    with serve(tmp_path / "www", port) as server:
        url = base + f"storylines/{OLD}/index.html"
        code, rows = run_linkchecker(linkchecker, tmp_path, [url], "^" + re.escape(server))
        for name in ("feed.xml", "atom.xml", "feed.json"):  # served, as a reader fetches them
            with urllib.request.urlopen(base + f"storylines/{OLD}/{name}", timeout=30) as answer:
                assert (
                    answer.status == 200
                    and answer.read() == (output / "storylines" / target / name).read_bytes()
                )
    assert code == 0 and not problems(rows), "broken links:\n" + "\n".join(problems(rows))
    reached = {r["url"] for r in rows if r["result"].startswith("200")}
    assert base + f"storylines/{target}/index.html" in reached
