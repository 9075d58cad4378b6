"""``kg validate``: SHACL over a real pyoxigraph store, reported in plain words."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import StoreError
from kg.resources import catalog_paths, ontology_file
from kg.validate import validate_store
from kg.vocab import CATALOG_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH

DOC = "https://kg.example.org/id/doc/5f1c0de2a9b84e11"
PREFIXES = """
PREFIX kg: <https://kg.example.org/ontology#>
PREFIX ent: <https://kg.example.org/id/entity/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# A document graph written by hand per notes/rdf-layout.md: one asserted fact with its
# statement, one denied fact (statement only), and one new (non-catalog) entity.
DOCUMENT_GRAPH = f"""
<{DOC}> a kg:Document ;
    kg:sourcePath "news/2023-05-hand-made.txt" ;
    kg:contentHash "{'ab' * 32}" ;
    kg:extractorVersion "0.1.0+test" ;
    kg:script "traditional" ;
    kg:title "天貓小程序登陸微信"@zh-hans ;
    kg:published "2023-05-20"^^xsd:date ;
    kg:url "https://news.example.com/tmall-mini"^^xsd:anyURI ;
    kg:mentions ent:tmall , ent:wechat , ent:alipay , <https://kg.example.org/id/entity/9d3ab1c0e4f25a67> .
ent:tmall kg:launched <https://kg.example.org/id/entity/9d3ab1c0e4f25a67> .
<https://kg.example.org/id/entity/9d3ab1c0e4f25a67> a kg:MiniProgram ;
    rdfs:label "天猫好物"@zh-hans ; skos:prefLabel "天猫好物"@zh-hans .
<https://kg.example.org/id/stmt/0a1b2c3d4e5f6071> a rdf:Statement , kg:Statement ;
    rdf:subject ent:tmall ; rdf:predicate kg:launched ;
    rdf:object <https://kg.example.org/id/entity/9d3ab1c0e4f25a67> ;
    kg:modality kg:asserted ; kg:date "2023-05"^^xsd:gYearMonth ; kg:dateText "今年5月"@zh-hans ;
    kg:confidence "0.9"^^xsd:decimal ; kg:evidence "今年5月，天貓在微信上線了小程序「天貓好物」。"@zh ;
    kg:startOffset 12 ; kg:endOffset 38 ; kg:rule "launched.trigger" ;
    prov:wasDerivedFrom <{DOC}> .
<https://kg.example.org/id/stmt/1a1b2c3d4e5f6071> a rdf:Statement , kg:Statement ;
    rdf:subject ent:wechat ; rdf:predicate kg:supportsPayment ; rdf:object ent:alipay ;
    kg:modality kg:denied ; kg:confidence "0.7"^^xsd:decimal ;
    kg:evidence "微信並未接入支付寶。"@zh ; kg:startOffset 40 ; kg:endOffset 50 ; kg:rule "payment.trigger" ;
    prov:wasDerivedFrom <{DOC}> .
"""


def _make_store(path, *, with_shapes: bool = True) -> None:
    store = ox.Store(str(path))
    schema = [(ontology_file("kg.ttl"), ONTOLOGY_GRAPH), *((path, CATALOG_GRAPH) for path in catalog_paths())]
    if with_shapes:
        schema.append((ontology_file("shapes.ttl"), SHAPES_GRAPH))
    for path, graph in schema:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    store.update(f"{PREFIXES} INSERT DATA {{ GRAPH <{DOC}> {{ {DOCUMENT_GRAPH} }} }}")
    store.flush()
    del store


def _insert(path, triples: str) -> None:
    store = ox.Store(str(path))
    store.update(f"{PREFIXES} INSERT DATA {{ GRAPH <{DOC}> {{ {triples} }} }}")
    store.flush()
    del store


@pytest.fixture(scope="module")
def valid_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("valid") / "store"
    _make_store(path)
    return path


@pytest.fixture()
def broken_store(tmp_path, valid_store):
    """A copy of the valid store into which a statement without a source and an unnamed entity were put."""
    path = tmp_path / "store"
    shutil.copytree(valid_store, path)
    _insert(path, """
        <https://kg.example.org/id/stmt/ffff000011112222> a rdf:Statement , kg:Statement ;
            rdf:subject ent:tencent ; rdf:predicate kg:blocked ; rdf:object ent:taobao ;
            kg:modality kg:asserted ; kg:confidence "0.8"^^xsd:decimal ; kg:rule "blocked.trigger" .
        <https://kg.example.org/id/entity/0000aaaa1111bbbb> a kg:Company .
        <""" + DOC + """> kg:mentions <https://kg.example.org/id/entity/0000aaaa1111bbbb> .
    """)
    return path


def test_valid_store_conforms(valid_store):
    report = validate_store(valid_store)
    assert report.conforms, report.text
    assert report.violations == 0
    assert report.text == "conforms: 1 document, 2 statements checked"


def test_statement_without_source_and_entity_without_label_are_reported(broken_store):
    report = validate_store(broken_store)
    assert not report.conforms
    assert report.violations == 2
    lines = report.text.splitlines()
    assert ("  <https://kg.example.org/id/stmt/ffff000011112222> — prov:wasDerivedFrom — "
            "statement must come from exactly one kg:Document (prov:wasDerivedFrom)") in lines
    assert ("  ent:0000aaaa1111bbbb (no label) — (node) — "
            "entity has no name (add rdfs:label or skos:prefLabel)") in lines
    assert lines[-1] == "2 violations (1 document, 3 statements checked)"


@pytest.mark.parametrize("triples, expected", [
    ('<https://kg.example.org/id/stmt/0a1b2c3d4e5f6071> kg:date "May 2023" .',
     "kg:date must be one xsd:date, xsd:gYearMonth or xsd:gYear"),
    ("<https://kg.example.org/id/stmt/1a1b2c3d4e5f6071> kg:modality kg:probably .",
     "statement must have exactly one kg:modality"),
    ('<https://kg.example.org/id/stmt/1a1b2c3d4e5f6071> kg:startOffset "12" .',
     "kg:startOffset must be one non-negative xsd:integer"),
    ('<https://kg.example.org/id/stmt/1a1b2c3d4e5f6071> kg:confidence 1.5 .',
     "kg:confidence must be one xsd:decimal from 0 to 1"),
    ("<https://kg.example.org/id/stmt/1a1b2c3d4e5f6071> rdf:predicate kg:likes .",
     "statement must have exactly one rdf:predicate, one of the 13 kg relations"),
    ("ent:wechat kg:supportsPayment ent:taobao .", "object of supportsPayment must be a PaymentService"),
    ("ent:tencent kg:leads ent:wechat .", "subject of leads must be a Person"),
    ("ent:jack-ma kg:launched ent:taobao .", "subject of launched must be an Organization or a Product"),
    (f'<{DOC}> kg:contentHash "not-a-hash" .', "document must have exactly one kg:contentHash"),
    (f'<{DOC}> kg:script "klingon" .', "kg:script must be simplified, traditional, taiwan or hongkong"),
])
def test_each_kind_of_violation_is_named(tmp_path, valid_store, triples, expected):
    path = tmp_path / "store"
    shutil.copytree(valid_store, path)
    _insert(path, triples)
    report = validate_store(path)
    assert not report.conforms
    assert expected in report.text


def test_subclass_instances_satisfy_class_constraints(tmp_path, valid_store):
    # 视频号 is a Feature and 直播间购物车 a Feature: both Products, so launched is in range.
    path = tmp_path / "store"
    shutil.copytree(valid_store, path)
    _insert(path, "ent:wechat-channels kg:launched ent:livestream-shopping-cart . "
                  "ent:allen-zhang kg:founded ent:wechat . ent:dai-shan kg:leads ent:taotian-group .")
    assert validate_store(path).conforms


def test_store_without_shapes_graph_uses_shipped_shapes(tmp_path):
    path = tmp_path / "store"
    _make_store(path, with_shapes=False)
    _insert(path, "<https://kg.example.org/id/entity/0000aaaa1111bbbb> a kg:Person .")
    report = validate_store(path)
    assert not report.conforms
    assert "ent:0000aaaa1111bbbb (no label)" in report.text


def test_missing_store_says_to_build_first(tmp_path):
    with pytest.raises(StoreError) as err:
        validate_store(tmp_path / "nowhere")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: no store here (run `kg build` first)"


def test_validate_leaves_the_store_unlocked_and_unchanged(valid_store):
    before = len(ox.Store.read_only(str(valid_store)))
    validate_store(valid_store)
    store = ox.Store(str(valid_store))  # would fail if validate still held the lock
    assert len(store) == before
    del store


def test_cli_validate_exit_codes(valid_store, broken_store):
    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", "--store", str(valid_store)], catch_exceptions=False)
    assert ok.exit_code == 0
    assert ok.output.strip() == "conforms: 1 document, 2 statements checked"
    bad = runner.invoke(cli, ["validate", "--store", str(broken_store)], catch_exceptions=False)
    assert bad.exit_code == 1
    assert "2 violations" in bad.output


def test_cli_validate_without_store(tmp_path):
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "none")], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'none'}: no store here (run `kg build` first)" in result.output


def test_store_written_by_the_rdf_stage_conforms(sample_store):
    report = validate_store(sample_store)
    assert report.conforms, report.text
    assert report.text.startswith("conforms: 3 documents")


def test_seeds_built_by_kg_build_conform(seeds_store):
    report = validate_store(seeds_store)
    assert report.conforms, report.text
    assert report.text.startswith("conforms: 5 documents")
