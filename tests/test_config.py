"""The config schema: typed keys, clear errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ExtractConfig, GroupingConfig, SiteConfig, load_config
from generator.errors import BuildError
from generator.extract.pipeline import load_pipeline  # the real one (the `nlp` fixture replaces it elsewhere)


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
        ("feed_items: 0\n", "'feed_items' must be at least 1"),
        ("home_storylines: -1\n", "'home_storylines' must be at least 1"),
        ("extract:\n  n_process: 0\n", "'extract.n_process' must be at least 1"),
        ("extract:\n  model_package: ' '\n", "'extract.model_package' must not be empty"),
        ("grouping:\n  window_days: -1\n", "'grouping.window_days' must be at least 0"),
        ("grouping:\n  decay_days: 0\n", "'grouping.decay_days' must be more than 0"),
        ("grouping:\n  same_days_boost: -0.1\n", "'grouping.same_days_boost' must be at least 0"),
        ("grouping:\n  word_ngrams: 9\n", "'grouping.word_ngrams' must be at most 3"),
        ("grouping:\n  link_weight: 2\n", "'grouping.link_weight' must be at most 1"),
        ("grouping:\n  rare_max_storylines: 0\n", "'grouping.rare_max_storylines' must be at least 1"),
        ("grouping:\n  rare_max_share: 1.5\n", "'grouping.rare_max_share' must be at most 1"),
        ("grouping:\n  link_threshold: -0.5\n", "'grouping.link_threshold' must be at least 0"),
        ("grouping:\n  duplicate_threshold: 0\n", "'grouping.duplicate_threshold' must be more than 0"),
        ("grouping:\n  threshold: .inf\n", "'grouping.threshold' must be a finite number"),
        ("grouping:\n  linker:\n    biass: 1\n", "unknown key 'grouping.linker.biass'"),
        ("grouping: 5\n", "'grouping' must be a mapping, not int"),
        ("sources: []\n", "'sources' must not be empty"),
        ("sources: [seeds, [x]]\n", "'sources[1]' must be str, not list"),
        ("title: {a: 1}\n", "'title' must be str, not mapping"),
        ("base_url: ftp://example.com/\n", "'base_url' must be an absolute http(s) URL"),
        ("base_url: 'https:///news/'\n", "'base_url' must be an absolute http(s) URL"),
        ("base_url: 'https://ex.com/?q=1'\n", "'base_url' must not hold a user name, query or fragment"),
        ("base_url: 'https://ex.com:99999/'\n", "'base_url' has an invalid port"),
        ("base_url: 'https://ex.com/a b/'\n", "'base_url' must be an absolute http(s) URL without spaces"),
        ("- a\n", "expected a mapping of keys to values"),
        ("title: A\ntitle: B\n", "duplicate key 'title'"),
        ("yes: 1\n", "unknown key 'yes'"),  # a key is the text written, not True
        ("extract:\n  config_file: x\n", "unknown key 'extract.config_file'"),  # set by the program
        ("extract:\n  model: .x\n", "'extract.model' must name an installed spaCy pipeline package"),
        ("extract:\n  model: en-core-web-sm\n", "'extract.model' must name an installed spaCy pipeline"),
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
    with pytest.raises(ValueError, match="decay_days"):
        GroupingConfig(decay_days=0)
    with pytest.raises(ValueError, match="base_url"):
        SiteConfig(base_url="javascript:alert(1)//")


def test_error_lines_point_at_the_key(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        _load(tmp_path, "title: T\ngrouping:\n  threshold: 0.2\n  entity_weight: 1.5\n")
    assert caught.value.line == 4 and "'grouping.entity_weight' must be at most 1" in caught.value.message


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("HTTPS://Example.COM/News", "https://example.com/News/"),
        ("http://ex.com//evil.com/", "http://ex.com/evil.com/"),
        ("https://ex.com/./a//b/", "https://ex.com/a/b/"),
        ("https://[::1]:8080/x/", "https://[::1]:8080/x/"),
    ],
)
def test_base_url_path_is_normalised(tmp_path: Path, given: str, normal: str) -> None:
    assert _load(tmp_path, f"base_url: '{given}'\n").base_url == normal
    assert load_config(tmp_path / "site.yaml", base_url=given).absolute_base_url == normal


def test_base_url_option_errors_name_the_option(tmp_path: Path) -> None:
    _load(tmp_path, "title: T\n")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path / "site.yaml", base_url="example.com/news")
    assert caught.value.path == "--base-url" and "http(s)" in caught.value.message


def test_every_numeric_setting_declares_its_range() -> None:
    """A new count or weight must say what it accepts (`schema.setting`): linker weights are the
    only unbounded numbers (any finite value)."""
    import dataclasses

    for cls in (SiteConfig, ExtractConfig, GroupingConfig):
        for f in dataclasses.fields(cls):
            if f.type in ("int", "float"):
                assert "check" in f.metadata, f"{cls.__name__}.{f.name} has no declared range"


def test_text_is_read_as_written_and_numbers_stay_numbers(tmp_path: Path) -> None:
    """Where text belongs, a value YAML would read as a number or boolean is the text written
    (`010` is "010", not "8"); numeric settings keep YAML's numbers (`0x10` is 16)."""
    config = _load(tmp_path, "title: 010\ndescription: yes\nsources: [1_000, 12:30]\nfeed_items: 0x10\n")
    assert (config.title, config.description, config.sources) == ("010", "yes", ("1_000", "12:30"))
    assert config.feed_items == 16


@pytest.mark.parametrize("model", ["content", "os", "no_such_pipeline_pkg"])
def test_a_model_that_is_no_pipeline_names_the_config_file_and_key(
    model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder without a pipeline (`content`: a namespace package, a TypeError in spaCy before),
    a module that is no pipeline, a package not installed: one BuildError naming site.yaml and
    `extract.model` (it named `config` before)."""
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "site.yaml"
    path.write_text(f"extract:\n  model: {model}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    config = load_config(path)
    with pytest.raises(BuildError) as caught:
        load_pipeline(config.extract)
    assert caught.value.path == str(path)
    assert "'extract.model'" in caught.value.message and f"'{model}'" in caught.value.message


def test_the_project_root_follows_one_rule(tmp_path: Path) -> None:
    """The folder holding content/ for a config inside content/; the config's folder otherwise;
    --root over both (sources, content files and the output are taken from it)."""
    (tmp_path / "content").mkdir()
    inside = tmp_path / "content" / "site.yaml"
    inside.write_text("title: T\n", encoding="utf-8")
    alone = tmp_path / "eval.yaml"
    alone.write_text("title: T\n", encoding="utf-8")
    assert Path(load_config(inside).root) == tmp_path
    assert Path(load_config(alone).root) == tmp_path
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = load_config(inside, root=elsewhere)
    assert config.path(config.output) == elsewhere / "site"
    with pytest.raises(BuildError, match="--root"):
        load_config(inside, root=tmp_path / "missing")
