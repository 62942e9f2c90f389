"""The second grouping pass: the learned linker joins follow-ups, and only those."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np

from generator.config import GroupingConfig, LinkerWeights, load_config
from generator.group.linking import FEATURES, join
from generator.group.storylines import StorylineSettings, first_pass, group
from generator.model import Article

# A shooting, its follow-up seven weeks later, an unrelated report from the same town in between,
# and an unrelated story elsewhere.
REPORTS = {
    "party": (
        date(2015, 1, 11),
        "2 killed, 5 injured during birthday party in Hope Mills",
        "Two people were killed and five others injured when gunfire broke out at a birthday party "
        "at a house on Gumberry Road in Hope Mills early Sunday, the Cumberland County Sheriff's "
        "Office said. Tanisha Graham, 19, and Isaak Bridges, 20, died at the scene. Deputies said "
        "an argument in the yard ended with several men firing into the crowd.",
    ),
    "arrest": (
        date(2015, 2, 28),
        "Third suspect arrested in Hope Mills fatal shooting",
        "A third suspect, 18-year-old Zachary Locklear, was arrested on Saturday in connection with "
        "the January shooting at a Gumberry Road house party that left Tanisha Graham and Isaak "
        "Bridges dead. Locklear is charged with two counts of murder, the sheriff's office said.",
    ),
    "council": (
        date(2015, 2, 3),
        "Hope Mills board approves new park plan",
        "The Hope Mills Board of Commissioners voted on Monday to approve a plan for a new park near "
        "the lake, with walking trails and a playground. The town expects construction to start in "
        "the summer, the mayor said.",
    ),
    "flood": (
        date(2015, 2, 20),
        "River flooding closes bridge in Dayton",
        "Heavy rain pushed the Great Miami River over its banks in Dayton on Friday, and the city "
        "closed the Main Street bridge until the water recedes, officials said.",
    ),
}
ACTORS = {
    "party": ("tanisha-graham", "isaak-bridges", "cumberland-county-sheriffs-office"),
    "arrest": ("zachary-locklear", "tanisha-graham", "isaak-bridges"),
    "council": ("hope-mills-board-of-commissioners",),
    "flood": ("great-miami-river",),
}
PLACES = {"party": ("Hope Mills", "Gumberry Road"), "arrest": ("Hope Mills", "Gumberry Road")}
PLACES |= {"council": ("Hope Mills",), "flood": ("Dayton",)}
# In this four-article archive a token is rare when at most two storylines hold it ("Hope Mills"
# is in three); by default a rare token is also in at most 1% of the articles, which needs 200.
CONFIG = dataclasses.replace(GroupingConfig(), rare_max_storylines=2, rare_max_share=1.0)


def _articles() -> list[Article]:
    return [
        Article(key, f"{key}.txt", title, "headline", day, "published", (text,))
        for key, (day, title, text) in REPORTS.items()
    ]


def _storylines(config: GroupingConfig) -> dict[str, str]:
    articles = _articles()
    grouping = group(articles, {}, ACTORS, PLACES, {}, config, StorylineSettings())
    return grouping.storyline_of


def test_first_pass_leaves_the_late_follow_up_apart() -> None:
    first = first_pass(_articles(), ACTORS, PLACES, CONFIG)
    assert first.labels[0] != first.labels[1]  # 48 days apart: beyond the time decay


def test_linker_joins_the_follow_up_and_nothing_else() -> None:
    of = _storylines(CONFIG)
    assert of["party"] == of["arrest"]
    assert of["council"] != of["party"]  # the same town is not the same story
    assert len({of["council"], of["flood"], of["party"]}) == 3


def test_linker_off_by_threshold_or_small_archive() -> None:
    of = _storylines(dataclasses.replace(CONFIG, link_threshold=1.01))
    assert of["party"] != of["arrest"]
    of = _storylines(GroupingConfig())  # 4 articles: no token is rare enough to link on
    assert of["party"] != of["arrest"]


def test_join_takes_pairs_above_threshold() -> None:
    labels = [0, 1, 2, 3, 3]
    pairs = [(0, 1), (1, 2), (2, 3)]
    assert join(labels, pairs, np.array([0.9, 0.2, 0.5]), 0.35) == [0, 0, 2, 2, 2]
    assert join(labels, pairs, np.array([0.1, 0.2, 0.3]), 0.35) == labels


def test_linker_weights_are_settings(tmp_path) -> None:
    assert set(FEATURES) | {"bias"} == {f.name for f in dataclasses.fields(LinkerWeights)}
    (tmp_path / "site.yaml").write_text("grouping:\n  link_threshold: 0.5\n  linker:\n    same_source: -2\n")
    config = load_config(tmp_path / "site.yaml")
    assert config.grouping.link_threshold == 0.5
    assert config.grouping.linker.same_source == -2.0
    assert config.grouping.linker.bias == LinkerWeights().bias


def test_site_yaml_states_the_measured_grouping_defaults() -> None:
    """content/site.yaml spells out the grouping settings; they are the schema's defaults."""
    from pathlib import Path

    config = load_config(Path(__file__).resolve().parents[2] / "content" / "site.yaml")
    assert config.grouping == GroupingConfig()


def test_join_checks_each_join_against_both_whole_storylines() -> None:
    """A chain of pair links (0-1, 1-2) does not pull in storyline 2, unlike storyline 0."""
    from scipy import sparse

    vectors = sparse.csr_matrix(np.array([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.6, 0.8]]))
    labels = [0, 1, 2]
    pairs = [(0, 1), (1, 2)]
    scores = np.array([0.9, 0.8])
    assert join(labels, pairs, scores, 0.5) == [0, 0, 0]  # no check: the transitive closure
    # 0 and 1 are alike (0.6); 2 is like 1 (0.48) but not like 0 (0.0): their mean is 0.24
    assert join(labels, pairs, scores, 0.5, vectors, 0.3) == [0, 0, 2]
    assert join(labels, pairs, scores, 0.5, vectors, 0.2) == [0, 0, 0]
