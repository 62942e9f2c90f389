"""Date helpers: locate full dates in prose and parse them with python-dateutil."""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as _dateutil

# Month names come from dateutil itself, so the locator and the parser agree.
MONTH_NAMES = "|".join(
    sorted((name for names in _dateutil.parserinfo.MONTHS for name in names), key=len, reverse=True)
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
# "November 29th, 2021", "May 4, 2022", "4 May 2022", "2022-05-04": a day, a month and a year.
FULL_DATE = re.compile(
    rf"\b(?:(?:{MONTH_NAMES})\.?\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+(?:{MONTH_NAMES})\.?,?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)
# "May 4" with no year, as in a dateline.
MONTH_DAY = re.compile(rf"\b(?:{MONTH_NAMES})\.?\s+{_DAY}\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")
_DEFAULT = datetime(2000, 1, 1)


def parse_written_date(text: str) -> date | None:
    """Parse `text` with dateutil, requiring an explicit year; None when it is not a date."""
    if not _YEAR_ONLY.search(text):
        return None
    try:
        return _dateutil.parse(text, default=_DEFAULT).date()
    except (ValueError, OverflowError):
        return None


def parse_date(value: object) -> date | None:
    """A date from YAML/JSON metadata: a date object, ISO text or a common written form, else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_written_date(text)


def find_date(text: str) -> date | None:
    """The first full date (day, month and year) written in `text`, else None."""
    if not _YEAR_ONLY.search(text):  # every full date has a year: skip the slow pattern
        return None
    for match in FULL_DATE.finditer(text):
        found = parse_written_date(match.group(0))
        if found is not None:
            return found
    return None


def month_day(text: str, year: int) -> date | None:
    """A year-less "May 4" in `text` completed with `year`, else None."""
    match = MONTH_DAY.search(text)
    if match is None:
        return None
    try:
        return _dateutil.parse(match.group(0), default=datetime(year, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
