"""The write stage: the site staged beside the output folder and swapped in whole."""

from .guard import check_output
from .writer import WriteReport, recover, write_site

__all__ = ["WriteReport", "check_output", "recover", "write_site"]
