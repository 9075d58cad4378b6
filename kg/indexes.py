"""What the store derives from the document graphs, and keeps on every write.

A document's graph says everything about the document; the stored queries read copies of it
that an index can answer fast (issue 12):

- the **entities graph** (``ENTITIES_GRAPH``): each new entity's types, labels and name keys
  once, from the documents' ``kg:EntityDescription`` records, and ``kg:documentCount`` for
  every entity a document mentions;
- the **facts graph** (``FACTS_GRAPH``): each distinct claim once, as a ``kg:Fact`` with the
  fields its statements share (``kg.rdf.FACT_FIELDS``), ``kg:statementCount`` and
  ``kg:firstStatement`` (the lowest number of a statement stating it: its example); the plain
  triple of every asserted relation fact and of every catalog relation, once;
- **numbers** in each document graph: ``kg:documentNumber`` on the document and
  ``kg:mentionedIn`` on what it mentions; ``kg:statementNumber`` on each statement and
  observation and ``?fact kg:stated ?number`` beside it. A fact's statements, or an entity's
  documents, come out of one index scan with an integer to order and page them by.

``derive`` computes the two graphs from scratch; ``KgStore`` keeps them by difference, and a
test holds the two equal after any sequence of writes.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from kg.rdf import FACT_FIELDS
from kg.vocab import (
    CATALOG_GRAPH, ENTITIES_GRAPH, FACTS_GRAPH, KG, ONTOLOGY_NS, RDF, RDFS, RELATIONS, SCHEMA, SCHEMA_TYPES, SKOS,
    XSD,
)

ENT = NamedNode(ENTITIES_GRAPH)
FACTS = NamedNode(FACTS_GRAPH)
CATALOG = NamedNode(CATALOG_GRAPH)

_ABOUT = str(KG.about)
_MENTIONS = str(KG.mentions)
_FACT = str(KG.fact)
_START = str(KG.startOffset)
_TYPE = NamedNode(str(RDF.type))
_COUNT = NamedNode(str(KG.statementCount))
_DOCUMENTS = NamedNode(str(KG.documentCount))
RANK = NamedNode(str(KG.documentRank))
#: kg:documentRank = (COUNT_CAP − kg:documentCount) × TIE + a hash of the entity's IRI below TIE:
#: the most mentioned entity has the lowest key, and no two entities share one (but by a hash
#: collision, about one in 10^11 pairs), so a scan of the index gives one order, page after page.
COUNT_CAP, TIE = 10 ** 7, 10 ** 11


def rank(entity: str, count: int) -> int:
    """The kg:documentRank of ``entity`` mentioned by ``count`` documents (queries/entities.rq)."""
    tie = int(hashlib.sha256(entity.encode("utf-8")).hexdigest()[:12], 16) % TIE
    return (COUNT_CAP - min(count, COUNT_CAP - 1)) * TIE + tie
FIRST = NamedNode(str(KG.firstStatement))
_FACT_CLASS = NamedNode(str(KG.Fact))
_SUBJECT, _PREDICATE, _OBJECT = (NamedNode(str(p)) for p in (RDF.subject, RDF.predicate, RDF.object))
_MODALITY = NamedNode(str(KG.modality))
_ASSERTED = NamedNode(str(KG.asserted))
_RELATIONS = frozenset(str(getattr(KG, r)) for r in RELATIONS)

#: The index triples the store writes into document graphs (a rebuild replaces them).
DOCUMENT_NUMBER = NamedNode(str(KG.documentNumber))
MENTIONED_IN = NamedNode(str(KG.mentionedIn))
STATEMENT_NUMBER = NamedNode(str(KG.statementNumber))
STATED = NamedNode(str(KG.stated))
NUMBERING = frozenset(p.value for p in (DOCUMENT_NUMBER, MENTIONED_IN, STATEMENT_NUMBER, STATED))

#: What a kg:EntityDescription field says of its entity in the entities graph (and one of its
#: names is its skos:prefLabel: :func:`preferred`).
DESCRIBED_AS = {
    str(KG.entityType): (str(RDF.type),),
    str(KG.entityName): (str(RDFS.label),),
    str(KG.nameKey): (str(KG.nameKey),),
}
ENTITY_NAME = str(KG.entityName)
_ENTITY_TYPE = str(KG.entityType)
PREF_LABEL = NamedNode(str(SKOS.prefLabel))
_CJK = re.compile(r"[\u4e00-\u9fff]")


def preferred(names: Iterable[Literal]) -> Literal | None:
    """The name an entity of many names is shown by (its skos:prefLabel): a Chinese one before a
    Latin one, then the shortest (the name news use: 知更, not 北京知更科技有限公司), then the first
    in code-point order, so every store holding the same names shows the same one.

    >>> preferred([Literal("北京知更科技有限公司"), Literal("知更科技"), Literal("Zhigeng")]).value
    '知更科技'
    """
    return min(names, key=lambda n: (_CJK.search(n.value) is None, len(n.value), n.value), default=None)


def preferred_quads(labels: dict[str, set]) -> list[Quad]:
    """``?entity skos:prefLabel ?name`` in the entities graph, for each entity's names."""
    return [Quad(NamedNode(e), PREF_LABEL, preferred(names), ENT) for e, names in sorted(labels.items()) if names]


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(str(XSD.integer)))


@dataclass
class Contribution:
    """What some document graphs give the derived graphs."""

    #: (entity, description field, value)
    descriptions: set = field(default_factory=set)
    #: entity IRI → how many of the graphs mention it
    mentions: Counter = field(default_factory=Counter)
    #: fact IRI → how many statements and observations state it
    refs: Counter = field(default_factory=Counter)
    #: fact IRI → its fields, (predicate, term), from one node that states it
    fields: dict = field(default_factory=dict)
    #: (graph, node, fact) of every stating node, in the order numbers are given
    stating: list = field(default_factory=list)
    #: fact IRI → the numbers of its statements (``?fact kg:stated ?n``) in the graphs
    stated: dict = field(default_factory=dict)


def contribution(quads: Iterable[Quad]) -> Contribution:
    """Read the descriptions, mentions and fact links out of document quads.

    Index triples (``NUMBERING``) are ignored: they are the store's, not the document's.
    """
    about: dict[tuple, str] = {}
    described: list[tuple[tuple, str, object]] = []
    node_fields: dict[tuple, list] = {}
    links: dict[tuple, str] = {}
    starts: dict[tuple, int] = {}
    mentions: set[tuple[str, str]] = set()
    stated: dict[str, list[int]] = {}
    for q in quads:
        p = q.predicate.value
        if p == STATED.value:
            stated.setdefault(q.subject.value, []).append(int(q.object.value))
        record = (q.graph_name, q.subject)
        if p in FACT_FIELDS:
            node_fields.setdefault(record, []).append((p, q.object))
        elif p == _FACT:
            links[record] = q.object.value
        elif p == _START:
            starts[record] = int(q.object.value)
        elif p == _ABOUT:
            about[record] = q.object.value
        elif p in DESCRIBED_AS:
            described.append((record, p, q.object))
        elif p == _MENTIONS and q.subject == q.graph_name:
            mentions.add((q.graph_name.value, q.object.value))
    found = Contribution(stated=stated)
    found.descriptions = {(about[r], f, v) for r, f, v in described if r in about}
    found.mentions = Counter(entity for _, entity in mentions)
    for record, fact in sorted(links.items(), key=lambda x: (x[0][0].value, starts.get(x[0], -1), x[0][1].value)):
        found.refs[fact] += 1
        found.fields.setdefault(fact, sorted(node_fields.get(record, ()), key=lambda f: (f[0], str(f[1]))))
        found.stating.append((record[0], record[1], fact))
    return found


def description_triples(descriptions: Iterable[tuple[str, str, object]]) -> list[Quad]:
    """The entities graph's triples for these descriptions; a kg class brings its schema.org class."""
    out = []
    for e, f, v in sorted(descriptions, key=lambda x: (x[0], x[1], str(x[2]))):
        out += [Quad(NamedNode(e), NamedNode(p), v, ENT) for p in DESCRIBED_AS[f]]
        if f == _ENTITY_TYPE:
            out += [Quad(NamedNode(e), _TYPE, aligned, ENT) for aligned in schema_types(v)]
    return list(dict.fromkeys(out))


def schema_types(kg_class) -> list[NamedNode]:
    """The schema.org classes stated beside a kg entity class (``vocab.SCHEMA_TYPES``).

    >>> [t.value for t in schema_types(NamedNode(str(KG.Company)))]
    ['https://schema.org/Corporation', 'https://schema.org/Organization']
    """
    return [NamedNode(str(SCHEMA) + name) for name in SCHEMA_TYPES.get(kg_class.value.removeprefix(ONTOLOGY_NS), ())]


def plain_triple(fields: Iterable[tuple[str, object]]) -> tuple | None:
    """(subject, predicate, object) of an asserted relation fact, else None."""
    values = dict(fields)
    p = values.get(_PREDICATE.value)
    if p is None or p.value not in _RELATIONS or values.get(_MODALITY.value) != _ASSERTED:
        return None
    return values[_SUBJECT.value], p, values[_OBJECT.value]


def fact_quads(fact: str, fields: Iterable[tuple[str, object]]) -> list[Quad]:
    """The kg:Fact node in the facts graph (without its counts and plain triple)."""
    f = NamedNode(fact)
    return [Quad(f, _TYPE, _FACT_CLASS, FACTS), *(Quad(f, NamedNode(p), v, FACTS) for p, v in fields)]


def catalog_relations(quads: Iterable[Quad]) -> set[tuple]:
    return {(q.subject, q.predicate, q.object) for q in quads if q.predicate.value in _RELATIONS}


def catalog_entities(catalog: Iterable[Quad]) -> set[str]:
    """The entities the catalog types with a class of the ontology: each has a kg:documentRank,
    ``rank(entity, 0)`` while no document mentions it."""
    kinds = str(RDF.type)
    return {q.subject.value for q in catalog if q.predicate.value == kinds and q.object.value.startswith(str(KG))
            and isinstance(q.subject, NamedNode)}


def derive(documents: Iterable[Iterable[Quad]], catalog: Iterable[Quad]) -> list[Quad]:
    """The entities and facts graphs computed from scratch: from every document graph's quads
    and the catalog graph's."""
    total = Contribution()
    for quads in documents:
        part = contribution(quads)
        total.descriptions |= part.descriptions
        total.mentions.update(part.mentions)
        total.refs.update(part.refs)
        for fact, fields in part.fields.items():
            total.fields.setdefault(fact, fields)
        for fact, numbers in part.stated.items():
            total.stated.setdefault(fact, []).extend(numbers)
    out = description_triples(total.descriptions)
    labels: dict[str, set] = {}
    for e, f, v in total.descriptions:
        if f == ENTITY_NAME:
            labels.setdefault(e, set()).add(v)
    out += preferred_quads(labels)
    out += [Quad(NamedNode(e), _DOCUMENTS, integer(n), ENT) for e, n in sorted(total.mentions.items()) if n]
    catalog = list(catalog)
    ranked = {e: rank(e, n) for e, n in total.mentions.items() if n}
    ranked.update({e: rank(e, 0) for e in catalog_entities(catalog) if e not in ranked})
    out += [Quad(NamedNode(e), RANK, integer(k), ENT) for e, k in sorted(ranked.items())]
    plain = catalog_relations(catalog)
    for fact, count in sorted(total.refs.items()):
        out += fact_quads(fact, total.fields[fact])
        out.append(Quad(NamedNode(fact), _COUNT, integer(count), FACTS))
        if total.stated.get(fact):
            out.append(Quad(NamedNode(fact), FIRST, integer(min(total.stated[fact])), FACTS))
        if (triple := plain_triple(total.fields[fact])) is not None:
            plain.add(triple)
    out += [Quad(s, p, o, FACTS) for s, p, o in sorted(plain, key=lambda t: tuple(x.value for x in t))]
    return out
