"""kg export: every format is plain RDF 1.1 that rdflib (and rapper) read."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner
from pyoxigraph import NamedNode

from conftest import platform_skip
from kg.cli import cli
from kg.store import KgStore, stats
from kg.vocab import BUILDS_GRAPH, CATALOG_GRAPH, ENTITY_TYPES, KG, RDF, RELATIONS


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
    if fmt in ("nq", "trig", "jsonld"):  # the dataset formats keep the named graphs
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


# -- the plain graph, several graphs, canonical blank nodes (issue 29) --------------------------



EVERY_FORMAT = [*FORMATS, "graphml", "csv"]


@pytest.fixture(scope="module")
def two_seed_stores(tmp_path_factory, seeds_dir):
    """seeds/ built twice, into two stores (one with --jobs 2): blank nodes named differently."""
    stores = []
    for jobs in ("1", "2"):
        path = tmp_path_factory.mktemp(f"seeds-{jobs}") / "store"
        result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--store", str(path), "--jobs", jobs],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        # the builds graph says when each build ran (PROV-O): the one graph two builds differ in
        with KgStore.open(path) as kg_store:
            assert kg_store.store.contains_named_graph(NamedNode(BUILDS_GRAPH))
            kg_store.store.update(f"DROP GRAPH <{BUILDS_GRAPH}>")
        stores.append(path)
    return stores


@pytest.mark.parametrize("plain", [False, True], ids=["full", "plain"])
@pytest.mark.parametrize("fmt", EVERY_FORMAT)
def test_two_stores_built_from_the_same_seeds_export_the_same_bytes(two_seed_stores, fmt, plain):
    flags = ["--plain"] if plain else []
    first, second = (export(store, "--format", fmt, *flags) for store in two_seed_stores)
    assert first and first == second


def test_the_stores_do_name_their_blank_nodes_differently(two_seed_stores):
    """What the test above would miss if the stores happened to agree: the raw dumps differ."""
    dumps = []
    for store in two_seed_stores:
        with KgStore.open(store, read_only=True) as kg_store:
            dumps.append(sorted(str(q) for q in kg_store.store if "_:" in str(q)))
    assert dumps[0] and dumps[0] != dumps[1]


def test_plain_is_entities_and_relations_only(seeds_store):
    graph = rdflib.Graph().parse(data=export(seeds_store, "--plain", "--format", "nt").decode(), format="nt")
    predicates = {str(p) for p in graph.predicates()}
    relations = {str(getattr(KG, r)) for r in RELATIONS}
    assert predicates <= relations | {str(RDF.type), "http://www.w3.org/2000/01/rdf-schema#label"}
    assert predicates & relations
    types = {str(o) for o in graph.objects(None, rdflib.RDF.type)}
    assert types <= {str(getattr(KG, t)) for t in ENTITY_TYPES}
    nodes = {s for s in graph.subjects()} | {o for o in graph.objects() if isinstance(o, rdflib.URIRef)}
    assert all(str(n).startswith("https://kg.example.org/id/entity/") or str(n) in types for n in nodes)
    assert not any("/doc/" in str(n) or "/stmt/" in str(n) for n in nodes)


def test_csv_and_graphml_give_the_same_edges(seeds_store):
    rows = list(csv.DictReader(io.StringIO(export(seeds_store, "--format", "csv").decode())))
    assert list(rows[0]) == ["subject", "subject_label", "relation", "object", "object_label", "statements"]
    blocked = [r for r in rows if r["relation"] == "blocked" and r["object_label"] == "微信"]
    assert blocked and all(int(r["statements"]) >= 1 for r in blocked)
    assert any(r["statements"] == "0" for r in rows)  # the catalog's own relations (ownedBy)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.fromstring(export(seeds_store, "--format", "graphml"))
    edges = [(e.get("source"), e.find("g:data[@key='relation']", ns).text, e.get("target"),
              e.find("g:data[@key='statements']", ns).text) for e in root.iter("{%s}edge" % ns["g"])]
    assert edges == [(r["subject"], r["relation"], r["object"], r["statements"]) for r in rows]
    labels = {n.get("id"): n.find("g:data[@key='label']", ns).text for n in root.iter("{%s}node" % ns["g"])}
    assert all(labels[r["subject"]] == r["subject_label"] for r in rows)


def test_a_repeated_graph_exports_every_graph_given(sample_store):
    with KgStore.open(sample_store, read_only=True) as kg_store:
        docs = [d["iri"] for d in kg_store.documents()][:2]
        expected = sum(len(list(kg_store.store.quads_for_pattern(None, None, None, NamedNode(d)))) for d in docs)
    data = export(sample_store, "--format", "nq", "--graph", docs[0], "--graph", docs[1]).decode()
    lines = [line for line in data.splitlines() if line.strip()]
    assert len(lines) == expected
    assert {line.rsplit("<", 1)[1].rstrip("> .") for line in lines} == set(docs)
    plain = list(csv.DictReader(io.StringIO(export(sample_store, "--format", "csv", "--graph", docs[0]).decode())))
    assert plain and all(int(r["statements"]) >= 1 for r in plain)


# -- -o onto what is not a regular file ----------------------------------------------------------

def test_output_into_a_named_pipe(sample_store, tmp_path):
    fifo = tmp_path / "graph.pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(cli, ["export", "--store", str(sample_store), "--format", "nt", "-o", str(fifo)],
                                catch_exceptions=False)
    reader.join(60)
    assert result.exit_code == 0, result.stderr
    assert received == [export(sample_store, "--format", "nt")]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["graph.pipe"]


def test_output_into_dev_null_leaves_it_a_device(sample_store):
    result = CliRunner().invoke(cli, ["export", "--store", str(sample_store), "-o", "/dev/null"],
                                catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_into_a_full_device_is_an_error_line(sample_store):
    if not os.path.exists("/dev/full"):
        platform_skip("no /dev/full here")
    result = CliRunner().invoke(cli, ["export", "--store", str(sample_store), "-o", "/dev/full"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == ("Error: /dev/full: cannot write: No space left on device "
                             "(free some space, or write elsewhere)\n")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_to_dev_stdout_appends_to_what_the_shell_opened(sample_store, tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("before\n")
    kg = os.path.join(os.path.dirname(sys.executable), "kg")
    with log.open("a") as handle:
        done = subprocess.run([kg, "export", "--store", str(sample_store), "--format", "csv", "-o", "/dev/stdout"],
                              stdout=handle, stderr=subprocess.PIPE, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert log.read_bytes() == b"before\n" + export(sample_store, "--format", "csv")


def test_output_onto_a_regular_file_and_through_a_symlink(sample_store, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    link = tmp_path / "latest.ttl"
    link.symlink_to(target.name)
    result = CliRunner().invoke(cli, ["export", "--store", str(sample_store), "-o", str(link)], catch_exceptions=False)
    assert result.exit_code == 0
    assert link.is_symlink() and target.read_bytes() == export(sample_store)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "latest.ttl"]  # no temporary file left


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("command", [["export", "--format", "nt"], ["view", "--entity", "阿里"]])
def test_a_new_output_file_follows_the_umask(sample_store, tmp_path, umask, expected, command):
    out = tmp_path / "out"
    previous = os.umask(umask)
    try:
        result = CliRunner().invoke(cli, [*command, "-o", str(out), "--store", str(sample_store)],
                                    catch_exceptions=False)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == expected
    out.chmod(0o640)  # an existing file keeps its own mode
    assert CliRunner().invoke(cli, [*command, "-o", str(out), "--store", str(sample_store)]).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_standard_terms_are_stated_without_a_reasoner(seeds_store):
    """Plain SPARQL on the standard vocabularies finds the documents, the entities and the build."""
    with KgStore.open(seeds_store, read_only=True) as kg_store:
        store = kg_store.store

        def count(pattern: str) -> int:
            text = ("PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/> "
                    "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> "
                    f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }}")
            return int(next(iter(store.query(text)))["n"].value)

        documents = count("?x a <https://kg.example.org/ontology#Document>")
        assert documents == 5
        assert count("?x a <https://kg.example.org/ontology#Document> ; dcterms:title ?t") == documents
        assert count("?x a schema:NewsArticle ; dcterms:issued ?d") >= 1
        assert count("?x a schema:Organization") >= 2000  # the catalog's companies are organisations
        assert count("?x a schema:Person") == count("?x a <https://kg.example.org/ontology#Person>")
        assert count("?x a schema:Product") >= 600  # apps, platforms, mini-programs … are products
        assert count("?x a prov:Activity ; prov:startedAtTime ?s ; prov:endedAtTime ?e ; "
                     "prov:wasAssociatedWith [ a prov:SoftwareAgent ]") == 1
        assert count("?x prov:wasGeneratedBy [ a prov:Activity ] ; prov:generatedAtTime ?t") == documents
        # each statement's evidence span as a Web Annotation TextPositionSelector, equal to kg's offsets
        rows = list(store.query(
            "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX kg: <https://kg.example.org/ontology#> "
            "SELECT ?s ?a ?b ?start ?end WHERE { GRAPH ?g { ?s a kg:Statement ; kg:startOffset ?a ; kg:endOffset ?b ; "
            "oa:hasTarget [ oa:hasSource ?g ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ] } }"))
        assert len(rows) == stats(seeds_store).statements
        assert all((r["a"], r["b"]) == (r["start"], r["end"]) for r in rows)
        # evidence is tagged by its document's script
        tags = {(r["t"].value, r["tag"].value) for r in store.query(
            "PREFIX kg: <https://kg.example.org/ontology#> SELECT DISTINCT ?t (LANG(?e) AS ?tag) WHERE { "
            "GRAPH ?g { ?g kg:script ?t . ?s kg:evidence ?e } }")}
        assert ("simplified", "zh-hans") in tags and len({script for script, _ in tags}) > 1, tags
        assert all(tag == ("zh-hans" if script == "simplified" else "zh-hant") for script, tag in tags), tags


def test_the_export_holds_a_void_and_dcat_description_of_the_dataset(tmp_path, seeds_dir, monkeypatch):
    from kg.pipeline import build

    config = tmp_path / "kg.toml"
    config.write_text('title = "Acme news graph"\nlicense = "https://creativecommons.org/licenses/by/4.0/"\n'
                      'sparql_endpoint = "http://127.0.0.1:7878/query"\n', encoding="utf-8")
    monkeypatch.setenv("KG_CONFIG", str(config))
    store = tmp_path / "store"
    assert not build([str(seeds_dir)], store, jobs=1).errors
    trig = export(store, "--format", "trig")
    dataset = rdflib.Dataset()
    dataset.parse(data=trig, format="trig")
    rows = list(dataset.query("""
        PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?d ?title ?licence ?modified ?triples ?entities ?documents ?endpoint (COUNT(?dist) AS ?dists) WHERE {
          GRAPH ?g { ?d a void:Dataset , dcat:Dataset ; dcterms:title ?title ; dcterms:license ?licence ;
                        dcterms:modified ?modified ; void:triples ?triples ; void:entities ?entities ;
                        void:documents ?documents ; void:sparqlEndpoint ?endpoint ; dcat:distribution ?dist .
                     ?dist a dcat:Distribution ; dcat:mediaType ?media } }
        GROUP BY ?d ?title ?licence ?modified ?triples ?entities ?documents ?endpoint"""))
    assert len(rows) == 1
    row = rows[0]
    assert str(row.title) == "Acme news graph"
    assert str(row.licence) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(row.endpoint) == "http://127.0.0.1:7878/query"
    assert int(row.documents) == 5 and int(row.entities) > 2000
    assert abs(int(row.triples) - len(list(dataset.quads()))) < 100  # the store as the build left it
    assert int(row.dists) == 6  # one distribution per RDF export format


def test_json_ld_is_compact_with_the_shipped_context_and_keeps_the_graphs(seeds_store):
    import json

    from kg.resources import ontology_file

    document = json.loads(export(seeds_store, "--format", "jsonld"))
    assert document["@context"] == json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    graphs = {node["@id"]: node["@graph"] for node in document["@graph"] if "@graph" in node}
    assert {"graph:facts", "graph:catalog", "graph:entities", "graph:builds"} <= set(graphs)
    alibaba = next(n for n in graphs["graph:catalog"] if n["@id"] == "entity:alibaba-group")
    assert "kg:Company" in alibaba["@type"] and alibaba["skos:exactMatch"] == {"@id": "wd:Q1359568"}
    # what JSON-LD tools read back is the store, quad for quad
    nquads = rdflib.Dataset()
    nquads.parse(data=export(seeds_store, "--format", "nq"), format="nquads")
    jsonld = rdflib.Dataset()
    jsonld.parse(data=json.dumps(document), format="json-ld")
    assert len(list(jsonld.quads())) == len(list(nquads.quads())) == stats(seeds_store).quads
    for name in ("https://kg.example.org/graph/facts", "https://kg.example.org/graph/entities"):
        assert rdflib.compare.isomorphic(jsonld.graph(rdflib.URIRef(name)), nquads.graph(rdflib.URIRef(name))), name
