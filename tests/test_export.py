"""kg export: every format is plain RDF 1.1 that rdflib (and rapper) read."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import NamedNode

from conftest import platform_skip
from kg.cli import cli
from kg.store import KgStore, stats
from kg.vocab import CATALOG_GRAPH, RDF


FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdfxml": "xml"}
RAPPER = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig", "rdfxml": "rdfxml"}


def export(store, *args):
    result = CliRunner().invoke(cli, ["export", "--store", str(store), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.fixture(scope="module", params=["sample", "seeds"])
def store(request):
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="module")
def distinct_triples(store) -> int:
    with KgStore.open(store, read_only=True) as kg_store:
        return len({(q.subject, q.predicate, q.object) for q in kg_store.store})


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_with_rdflib(store, fmt, tmp_path, distinct_triples):
    target = tmp_path / f"graph.{fmt}"
    export(store, "--format", fmt, "-o", str(target))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    if fmt in ("nq", "trig"):
        dataset = rdflib.Dataset()
        dataset.parse(target, format=FORMATS[fmt])
        assert len(list(dataset.quads((None, None, None, None)))) == stats(store).quads
        assert {str(g.identifier) for g in dataset.graphs()} >= {CATALOG_GRAPH}
    else:
        graph = rdflib.Graph().parse(target, format=FORMATS[fmt])
        assert len(graph) == distinct_triples  # the union of all graphs, merged


@pytest.mark.parametrize("fmt", RAPPER)
def test_every_format_parses_with_rapper(store, fmt, tmp_path):
    if shutil.which("rapper") is None:
        platform_skip("rapper is not installed (make rapper: Debian raptor2-utils)")
    target = tmp_path / f"graph.{fmt}"
    export(store, "--format", fmt, "-o", str(target))
    run = subprocess.run(["rapper", "-q", "-c", "-i", RAPPER[fmt], str(target)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_nquads_has_one_line_per_quad(store):
    lines = [line for line in export(store, "--format", "nq").decode().splitlines() if line.strip()]
    assert len(lines) == stats(store).quads


def test_asserted_only_leaves_out_statement_nodes(sample_store):
    full = rdflib.Graph().parse(data=export(sample_store, "--format", "nt").decode(), format="nt")
    plain = rdflib.Graph().parse(data=export(sample_store, "--format", "nt", "--asserted-only").decode(),
                                 format="nt")
    statements = set(full.subjects(rdflib.RDF.type, rdflib.URIRef(str(RDF.Statement))))
    assert statements
    assert not set(plain.subjects()) & statements
    assert len(plain) == len(full) - sum(1 for s in statements for _ in full.triples((s, None, None)))


def test_one_graph(sample_store):
    with KgStore.open(sample_store, read_only=True) as kg_store:
        doc = kg_store.documents()[0]["iri"]
        expected = len(list(kg_store.store.quads_for_pattern(None, None, None, NamedNode(doc))))
    graph = rdflib.Graph().parse(data=export(sample_store, "--format", "ttl", "--graph", doc).decode(),
                                 format="turtle")
    assert len(graph) == expected


def test_unknown_graph_is_a_clear_error(sample_store):
    result = CliRunner().invoke(cli, ["export", "--store", str(sample_store), "--graph", "https://nope.example/g"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: https://nope.example/g: no such graph in the store")


def test_export_keeps_rdf_1_1(sample_store):
    text = export(sample_store, "--format", "ttl").decode()
    assert "<<" not in text and "~" not in text and "--ltr" not in text
