"""What two storylines share counts by how specific it is: a topic's words and a town's name tie
less than one event's (every report below is written for these tests)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from generator.config import GroupingConfig
from generator.group.features import SMALL_ARCHIVE, build_features, word_vectors
from generator.group.linking import FEATURES, candidates
from generator.group.vectors import unit_rows
from generator.model import Article

STREETS = ("Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum", "Hazel", "Ivy", "Juniper")


def _article(key: str, day: int, title: str, text: str) -> Article:
    return Article(
        key, f"{key}.txt", title, "headline", date(2015, 3, 1) + timedelta(days=day), "published", (text,)
    )


def _archive() -> list[Article]:
    """Sixty council and fire reports: twenty fires (the topic: "fire", "firefighters"), two of
    them at one bakery owned by a Mrs Quillby (the event), and forty council meetings."""
    articles = []
    for i in range(60):
        street = f"{STREETS[i % 10]} Street"
        if i < 20:
            owner = "the Quillby bakery" if i in (0, 1) else f"house number {100 + i}"
            text = f"Firefighters put out a fire at {owner} on {street} on day {i}; nobody was hurt."
            articles.append(_article(f"fire{i}", i, f"Fire on {street}", text))
        else:
            text = f"The council approved plan {500 + i} for {street} at its meeting on day {i}."
            articles.append(_article(f"council{i}", i, f"Council plan {500 + i}", text))
    return articles


def _cos(rows, a: int, b: int) -> float:
    return float((rows[a] @ rows[b].T).toarray()[0, 0])


def test_topic_words_tie_less_than_event_words_in_a_large_archive() -> None:
    articles = _archive()
    config = GroupingConfig()
    plain = unit_rows(word_vectors(articles, config))
    specific = build_features(articles, {}, {}, config).words
    # fire2 and fire3 share the topic ("fire" is in a third of the archive); fire0 and fire1 also
    # share the bakery and its owner, held by two reports
    topic, event = (2, 3), (0, 1)
    kept = {pair: _cos(specific, *pair) / _cos(plain, *pair) for pair in (topic, event)}
    assert kept[topic] < 1.0
    assert kept[event] > kept[topic]


def test_small_archive_keeps_plain_word_weights() -> None:
    articles = _archive()[: SMALL_ARCHIVE - 1]
    config = GroupingConfig()
    plain = unit_rows(word_vectors(articles, config))
    specific = build_features(articles, {}, {}, config).words
    assert abs(specific - plain).max() < 1e-6


def test_a_name_of_two_storylines_weighs_more_than_a_town_of_six() -> None:
    """Pairs 0-1 and 2-3 share one name each: a victim's name held by two storylines, or a town's
    held by six. The count is the same; the specificity is not."""
    articles = [
        _article(f"r{i}", 10 * i, f"Report {i}", f"Report {i} from the county desk, item {300 + i}.")
        for i in range(8)
    ]
    names = [["dana-whitlock"] if i < 2 else ["place:harbor city"] for i in range(8)]
    config = GroupingConfig(rare_max_storylines=6, rare_max_share=1.0)
    features = build_features(articles, {}, {}, config)
    found = candidates(articles, list(range(8)), features, names, config)
    row = {pair: found.features[i] for i, pair in enumerate(found.pairs)}
    count, specificity = FEATURES.index("shared_names"), FEATURES.index("name_specificity")
    assert row[(0, 1)][count] == row[(2, 3)][count] == 1
    assert row[(0, 1)][specificity] > row[(2, 3)][specificity] > 0
    assert np.isclose(row[(0, 1)][specificity] - row[(2, 3)][specificity], np.log(6 / 2) / 10)
