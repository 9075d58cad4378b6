"""The wheel carries ontology/ and queries/, so an installed ``kg`` works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, repo_root):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(repo_root)],
        check=True,
    )
    (path,) = out.glob("kg-*.whl")
    return path


def test_wheel_ships_ontology_and_queries(wheel, repo_root):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "queries"):
        shipped = sorted(p.relative_to(repo_root / folder).as_posix() for p in (repo_root / folder).rglob("*")
                         if p.is_file() and not any(part.startswith(".") for part in p.parts))
        assert shipped, f"{folder}/ is empty"
        for name in shipped:
            assert f"kg/_data/{folder}/{name}" in names
    assert "kg/_data/ontology/catalog/organizations.ttl" in names


def test_wheel_ships_the_page_of_kg_view(wheel, repo_root):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (repo_root / "kg" / "web" / "static").iterdir():
        assert f"kg/web/static/{path.name}" in names


def test_wheel_declares_console_script(wheel):
    with zipfile.ZipFile(wheel) as zf:
        (entry_points,) = [n for n in zf.namelist() if n.endswith("entry_points.txt")]
        assert "kg = kg.cli:cli" in zf.read(entry_points).decode()
