"""`bench/actor_pages.py`: the most-mentioned actor pages of a built site, their contexts, and a
score against a verdict file (on the bundled example, built once for the suite)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _tool():
    spec = importlib.util.spec_from_file_location("bench_actor_pages", BENCH / "actor_pages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_actor_pages", module)
    spec.loader.exec_module(module)
    return module


tool = _tool()


def _exported(site: Path) -> list[dict]:
    return json.loads((site / "data" / "actors.json").read_text(encoding="utf-8"))


def test_pages_are_ordered_as_the_eval_orders_them(seeds_site: Path) -> None:
    every = tool.pages(seeds_site)
    exported = _exported(seeds_site)
    assert len(every) == len(exported)
    expected = sorted(exported, key=lambda a: (-len(a["articles"]), a["name"]))
    assert [p.slug for p in every] == [a["slug"] for a in expected]
    assert len(every[0].articles) >= len(every[-1].articles)


def test_each_top_page_shows_a_marked_mention_from_its_articles(seeds_site: Path, capsys) -> None:
    top = tool.pages(seeds_site)[:5]
    assert tool.main([str(seeds_site), "--top", "5", "--samples", "2"]) == 0
    printed = capsys.readouterr().out
    for rank, page in enumerate(top, 1):
        block = printed.split(f"{rank:3}. {page.name}  [", 1)[1].split(f"{rank + 1:3}. ", 1)[0]
        assert f"{page.kind}, {len(page.articles)} articles]" in block
        contexts = [line for line in block.splitlines() if line.startswith("     - ")]
        assert len(contexts) == min(2, len(page.articles))
        forms = {page.name, *page.aliases}
        # every context marks a form of the page's name found in that article's own page
        for line in contexts:
            marked = line.split("[[", 1)[1].split("]]", 1)[0]
            assert marked in forms


def test_a_page_in_full_lists_every_article_with_its_mentions(seeds_site: Path, capsys) -> None:
    page = tool.pages(seeds_site)[0]
    assert tool.main([str(seeds_site), "--page", page.slug, "--mentions", "1"]) == 0
    printed = capsys.readouterr().out
    listed = [line.split(":", 1)[0].strip("* ") for line in printed.splitlines() if line.startswith("   * ")]
    assert listed == list(page.articles)
    with pytest.raises(SystemExit, match="no actor page with the slug 'no-such-page'"):
        tool.main([str(seeds_site), "--page", "no-such-page"])


def test_verdicts_score_the_top_pages_and_name_the_unjudged(seeds_site: Path, tmp_path: Path, capsys) -> None:
    first, second, third, *rest = tool.pages(seeds_site)[:10]
    verdicts = {
        first.name: {"verdict": "ok", "kind": first.kind},
        second.name.upper(): {"verdict": "junk", "reason": "outlet", "why": "a credit line"},  # case folded
        third.name: {"verdict": "duplicate", "same_as": first.name, "why": "same actor"},
    }
    path = tmp_path / "verdicts.yaml"
    path.write_text(yaml.safe_dump(verdicts, allow_unicode=True), encoding="utf-8")
    assert tool.main([str(seeds_site), "--top", "10", "--verdicts", str(path)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"actor pages: top 10, 1 right, 2 wrong, {len(rest)} unjudged")
    assert f"  wrong  {second.label}: junk/outlet — a credit line" in printed
    assert f"  wrong  {third.label}: duplicate of {first.name} — same actor" in printed
    assert [line for line in printed if line.startswith("  unjudged")] == [
        f"  unjudged  {p.label}" for p in rest
    ]
    # the skeleton of the unjudged pages is a verdict file of the same shape, ready to fill in
    assert tool.main([str(seeds_site), "--top", "10", "--verdicts", str(path), "--skeleton"]) == 0
    skeleton = yaml.safe_load(capsys.readouterr().out)
    assert list(skeleton) == [p.name for p in rest]
    assert all(skeleton[p.name]["n"] == len(p.articles) and skeleton[p.name]["slug"] == p.slug for p in rest)


def test_names_fold_typographic_quotes_and_case_as_the_eval_does() -> None:
    assert tool.fold("Sheriff\u2019s  Office") == tool.fold("sheriff's office")
    verdicts = {"Za'nilah Canty": {"verdict": "ok"}}
    page = tool.Page("Za\u2019nilah Canty", "za-nilah-canty", "person", ("a",), ())
    assert tool.score([page], verdicts).right == [page]


def test_a_broken_verdict_file_is_one_line_naming_it(seeds_site: Path, tmp_path: Path) -> None:
    path = tmp_path / "verdicts.yaml"
    path.write_text("FBI: [unclosed\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=rf"^{path}: cannot read the verdicts"):
        tool.main([str(seeds_site), "--verdicts", str(path)])
    path.write_text("- a list, not a mapping\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a mapping from page names to verdicts"):
        tool.main([str(seeds_site), "--verdicts", str(path)])
    with pytest.raises(SystemExit, match="cannot read the actor data"):
        tool.main([str(tmp_path), "--top", "3"])
