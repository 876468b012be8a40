"""cleaner: a text-cleaning and normalization pipeline for news articles."""

from cleaner.api import Result, clean
from cleaner.config import Config

__all__ = ["Config", "Result", "clean"]
__version__ = "0.1.0"
