"""Packaging beside pyproject.toml: which packages and data files the distribution holds.

The default theme's source is the top-level `templates/` folder (where the design card names it);
it is installed as package data under `generator/default_theme/`, each of its folders a package
mapped onto `templates/`, so a wheel or an sdist holds it and an installed copy finds it
(`generator.theme.packaged_theme`)."""

from pathlib import Path

from setuptools import find_namespace_packages, setup

THEME = Path("templates")
theme = ["generator.default_theme"] + [
    ".".join(("generator.default_theme", *folder.relative_to(THEME).parts))
    for folder in sorted(THEME.rglob("*"))
    if folder.is_dir() and folder.name != "__pycache__"
]
setup(
    packages=[*find_namespace_packages(include=["generator", "generator.*"]), *theme],
    package_dir={"generator.default_theme": str(THEME)},
    package_data={
        "generator.data": ["*.yaml", "*.txt"],
        # `briefing new`: the project skeleton (hidden files are stored as dot-NAME)
        "generator.project": ["skeleton/*", "skeleton/**/*"],
        **{name: ["*"] for name in theme},
    },
)
