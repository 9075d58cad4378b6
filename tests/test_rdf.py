"""kg.rdf: an Extraction becomes exactly the quads of rdf-layout.md."""

from __future__ import annotations

import dataclasses

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, RdfFormat, serialize
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import sample_extractions
from kg.model import Document, Entity, Extraction, Fact, Mention, Meta
from kg.rdf import description_iri, date_literal, document_quads, fact_iri, statement_iri
from kg.vocab import KG, RDF, XSD

BASE = "https://kg.example.org/id/"


def _graph(quads) -> rdflib.Graph:
    triples = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=triples.decode(), format="nt")


def _tiny() -> Extraction:
    original = "头条\n甲公司推出了乙程序。"
    text = original[3:]
    doc = Document(source="x/tiny.txt", original=original, text=text,
                   starts=[3 + i for i in range(len(text))], ends=[4 + i for i in range(len(text))],
                   script="simplified", meta=Meta(title="甲乙", date="2020-05"),
                   iri=BASE + "doc/0000000000000001", content_hash="abc")
    a = Entity(BASE + "entity/a", "甲公司", "Company", in_catalog=True)
    b = Entity(BASE + "entity/b", "乙程序", "MiniProgram", in_catalog=False)
    fact = Fact(a, "launched", b, "asserted", 0, len(text), "launched.trigger", 0.9, "2020", "2020年", None)
    return Extraction(doc, (Mention(a, 0, 3, "甲公司", "cat"), Mention(b, 6, 9, "乙程序", "q")), (fact,))


def test_tiny_extraction_gives_the_layout_graph():
    extraction = _tiny()
    stmt = statement_iri(extraction.document.iri, extraction.facts[0], base_iri=BASE)
    desc = description_iri(extraction.document.iri, extraction.facts[0].object, base_iri=BASE)
    # the fact: what the statement says, whatever document or sentence says it
    fact = fact_iri([(RDF.subject, NamedNode(f"{BASE}entity/a")), (RDF.predicate, NamedNode(KG.launched)),
                     (RDF.object, NamedNode(f"{BASE}entity/b")), (KG.modality, NamedNode(KG.asserted)),
                     (KG.date, Literal("2020", datatype=NamedNode(XSD.gYear))),
                     (KG.evidence, Literal("ignored: not a field of the fact"))], base_iri=BASE)
    expected = rdflib.Graph().parse(format="turtle", data=f"""
        @prefix kg: <https://kg.example.org/ontology#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix schema: <https://schema.org/> .
        @prefix oa: <http://www.w3.org/ns/oa#> .
        <{BASE}doc/0000000000000001> a kg:Document , schema:NewsArticle , prov:Entity ;
            kg:sourcePath "x/tiny.txt" ; kg:contentHash "abc" ; kg:extractorVersion "v1" ;
            kg:script "simplified" ; kg:title "甲乙"@zh-hans ; dcterms:title "甲乙"@zh-hans ;
            kg:published "2020-05"^^xsd:gYearMonth ; dcterms:issued "2020-05"^^xsd:gYearMonth ;
            kg:mentions <{BASE}entity/a>, <{BASE}entity/b> ; kg:statementCount 1 ;
            kg:describes <{desc}> .
        # a new entity's class and name, as this document gives them (the store keeps them once)
        <{desc}> a kg:EntityDescription ; kg:about <{BASE}entity/b> ; kg:entityType kg:MiniProgram ;
            kg:entityName "乙程序"@zh-hans ; kg:nameKey "乙程序" .
        <{BASE}entity/a> kg:launched <{BASE}entity/b> .
        <{stmt}> a rdf:Statement, kg:Statement, oa:Annotation ;
            rdf:subject <{BASE}entity/a> ; rdf:predicate kg:launched ; rdf:object <{BASE}entity/b> ;
            kg:modality kg:asserted ; kg:date "2020"^^xsd:gYear ; kg:dateText "2020年"@zh-hans ;
            kg:confidence "0.9"^^xsd:decimal ; kg:evidence "甲公司推出了乙程序。"@zh-hans ;
            kg:startOffset 3 ; kg:endOffset 13 ; kg:rule "launched.trigger" ;
            prov:wasDerivedFrom <{BASE}doc/0000000000000001> ;
            kg:fact <{fact}> ;
            oa:hasTarget <{stmt}#target> .
        # the evidence span in W3C Web Annotation terms
        <{stmt}#target> a oa:SpecificResource ; oa:hasSource <{BASE}doc/0000000000000001> ;
            oa:hasSelector <{stmt}#position> .
        <{stmt}#position> a oa:TextPositionSelector ; oa:start 3 ; oa:end 13 .
    """)
    got = _graph(document_quads(extraction, base_iri=BASE, extractor_version="v1"))
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail("only in output:\n" + only_got.serialize(format="nt")
                    + "\nonly expected:\n" + only_expected.serialize(format="nt"))


def test_every_quad_is_in_the_document_graph_and_none_repeats():
    extraction = _tiny()
    doubled = dataclasses.replace(extraction, facts=extraction.facts * 2,
                                  mentions=extraction.mentions * 2)
    quads = document_quads(doubled, base_iri=BASE, extractor_version="v1")
    assert len(quads) == len(set(quads))
    assert {q.graph_name for q in quads} == {NamedNode(extraction.document.iri)}
    assert quads == document_quads(extraction, base_iri=BASE, extractor_version="v1")


def test_evidence_is_sliced_from_the_original_text_and_script():
    by_source = {e.document.source: e for e in sample_extractions()}
    traditional = by_source["sample/b.txt"]
    quads = document_quads(traditional, base_iri=BASE, extractor_version="t")
    evidence = sorted(q.object.value for q in quads if q.predicate == NamedNode(str(KG.evidence)))
    assert "2013年11月，淘寶屏蔽了微信的外鏈。" in evidence  # Traditional, as in the file
    shifted = by_source["sample/a.txt"]
    doc = shifted.document
    quads = document_quads(shifted, base_iri=BASE, extractor_version="t")
    starts = {q.subject: int(q.object.value) for q in quads if q.predicate == NamedNode(str(KG.startOffset))}
    ends = {q.subject: int(q.object.value) for q in quads if q.predicate == NamedNode(str(KG.endOffset))}
    for q in quads:
        if q.predicate == NamedNode(str(KG.evidence)):
            assert doc.original[starts[q.subject]:ends[q.subject]] == q.object.value
            assert starts[q.subject] >= 5  # the cleaned-away first line shifts every offset


def test_only_asserted_facts_become_plain_triples():
    for extraction in sample_extractions():
        quads = document_quads(extraction, base_iri=BASE, extractor_version="t")
        plain = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
        statements = {q.subject for q in quads if q.object == NamedNode(str(KG.Statement))}
        assert len(statements) == len(extraction.facts)
        for fact in extraction.facts:
            triple = (fact.subject.iri, str(getattr(KG, fact.relation)), fact.object.iri)
            assert (triple in plain) == (fact.modality == "asserted"), fact


def test_catalog_entities_are_not_described_in_document_graphs():
    extraction = _tiny()
    quads = document_quads(extraction, base_iri=BASE, extractor_version="v1")
    described = {q.object.value for q in quads if q.predicate == NamedNode(str(KG.about))}
    assert described == {BASE + "entity/b"}  # the new entity only; entity/a is in the catalog
    # and no entity is typed in the document graph: the store keeps types once
    typed = {q.subject.value for q in quads if q.predicate == NamedNode(str(RDF.type))}
    assert not typed & {BASE + "entity/a", BASE + "entity/b"}


@pytest.mark.parametrize("value, datatype", [
    ("2014", XSD.gYear), ("2014-03", XSD.gYearMonth), ("2014-03-05", XSD.date), ("明年", None),
    ("2014-3", None),
])
def test_dates_are_typed_by_precision(value, datatype):
    literal = date_literal(value)
    if datatype is None:
        assert literal is None
    else:
        assert literal == Literal(value, datatype=NamedNode(str(datatype)))


def test_statement_iri_depends_on_what_identifies_a_mention():
    fact = _tiny().facts[0]
    doc = BASE + "doc/1"
    first = statement_iri(doc, fact, base_iri=BASE)
    assert first == statement_iri(doc, dataclasses.replace(fact, confidence=0.1), base_iri=BASE)
    assert first != statement_iri(doc, dataclasses.replace(fact, sent_start=1), base_iri=BASE)
    assert first != statement_iri(BASE + "doc/2", fact, base_iri=BASE)
    other = statement_iri(doc, fact, base_iri="https://example.net/kg/")
    assert other.startswith("https://example.net/kg/stmt/") and other[-16:] == first[-16:]


def test_an_unknown_relation_is_a_bug_not_a_new_iri():
    extraction = _tiny()
    bad = dataclasses.replace(extraction.facts[0], relation="lanched")
    with pytest.raises(ValueError, match="lanched"):
        document_quads(dataclasses.replace(extraction, facts=(bad,)), base_iri=BASE, extractor_version="v")


def test_a_traditional_title_is_stored_simplified_and_as_written():
    ex = _tiny()
    doc = dataclasses.replace(ex.document, meta=Meta(title="騰訊與阿裡巴巴"), script="traditional")
    quads = document_quads(dataclasses.replace(ex, document=doc), base_iri=BASE, extractor_version="t")
    titles = {(q.object.value, q.object.language) for q in quads if q.predicate.value == str(KG.title)}
    assert titles == {("腾讯与阿里巴巴", "zh-hans"), ("騰訊與阿裡巴巴", "zh-hant")}
