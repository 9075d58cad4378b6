"""Turn one document's ``Extraction`` into the quads of its named graph.

The layout is the contract in ``notes/rdf-layout.md``: a document node with its
metadata and ``kg:mentions``, a ``kg:describes`` record (class, name, name key) for each new
(non-catalog) entity — the store keeps their types and labels once, in the entities graph —,
a plain triple for every asserted fact, and one ``rdf:Statement`` node per fact
mention carrying every qualifier, and one ``kg:Observation`` per metric fact. Pure: no
disk, no store.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from kg.catalog import minted_iri, normalize_name
from kg.model import Entity, Extraction, Fact, Observation
from kg.normalize import t2s
from kg.vocab import DCTERMS, KG, MEASURES, MODALITIES, OA, PROV, RDF, RELATIONS, SCHEMA, XSD

_DATE_TYPES = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"\d{4}"), XSD.gYear),
)
# Labels and dates are in the cleaned (Simplified) text; evidence is sliced from the
# original file, so it is tagged by the document's script.
_ZH_HANS = "zh-hans"
_ZH_HANT = "zh-hant"
# Control characters (NUL, ESC) the original may hold: XML 1.0, so RDF/XML, cannot carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _node(iri) -> NamedNode:
    return NamedNode(str(iri))


def date_literal(value: str) -> Literal | None:
    """Type an ISO 8601 date by its precision; ``None`` if it is not one.

    >>> date_literal("2013-11")
    <Literal value=2013-11 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYearMonth>>
    >>> date_literal("去年") is None
    True
    """
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            return Literal(value, datatype=_node(datatype))
    return None


def statement_iri(doc_iri: str, fact: Fact, *, base_iri: str) -> str:
    """IRI of the statement node for ``fact`` in document ``doc_iri``.

    Stable across builds: a hash of the document, subject, relation, object,
    sentence start and rule.
    """
    key = "|".join((doc_iri, fact.subject.iri, fact.relation, fact.object.iri,
                    str(fact.sent_start), fact.rule))
    return f"{base_iri}stmt/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


#: The predicates whose values make a statement's or an observation's kg:Fact: two nodes with
#: the same values state the same fact. The store copies them onto the fact (kg.store).
FACT_FIELDS: frozenset[str] = frozenset(str(p) for p in (
    RDF.subject, RDF.predicate, RDF.object, KG.role, KG.modality, KG.date,
    KG.observedEntity, KG.measure, KG.ofMeasure, SCHEMA.value, SCHEMA.minValue, SCHEMA.unitText,
    KG.approximation,
))


def fact_iri(fields, *, base_iri: str) -> str:
    """IRI of the kg:Fact of a node with these ``(predicate, term)`` fields (those in
    ``FACT_FIELDS``; others are ignored): a hash of the sorted fields, the same in every document.
    """
    key = "\n".join(sorted(f"{p} {t}" for p, t in fields if str(p) in FACT_FIELDS))
    return f"{base_iri}fact/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def _decimal(value: float) -> Literal:
    text = format(Decimal(str(round(value, 4))).normalize(), "f")
    return Literal(text, datatype=_node(XSD.decimal))


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=_node(XSD.integer))


def description_iri(doc_iri: str, entity: Entity, *, base_iri: str) -> str:
    """IRI of what document ``doc_iri`` says of ``entity`` (its class and name)."""
    key = "|".join((doc_iri, entity.iri, entity.type, entity.label))
    return f"{base_iri}desc/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def document_quads(extraction: Extraction, *, base_iri: str, extractor_version: str) -> list[Quad]:
    """All quads of the document's named graph (graph IRI = document IRI), without duplicates.

    Raises:
        ValueError: a fact names a relation or modality outside the vocabulary
            (a bug in the extractor, not bad input).
    """
    doc = extraction.document
    graph = NamedNode(doc.iri)
    d = graph
    quads: list[Quad] = []

    def add(s, p, o):
        quads.append(Quad(s, _node(p), o, graph))

    add(d, RDF.type, _node(KG.Document))
    # the standard classes, stated beside kg's (a query needs no reasoner to find them)
    add(d, RDF.type, _node(SCHEMA.NewsArticle))
    add(d, RDF.type, _node(PROV.Entity))
    add(d, KG.sourcePath, Literal(doc.source))
    add(d, KG.contentHash, Literal(doc.content_hash))
    add(d, KG.extractorVersion, Literal(extractor_version))
    add(d, KG.script, Literal(doc.script))
    meta = doc.meta
    if meta.title:
        # Queries read Simplified; the original-script title stays findable too.
        title = t2s(meta.title)
        for predicate in (KG.title, DCTERMS.title):
            add(d, predicate, Literal(title, language=_ZH_HANS))
            if title != meta.title:
                add(d, predicate, Literal(meta.title, language=_ZH_HANT))
    if meta.date and (published := date_literal(meta.date)) is not None:
        add(d, KG.published, published)
        add(d, DCTERMS.issued, published)
    # byline and outlet as printed (converted to Simplified): Chinese ones tagged as such
    if meta.author:
        add(d, KG.author, Literal(meta.author, language=_ZH_HANS) if _CJK.search(meta.author) else Literal(meta.author))
    if meta.outlet:
        add(d, KG.outlet, Literal(meta.outlet, language=_ZH_HANS) if _CJK.search(meta.outlet) else Literal(meta.outlet))
    if meta.url:
        add(d, KG.url, Literal(meta.url, datatype=_node(XSD.anyURI)))
        if (page := _iri(meta.url)) is not None:
            add(d, DCTERMS.source, page)
    if meta.id:
        add(d, DCTERMS.identifier, Literal(meta.id))

    entities: dict[str, Entity] = {}
    for mention in extraction.mentions:
        entities.setdefault(mention.entity.iri, mention.entity)
    for fact in extraction.facts:
        entities.setdefault(fact.subject.iri, fact.subject)
        entities.setdefault(fact.object.iri, fact.object)
    for observation in extraction.observations:
        entities.setdefault(observation.subject.iri, observation.subject)
    names = _names(extraction)
    for entity in entities.values():
        add(d, KG.mentions, NamedNode(entity.iri))
    # What the document says of its new entities; the store keeps their types and labels once
    # (the entities graph), from the descriptions of every document that holds them.
    for entity in entities.values():
        if not entity.in_catalog:
            c = NamedNode(description_iri(doc.iri, entity, base_iri=base_iri))
            add(d, KG.describes, c)
            add(c, RDF.type, _node(KG.EntityDescription))
            add(c, KG.about, NamedNode(entity.iri))
            add(c, KG.entityType, _node(getattr(KG, entity.type)))
            for name in names.get(entity.iri, (entity.label,)):
                add(c, KG.entityName, Literal(name, language=_ZH_HANS))
                add(c, KG.nameKey, Literal(normalize_name(name)))
                if _CJK.search(name) is None and _CJK.search(entity.label) is not None or (
                        _CJK.search(name) is not None and _CJK.search(entity.label) is None):
                    # 月之暗面（Moonshot AI）: the entity the other script's name would be alone
                    alone = minted_iri(name, entity.type, base_iri)
                    if alone != entity.iri:
                        add(c, KG.aliasEntity, NamedNode(alone))
    statements = {statement_iri(doc.iri, fact, base_iri=base_iri) for fact in extraction.facts}
    add(d, KG.statementCount, _integer(len(statements)))

    for fact in extraction.facts:
        if fact.relation not in RELATIONS:
            raise ValueError(f"unknown relation {fact.relation!r} (rule {fact.rule})")
        if fact.modality not in MODALITIES:
            raise ValueError(f"unknown modality {fact.modality!r} (rule {fact.rule})")
        subject, obj = NamedNode(fact.subject.iri), NamedNode(fact.object.iri)
        relation = getattr(KG, fact.relation)
        if fact.modality == "asserted":
            add(subject, relation, obj)
        s = NamedNode(statement_iri(doc.iri, fact, base_iri=base_iri))
        add(s, RDF.type, _node(RDF.Statement))
        add(s, RDF.type, _node(KG.Statement))
        add(s, RDF.subject, subject)
        add(s, RDF.predicate, _node(relation))
        add(s, RDF.object, obj)
        if fact.role:
            add(s, KG.role, Literal(fact.role, language=_ZH_HANS))
        _qualify(add, s, fact, doc)

    for obs in extraction.observations:
        if obs.measure not in MEASURES or (obs.of_measure and obs.of_measure not in MEASURES):
            raise ValueError(f"unknown measure {obs.measure!r} (rule {obs.rule})")
        if obs.modality not in MODALITIES:
            raise ValueError(f"unknown modality {obs.modality!r} (rule {obs.rule})")
        o = NamedNode(observation_iri(doc.iri, obs, base_iri=base_iri))
        add(o, RDF.type, _node(KG.Observation))
        add(o, KG.observedEntity, NamedNode(obs.subject.iri))
        add(o, KG.measure, _node(getattr(KG, obs.measure)))
        if obs.of_measure:
            add(o, KG.ofMeasure, _node(getattr(KG, obs.of_measure)))
        add(o, SCHEMA.value, Literal(obs.value, datatype=_node(XSD.decimal)))
        if obs.low is not None:
            add(o, SCHEMA.minValue, Literal(obs.low, datatype=_node(XSD.decimal)))
        add(o, SCHEMA.unitText, Literal(obs.unit))
        add(o, KG.approximation, Literal(obs.approx))
        add(o, KG.valueText, Literal(obs.value_text, language=_ZH_HANS))
        _qualify(add, o, obs, doc)
    # Each statement and observation names the fact it states (the same IRI in every document).
    fields: dict[NamedNode, set] = {}
    kinds = {str(KG.Statement), str(KG.Observation)}
    stating = set()
    for q in quads:
        if q.predicate.value in FACT_FIELDS:
            fields.setdefault(q.subject, set()).add((q.predicate.value, q.object))
        elif q.predicate.value == str(RDF.type) and q.object.value in kinds:
            stating.add(q.subject)
    for node in sorted(stating, key=lambda n: n.value):
        add(node, KG.fact, NamedNode(fact_iri(fields.get(node, ()), base_iri=base_iri)))
    return list(dict.fromkeys(quads))


def _names(extraction: Extraction) -> dict[str, list[str]]:
    """The names a document gives each new entity, in order, one per name key: the names it is
    written by (知更科技 and, in another sentence, 北京知更科技有限公司 mint one entity) and the
    names the document declares or shortens it to (an ``alias`` rule: 以下简称“知更”, 星河集团(Galaxy))."""
    names: dict[str, dict[str, str]] = {}

    def add(entity: Entity, name: str) -> None:
        if not entity.in_catalog and name.strip():
            names.setdefault(entity.iri, {}).setdefault(normalize_name(name), name.strip())

    for mention in extraction.mentions:
        add(mention.entity, mention.entity.label)
        if mention.rule.startswith("alias"):
            add(mention.entity, mention.text)
    for fact in extraction.facts:
        add(fact.subject, fact.subject.label)
        add(fact.object, fact.object.label)
    for observation in extraction.observations:
        add(observation.subject, observation.subject.label)
    return {iri: list(by_key.values()) for iri, by_key in names.items()}


_CJK = re.compile(r"[\u4e00-\u9fff]")
# An absolute IRI pyoxigraph and every RDF parser accept (no spaces, quotes or angle brackets).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def _iri(text: str) -> NamedNode | None:
    """``text`` as an IRI, or ``None`` when it is not one (a URL as a page printed it may not be)."""
    if not _IRI.fullmatch(text):
        return None
    try:
        return NamedNode(text)
    except ValueError:
        return None


def _qualify(add, node: NamedNode, item: Fact | Observation, doc) -> None:
    """The qualifiers a statement and an observation share: modality, date, confidence, the
    evidence sentence (from the original text) with its offsets, the rule, the source document."""
    add(node, KG.modality, _node(getattr(KG, item.modality)))
    if item.date and (date := date_literal(item.date)) is not None:
        add(node, KG.date, date)
    if item.date_text:
        add(node, KG.dateText, Literal(item.date_text, language=_ZH_HANS))
    add(node, KG.confidence, _decimal(item.confidence))
    start, end = doc.original_span(item.sent_start, item.sent_end)
    script = _ZH_HANS if doc.script == "simplified" else _ZH_HANT
    add(node, KG.evidence, Literal(_CONTROL.sub("", doc.original[start:end]), language=script))
    add(node, KG.startOffset, _integer(start))
    add(node, KG.endOffset, _integer(end))
    # The same span in W3C Web Annotation terms: the node annotates the document's text, its
    # target a TextPositionSelector (code-point offsets, as Python slices count them).
    target, selector = NamedNode(node.value + "#target"), NamedNode(node.value + "#position")
    add(node, RDF.type, _node(OA.Annotation))
    add(node, OA.hasTarget, target)
    add(target, RDF.type, _node(OA.SpecificResource))
    add(target, OA.hasSource, NamedNode(doc.iri))
    add(target, OA.hasSelector, selector)
    add(selector, RDF.type, _node(OA.TextPositionSelector))
    add(selector, OA.start, _integer(start))
    add(selector, OA.end, _integer(end))
    add(node, KG.rule, Literal(item.rule))
    add(node, PROV.wasDerivedFrom, NamedNode(doc.iri))


def observation_iri(doc_iri: str, obs: Observation, *, base_iri: str) -> str:
    """IRI of an observation node: a hash of the document, entity, measure, value, unit, sentence, rule."""
    key = "|".join((doc_iri, obs.subject.iri, obs.measure, obs.value, obs.unit, str(obs.sent_start), obs.rule))
    return f"{base_iri}obs/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def compact_jsonld(quads, context: dict) -> bytes:
    """Quads as compact JSON-LD 1.1 with ``context`` (``ontology/context.jsonld``) inline, each
    named graph kept as a node with its own ``@graph``; IRIs under the context's prefixes are
    written ``prefix:local``. Deterministic: nodes and graphs in the order of ``quads``, values
    in order too, so equal stores give equal bytes (as the other formats).

    >>> q = Quad(NamedNode("http://e/a"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ...          Literal("甲", language="zh-hans"), NamedNode("http://g/1"))
    >>> print(compact_jsonld([q], {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}).decode().strip())
    {
     "@context": {
      "rdfs": "http://www.w3.org/2000/01/rdf-schema#"
     },
     "@graph": [
      {
       "@id": "http://g/1",
       "@graph": [
        {
         "@id": "http://e/a",
         "rdfs:label": {
          "@value": "甲",
          "@language": "zh-hans"
         }
        }
       ]
      }
     ]
    }
    """
    import json

    prefixes = sorted(((ns, name) for name, ns in context.items()
                       if isinstance(ns, str) and not name.startswith("@") and ns[-1:] in "/#"),
                      key=lambda item: -len(item[0]))

    def compact(iri: str) -> str:
        for namespace, name in prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{name}:{iri[len(namespace):]}"
        return iri

    def node_id(term) -> str:
        return f"_:{term.value}" if not isinstance(term, NamedNode) else compact(term.value)

    def value(term):
        if not isinstance(term, Literal):
            return {"@id": node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == str(XSD.string):
            return term.value
        return {"@value": term.value, "@type": compact(term.datatype.value)}

    graphs: dict = {}
    rdf_type = str(RDF.type)
    for q in quads:
        graph = "" if q.graph_name.__class__.__name__ == "DefaultGraph" else node_id(q.graph_name)
        node = graphs.setdefault(graph, {}).setdefault(node_id(q.subject), {"@id": node_id(q.subject)})
        if q.predicate.value == rdf_type and not isinstance(q.object, Literal):
            node.setdefault("@type", []).append(node_id(q.object))
        else:
            node.setdefault(compact(q.predicate.value), []).append(value(q.object))
    def tidy(node: dict) -> dict:
        return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()}

    top = [tidy(n) for n in graphs.pop("", {}).values()]
    top += [{"@id": g, "@graph": [tidy(n) for n in nodes.values()]} for g, nodes in graphs.items()]
    return (json.dumps({"@context": context, "@graph": top}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
