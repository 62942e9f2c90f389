"""Raw article text cleanup: boilerplate, byline, headline, date evidence and a story's opening.

Everything here is pure and uses patterns compiled once at import, so it is cheap enough to run
on every line of a 10,000-line JSONL file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import MONTH_NAMES, find_date, month_day, parse_date

_WHEN = rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d|{MONTH_NAMES})"

# Named full-line patterns for text that is page furniture, not part of the story.
BOILERPLATE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("advertisement", r"(?:advertisement|advertising|sponsored(?: content)?|ad)"),
        (
            "image-credit",
            r"\(?(?:\s*\|?\s*(?:image|photo|picture|pic|video)s?(?: credits?)?\s*:\s*[^|()]{1,50})+\)?",
        ),
        ("photo-credit", r"\(?[\w.&' -]{0,40}\b(?:photo|photograph|images?)(?:\s*/\s*[^()]{1,50})?\)?"),
        ("photo-by", r"\(?(?:photo|image|picture)s?\s+(?:by|courtesy(?: of)?)\s+[^()]{1,50}\)?"),
        ("agency-inputs", r"\(?\s*with (?:additional )?inputs? from [^()]{1,60}\)?\.?"),
        (
            "timestamp",
            rf"(?:(?:last )?(?:updated|published|posted|first published)(?: on| at)?\s*:?|created\s*:)"
            rf"\s+{_WHEN}.{{0,50}}",
        ),
        ("click-here", r"click here\b.{0,150}"),
        (
            "read-more",
            r"(?:read more|also read|read also|see also|related(?: articles?| stories| news)?)\b.{0,120}",
        ),
        (
            "share",
            r"(?:share(?: this)?(?: article| story| post)?|share on \w+|tweet"
            r"|(?:e-?mail|print)(?: this)?(?: article| story)?|copy link)"
            r"(?:\s*[|/·,]\s*\w+)*",
        ),
        ("follow", r"follow (?:us|\S+(?: \S+){0,5}) (?:on|at)\b.{0,100}"),
        # App and site prompts: "Download our free apps for iPhone, iPad and Android devices",
        # "Get the latest from <station> anytime: iPhone | iPad | Android | ...", "Take <station> with you!",
        # "Terms of Service | Privacy Policy".
        ("app-prompt", r"(?:to\s+)?(?:download|get)\b.{0,80}\b(?:apps?|iphone|android)\b.{0,200}"),
        ("take-with-you", r"take \S+(?: \S+){0,3} with you!?"),
        ("menu", r"[^|]{0,40}(?:\|[^|]{0,40}){3,}"),
        ("site-terms", r".{0,120}\b(?:terms of (?:service|use)|privacy policy)\b.{0,120}"),
        ("subscribe", r"(?:subscribe|sign up)\b.{0,120}"),
        # A paywall's offer: "Enjoy the convenience of home delivery plus Digital D. Sign up for ...".
        ("paywall", r"(?=.{0,300}\b(?:subscribe|sign up)\b).{0,150}\bhome delivery\b.{0,150}"),
        ("bare-url", r"(?:https?://|www\.)\S+"),
        (
            "copyright",
            r"\(?(?:source:.{0,80})?(?:(?:tm|™)\s+and\s+)?(?:copyright\s*(?:©|\(c\))?\s*\d{4}|©\s*\w|\(c\)\s*\d{4})"
            r".{0,300}",
        ),
        ("rights-reserved", r".{0,150}(?:\d{4}|\.)\s*all rights reserved\b.{0,300}"),
        ("enable-javascript", r"(?:please )?(?:enable|turn on) javascript\b.{0,100}"),
        ("video-prompt", r"scroll down for video|watch (?:the )?video(?: above| below)?\.?"),
        ("like-loading", r"like this:\s*like loading\W*"),
    )
)
# All of BOILERPLATE in one pattern: alternatives are tried in order, so the first that matches the
# whole line is the one the loop over BOILERPLATE would find.
_ANY_BOILERPLATE = re.compile(
    "|".join(f"(?P<b{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(BOILERPLATE)), re.IGNORECASE
)
_BOILERPLATE_NAMES = {f"b{i}": name for i, (name, _) in enumerate(BOILERPLATE)}
BYLINE = (
    re.compile(
        r"(?:reported|written|edited|compiled|posted)\s+by\s*:?\s*(?P<name>[^|()]{2,60}?)", re.IGNORECASE
    ),
    re.compile(r"By:?\s+(?P<name>[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|&|de|van|von|al)){0,5})"),
)
_STAMP_KINDS = ("updated", "published", "posted", "created")  # the words a page stamp starts with
_KINDS = "|".join(_STAMP_KINDS)
TIMESTAMP = re.compile(rf"(?:last )?(?P<kind>{_KINDS})\b", re.IGNORECASE)
# Page stamps glued to the end of a line by scraping: "<headline> Posted: Saturday, March 2, 2013
# 7:39 AM EST Updated: Saturday, March 16, 2013 7:39 AM EST". Split before each "Posted:".
# Case matters: a stamp starts with a capital ("Posted:", "POSTED:"); "was posted: ..." is prose.
_CAPITALISED = "|".join(form for word in _STAMP_KINDS for form in (word.capitalize(), word.upper()))
_GLUED_STAMP = re.compile(rf"(?<![Ll]ast)(?<!LAST)\s+(?=(?:(?:Last|LAST)\s+)?(?:{_CAPITALISED})\s*:)")
_STAMP = re.compile(rf"(?:last\s+)?(?P<kind>{_KINDS})\s*:\s*{_WHEN}", re.IGNORECASE)
_EMPTY_STAMPS = re.compile(rf"(?:(?:last\s+)?(?:{_KINDS})\s*:\s*)+", re.IGNORECASE)
STAMP_CHARS = 60  # a stamp is a date and a time, nothing more
# A line that is only a time stamp: "UPDATE SATURDAY 5:45 AM", "Update | 5:23 p.m.", "03:24",
# "on August 07, 2015 7:15 AM". Every word is a number, clock time, month or weekday, time zone or
# stamp word, and there is a clock time.
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_STAMP_WORD = re.compile(
    rf"(?:\d[\d/.,:-]*(?:st|nd|rd|th|am|pm)?|{MONTH_NAMES}|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)"
    r"(?:day)?|[ap]\.?m\.?|(?-i:[ECMP][SD]?T|GMT|UTC|IST|BST|JST|CES?T|AKS?D?T|HST)"
    r"|update[ds]?|posted|published|created|date|last|on|at|[|:,.·-])[,.:]?",
    re.IGNORECASE,
)
DATE_HEADER = re.compile(r"\A\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
# "WASHINGTON, May 4 (Reuters) -", "HAWTHORNE, Calif. —", "NEW DELHI:", "RIVERTON, Oct. 14, 2026 —",
# "(BROOKLYN) -", "GARY |"
DATELINE = re.compile(
    r"(?:(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"|\([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}\))"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*(?:[-—–]{1,2}|:|\|)\s+"
)
# A credit opening a paragraph: "(AP) —", "(CNN) --", "By Jane Doe —", "By JANE DOE, Staff Writer |".
_OPENING_CREDIT = re.compile(
    r"\((?:[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3})\)\s*(?:[-—–]{1,2}|:)\s+"
    r"|By\s+[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|&|de|van|von|al)){0,5}"
    r"(?:,\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})?\s*(?:[-—–|]{1,2}|:)\s+"
)
# What scraping leaves before a dateline: a wire credit ("AP ALBUQUERQUE, N.M. —") or a text-size
# control ("A A SEATTLE —"); an "Update:" label after it ("CHUBBUCK, Idaho - Update: The family ...").
_BEFORE_DATELINE = re.compile(r"(?:A A|AP|AFP|UPI|Reuters)\s+(?=[A-Z])")
_UPDATE_LABEL = re.compile(r"(?:update[ds]?|editor['’]s note)\s*:\s+(?=[A-Z\"“])", re.IGNORECASE)
_OPENING_STAMP = re.compile(rf"(?:last\s+)?(?:{_KINDS})\b\s*:?\s*", re.IGNORECASE)
# A photo caption ends with its credit in parentheses: "... on May 4, 2022. (Kyodo)"
CAPTION = re.compile(r"\((?:[A-Z][\w.&'/ -]{1,40}|(?:[\w ]+ )?photo[^()]{0,60})\)\s*\Z", re.IGNORECASE)
# Scraped widget residue inside lines: "photo_prev_inline|article-gallery-58|0", "Image 3 of 11",
# "Caption Close". Page machinery, not words of the story. The first alternative is a whole word
# holding "x|y", tried at word starts only: linear in the line's length (`\S*\w\|\w\S*` tried
# everywhere is quadratic on a long run without spaces).
_WIDGET = re.compile(
    r"(?<!\S)(?=\S*?\w\|\w)\S+|\b[a-z]++(?:_[a-z]++){2,}\b|\b(?:image|photo|slide)s? \d+ of (?:/ )?\d+\b"
    r"|\bcaption close\b|\bbuy photo\b",
    re.IGNORECASE,
)
# Photo credits inside a line: a photographer is not an actor of the story. "(Photo: Daniel
# Bethencourt, Detroit Free Press)", "(AP Photo/Charles Rex Arbogast)", "(Brett Coomer / Houston
# Chronicle)"; unbracketed, the credited name is dropped ("Photo: Jon Shapley, Houston Chronicle ..."
# keeps "Houston Chronicle ...": where the outlet's name ends, the caption's next words begin).
_NAME = r"(?:[A-Z][\w'’-]*\.?|[A-Z]\.)"
_CREDIT_WORD = r"(?:AP\s+)?(?:photo|photograph|image|picture)s?"
_CREDITS = re.compile(
    rf"\s*\((?i:{_CREDIT_WORD})\s*(?::|/|\bby\b)[^()]{{1,60}}\)"  # (Photo: ...), (AP Photo/...)
    rf"|\s*\(\s*{_NAME}(?:\s+{_NAME}){{0,3}}\s*/\s*{_NAME}[^()]{{0,40}}\)"  # (Name / Outlet)
    rf"|\b(?i:{_CREDIT_WORD})\s*:\s*{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s*[,/]\s*|\s*$)"  # Photo: Name,
)
# Controls, zero-width marks, lone surrogates (from JSON escapes) and Unicode noncharacters: never
# text. Those past U+FFFF are a second pattern, used only on text that reaches them (a character
# class holding them is ~20x slower on every text).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\ufeff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_FIRST_ASTRAL_NONCHARACTER = "\U0001fffe"
_ASTRAL_NONCHARACTERS = re.compile(
    "[" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17)) + "]"
)
# Characters that end a line (those `str.splitlines` breaks at besides \n and \r: vertical tab, form
# feed, file/group/record separators, NEL, line and paragraph separators): they separate text, so
# they become a newline rather than vanish ("spoke.\fEnd" is two sentences, not "spoke.End").
_LINE_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Runs of spaces other than a lone " " (which would be replaced by itself): same result, fewer subs.
_SPACES = re.compile(r"[^\S\n\t]{2,}|[^\S\n\t ]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)*[A-Z]|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Adm|Sen|Rep|Gov|Pres|Prof|St|Jr|Sr|No|Inc|Corp|Co"
    r"|Ltd|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec"
)

HEADLINE_WORDS = 20  # "Japan's Def Min, FM to meet ... in SCC" is 17


@dataclass(frozen=True)
class Cleaned:
    """Body paragraphs plus the metadata found while cleaning."""

    paragraphs: tuple[str, ...]
    headline: str | None
    date: date | None
    date_source: str
    author: str | None


def normalise(text: str) -> str:
    """Unify newlines and spaces: line-separating characters become newlines, other control
    characters (except tab) are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _LINE_SEPARATORS.search(text):
        text = _LINE_SEPARATORS.sub("\n", text)
    text = _CONTROL.sub("", text)
    if text and not text.isascii() and max(text) >= _FIRST_ASTRAL_NONCHARACTER:
        text = _ASTRAL_NONCHARACTERS.sub("", text)
    if text.isascii() and "  " not in text:
        return text  # no control characters left, so no space but " ": nothing to collapse
    return _SPACES.sub(" ", text)


def boilerplate_name(line: str) -> str | None:
    """The name of the boilerplate pattern `line` matches in full, else None."""
    match = _ANY_BOILERPLATE.fullmatch(line)
    return _BOILERPLATE_NAMES[match.lastgroup] if match and match.lastgroup else None


def strip_credits(line: str) -> str:
    """`line` without the photo credits inside it (a line that is only a credit is boilerplate)."""
    if "/" not in line and ":" not in line:
        return line
    return _CREDITS.sub("", line).strip()


def _stamp_kind(word: str) -> str:
    """The date evidence a stamp gives: "updated", or "published" (also for "posted", "created")."""
    return "updated" if word.lower() == "updated" else "published"


def is_stamp_line(line: str) -> bool:
    """Whether `line` is only a time stamp: a clock time, and nothing but dates, times and stamp
    words ("UPDATE SATURDAY 5:45 AM", "on August 07, 2015 7:15 AM")."""
    return (
        len(line) <= STAMP_CHARS + 20
        and _CLOCK.search(line) is not None
        and all(_STAMP_WORD.fullmatch(word) for word in line.split())
    )


def split_stamps(line: str) -> tuple[str, list[tuple[str, date]]]:
    """`line` without the page stamps glued to its end, and the (kind, date) of each stamp.

    Only a tail made wholly of short dated stamps ("Posted: <date> <time>", "Updated: ...") is
    split off; otherwise the line is returned whole."""
    if ":" not in line:
        return line, []
    parts = _GLUED_STAMP.split(line)
    stamps = []
    for piece in parts[1:]:
        if _EMPTY_STAMPS.fullmatch(piece):  # "Posted:Updated:", a template's empty fields
            continue
        kind = _STAMP.match(piece)
        when = find_date(piece) if kind and len(piece) <= STAMP_CHARS else None
        if kind is None or when is None:
            return line, []
        stamps.append((_stamp_kind(kind.group("kind")), when))
    return parts[0], stamps


def byline(line: str) -> str | None:
    """The author's name if `line` is a byline ("Reported by: NAME", "By NAME"), else None."""
    for pattern in BYLINE:
        match = pattern.fullmatch(line)
        if match:
            return match.group("name").strip(" .,")
    return None


def is_headline(paragraph: str) -> bool:
    """Whether a leading paragraph reads as a headline: short, no final period, not furniture."""
    words = paragraph.split()
    return (
        2 <= len(words) <= HEADLINE_WORDS
        and paragraph[-1] not in ".,;:"
        and any(c.isalpha() for c in paragraph)
        and boilerplate_name(paragraph) is None
    )


def _blocks(text: str) -> list[list[str]]:
    """Paragraph blocks as lists of lines: blank-line separated, or one line each without blank lines."""
    if _BLANK_LINE.search(text):
        return [block.split("\n") for block in _BLANK_LINE.split(text)]
    return [[line] for line in text.split("\n")]


def clean_text(raw: str, *, find_headline: bool = True) -> Cleaned:
    """Clean raw article text and collect date evidence (header > updated > published > caption >
    dateline > text), the byline and, if `find_headline`, a leading headline."""
    text = normalise(raw)
    evidence: dict[str, date] = {}
    header = DATE_HEADER.match(text)
    if header:
        text = text[header.end() :]
        if found := parse_date(header.group("date")):
            evidence["header"] = found
    author = None
    paragraphs: list[str] = []
    for block in _blocks(text):
        kept = []
        for line in (line.strip() for line in block):
            if _WIDGET.search(line):
                line = " ".join(_WIDGET.sub(" ", line).split())
            line = strip_credits(line)
            line, stamps = split_stamps(line)
            for kind, found in stamps:
                evidence.setdefault(kind, found)
            if not line:
                continue
            if name := byline(line):
                author = author or name
                continue
            furniture = boilerplate_name(line)
            if furniture is None and not is_stamp_line(line):
                kept.append(line)
                continue
            # A stamp's date is evidence: "Updated ..." of an update, any other of publication.
            stamp = TIMESTAMP.match(line) if furniture else TIMESTAMP.search(line)
            if (stamp or not furniture) and (found := find_date(line)):
                evidence.setdefault(_stamp_kind(stamp.group("kind") if stamp else "published"), found)
        if kept:
            paragraphs.append(" ".join(kept))
    headline = None
    if find_headline and len(paragraphs) > 1 and is_headline(paragraphs[0]):
        headline = paragraphs.pop(0)
    found_date, source = _best_date(paragraphs, evidence)
    return Cleaned(tuple(paragraphs), headline, found_date, source, author)


def _best_date(paragraphs: list[str], evidence: dict[str, date]) -> tuple[date | None, str]:
    """Pick the best-evidenced date, looking at captions, dateline and text only when needed."""
    for source in ("header", "updated", "published"):
        if source in evidence:
            return evidence[source], source
    for paragraph in paragraphs:
        if CAPTION.search(paragraph) and (found := find_date(paragraph)):
            return found, "caption"
    in_text = next((d for d in map(find_date, paragraphs) if d), None)
    dateline = DATELINE.match(paragraphs[0]) if paragraphs else None
    if dateline and dateline.group("when"):
        year = in_text.year if in_text else None
        found = find_date(dateline.group(0)) or (month_day(dateline.group("when"), year) if year else None)
        if found:
            return found, "dateline"
    return (in_text, "text") if in_text else (None, "none")


def _stamp_end(text: str) -> int:
    """Where a page stamp opening `text` ends ("Updated 5:45 PM ...", "Posted: Oct. 14, 2026 ..."), or 0."""
    opening = _OPENING_STAMP.match(text)
    if not opening:
        return 0
    end, dated = opening.end(), False
    for word in re.finditer(r"\S+\s*", text[end:]):
        if not _STAMP_WORD.fullmatch(word.group().strip()):
            break
        dated = dated or any(c.isdigit() for c in word.group())
        end = opening.end() + word.end()
    return end if dated else 0


def strip_opening(text: str) -> str:
    """`text` without what opens a wire story before its first word: a dateline ("RIVERTON, Oct.
    14, 2026 —", "TOKYO (AP) —"), a credit ("(AP) —", "By Jane Doe —") or a page stamp ("Updated
    5:45 PM"), in any order. Text that is nothing else is returned whole."""
    rest = text.lstrip()
    while True:
        match = DATELINE.match(rest) or _OPENING_CREDIT.match(rest)
        end = match.end() if match else _stamp_end(rest)
        if not end and (label := _UPDATE_LABEL.match(rest)):
            end = label.end()
        prefix = _BEFORE_DATELINE.match(rest) if not end else None
        if prefix and (dateline := DATELINE.match(rest, prefix.end())):
            end = dateline.end()
        if not end or not rest[end:].strip():
            return rest
        rest = rest[end:].lstrip()


def first_sentence(text: str) -> str:
    """The first sentence of `text`, not fooled by "U.S." or "Mr." abbreviations."""
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rsplit(None, 1)[-1].lstrip('"“‘(')
        if not _ABBREVIATION.fullmatch(before):
            return text[: match.start() + 1].strip()
    return text.strip()


# " - KCTV5", " « CBS San Francisco", " :: WRAL.com", " | Chattanooga News"
_TITLE_SEPARATOR = re.compile(r"\s+(?:[-|«»–—]|::)\s+")
_HOST_NOISE = frozenset({"www", "com", "net", "org", "news", "local", "online", "html"})


def _squash(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _outlet_marks(source: str) -> list[str]:
    """What names an outlet inside a title: its name squashed ("Kyodo News" -> "kyodonews"), and
    for a host each distinctive label ("sanfrancisco.cbslocal.com:80" -> "sanfrancisco", "cbslocal")."""
    source = source.lower().split("://")[-1].split("/")[0].split(":")[0]
    marks = [_squash(label) for label in source.split(".")] if "." in source and " " not in source else []
    marks = [m for m in marks if len(m) >= 4 and m not in _HOST_NOISE]
    whole = _squash(source)
    return marks if marks else ([whole] if len(whole) >= 4 else [])


def drop_outlet(title: str, source: str | None) -> str:
    """The title without the outlet's name that sites add ("... - KCTV5", "CBS 58 - ...").

    The title is cut at the first separator after which the rest names `source` (the outlet or
    its web host), or after a leading part that names it, so long as three words remain.
    """
    if not source or not (marks := _outlet_marks(source)):
        return title
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if separators:
        head, tail = title[: separators[0].start()], title[separators[0].end() :]
        if len(tail.split()) >= 3 and any(mark in _squash(head) for mark in marks):
            title = tail
            separators = list(_TITLE_SEPARATOR.finditer(title))
    for match in separators:
        head, tail = title[: match.start()], _squash(title[match.end() :])
        if len(head.split()) >= 3 and any(mark in tail for mark in marks):
            return head.rstrip()
    return title
