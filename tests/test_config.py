"""The config schema: typed keys, clear errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import SiteConfig, load_config
from generator.errors import BuildError


def _load(tmp_path: Path, text: str):
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_keys_are_read_and_typed(tmp_path: Path) -> None:
    config = _load(tmp_path, "title: T\nstorylines_per_page: 20\ngrouping:\n  threshold: 1\n")
    assert (config.title, config.storylines_per_page, config.grouping.threshold) == ("T", 20, 1.0)
    assert isinstance(config.grouping.threshold, float)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("titel: T\n", "unknown key 'titel'"),
        ("grouping:\n  treshold: 0.3\n", "unknown key 'grouping.treshold'"),
        ("storylines_per_page: many\n", "'storylines_per_page' must be int, not str"),
        ("actors_per_page: true\n", "'actors_per_page' must be int, not bool"),
        ("storylines_per_page: 0\n", "'storylines_per_page' must be at least 1"),
        ("actors_per_page: -5\n", "'actors_per_page' must be at least 1"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(BuildError) as caught:
        _load(tmp_path, text)
    assert message in str(caught.value) and "site.yaml" in str(caught.value)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        _load(tmp_path, "title: T\nsources: [seeds\n")
    assert "site.yaml" in str(caught.value) and caught.value.line is not None


def test_a_config_built_in_code_is_checked_too() -> None:
    with pytest.raises(ValueError, match="storylines_per_page"):
        SiteConfig(storylines_per_page=0)
