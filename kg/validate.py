"""Check a store against the SHACL shapes and say what is wrong in plain words.

The store's graphs (documents, catalog, ontology) are read as one union graph;
the shapes come from the store's shapes graph, or from ``ontology/shapes.ttl``
when the store has none. ``sh:class`` follows ``rdfs:subClassOf`` in the data
(the ontology graph is part of it), so no inference is needed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.store import KgStore
from kg.resources import ontology_file
from kg.vocab import DEFAULT_BASE_IRI, KG, ONTOLOGY_GRAPH, SH, SHAPES_GRAPH

__all__ = ["ValidationReport", "validate_store", "validate_graph"]

_SHORT = (
    ("https://kg.example.org/ontology#", "kg:"),
    (DEFAULT_BASE_IRI + "entity/", "ent:"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
)


@dataclass(frozen=True)
class ValidationReport:
    """What ``kg validate`` prints: ``text``, and whether the store ``conforms``."""

    conforms: bool
    text: str
    violations: int

    def as_dict(self) -> dict:
        """The report as plain JSON values (``kg validate --json``)."""
        return {"conforms": self.conforms, "violations": self.violations, "report": self.text.splitlines()}


def validate_store(store_dir: str | Path) -> ValidationReport:
    """Validate every graph of the store at ``store_dir`` against the SHACL shapes.

    Raises:
        StoreError: there is no store at ``store_dir`` or it cannot be opened.
    """
    data = Graph()
    shapes = Graph()
    has_ontology = False
    with KgStore.open(store_dir, read_only=True) as kg_store:
        store = kg_store.store
        for graph in [pyoxigraph.DefaultGraph(), *store.named_graphs()]:
            name = getattr(graph, "value", None)
            target = shapes if name == SHAPES_GRAPH else data
            has_ontology = has_ontology or name == ONTOLOGY_GRAPH
            payload = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
            if payload:
                target.parse(data=payload.decode("utf-8"), format="nt")
    if len(shapes) == 0:
        shapes.parse(ontology_file("shapes.ttl"), format="turtle")
    if not has_ontology:
        data.parse(ontology_file("kg.ttl"), format="turtle")
    return validate_graph(data, shapes)


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate an rdflib graph that already holds the ontology; used by :func:`validate_store`."""
    if shapes is None:
        shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False,
    )
    documents = len(set(data.subjects(RDF.type, KG.Document)))
    statements = len(set(data.subjects(RDF.type, KG.Statement)))
    checked = f"{_plural(documents, 'document')}, {_plural(statements, 'statement')} checked"
    groups: dict[str, list[str]] = defaultdict(list)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = _message(results, result)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        line = f"{_describe(data, focus)} — {_short(path) if path is not None else '(node)'} — {message}"
        if value is not None and value != focus:
            line += f" [value: {_short(value)}]"
        groups[message].append(line)
    violations = sum(len(lines) for lines in groups.values())
    if conforms and not violations:
        return ValidationReport(True, f"conforms: {checked}", 0)
    blocks = []
    for message in sorted(groups):
        lines = sorted(groups[message])
        blocks.append(f"{message} ({len(lines)}):\n" + "\n".join(f"  {line}" for line in lines))
    text = "\n\n".join(blocks) + f"\n\n{_plural(violations, 'violation')} ({checked})"
    return ValidationReport(False, text, violations)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _message(results: Graph, result) -> str:
    messages = [str(m) for m in results.objects(result, SH.resultMessage)]
    if not messages:
        return "constraint violated"
    # pyshacl adds its own technical message next to the shape's sh:message; prefer ours.
    plain = [m for m in messages if "Node" not in m[:5] and "Value" not in m[:6] and "Less than" not in m]
    return sorted(plain or messages, key=len)[0]


def _describe(data: Graph, node) -> str:
    if node is None:
        return "(unknown)"
    label = _label(data, node)
    if label:
        return f"{_short(node)} ({label})"
    kinds = set(data.objects(node, RDF.type))
    # Statements and documents are not named; saying "no label" would read as a fault.
    if kinds & {KG.Statement, KG.Document}:
        return _short(node)
    return f"{_short(node)} (no label)"


def _label(data: Graph, node) -> str | None:
    names = [obj for pred in (SKOS.prefLabel, RDFS.label) for obj in data.objects(node, pred)
             if isinstance(obj, Literal)]
    names.sort(key=lambda lit: (not (lit.language or "").lower().startswith("zh"), str(lit)))
    return str(names[0]) if names else None


def _short(term) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        for base, prefix in _SHORT:
            if text.startswith(base):
                return prefix + text[len(base):]
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return term.n3()
    return str(term)

