"""Time cleaning and spaCy's tokenizer on long runs without spaces (a hostile scraped article).

Cleaning must be linear in the text's length; spaCy's tokenizer is quadratic in a run's length, so
`extract.spacy_text` blanks runs past `LONGEST_RUN` characters before spaCy sees them.

    .venv/bin/python bench/long_runs.py                 # 1,000,000-character runs, 20,000 for spaCy
    .venv/bin/python bench/long_runs.py --chars 100000 --spacy-chars 5000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extract.annotate import spacy_text  # noqa: E402
from generator.read.cleaning import clean_text  # noqa: E402

SHAPES = {
    "letters": "a",
    "url": "https://example.org/ab",
    "dashes": "-",
    "parens": "(",
    "em-dashes": "—",
    "a-a": "a-",
    "snake": "a_",
    "base64": "QUJD+/9=",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="length of each run for cleaning")
    parser.add_argument("--spacy-chars", type=int, default=20_000, help="length of a run for spaCy")
    parser.add_argument("--as-is", action="store_true", help="also time spaCy on the uncut run (slow)")
    args = parser.parse_args()
    for name, unit in SHAPES.items():
        word = (unit * (args.chars // len(unit) + 1))[: args.chars]
        clock = time.perf_counter()
        clean_text(f"Officials met on Monday. {word} The talks went on.")
        print(f"clean {name:9} {args.chars:>9,} chars: {time.perf_counter() - clock:6.2f}s", flush=True)
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    for unit in ("(", "—"):
        run = unit * args.spacy_chars
        texts = {"cut": spacy_text(run, len(run))} | ({"as is": run} if args.as_is else {})
        for label, text in texts.items():
            clock = time.perf_counter()
            tokenizer(text)
            print(f"spaCy tokenizer, {len(run):,} x {unit!r} {label}: {time.perf_counter() - clock:.3f}s")


if __name__ == "__main__":
    main()
