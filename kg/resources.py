"""Find the data that ships with ``kg``: ontology, shapes, catalog, stored queries.

``ontology/`` and ``queries/`` sit at the top of the repository and are copied
into the wheel as ``kg/_data/…``; this is the one place that knows both homes.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory ``name`` (``"ontology"`` or ``"queries"``).

    >>> data_dir("ontology").name
    'ontology'
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg data directory {name!r} is missing from the installation")


def ontology_file(name: str) -> Path:
    """Path of a Turtle file in ``ontology/`` such as ``kg.ttl``."""
    return data_dir("ontology") / name


def catalog_paths() -> list[Path]:
    """The Turtle files of the shipped entity catalog, ``ontology/catalog/*.ttl``, by name.

    >>> catalog_paths()[0].parent.name
    'catalog'
    """
    return sorted((data_dir("ontology") / "catalog").glob("*.ttl"))


def package_data(name: str) -> Path:
    """Path of a data file inside the package (``kg/data/…``: lexicons, patterns)."""
    return _PACKAGE / "data" / name


def data_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file of ``kg/data/``, without blank and ``#`` comment lines.

    >>> data_rows("roles.tsv")[0][:1] != []
    True
    """
    rows = []
    for line in package_data(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def static_file(name: str) -> Path:
    """Path of a file that ``kg view`` inlines into its page (``kg/web/static/…``)."""
    return _PACKAGE / "web" / "static" / name


def cache_dir() -> Path:
    """Where ``kg`` keeps compiled data: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"
