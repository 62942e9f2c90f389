"""One spaCy worker process (`python -m generator.extract.worker_process`), started by
`workers.Annotator`: it loads the pipeline once, then annotates the batches sent on stdin."""

from __future__ import annotations

import importlib
import os
import pickle
import sys

from ..errors import BuildError
from .spacy_model import pipe_plain
from .workers import send


def main() -> None:
    """The worker: load the pipeline, say so, then annotate batches until stdin closes."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the replies
    inp = sys.stdin.buffer
    path, module, name, config = pickle.load(inp)
    sys.path[:] = path

    try:
        nlp = getattr(importlib.import_module(module), name)(config)
    except BuildError as exc:
        send(out, (False, (exc.path, exc.message, exc.line)))
        return
    send(out, (True, None))
    while True:
        try:
            texts, batch_size = pickle.load(inp)
        except EOFError:
            return
        send(out, list(pipe_plain(nlp, texts, batch_size)))


if __name__ == "__main__":
    main()
