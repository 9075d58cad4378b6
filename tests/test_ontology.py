"""The ontology, shapes and catalog files: they parse everywhere and define what the code uses."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from conftest import platform_skip
from kg import vocab
from kg.resources import catalog_paths, ontology_file
from kg.vocab import KG, ONTOLOGY_NS

FILES = ("kg.ttl", "shapes.ttl", *(f"catalog/{path.name}" for path in catalog_paths()))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file("kg.ttl"), format="turtle")


def _langs(graph: Graph, term: URIRef, pred=RDFS.label) -> set[str]:
    return {(lit.language or "").lower() for lit in graph.objects(term, pred) if isinstance(lit, Literal)}


def _defined_kg_terms(graph: Graph) -> set[str]:
    return {str(s)[len(ONTOLOGY_NS):] for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_NS)}


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_rdflib_to_what_pyoxigraph_reads(name):
    """rdflib and pyoxigraph read the same triples from each file (blank nodes aside)."""
    import pyoxigraph

    graph = Graph().parse(ontology_file(name), format="turtle")
    triples = list(pyoxigraph.parse(path=str(ontology_file(name)), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) == len(triples)
    plain = {t for t in triples if not any(isinstance(x, pyoxigraph.BlankNode) for x in (t.subject, t.object))}
    ours = {(str(s), str(p), str(o)) for s, p, o in graph if "_:" not in s.n3() + o.n3()}
    assert {(t.subject.value, t.predicate.value, t.object.value) for t in plain} == ours


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_rapper_to_the_same_triple_count(name):
    if shutil.which("rapper") is None:
        platform_skip("rapper is not installed (make rapper: Debian raptor2-utils)")
    run = subprocess.run(["rapper", "-i", "turtle", "-c", str(ontology_file(name))],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Error" not in run.stderr
    count = int(re.search(r"returned (\d+) triples", run.stderr).group(1))
    assert count == len(Graph().parse(ontology_file(name), format="turtle"))


def test_every_vocab_term_is_defined_in_the_ontology(ontology):
    defined = _defined_kg_terms(ontology)
    in_vocab = set(KG.__annotations__)
    assert in_vocab - defined == set(), "terms in kg/vocab.py missing from ontology/kg.ttl"


def test_every_ontology_term_is_in_the_vocab(ontology):
    defined = _defined_kg_terms(ontology)
    assert defined - set(KG.__annotations__) == set(), "terms in ontology/kg.ttl missing from kg/vocab.py"


def test_every_term_has_labels_in_both_languages_and_a_comment(ontology):
    for name in KG.__annotations__:
        term = KG[name]
        assert {"zh-hans", "en"} <= _langs(ontology, term), name
        assert ontology.value(term, RDFS.comment) is not None, name


def test_the_thirteen_relations_have_domain_range_and_labels(ontology):
    relations = {str(s)[len(ONTOLOGY_NS):] for s in ontology.subjects(RDF.type, OWL.ObjectProperty)
                 if ontology.value(s, RDFS.domain) is not None and str(s)[len(ONTOLOGY_NS):] in vocab.RELATIONS}
    assert relations == set(vocab.RELATIONS)
    assert len(vocab.RELATIONS) == 13
    for name in vocab.RELATIONS:
        assert ontology.value(KG[name], RDFS.range) is not None, name
        assert {"zh-hans", "en"} <= _langs(ontology, KG[name]), name


def test_exactly_the_two_symmetric_relations_are_symmetric(ontology):
    symmetric = {str(s)[len(ONTOLOGY_NS):] for s in ontology.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == set(vocab.SYMMETRIC) == {"partneredWith", "competesWith"}


def _classes(ontology: Graph, node) -> set[URIRef]:
    """A class expression as the set of named classes it unions."""
    union = ontology.value(node, OWL.unionOf)
    if union is None:
        return {node}
    return set(Collection(ontology, union))


@pytest.mark.parametrize("relation, subject_class, object_class", [
    # the kinds of facts news states: a platform launches a mini-program, a feature launches a
    # feature, a person founds a product, a company is available on another company's mall
    ("launched", KG.Platform, KG.MiniProgram),
    ("launched", KG.Feature, KG.Feature),
    ("founded", KG.Person, KG.App),
    ("availableOn", KG.Company, KG.Company),
    ("leads", KG.Person, KG.Platform),
    ("supportsPayment", KG.App, KG.PaymentService),
    ("ownedBy", KG.AdPlatform, KG.App),
])
def test_domains_and_ranges_admit_the_facts_news_states(ontology, relation, subject_class, object_class):
    def within(cls, expression):
        allowed = _classes(ontology, expression)
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current in allowed:
                return True
            seen.add(current)
            todo.extend(c for c in ontology.objects(current, RDFS.subClassOf) if c not in seen)
        return False

    assert within(subject_class, ontology.value(KG[relation], RDFS.domain))
    assert within(object_class, ontology.value(KG[relation], RDFS.range))


def test_leads_is_not_open_to_companies(ontology):
    assert _classes(ontology, ontology.value(KG.leads, RDFS.domain)) == {KG.Person}


def test_modalities_are_the_five_individuals(ontology):
    individuals = {str(s)[len(ONTOLOGY_NS):] for s in ontology.subjects(RDF.type, KG.Modality)}
    assert individuals == set(vocab.MODALITIES)
    one_of = set(Collection(ontology, ontology.value(KG.Modality, OWL.oneOf)))
    assert one_of == {KG[m] for m in vocab.MODALITIES}


def test_the_enumerated_values_are_the_ontologys(ontology):
    """What `kg query --param type=` / `measure=` may be (kg.queries.ENUMERATIONS) is the ontology's."""
    entity_roots = {KG.Organization, KG.Person, KG.Product}
    classes = {str(c)[len(ONTOLOGY_NS):] for c in ontology.subjects(RDF.type, OWL.Class)
               if str(c).startswith(ONTOLOGY_NS)
               and (c in entity_roots or set(ontology.transitive_objects(c, RDFS.subClassOf)) & entity_roots)}
    assert classes == set(vocab.ENTITY_TYPES)
    measures = {str(s)[len(ONTOLOGY_NS):] for s in ontology.subjects(RDF.type, KG.Measure)}
    assert measures == set(vocab.MEASURES)


def test_classes_are_aligned_with_well_known_vocabularies(ontology):
    schema = "https://schema.org/"
    expected = {KG.Organization: schema + "Organization", KG.Person: schema + "Person",
                KG.Product: schema + "Product", KG.Document: "http://www.w3.org/ns/prov#Entity",
                KG.Statement: str(RDF.Statement)}
    for cls, parent in expected.items():
        assert URIRef(parent) in set(ontology.objects(cls, RDFS.subClassOf)), cls
    for product in (KG.App, KG.MiniProgram, KG.Platform, KG.Feature, KG.PaymentService, KG.AdPlatform,
                    KG.AIModel, KG.Chip):
        assert KG.Product in set(ontology.objects(product, RDFS.subClassOf)), product
    # an investor is a company, so every relation open to organisations is open to it
    assert {KG.Company, URIRef(schema + "Corporation")} <= set(ontology.objects(KG.InvestmentFirm, RDFS.subClassOf))


def test_ontology_documents_the_configurable_base_iri(ontology):
    comments = " ".join(str(c) for c in ontology.objects(URIRef("https://kg.example.org/ontology"), RDFS.comment))
    assert "--base-iri" in comments


# -- inference: the ontology and the seeds' data, closed under RDFS and OWL RL -----------------


@pytest.fixture(scope="module")
def seeds_data(seeds_store) -> Graph:
    """The seeds store as one graph (every graph but the shapes), with the ontology."""
    from kg.store import KgStore, export_bytes
    from kg.vocab import SHAPES_GRAPH

    with KgStore.open(seeds_store, read_only=True) as kg_store:
        graphs = [g.value for g in kg_store.store.named_graphs() if g.value != SHAPES_GRAPH]
        data = export_bytes(kg_store.store, "nt", graphs=graphs)
    graph = Graph().parse(data=data, format="nt")
    graph.parse(ontology_file("kg.ttl"), format="turtle")
    return graph


def _closed(graph: Graph, semantics) -> Graph:
    import owlrl

    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(semantics).expand(closed)
    return closed


def _inconsistencies(graph: Graph) -> list[str]:
    from owlrl.Namespaces import ERRNS

    return sorted(str(message) for message in graph.objects(None, ERRNS.error))


def _conforms(graph: Graph) -> tuple[bool, str]:
    import pyshacl

    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    return conforms, text


def test_the_rdfs_closure_of_ontology_and_seeds_conforms_to_the_shapes(seeds_data):
    """What ``pyshacl -i rdfs -e ontology/kg.ttl`` does: no domain types a fact as a statement."""
    from pyshacl.inference import CustomRDFSSemantics

    closed = _closed(seeds_data, CustomRDFSSemantics)
    assert len(closed) > len(seeds_data)
    facts = set(closed.subjects(RDF.type, KG.Fact))
    assert facts and not facts & set(closed.subjects(RDF.type, KG.Observation))
    assert not facts & set(closed.subjects(RDF.type, KG.Statement))
    conforms, text = _conforms(closed)
    assert conforms, text[:3000]


def test_the_owl_rl_closure_of_ontology_and_seeds_is_consistent_and_conforms(seeds_data):
    import owlrl

    closed = _closed(seeds_data, owlrl.OWLRL_Semantics)
    assert _inconsistencies(closed) == []
    # the inverses are there for a reasoner: 阿里巴巴集团 owns 淘天集团 once 淘天集团 ownedBy it
    ent = "https://kg.example.org/id/entity/"
    assert (URIRef(ent + "alibaba-group"), KG.owns, URIRef(ent + "taotian-group")) in closed
    conforms, text = _conforms(closed)
    assert conforms, text[:3000]


def test_an_entity_typed_person_and_product_is_a_contradiction(seeds_data):
    import owlrl

    person = next(iter(seeds_data.subjects(RDF.type, KG.Person)))
    planted = Graph()
    for triple in seeds_data:
        planted.add(triple)
    planted.add((person, RDF.type, KG.App))
    closed = _closed(planted, owlrl.OWLRL_Semantics)
    assert any(str(person) in message for message in _inconsistencies(closed)), _inconsistencies(closed)
    conforms, text = _conforms(planted)
    assert not conforms and "a person cannot also be an organisation or a product" in text
