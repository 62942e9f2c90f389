"""The namesake rule on its own (`resolve.namesakes`): what splits one name into two people."""

from __future__ import annotations

from generator.resolve.namesakes import Said, namesake_sets

NONE: frozenset[int] = frozenset()


def test_an_office_in_some_articles_and_an_age_in_others_split() -> None:
    said = {"a": Said(NONE, True), "b": Said(NONE, True), "c": Said(frozenset({1992}), False)}
    assert namesake_sets(said, {}) == [{"a", "b"}, {"c"}]


def test_a_shared_actor_or_place_of_few_stories_keeps_them_one() -> None:
    said = {"a": Said(NONE, True), "c": Said(frozenset({1992}), False)}
    shared = {"a": frozenset({"place:mill street"}), "c": frozenset({"place:mill street"})}
    assert namesake_sets(said, shared) is None


def test_an_article_giving_both_an_office_and_an_age_keeps_them_one() -> None:
    said = {"a": Said(NONE, True), "b": Said(frozenset({1992}), True), "c": Said(frozenset({1992}), False)}
    assert namesake_sets(said, {}) is None


def test_birth_years_a_year_or_two_apart_are_one_person() -> None:
    said = {"a": Said(frozenset({1990}), False), "b": Said(frozenset({1992}), False)}
    assert namesake_sets(said, {}) is None


def test_an_article_saying_neither_joins_the_set_it_shares_a_name_with() -> None:
    said = {
        "a": Said(frozenset({1938}), False),
        "b": Said(frozenset({1996}), False),
        "c": Said(frozenset({1996}), False),
        "d": Said(NONE, False),
    }
    shared = {"a": frozenset({"person:hannah johnson"}), "d": frozenset({"person:hannah johnson"})}
    assert namesake_sets(said, shared) == [{"a", "d"}, {"b", "c"}]
