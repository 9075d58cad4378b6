"""The vocabulary module's one setting: the base of every IRI kg mints (KG_BASE_IRI, kg.toml)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from click.testing import CliRunner

from kg.cli import cli
from kg.vocab import CATALOG_BASE_IRI, DEFAULT_BASE_IRI

ACME = "https://data.acme.example/kg/"


def _kg(*args, env: dict, cwd=None) -> subprocess.CompletedProcess:
    kg = os.path.join(os.path.dirname(sys.executable), "kg")
    clean = {k: v for k, v in os.environ.items() if k not in ("KG_BASE_IRI", "KG_CONFIG")}
    return subprocess.run([kg, *args], env={**clean, **env}, cwd=cwd, capture_output=True, text=True, timeout=600)


def _setting(env: dict, cwd=None) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("KG_BASE_IRI", "KG_CONFIG")}
    done = subprocess.run([sys.executable, "-c", "import kg.vocab as v; print(v.DEFAULT_BASE_IRI, v.GRAPH_BASE)"],
                          env={**clean, **env}, cwd=cwd, capture_output=True, text=True, timeout=60)
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def test_the_base_comes_from_the_environment_then_the_config_file(tmp_path):
    assert DEFAULT_BASE_IRI == CATALOG_BASE_IRI  # the suite runs with the default
    (tmp_path / "kg.toml").write_text('base_iri = "https://toml.example/id/"\n', encoding="utf-8")
    assert _setting({}, cwd=tmp_path) == "https://toml.example/id/ https://toml.example/graph/"
    assert _setting({"KG_BASE_IRI": ACME}, cwd=tmp_path) == f"{ACME} {ACME}graph/"
    assert _setting({"KG_CONFIG": str(tmp_path / "kg.toml")}) == "https://toml.example/id/ https://toml.example/graph/"
    assert "must be an absolute http(s) IRI ending in '/'" in _setting({"KG_BASE_IRI": "acme"})


def test_a_base_iri_other_than_the_configured_one_is_refused(tmp_path, seeds_dir):
    result = CliRunner().invoke(cli, ["build", "--store", str(tmp_path / "s"), "--base-iri", ACME, str(seeds_dir)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: --base-iri {ACME}: differs from the configured base IRI {DEFAULT_BASE_IRI} (set KG_BASE_IRI={ACME} "
        "(or base_iri in kg.toml) for every kg command on this store, so graph names and catalog entities move too)")
    assert not (tmp_path / "s").exists()


def test_another_base_moves_every_minted_iri_and_keeps_the_wikidata_links(tmp_path, seeds_dir):
    config = tmp_path / "kg.toml"
    config.write_text(f'base_iri = "{ACME}"\n', encoding="utf-8")
    env = {"KG_CONFIG": str(config)}
    store = tmp_path / "store"
    built = _kg("build", str(seeds_dir), "--store", str(store), "--jobs", "1", env=env)
    assert built.returncode == 0, built.stderr
    exported = _kg("export", "--format", "nq", "--store", str(store), env=env)
    assert exported.returncode == 0, exported.stderr
    iris = set(re.findall(r"<([^>]*)>", exported.stdout))
    # only the ontology's own namespace (and its shapes') stays: docs/semantic-web.md
    stayed = {iri for iri in iris if iri.startswith("https://kg.example.org/")
              and not iri.startswith(("https://kg.example.org/ontology", "https://kg.example.org/shapes"))}
    assert stayed == set()
    graphs = {line.rsplit(" ", 2)[-2].strip("<>") for line in exported.stdout.splitlines() if line.count("> <") >= 1}
    assert {f"{ACME}graph/{name}" for name in ("ontology", "shapes", "catalog", "entities", "facts", "builds")} <= graphs
    assert any(iri.startswith(ACME + "doc/") for iri in graphs)
    assert (f"<{ACME}entity/alibaba-group> <http://www.w3.org/2004/02/skos/core#exactMatch> "
            "<http://www.wikidata.org/entity/Q1359568>") in exported.stdout
    assert any(iri.startswith(ACME + "stmt/") for iri in iris) and any(iri.startswith(ACME + "fact/") for iri in iris)
    # the stored queries follow the store's graphs
    launches = _kg("query", "launches", "--param", "company=阿里", "--format", "csv", "--store", str(store), env=env)
    assert launches.returncode == 0, launches.stderr
    assert any(f"{ACME}entity/alibaba-group," in line and f"{ACME}entity/tmall-youpin," in line
               for line in launches.stdout.splitlines())

