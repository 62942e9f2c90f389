"""The names that tie a story: officials and towns tie many stories, participants one.

Every report below is written for these tests (none is taken from the evaluation corpora).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np

from generator.config import GroupingConfig
from generator.group.cast import cast_of, is_site
from generator.group.features import build_features
from generator.group.linking import FEATURES, candidates, title_specificity
from generator.group.names import Cast, central_names, participants
from generator.group.storylines import StorylineSettings, first_pass, group
from generator.model import Actor, Article


def _article(key: str, day: int, title: str, text: str) -> Article:
    when = date.fromordinal(date(2015, 3, 1).toordinal() + day)
    return Article(key, f"{key}.txt", title, "headline", when, "published", (text,))


SHERIFF = Actor("dale-pruitt", "Dale Pruitt", "person", roles=("Sheriff", "Coffee County Sheriff"))
SITES = ("Enterprise", "Boll Weevil Circle", "1400 Rucker Boulevard", "Medical Center Enterprise")
CAST = cast_of(
    [
        SHERIFF,
        Actor("tamika-reyes", "Tamika Reyes", "person"),
        Actor("reyes", "Reyes", "person"),
        Actor("coffee-county-sheriff-s-office", "Coffee County Sheriff's Office", "organisation"),
    ],
    {"a": SITES, "b": ("Coffee County Jail", "Coffee County", "Main Street")},
)


def test_cast_tells_officials_from_other_people_and_sites_from_towns() -> None:
    assert CAST.people == {"dale-pruitt", "tamika-reyes", "reyes"}
    assert CAST.officials == {"dale-pruitt"}  # a text gave him an office
    # a street, a circle and an address; not the town, the county, the hospital or the jail
    assert CAST.sites == {"boll weevil circle", "1400 rucker boulevard", "main street"}
    assert not any(is_site(p) for p in ("Orange County Sheriff", "Mercy Hospital", "Dothan", ""))


def test_an_official_quoted_in_the_story_is_no_central_name() -> None:
    actors = ("dale-pruitt", "tamika-reyes", "coffee-county-sheriff-s-office", "a", "b")
    names = central_names(actors, ("Enterprise",), CAST)
    assert "dale-pruitt" not in names and "word:pruitt" not in names
    assert names[:4] == ["tamika-reyes", "coffee-county-sheriff-s-office", "a", "b"]  # the slot is filled
    assert "place:enterprise" in names and "word:reyes" in names


def test_participants_are_people_named_in_full_and_sites_where_it_happened() -> None:
    actors = ("tamika-reyes", "reyes", "coffee-county-sheriff-s-office")
    names = central_names(actors, SITES, CAST)
    found = participants(names, CAST)
    assert found == {"tamika-reyes", "place:boll weevil circle", "place:1400 rucker boulevard"}
    # not a lone surname, an organisation, the town, a hospital, nor a name's words


def test_time_weighs_against_a_pair_only_when_it_shares_no_participant() -> None:
    articles = [
        _article(f"r{i}", 200 * i, f"Report {i}", f"Report {i} from the county desk.") for i in range(4)
    ]
    names = [["tamika-reyes", "place:enterprise"]] * 2 + [["place:enterprise"]] * 2
    found_in = [participants(n, CAST) for n in names]
    config = GroupingConfig(rare_max_storylines=6, rare_max_share=1.0)
    features = build_features(articles, {}, {}, config)
    found = candidates(articles, [0, 1, 2, 3], features, names, config, found_in)
    row = {pair: found.features[i] for i, pair in enumerate(found.pairs)}
    shares, gap = FEATURES.index("shares_participant"), FEATURES.index("log_gap_no_participant")
    plain_gap = FEATURES.index("log_gap_days")
    assert row[(0, 1)][shares] == 1 and row[(0, 1)][gap] == 0
    assert row[(2, 3)][shares] == 0 and row[(2, 3)][gap] == row[(2, 3)][plain_gap] > 0


def test_a_rare_headline_word_weighs_more_than_a_common_one() -> None:
    titles = ["Alturas shooting victims identified", "Four killed in Alturas shooting"]
    titles += ["Shooting near Nine Mile Road", "Riverside shooting: 10 hurt"]
    titles += ["Shooting shocks Twelve Oaks", "Eleven questioned after shooting"]
    articles = [_article(f"t{i}", i, title, "Text.") for i, title in enumerate(titles)]
    rare, common = title_specificity(articles, list(range(6)), [(0, 1), (2, 3)])
    assert rare > common > 0  # "alturas" and "shooting" (in two headlines, in six), or "shooting"
    assert np.isclose(common, np.log(100 / 6) / 10)  # storylines floored at 100; "10" is no word
    assert np.isclose(rare - common, np.log(100 / 2) / 10)


# Two shootings in one county, months apart, each with the sheriff quoted by name; the second
# shooting's arrest report comes weeks later and names its victim and street.
REPORTS = {
    "creek": (
        date(2015, 1, 10),
        "Man shot at Pine Level hunting camp",
        "A man was shot at a hunting camp near Pine Level on Saturday. Sheriff Dale Pruitt said "
        "Harold Giddens, 44, was taken to a hospital in Dothan and deputies were questioning witnesses.",
    ),
    "circle": (
        date(2015, 8, 2),
        "Woman killed in shooting on Boll Weevil Circle",
        "Tamika Reyes, 29, was shot and killed outside a home on Boll Weevil Circle in Enterprise late "
        "Sunday. Sheriff Dale Pruitt said investigators believe the shooting followed an argument.",
    ),
    "arrest": (
        date(2015, 10, 20),
        "Arrest made in Boll Weevil Circle killing",
        "Deputies arrested a 31-year-old man on Tuesday in the August killing of Tamika Reyes on Boll "
        "Weevil Circle. He is charged with murder and held without bond in the Coffee County Jail.",
    ),
    "storm": (
        date(2015, 5, 4),
        "Storm knocks out power across Coffee County",
        "Strong winds knocked down trees and power lines across Coffee County on Monday. Sheriff Dale "
        "Pruitt asked drivers to stay off rural roads until crews clear them.",
    ),
}
ACTORS = {
    "creek": ("harold-giddens", "dale-pruitt"),
    "circle": ("tamika-reyes", "dale-pruitt"),
    "arrest": ("tamika-reyes",),
    "storm": ("dale-pruitt",),
}
PLACES = {
    "creek": ("Pine Level", "Coffee County"),
    "circle": ("Boll Weevil Circle", "Enterprise", "Coffee County"),
    "arrest": ("Boll Weevil Circle", "Coffee County Jail", "Coffee County"),
    "storm": ("Coffee County",),
}
CONFIG = dataclasses.replace(GroupingConfig(), rare_max_storylines=3, rare_max_share=1.0)


def _articles() -> list[Article]:
    return [
        Article(key, f"{key}.txt", title, "headline", day, "published", (text,))
        for key, (day, title, text) in REPORTS.items()
    ]


CAST_OF_REPORTS = cast_of([SHERIFF, Actor("tamika-reyes", "Tamika Reyes", "person")], PLACES)


def test_the_sheriff_ties_no_stories_and_the_victim_ties_the_arrest() -> None:
    of = group(_articles(), {}, ACTORS, PLACES, {}, CONFIG, StorylineSettings(), cast=CAST_OF_REPORTS)
    assert of.storyline_of["arrest"] == of.storyline_of["circle"]
    assert len({of.storyline_of[key] for key in ("creek", "circle", "storm")}) == 3


def test_a_shared_official_adds_no_name_specificity() -> None:
    """The storm and the creek shooting share only the sheriff: known as an official, he is no
    name they share."""
    articles = _articles()
    specificity = FEATURES.index("name_specificity")
    for cast, shared in ((Cast(), True), (CAST_OF_REPORTS, False)):
        first = first_pass(articles, ACTORS, PLACES, CONFIG, cast=cast)
        found = candidates(articles, [0, 1, 2, 3], first.features, first.names, CONFIG, first.participants)
        row = dict(zip(found.pairs, found.features, strict=True))
        assert (row[(0, 3)][specificity] > 0) == shared
