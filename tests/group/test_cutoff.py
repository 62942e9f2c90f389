"""The group stage's early cutoff: a rebuild whose grouping inputs are unchanged reuses the last
grouping, and any change to what grouping reads gives what a full run gives, byte for byte.

Articles are a few hundred gva-dev texts when ../shared/eval holds them, else the seeds; their
annotations (sentence spans) and resolution (capitalised word pairs as people, the word after
"in" as a place) are made here, so no spaCy runs."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from generator.config import GroupingConfig, SiteConfig
from generator.group import causal, group, saved, storylines, summaries
from generator.group.causal import date_order
from generator.group.features import build_features
from generator.group.storylines import StorylineSettings
from generator.incremental import Reuse
from generator.model import Actor, Annotations, Article, Grouping
from generator.read import read_articles
from generator.resolve import Resolution

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"
EVAL_ARTICLES = 300
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_PAIR = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")
_PLACE = re.compile(r"\bin ([A-Z][a-z]{3,})\b")


def archive() -> list[Article]:
    """The articles of the tests: gva-dev's first few hundred if present, else the seeds."""
    config = SiteConfig(root=str(ROOT))
    if EVAL.is_file():
        found = read_articles(config, [EVAL], unique_ids=False)
        seen: set[str] = set()
        unique = [a for a in found if a.paragraphs and not (a.id in seen or seen.add(a.id))]
        return unique[:EVAL_ARTICLES]
    return read_articles(config, [ROOT / "seeds"])


def inputs(articles: Sequence[Article]) -> tuple[dict[str, Annotations], Resolution]:
    """Annotations (sentence spans, no mentions) and a resolution read off the texts."""
    annotations, article_actors, places, names = {}, {}, {}, {}
    for a in articles:
        text = a.text
        annotations[a.id] = Annotations(a.id, (), tuple(m.span() for m in _SENTENCE.finditer(text)))
        people = Counter(_PAIR.findall(text))
        slugs = [name.lower().replace(" ", "-") for name, _ in people.most_common(6)]
        names.update(zip(slugs, (name for name, _ in people.most_common(6)), strict=True))
        article_actors[a.id] = tuple(slugs)
        places[a.id] = tuple(dict.fromkeys(_PLACE.findall(text)))[:3]
    actors = tuple(Actor(slug, name, "person") for slug, name in sorted(names.items()))
    return annotations, Resolution(actors, article_actors, places)


def run(articles: Sequence[Article], cache: Path | None, config: GroupingConfig | None = None) -> Grouping:
    annotations, resolution = inputs(articles)
    reuse = Reuse(cache, cache / "site") if cache is not None else None
    return group(articles, annotations, resolution, config or GroupingConfig(), StorylineSettings(), reuse)


def same(found: Grouping, full: Grouping) -> None:
    """Equal groupings, dictionaries in the same order too (pages are written from them)."""
    assert found == full
    for name in ("storyline_of", "duplicate_of", "inferred_dates"):
        assert list(getattr(found, name).items()) == list(getattr(full, name).items())
    assert list(found.permalinks.storylines.items()) == list(full.permalinks.storylines.items())


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return archive()


@pytest.fixture(scope="module")
def many(articles) -> list[Article]:
    """The eval articles: enough for a warm-up and storylines of several reports."""
    if not EVAL.is_file():
        pytest.skip(f"{EVAL} is not here")
    return articles


def test_unchanged_inputs_reuse_the_last_grouping(articles, tmp_path, monkeypatch):
    full = run(articles, tmp_path)
    assert len(full.storylines) > 1

    monkeypatch.setattr(storylines, "first_pass", _fail)
    same(run(articles, tmp_path), full)
    same(run(articles, tmp_path), full)  # a hit keeps its entry for the next build


def _fail(*args, **kwargs):
    raise AssertionError("grouped again")


def _replace(articles: list[Article], index: int, **changes) -> list[Article]:
    return [dataclasses.replace(a, **changes) if i == index else a for i, a in enumerate(articles)]


def _edits(articles: list[Article]) -> dict[str, list[Article]]:
    """Archives changed at the start, middle and end of their date order."""
    by_date = [i for i in date_order([a.date for a in articles]) if articles[i].date]
    first, middle, last = by_date[0], by_date[len(by_date) // 2], by_date[-1]
    note = ("Police named Dana Quill as the driver.",)

    def added(i: int, suffix: str) -> Article:
        return dataclasses.replace(articles[i], id=f"new-{suffix}", title=f"{articles[i].title} again")

    return {
        "title at the start": _replace(articles, first, title="Storm closes the harbour"),
        "paragraph in the middle": _replace(articles, middle, paragraphs=articles[middle].paragraphs + note),
        "paragraph at the end": _replace(articles, last, paragraphs=articles[last].paragraphs + note),
        "date in the middle": _replace(articles, middle, date=None),
        "pin in the middle": _replace(articles, middle, storyline="pinned-story"),
        "removed at the start": [a for i, a in enumerate(articles) if i != first],
        "removed in the middle": [a for i, a in enumerate(articles) if i != middle],
        "removed at the end": [a for i, a in enumerate(articles) if i != last],
        "added at the start": [added(first, "start"), *articles],
        "added in the middle": [*articles, added(middle, "middle")],
        "added at the end": [*articles, added(last, "end")],
    }


EDITS = list(_edits(archive()))


@pytest.mark.parametrize("edit", EDITS)
def test_a_change_gives_what_a_full_run_gives(articles, tmp_path, monkeypatch, edit):
    run(articles, tmp_path)
    changed = _edits(articles)[edit]
    full = run(changed, None)
    same(run(changed, tmp_path), full)
    monkeypatch.setattr(storylines, "first_pass", _fail)  # the changed build's grouping was kept
    same(run(changed, tmp_path), full)


@pytest.mark.parametrize("edit", [e for e in EDITS if "start" not in e])
def test_clustering_resumes_after_the_unchanged_start(many, tmp_path, monkeypatch, edit):
    """With a warm-up shorter than the archive, a change after it resumes the first pass there
    and gives what a full run gives."""
    monkeypatch.setattr(causal, "WARM_UP", 40)
    run(many, tmp_path)
    changed = _edits(many)[edit]
    full = run(changed, None)
    resumed: list[int] = []
    cluster = storylines.cluster

    def counting(features, dates, config, kept=()):
        resumed.append(len(kept))
        return cluster(features, dates, config, kept)

    monkeypatch.setattr(storylines, "cluster", counting)
    same(run(changed, tmp_path), full)
    assert resumed[-1] >= 40


@pytest.mark.parametrize("edit", [e for e in EDITS if "start" not in e])
def test_summaries_resume_after_the_unchanged_storylines(many, tmp_path, monkeypatch, edit):
    """With a warm-up shorter than the archive, a change re-reads the sentences of the changed
    articles only, weighs afresh only the storylines from the first whose sentences changed,
    titles afresh only the storylines whose articles changed, and gives the summaries and titles
    a full run gives."""
    monkeypatch.setattr(causal, "WARM_UP", 10)
    run(many, tmp_path)
    changed = _edits(many)[edit]
    read: list[str] = []
    weighed: list[int] = []
    titled: list[int] = []
    candidates, choose, title = summaries.article_candidates, summaries._choose, summaries.storyline_title

    def titling(items, *args):
        titled.append(len(items))
        return title(items, *args)

    def reading(article, annotations):
        read.append(article.id)
        return candidates(article, annotations)

    def choosing(found, vectors, size):
        weighed.append(len(found))
        return choose(found, vectors, size)

    monkeypatch.setattr(summaries, "article_candidates", reading)
    monkeypatch.setattr(summaries, "_choose", choosing)
    monkeypatch.setattr(summaries, "storyline_title", titling)
    full = run(changed, None)
    in_full, read_in_full, titled_in_full = len(weighed), len(read), len(titled)
    read.clear()
    titled.clear()
    same(run(changed, tmp_path), full)
    assert len(read) <= 2  # the changed article, and one that was a duplicate before, if any
    assert in_full > 10 and read_in_full > 100 and titled_in_full > 100
    assert len(titled) < titled_in_full / 4
    if edit in ("paragraph at the end", "added at the end"):  # the earlier storylines keep theirs
        assert len(weighed) - in_full < in_full / 2


def test_a_summary_weighs_only_the_storylines_up_to_it(many, monkeypatch):
    """Each storyline's sentences are weighed by the storylines up to it (by first report): the
    storylines begun later change no earlier summary."""
    monkeypatch.setattr(causal, "WARM_UP", 3)
    annotations, _ = inputs(many)
    by_id = {a.id: a for a in many}
    found = [[by_id[i] for i in s.articles] for s in run(many, None).storylines if len(s.articles) > 2]
    found.sort(key=lambda items: (items[0].date is None, items[0].date or date.min, items[0].id))
    half = len(found) // 2
    assert half > 10
    alone = summaries.storyline_summaries(found[:half], annotations, {})
    assert summaries.storyline_summaries(found, annotations, {})[:half] == alone


def test_settings_and_names_are_inputs(articles, tmp_path):
    run(articles, tmp_path)
    config = GroupingConfig(threshold=0.5)
    same(run(articles, tmp_path, config), run(articles, None, config))
    _, resolution = inputs(articles)
    renamed = tuple(dataclasses.replace(a, name=a.name.upper()) for a in resolution.actors)
    assert saved.shared_inputs(renamed, config, StorylineSettings(), None) != saved.shared_inputs(
        resolution.actors, config, StorylineSettings(), None
    )


def test_each_read_field_changes_the_article_digest(articles):
    annotations, resolution = inputs(articles)
    a = articles[0]

    def digest(article: Article, found: dict[str, Annotations] = annotations, res: Resolution = resolution):
        return saved.article_inputs([article], found, res.article_actors, res.places)[0]

    base = digest(a)
    assert digest(dataclasses.replace(a, url="https://elsewhere.example/a")) == base  # not read
    for field, value in (("title_source", "editor"), ("source", "Another Outlet"), ("storyline", "x")):
        assert digest(dataclasses.replace(a, **{field: value})) != base, field
    joined = ("\n\n".join(a.paragraphs),) if len(a.paragraphs) > 1 else (*a.paragraphs, "More.")
    for paragraphs in (joined, (*a.paragraphs[:-1], a.paragraphs[-1] + " He said no more.")):
        assert digest(dataclasses.replace(a, paragraphs=paragraphs)) != base, paragraphs
    moved = {**annotations, a.id: Annotations(a.id, (), ((0, 3),))}
    assert digest(a, moved) != base
    placed = dataclasses.replace(resolution, places={a.id: ("Nowhere",)})
    assert digest(a, annotations, placed) != base


@pytest.mark.parametrize("threshold", [0.22, 0.12])
def test_cluster_resumed_anywhere_gives_the_labels_of_a_whole_run(many, threshold):
    """The first pass resumed after any number of articles (their labels given) labels the rest as
    a run from the start does: the storylines it rebuilds weigh as they did."""
    config = GroupingConfig(threshold=threshold)
    _, resolution = inputs(many)
    features = build_features(many, resolution.article_actors, resolution.places, config)
    dates = [a.date.toordinal() if a.date else None for a in many]
    whole = storylines.cluster(features, dates, config)
    in_order = [whole[i] for i in date_order(dates)]
    assert max(Counter(whole).values()) >= 3  # storylines of several reports
    for cut in range(1, len(whole), 7):
        assert storylines.cluster(features, dates, config, in_order[:cut]) == whole, cut
