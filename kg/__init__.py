"""kg: a knowledge-graph builder for Chinese news about the internet industry."""

__version__ = "0.1.0"
