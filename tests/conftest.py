"""Shared fixtures. Module-specific fixtures live in their own test files."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture()
def store_dir(tmp_path) -> Path:
    """A store directory that does not exist yet (``kg build`` creates it)."""
    return tmp_path / "store"
