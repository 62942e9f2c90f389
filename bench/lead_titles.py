"""Titles made from leads, to read and judge: the eval corpora with each record's title blanked.

    python bench/lead_titles.py [--per-corpus 30] [--offset 0]

Prints, for a fixed spread of records of each corpus, the title `lead_title` makes from the
first paragraph the reader keeps, and the record's own headline beside it for comparison. The
texts are read from ../shared/eval at run time and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.read.cleaning import clean_text  # noqa: E402
from generator.read.headlines import lead_title  # noqa: E402

EVAL_DIR = ROOT.parent / "shared" / "eval"
CORPORA = ("gva-dev", "allsides-dev")


def sample(corpus: str, count: int, offset: int = 0) -> list[tuple[str, str, str]]:
    """(id, own headline, lead title) for `count` records spread evenly over the corpus, from the
    `offset`-th record on (another offset gives another sample to check rules on)."""
    records = [json.loads(line) for line in (EVAL_DIR / f"{corpus}.jsonl").open(encoding="utf-8")]
    found = []
    for record in records:
        cleaned = clean_text(record.get("text") or "", find_headline=True)
        if cleaned.paragraphs:
            found.append((str(record.get("id")), str(record.get("title") or ""), cleaned.paragraphs[0]))
    step = max(1, len(found) // count)
    return [(rid, title, lead_title(lead)) for rid, title, lead in found[offset::step][:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-corpus", type=int, default=30)
    parser.add_argument("--offset", type=int, default=0)
    args = parser.parse_args()
    for corpus in CORPORA:
        for rid, title, made in sample(corpus, args.per_corpus, args.offset):
            print(f"{corpus} {rid}\n  own:  {title}\n  made: {made}")


if __name__ == "__main__":
    main()
