"""`briefing eval` on several labelled corpora: a block of scores for each, and the largest storyline."""

from __future__ import annotations

import json
from pathlib import Path

from support import assert_built, assert_refused, run_cli

from generator.evaluate import largest, most_mixed

# Two small corpora written for this test: a bridge closure and a school election, two reports each;
# and a fire with its follow-up plus a lone report.
ROADS = [
    (
        "r1",
        "2020-03-02",
        "bridge",
        "The Dayton Main Street bridge closed on Monday after inspectors found cracks.",
    ),
    (
        "r2",
        "2020-03-03",
        "bridge",
        "Inspectors who found cracks in the Main Street bridge in Dayton kept it closed.",
    ),
    ("r3", "2020-03-02", "board", "Salem voters elected Maria Lopez to the school board on Tuesday night."),
    ("r4", "2020-03-03", "board", "Maria Lopez, elected to the Salem school board, takes her seat in April."),
]
FIRES = [
    ("f1", "2019-07-10", "fire", "A fire destroyed the Harbor Mill warehouse in Bristol early Wednesday."),
    (
        "f2",
        "2019-07-11",
        "fire",
        "Investigators said the Harbor Mill warehouse fire in Bristol began in a dryer.",
    ),
    ("f3", "2019-07-20", "parade", "Thousands lined Elm Street in Keene for the summer parade on Saturday."),
]


def _corpus(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = [json.dumps({"id": i, "title": "", "text": t, "date": d, "story": s}) for i, d, s, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_scores_each_corpus_on_its_own(tmp_path: Path, nlp) -> None:
    roads = _corpus(tmp_path / "roads.jsonl", ROADS)
    fires = _corpus(tmp_path / "fires.jsonl", FIRES)
    (tmp_path / "site.yaml").write_text("title: t\n", encoding="utf-8")
    outcome = run_cli(
        "eval",
        "--gold",
        str(roads),
        "--gold",
        str(fires),
        "--config",
        str(tmp_path / "site.yaml"),
        "--cache-dir",
        str(tmp_path / "cache"),
    )
    assert_built(outcome)
    blocks = outcome.stdout.strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [f"{roads}:", f"{fires}:"]
    roads_lines, fires_lines = (b.splitlines() for b in blocks)
    assert roads_lines[1].startswith("all articles") and "(4 articles" in roads_lines[1]
    assert roads_lines[2].startswith("stories with >= 2") and "2 gold" in roads_lines[2]
    assert "(3 articles" in fires_lines[1] and "(2 articles" in fires_lines[2]  # the lone parade left out
    for lines in (roads_lines, fires_lines):
        assert lines[3].startswith("largest storyline") and lines[3].endswith("labelled stories")
        assert lines[4].startswith("most mixed storyline") and lines[4].endswith("labelled stories")


def test_eval_refuses_a_corpus_without_labels(tmp_path: Path, nlp) -> None:
    roads = _corpus(tmp_path / "roads.jsonl", ROADS)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "text": "No label here."}) + "\n", encoding="utf-8")
    outcome = run_cli(
        "eval", "--gold", str(roads), "--gold", str(bad), "--cache-dir", str(tmp_path / "cache")
    )
    assert_refused(outcome, str(bad))


def test_largest_storyline_counts_the_stories_it_mixes() -> None:
    items = [("a", "x"), ("b", "y"), ("c", "y"), ("d", "z"), ("e", "z")]
    found = largest(items, {"a": "one", "b": "one", "c": "one", "d": "two", "e": "two"})
    assert (found.articles, found.stories) == (3, 2)
    assert (largest(items, {}).articles, largest(items, {}).stories) == (1, 1)  # every article alone
    assert "3 articles, 2 labelled stories" in found.line()
    more = [*items, ("f", "w"), ("g", "v"), ("h", "u")]
    mixed = most_mixed(more, {"a": "one", "b": "one", "c": "one", "f": "3", "g": "3", "h": "3"})
    assert (mixed.articles, mixed.stories) == (3, 3)  # "3" mixes w, v and u; "one" only x and y
