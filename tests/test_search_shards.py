"""How the indexed pages are split into shards (generator.search.shards): every page in one shard
of at most `limit` pages (one shard for a site that fits in one), the same split for the same
pages, a day's pages together, and a page added or removed moving at most one shard's pages."""

from __future__ import annotations

import random
from datetime import date

import pytest

from generator.search.shards import partition

LIMIT = 40


def site(seed: int = 7, articles: int = 900, actors: int = 400) -> dict[str, int | None]:
    """Paths of a site's indexed pages and their days: articles over two years, busier some days
    than others, a storyline per few articles (on its first day), actors without a day."""
    rng = random.Random(seed)
    start = date(2014, 1, 1).toordinal()
    days: dict[str, int | None] = {}
    for n in range(articles):
        day = start + int(rng.triangular(0, 730, 600))
        days[f"articles/a{n:05d}/index.html"] = day
        if n % 3 == 0:
            days[f"storylines/s{n:05d}/index.html"] = day
    for n in range(actors):
        days[f"actors/person-{n}/index.html"] = None
    return days


def membership(shards: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {path: name for name, paths in shards.items() for path in paths}


def test_every_page_is_in_one_shard_of_at_most_limit_pages_of_its_family() -> None:
    days = site()
    shards = partition(days, LIMIT)
    assert sorted(p for paths in shards.values() for p in paths) == sorted(days)
    assert all(0 < len(paths) <= LIMIT for paths in shards.values())
    for name, paths in shards.items():
        assert {p.split("/")[0] for p in paths} == {name.split("-")[0]}
    assert len(shards) < 2 * len(days) / LIMIT + 6  # no crowd of tiny shards


def test_the_split_depends_only_on_the_pages() -> None:
    days = site()
    shuffled = list(days.items())
    random.Random(1).shuffle(shuffled)
    assert partition(dict(shuffled), LIMIT) == partition(days, LIMIT)


def test_a_days_pages_share_a_shard_when_they_fit() -> None:
    days = site()
    where = membership(partition(days, LIMIT))
    by_day: dict[tuple[str, int], set[str]] = {}
    for path, day in days.items():
        if day is not None:
            by_day.setdefault((path.split("/")[0], day), set()).add(where[path])
    assert len(by_day) > 100
    assert all(len(shards) == 1 for shards in by_day.values())


def test_a_crowded_day_is_split_by_page() -> None:
    day = date(2015, 3, 1).toordinal()
    days: dict[str, int | None] = {f"articles/x{n}/index.html": day for n in range(5 * LIMIT)}
    shards = partition(days, LIMIT)
    assert len(shards) >= 5 and all(len(paths) <= LIMIT for paths in shards.values())


@pytest.mark.parametrize("seed", range(6))
def test_a_page_added_or_removed_moves_at_most_one_shards_pages(seed: int) -> None:
    days = site(seed)
    rng = random.Random(seed)
    before = partition(days, LIMIT)
    grown = dict(days)
    family = rng.choice(["articles", "storylines", "actors"])
    grown[f"{family}/new-{seed}/index.html"] = None if family == "actors" else rng.choice(list(days.values()))
    removed = dict(days)
    del removed[rng.choice(sorted(days))]
    for after in (partition(grown, LIMIT), partition(removed, LIMIT)):
        kept = {name for name, paths in after.items() if before.get(name) == paths}
        moved = {p for name, paths in after.items() if name not in kept for p in paths}
        assert after != before and len(moved) <= LIMIT + 1
        untouched = [name for name, paths in before.items() if not moved & set(paths)]
        assert all(after.get(name) == before[name] for name in untouched)
        assert len(untouched) >= len(before) - 3


def test_a_site_that_fits_in_one_shard_is_not_split() -> None:
    days = site(articles=20, actors=10)
    assert partition(days, len(days)) == {"all": tuple(sorted(days))}
    assert len(partition(days, len(days) - 1)) > 1
    assert partition({}, LIMIT) == {}


def test_a_shard_holds_at_least_one_page() -> None:
    with pytest.raises(ValueError):
        partition({"articles/a/index.html": 1}, 0)
