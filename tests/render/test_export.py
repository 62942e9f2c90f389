"""JSON export tests: the data/*.json files the render stage writes."""

from __future__ import annotations

import dataclasses
import json

from support import MODEL_CONFIG, make_model

from generator.model import Page
from generator.render import render_site
from generator.render.exports import dump_json, export_data


def export_pages() -> list[Page]:
    """The JSON exports of the site rendered from `make_model()`."""
    return [p for p in render_site(make_model(), MODEL_CONFIG) if p.path.startswith("data/")]


def load() -> dict[str, object]:
    return {p.path: json.loads(p.content) for p in export_pages()}


def test_files_and_format() -> None:
    pages = export_pages()
    names = ["data/actors.json", "data/articles.json", "data/places.json", "data/quotes.json"]
    names.append("data/storylines.json")
    assert sorted(p.path for p in pages) == names
    assert pages[2].content == b"[]\n"  # make_model names no places (test_places has some)
    for page in pages[:2] + pages[3:]:
        lines = page.content.decode("utf-8").split("\n")
        assert lines[0] == "[" and lines[-2:] == ["]", ""]
        records = [json.loads(line.rstrip(",")) for line in lines[1:-2]]  # one record a line
        assert records == json.loads(page.content) and all(isinstance(r, dict) for r in records)
    assert dump_json({"b": "’", "a": None}) == '{"a": null, "b": "’"}\n'.encode()
    assert dump_json([]) == b"[]\n"
    assert [p.content for p in export_pages()] == [p.content for p in pages]


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


def test_quotes_json() -> None:
    model = make_model()
    quotes = load()["data/quotes.json"]
    assert isinstance(quotes, list) and len(quotes) == len(model.quotes)
    # one record per quotation, in the model's order, each naming its article's storyline
    assert [(r["article"], r["text"]) for r in quotes] == [(x.article, x.text) for x in model.quotes]
    assert all(r["storyline"] == model.grouping.storyline_of.get(r["article"]) for r in quotes)
    by_id = {r["id"]: r for r in quotes}
    kishi = by_id["002-774"]
    assert kishi == {
        "id": "002-774",
        "article": "002",
        "storyline": "kishi-austin-talks",
        "speaker": "Nobuo Kishi",
        "actor": "nobuo-kishi",
        "text": "a serious challenge to the international order",
    }
    assert by_id["002-2371"]["actor"] is None and by_id["002-2371"]["speaker"] == "the Japanese ministry"
    assert [r["id"] for r in quotes] == sorted(by_id, key=lambda i: (i.split("-")[0], int(i.split("-")[1])))


def test_quotes_json_names_only_published_articles_and_actors() -> None:
    model = make_model()
    kept = tuple(x for x in model.quotes if x.article != "004")  # 004's speaker: Kyodo News
    model = dataclasses.replace(
        model,
        articles=tuple(a for a in model.articles if a.id != "002"),
        actors=tuple(a for a in model.actors if a.slug != "lloyd-austin"),
        quotes=kept + tuple(dataclasses.replace(x, article="004") for x in kept if x.article == "002"),
    )
    records = dict(export_data(model))["data/quotes.json"]
    assert records and not any(r["article"] == "002" for r in records)
    assert {r["actor"] for r in records} == {"nobuo-kishi", None}  # Austin's quotes kept, unnamed
    assert sum(r["speaker"] == "Lloyd Austin" for r in records) == 1


def test_dump_json_round_trips_and_is_deterministic() -> None:
    import random

    rnd = random.Random(5)

    def value(depth: int) -> object:
        kind = rnd.randrange(6 if depth < 4 else 3)
        if kind == 0:
            return rnd.choice([None, True, False, 0, -7, 10**20, 1.5])
        if kind in (1, 2):
            return "".join(rnd.choice('ab"\\\n\t\x01é€😀 \u2028') for _ in range(rnd.randrange(6)))
        if kind == 3:
            return [value(depth + 1) for _ in range(rnd.randrange(4))]
        if kind == 4:
            return {"".join(rnd.choice('abc"é\n') for _ in range(3)): value(depth + 1) for _ in range(4)}
        return [value(depth + 1) for _ in range(rnd.randrange(3))]

    for _ in range(3000):
        data = [value(1) for _ in range(rnd.randrange(4))] if rnd.random() < 0.5 else value(0)
        encoded = dump_json(data)
        assert json.loads(encoded) == data and encoded.endswith(b"\n")
        lines = encoded.decode("utf-8").splitlines()  # splits at U+2028 too: none may be left raw
        assert len(lines) == (len(data) + 2 if isinstance(data, list) and data else 1)
        shuffled = json.loads(encoded, object_pairs_hook=lambda pairs: dict(reversed(pairs)))
        assert dump_json(shuffled) == encoded  # key order does not matter
