"""The one error type bad input raises: it names the file and, where there is one, the line."""

from __future__ import annotations

import logging

log = logging.getLogger("briefing")


class BuildError(Exception):
    """Bad input or configuration; the CLI prints it as one line and exits non-zero."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type, tuple[str, str, int | None]]:
        return BuildError, (self.path, self.message, self.line)  # raised in a forked render worker

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def warn(path: str, message: str, line: int | None = None) -> None:
    """Report skipped or corrected input in the same `file:line: message` shape as errors."""
    log.warning("%s", BuildError(path, message, line))
