"""Small helpers for the words of reports."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for one: ``1 document``, ``2 documents``, ``1,000 entities``.

    >>> count(1, "document"), count(2, "edge"), count(1000, "entity", "entities")
    ('1 document', '2 edges', '1,000 entities')
    """
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {plural or noun + 's'}"
