"""The extract stage: entity mentions and sentences from spaCy, cached by content hash."""

from .pipeline import Annotator, extract, load_pipeline, model_fingerprint, start_annotator

__all__ = ["Annotator", "extract", "load_pipeline", "model_fingerprint", "start_annotator"]
