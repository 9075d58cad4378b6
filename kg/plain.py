"""The plain graph for other tools (``kg export --plain``): entities and the relations between them.

Only entity-to-entity edges, each with its two ends' labels and types and the number of
asserted statements behind it: no statements, documents, ontology, shapes or bookkeeping.
Written as RDF (any ``kg export`` format), as GraphML (yEd, Gephi, networkx, Cytoscape) or as
a CSV edge list. The edges are the plain triples of the facts graph (asserted facts and the
catalog's own relations), or of the named graphs given; the output is sorted, so the same
store gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from kg.vocab import CATALOG_GRAPH, ENTITIES_GRAPH, FACTS_GRAPH, KG, ONTOLOGY_NS, RDF, RDFS, RELATIONS, SKOS

#: Types that are not entities (kept out of an entity's types).
_NOT_ENTITY = {"Document", "Statement", "Modality", "EntityDescription", "Observation", "Measure", "Fact"}
PLAIN_FORMATS = ("graphml", "csv")
CSV_COLUMNS = ("subject", "subject_label", "relation", "object", "object_label", "statements")


@dataclass(frozen=True)
class Node:
    """An entity: its IRI, preferred labels (``(text, language)``, Chinese first) and kg: types."""

    iri: str
    labels: tuple[tuple[str, str], ...]
    types: tuple[str, ...]

    @property
    def label(self) -> str:
        """The preferred label (Chinese when there is one), or ``""``."""
        return self.labels[0][0] if self.labels else ""


@dataclass(frozen=True)
class Edge:
    """``subject relation object`` and how many asserted statements state it (0: the catalog's)."""

    subject: str
    relation: str
    object: str
    statements: int


@dataclass(frozen=True)
class PlainGraph:
    """The edges, sorted, and every node an edge touches, by IRI."""

    nodes: dict[str, Node]
    edges: tuple[Edge, ...]


def _n(term) -> NamedNode:
    return NamedNode(str(term))


_RELATION_IRIS = {ONTOLOGY_NS + name: name for name in RELATIONS}


def plain_graph(store, graphs: list[str] | None = None) -> PlainGraph:
    """The plain graph of a pyoxigraph ``store``: of the facts graph, or of the named ``graphs``.

    From the facts graph a count is the sum of ``kg:statementCount`` over the asserted facts of
    the edge; from named graphs (documents) it is their asserted statements of the edge.
    """
    sources = [NamedNode(g) for g in graphs] if graphs else [NamedNode(FACTS_GRAPH)]
    counts: dict[tuple[str, str, str], int] = {}
    for graph in sources:
        for iri in _RELATION_IRIS:
            for q in store.quads_for_pattern(None, NamedNode(iri), None, graph):
                if isinstance(q.subject, NamedNode) and isinstance(q.object, NamedNode):
                    counts.setdefault((q.subject.value, iri, q.object.value), 0)
    modality, asserted = _n(KG.modality), _n(KG.asserted)
    subject, obj, count = _n(RDF.subject), _n(RDF.object), _n(KG.statementCount)
    for graph in sources:
        facts = graph.value == FACTS_GRAPH
        for q in store.quads_for_pattern(None, _n(RDF.predicate), None, graph):
            if q.object.value not in _RELATION_IRIS or Quad(q.subject, modality, asserted, graph) not in store:
                continue
            ends = [next(store.quads_for_pattern(q.subject, p, None, graph), None) for p in (subject, obj)]
            if None in ends:
                continue
            key = (ends[0].object.value, q.object.value, ends[1].object.value)
            if key not in counts:
                continue
            if facts:
                counts[key] += sum(int(c.object.value) for c in store.quads_for_pattern(q.subject, count, None, graph))
            else:
                counts[key] += 1
    edges = tuple(Edge(s, _RELATION_IRIS[p], o, n) for (s, p, o), n in sorted(counts.items()))
    nodes = {iri: _node(store, iri) for iri in sorted({e.subject for e in edges} | {e.object for e in edges})}
    return PlainGraph(nodes, edges)


def _node(store, iri: str) -> Node:
    node = NamedNode(iri)
    labels, types = set(), set()
    for graph in (NamedNode(CATALOG_GRAPH), NamedNode(ENTITIES_GRAPH)):
        for q in store.quads_for_pattern(node, _n(SKOS.prefLabel), None, graph):
            labels.add((q.object.value, q.object.language or ""))
        for q in store.quads_for_pattern(node, _n(RDF.type), None, graph):
            name = q.object.value.removeprefix(ONTOLOGY_NS)
            if q.object.value.startswith(ONTOLOGY_NS) and name not in _NOT_ENTITY:
                types.add(name)
    ordered = sorted(labels, key=lambda label: (not label[1].startswith("zh"), label[1], label[0]))
    return Node(iri, tuple(ordered), tuple(sorted(types)))


def as_triples(plain: PlainGraph) -> list[Triple]:
    """The plain graph as RDF: each edge, and each node's ``rdf:type`` and ``rdfs:label``\\ s."""
    triples = []
    for node in plain.nodes.values():
        subject = NamedNode(node.iri)
        triples += [Triple(subject, _n(RDF.type), NamedNode(ONTOLOGY_NS + t)) for t in node.types]
        triples += [Triple(subject, _n(RDFS.label), Literal(text, language=lang) if lang else Literal(text))
                    for text, lang in node.labels]
    triples += [Triple(NamedNode(e.subject), NamedNode(ONTOLOGY_NS + e.relation), NamedNode(e.object))
                for e in plain.edges]
    return triples


def to_csv(plain: PlainGraph) -> bytes:
    """An edge list: subject IRI, subject label, relation, object IRI, object label, statements.

    >>> print(to_csv(PlainGraph({"a": Node("a", (("甲", "zh"),), ()), "b": Node("b", (), ())},
    ...                         (Edge("a", "launched", "b", 2),))).decode(), end="")
    subject,subject_label,relation,object,object_label,statements
    a,甲,launched,b,,2
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in plain.edges:
        writer.writerow([e.subject, plain.nodes[e.subject].label, e.relation, e.object,
                         plain.nodes[e.object].label, e.statements])
    return out.getvalue().encode("utf-8")


def to_graphml(plain: PlainGraph) -> bytes:
    """GraphML: a node per entity (label, type), a directed edge per relation (relation, statements)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
        '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
        '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
        '  <key id="statements" for="edge" attr.name="statements" attr.type="int"/>',
        '  <graph id="kg" edgedefault="directed">',
    ]
    for node in plain.nodes.values():
        lines.append(f"    <node id={quoteattr(node.iri)}>"
                     f'<data key="label">{escape(node.label)}</data>'
                     f'<data key="type">{escape(" ".join(node.types))}</data></node>')
    for i, e in enumerate(plain.edges):
        lines.append(f'    <edge id="e{i}" source={quoteattr(e.subject)} target={quoteattr(e.object)}>'
                     f'<data key="relation">{e.relation}</data><data key="statements">{e.statements}</data></edge>')
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines).encode("utf-8")


def plain_bytes(store, fmt: str, rdf_format: RdfFormat | None, prefixes: dict | None,
                graphs: list[str] | None = None) -> bytes:
    """The plain graph of ``store`` as ``fmt`` (graphml, csv, or an RDF format given as ``rdf_format``)."""
    plain = plain_graph(store, graphs)
    if fmt == "csv":
        return to_csv(plain)
    if fmt == "graphml":
        return to_graphml(plain)
    return serialize(as_triples(plain), format=rdf_format, prefixes=prefixes) or b""
