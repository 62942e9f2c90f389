"""JSON export tests."""

from __future__ import annotations

import json

from generator.export import dump_json, export_pages

try:
    from .test_render import make_model
except ImportError:  # tests/ is not a package
    from test_render import make_model


def load() -> dict[str, object]:
    return {p.path: json.loads(p.content) for p in export_pages(make_model())}


def test_files_and_format() -> None:
    pages = export_pages(make_model())
    assert [p.path for p in pages] == ["data/articles.json", "data/storylines.json", "data/actors.json"]
    for page in pages:
        text = page.content.decode("utf-8")
        assert text.endswith("}\n]\n") and '\n  {\n    "' in text
    assert dump_json({"b": "’", "a": None}) == '{\n  "a": null,\n  "b": "’"\n}\n'.encode()
    assert [p.content for p in export_pages(make_model())] == [p.content for p in pages]


def test_articles_json() -> None:
    articles = load()["data/articles.json"]
    assert isinstance(articles, list)
    keys = {
        "id",
        "title",
        "date",
        "date_source",
        "author",
        "source",
        "storyline",
        "duplicate_of",
        "actors",
        "url",
    }
    assert all(set(a) == keys for a in articles)
    by_id = {a["id"]: a for a in articles}
    assert by_id["001"]["duplicate_of"] == "000" and by_id["000"]["duplicate_of"] is None
    assert by_id["000"]["date"] == "2022-04-21" and by_id["005"]["date"] is None
    assert by_id["000"]["storyline"] == "kishi-austin-talks" and by_id["005"]["storyline"] is None
    assert "nobuo-kishi" in by_id["000"]["actors"]
    assert by_id["005"]["title"] == "<script>alert(1)</script>"


def test_storylines_and_actors_json() -> None:
    data = load()
    stories = {s["slug"]: s for s in data["data/storylines.json"]}
    story = stories["kishi-austin-talks"]
    assert set(story) == {"slug", "title", "articles", "actors", "start", "end", "summary"}
    assert story["articles"] == ["000", "001", "002"] and story["start"] == "2022-04-21"
    assert story["end"] == "2022-05-04" and len(story["summary"]) == 2
    actors = {a["slug"]: a for a in data["data/actors.json"]}
    assert set(actors["lloyd-austin"]) == {"slug", "name", "kind", "aliases", "roles", "articles"}
    assert actors["lloyd-austin"]["kind"] == "person" and actors["united-states"]["aliases"] == ["U.S.", "US"]


def test_dump_json_is_byte_identical_to_json_dumps() -> None:
    import random

    rnd = random.Random(5)

    def value(depth: int) -> object:
        kind = rnd.randrange(7 if depth < 4 else 4)
        if kind == 0:
            return rnd.choice([None, True, False, 0, -7, 10**20])
        if kind in (1, 2):
            return "".join(rnd.choice('ab"\\\n\t\x01é€😀 \u2028') for _ in range(rnd.randrange(6)))
        if kind == 3:
            return rnd.choice([1.5, float("nan"), {1: "int key"}])  # left to json.dumps
        if kind == 4:
            return [value(depth + 1) for _ in range(rnd.randrange(4))]
        if kind == 5:
            return {"".join(rnd.choice('abc"é') for _ in range(3)): value(depth + 1) for _ in range(4)}
        return tuple(value(depth + 1) for _ in range(rnd.randrange(3)))

    for _ in range(3000):
        data = value(0)
        expected = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        assert dump_json(data) == expected.encode("utf-8")
