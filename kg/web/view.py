"""The page of ``kg view``: an entity's neighbourhood (or the whole store) and a timeline.

:func:`gather` reads what the page shows through the stored queries (``statements``,
``timeline``) and a few lookups (labels, classes, the catalog's relations), into small
frozen dataclasses; :func:`render` turns a :class:`View` into one self-contained HTML
page: vis-network (``kg/web/static/vis-network.min.js``), the page's script and styles and
the data are all inlined, so the page needs no network.

An edge is one (subject, relation, object, modality): every statement saying it is one
piece of its evidence, and a relation of the catalog (淘宝 ownedBy 阿里巴巴集团) is an
asserted edge whose evidence is the catalog. Symmetric relations (partneredWith,
competesWith) are one edge per pair, whichever way the sentences put it.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field, replace

from pyoxigraph import NamedNode

from kg import queries
from kg.errors import InputError, QueryError
from kg.resources import static_file
from kg.text import count
from kg.vocab import CATALOG_GRAPH, KG, MODALITIES, ONTOLOGY_GRAPH, ONTOLOGY_NS, RELATIONS, SYMMETRIC

#: Classes of the ontology that are not entities.
_NOT_ENTITY = frozenset({"Document", "Statement", "Modality", "Fact", "Observation", "EntityDescription"})
#: Superclasses: an entity typed Company is shown as a Company, not an Organization.
_GENERAL = ("Organization", "Product")

_ONTOLOGY_LABELS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?term ?zh ?en WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?term rdfs:label ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-hans"))
    OPTIONAL {{ ?term rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }}
  }}
  FILTER(STRSTARTS(STR(?term), "{ONTOLOGY_NS}"))
}}
"""
_ENTITY_FACTS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?class ?zh ?en WHERE {{
  OPTIONAL {{ ?entity a ?class FILTER(STRSTARTS(STR(?class), "{ONTOLOGY_NS}")) }}
  OPTIONAL {{ ?entity skos:prefLabel ?zh FILTER(LANGMATCHES(LANG(?zh), "zh")) }}
  OPTIONAL {{ ?entity rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }}
}}
"""
_CATALOG_RELATIONS = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH <{CATALOG_GRAPH}> {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?p), "{ONTOLOGY_NS}") && isIRI(?o))
}}
"""
# Everything a root owns, at any depth, with the owner one step up.
_OWNED = f"""
SELECT DISTINCT ?entity ?owner WHERE {{
  ?entity <{KG.ownedBy}>+ ?root .
  ?entity <{KG.ownedBy}> ?owner .
}}
"""
_MENTIONED = f"SELECT DISTINCT ?entity WHERE {{ ?doc <{KG.mentions}> ?entity }}"
_DOCUMENTS = f"""
SELECT ?doc ?title ?source ?published ?url WHERE {{
  OPTIONAL {{ GRAPH ?doc {{ ?doc <{KG.title}> ?title FILTER(LANGMATCHES(LANG(?title), "zh-hans")) }} }}
  OPTIONAL {{ GRAPH ?doc {{ ?doc <{KG.sourcePath}> ?source }} }}
  OPTIONAL {{ GRAPH ?doc {{ ?doc <{KG.published}> ?published }} }}
  OPTIONAL {{ GRAPH ?doc {{ ?doc <{KG.url}> ?url }} }}
}}
"""


@dataclass(frozen=True)
class Node:
    """An entity on the graph: its Simplified Chinese name, the English one when known."""

    id: str
    label: str
    english: str | None
    kind: str
    focus: bool = False


@dataclass(frozen=True)
class Source:
    """The document a statement was read from."""

    doc: str
    title: str | None = None
    path: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One statement behind an edge (``statement`` is None for the catalog)."""

    statement: str | None
    sentence: str | None
    modality: str
    date: str | None = None
    when: str | None = None
    source: Source | None = None


@dataclass(frozen=True)
class Edge:
    """One (subject, relation, object, modality) and everything that says it."""

    id: str
    source: str
    target: str
    relation: str
    modality: str
    symmetric: bool
    catalog: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class TimelineItem:
    """One dated statement on the timeline."""

    year: str
    date: str
    when: str | None
    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    modality: str
    sentence: str
    source: Source


@dataclass(frozen=True)
class MetricItem:
    """One metric fact of the entity (or of what it owns): the ``metrics`` query's row."""

    entity: str
    entity_label: str
    measure: str
    value: str
    unit: str
    approx: str
    value_text: str
    date: str | None
    sentence: str
    source: Source


@dataclass(frozen=True)
class View:
    """Everything the page shows."""

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    timeline: tuple[TimelineItem, ...]
    timeline_title: str
    undated: int
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    served: bool = False
    metrics: tuple[MetricItem, ...] = ()

    def summary(self) -> str:
        """One line: what the page holds.

        >>> View("t", (), (), (), "", 0).summary()
        '0 entities, 0 edges, 0 dated statements on the timeline'
        """
        return (f"{count(len(self.nodes), 'entity', 'entities')}, {count(len(self.edges), 'edge')}, "
                f"{count(len(self.timeline), 'dated statement')} on the timeline")


# -- reading ----------------------------------------------------------------------------------


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if iri.startswith(ONTOLOGY_NS) else iri


def _value(term) -> str | None:
    return None if term is None else term.value


def _select(backend, text: str, bindings: dict[str, list] | None = None) -> list[dict]:
    text = queries.bind(text, bindings or {})
    results = backend.select(text)
    names = [v.value for v in results.variables]
    return [{name: solution[name] for name in names} for solution in results]


def _iris(values) -> list[NamedNode]:
    return [NamedNode(v) for v in sorted(values)]


def _resolve(backend, name: str, option: str) -> list[str]:
    iris = queries.resolve_entity(backend, name)
    if not iris:
        raise QueryError(f"no entity named {name!r}", where=option,
                         fix="look names up with `kg query entities`")
    return iris


def _statements(backend, touching: set[str] | None) -> list[dict]:
    bindings = None if touching is None else {"__entity_iri": _iris(touching)}
    if touching is not None and not touching:
        return []
    result = queries.run_stored(backend, "statements", bindings=bindings)
    return [dict(zip(result.variables, row)) for row in result.rows]


def _owned(backend, roots: list[str]) -> set[str]:
    """The roots and what they own that an article mentions, with the owners in between."""
    owner_of: dict[str, set[str]] = {}
    for row in _select(backend, _OWNED, {"root": _iris(roots)}):
        owner_of.setdefault(row["entity"].value, set()).add(row["owner"].value)
    if not owner_of:
        return set(roots)
    mentioned = {row["entity"].value
                 for row in _select(backend, _MENTIONED, {"entity": _iris(owner_of)})}
    kept = set(roots)
    for entity in mentioned:
        # Walk up to the roots so that a mentioned grandchild hangs on its owners.
        stack = [entity]
        while stack:
            current = stack.pop()
            if current in kept:
                continue
            kept.add(current)
            stack.extend(owner_of.get(current, ()))
    return kept


def _catalog_relations(backend) -> list[tuple[str, str, str]]:
    relations = set(RELATIONS)
    rows = []
    for row in _select(backend, _CATALOG_RELATIONS):
        relation = _local(row["p"].value)
        if relation in relations:
            rows.append((row["s"].value, relation, row["o"].value))
    return rows


def _terms(backend) -> dict[str, tuple[str, str]]:
    terms = {}
    for row in _select(backend, _ONTOLOGY_LABELS):
        name = _local(row["term"].value)
        terms[name] = (row["zh"].value, _value(row["en"]) or name)
    return terms


def _entities(backend, iris: set[str], focus: set[str]) -> tuple[Node, ...]:
    kinds: dict[str, set[str]] = {}
    zh: dict[str, str] = {}
    en: dict[str, str] = {}
    if iris:
        for row in _select(backend, _ENTITY_FACTS, {"entity": _iris(iris)}):
            iri = row["entity"].value
            kinds.setdefault(iri, set())
            if row["class"] is not None and _local(row["class"].value) not in _NOT_ENTITY:
                kinds[iri].add(_local(row["class"].value))
            label = row["zh"]
            # Prefer the Simplified label (zh-hans) over any other Chinese one.
            if label is not None and (iri not in zh or label.language == "zh-hans"):
                zh[iri] = label.value
            if row["en"] is not None:
                en.setdefault(iri, row["en"].value)
    nodes = []
    for iri in sorted(iris):
        classes = kinds.get(iri, set())
        specific = sorted(classes - set(_GENERAL)) or sorted(classes) or ["Thing"]
        label = zh.get(iri) or en.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]
        english = en.get(iri)
        nodes.append(Node(iri, label, english if english != label else None, specific[0], iri in focus))
    return tuple(nodes)


def _source(row: dict) -> Source:
    return Source(row["doc"].value, _value(row.get("title")), _value(row.get("source")),
                  _value(row.get("published")), _value(row.get("url")))


def _edges(statements: list[dict], catalog: list[tuple[str, str, str]], nodes: set[str]) -> tuple[Edge, ...]:
    groups: dict[tuple[str, str, str, str], list[Evidence]] = {}
    from_catalog: set[tuple] = set()

    def key(s: str, relation: str, o: str, modality: str) -> tuple[str, str, str, str]:
        if relation in SYMMETRIC and o < s:
            s, o = o, s
        return (s, relation, o, modality)

    for row in statements:
        s, o = row["subject"].value, row["object"].value
        if s not in nodes or o not in nodes:
            continue
        modality = row["modality"].value
        groups.setdefault(key(s, row["relation"].value, o, modality), []).append(Evidence(
            row["statement"].value, row["evidence"].value, modality,
            _value(row["date"]), _value(row["when"]), _source(row)))
    for s, relation, o in catalog:
        if s in nodes and o in nodes and s != o:
            k = key(s, relation, o, "asserted")
            groups.setdefault(k, [])
            from_catalog.add(k)
    order = {m: i for i, m in enumerate(MODALITIES)}
    edges = []
    for i, k in enumerate(sorted(groups, key=lambda k: (k[0], k[1], k[2], order.get(k[3], 9))), 1):
        s, relation, o, modality = k
        evidence = sorted(groups[k], key=lambda e: (e.date or "9999", e.source.doc if e.source else "",
                                                    e.statement or ""))
        if k in from_catalog:
            evidence.append(Evidence(None, None, "asserted"))
        edges.append(Edge(f"e{i}", s, o, relation, modality, relation in SYMMETRIC, k in from_catalog,
                          tuple(evidence)))
    return tuple(edges)


def _timeline_from_statements(statements: list[dict], labels: dict[str, str]) -> list[TimelineItem]:
    seen, items = set(), []
    for row in statements:
        if row["date"] is None:
            continue
        item = TimelineItem(
            row["date"].value[:4], row["date"].value, _value(row["when"]),
            row["subject"].value, labels.get(row["subject"].value, row["subject"].value),
            row["relation"].value, row["object"].value, labels.get(row["object"].value, row["object"].value),
            row["modality"].value, row["evidence"].value, _source(row))
        if item not in seen:
            seen.add(item)
            items.append(item)
    return sorted(items, key=lambda t: (t.date, t.source.doc, t.sentence, t.relation))


def _documents(backend, iris: set[str]) -> dict[str, Source]:
    if not iris:
        return {}
    rows = _select(backend, _DOCUMENTS, {"doc": _iris(iris)})
    return {row["doc"].value: _source(row) for row in rows}


def _timeline_between(backend, a: str, b: str, labels: dict[str, str]) -> tuple[list[TimelineItem], int]:
    result = queries.run_stored(backend, "timeline", params={"a": a, "b": b})
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    documents = _documents(backend, {row["doc"].value for row in rows})
    items, undated = [], 0
    for row in rows:
        if row["date"] is None:
            undated += 1
            continue
        subject, obj = row["subject"].value, row["object"].value
        items.append(TimelineItem(
            row["date"].value[:4], row["date"].value, _value(row["when"]),
            subject, _value(row["subjectLabel"]) or labels.get(subject, subject),
            row["relation"].value, obj, _value(row["objectLabel"]) or labels.get(obj, obj),
            row["modality"].value, row["evidence"].value,
            documents.get(row["doc"].value, Source(row["doc"].value))))
    return items, undated


def gather(backend, *, entity: str | None = None, partner: str | None = None, depth: int = 1) -> View:
    """Read the view of ``entity`` (any name or IRI; None for the whole store) from ``backend``.

    The neighbourhood of an entity is the entity, what it owns that an article mentions
    (with the owners in between), and every entity ``depth`` statements away from those;
    its edges are every statement and catalog relation between the entities shown. The
    timeline holds the dated statements between ``entity`` and ``partner`` (the stored
    query ``timeline``), or without a partner the dated statements of the graph.

    Raises:
        QueryError: a name matches no entity.
        InputError: a partner without an entity, or a depth below 1.
    """
    if partner is not None and entity is None:
        raise InputError("--with needs --entity", where="--with",
                         fix="name both companies: --entity 阿里 --with 腾讯")
    if depth < 1:
        raise InputError(f"depth {depth} is below 1", where="--depth", fix="use --depth 1 or more")
    terms = _terms(backend)
    catalog = _catalog_relations(backend)
    if entity is None:
        statements = _statements(backend, None)
        nodes = {row[end].value for row in statements for end in ("subject", "object")}
        focus: set[str] = set()
    else:
        roots = _resolve(backend, entity, "--entity")
        focus = _owned(backend, roots)
        nodes, frontier = set(focus), set(focus)
        for _ in range(depth):
            # Statements reach further; the catalog's relations only join the entities shown.
            reached = {row[end].value for row in _statements(backend, frontier) for end in ("subject", "object")}
            frontier = reached - nodes
            nodes |= frontier
        statements = _statements(backend, nodes)
    node_list = _entities(backend, nodes, focus)
    labels = {n.id: n.label for n in node_list}
    edges = _edges(statements, catalog, nodes)
    if partner is not None:
        _resolve(backend, partner, "--with")
        timeline, undated = _timeline_between(backend, entity, partner, labels)
    else:
        in_view = [row for row in statements
                   if row["subject"].value in nodes and row["object"].value in nodes]
        timeline = _timeline_from_statements(in_view, labels)
        undated = sum(1 for row in in_view if row["date"] is None)
    title, timeline_title = _titles(node_list, entity, partner, backend)
    metrics = _metrics(backend, labels, entity=entity)
    return View(title, node_list, edges, tuple(timeline), timeline_title, undated, terms, metrics=metrics)


def _metrics(backend, labels: dict[str, str], *, entity: str | None) -> tuple[MetricItem, ...]:
    """The metric facts (users, revenue, growth …) of the entity and what it owns, or of every
    entity an article mentions for the whole store: the stored query ``metrics``."""
    if entity is not None:
        result = queries.run_stored(backend, "metrics", params={"entity": entity})
    else:
        mentioned = {row["entity"].value for row in _select(backend, _MENTIONED)}
        if not mentioned:
            return ()
        result = queries.run_stored(backend, "metrics", bindings={"_entity_iri": _iris(mentioned)})
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    sources = _documents(backend, {row["doc"].value for row in rows})
    return tuple(MetricItem(
        entity=row["entity"].value,
        entity_label=labels.get(row["entity"].value) or _value(row["label"]) or row["entity"].value,
        measure=row["measure"].value, value=row["value"].value, unit=row["unit"].value,
        approx=row["approx"].value, value_text=row["valueText"].value, date=_value(row["date"]),
        sentence=row["evidence"].value, source=sources.get(row["doc"].value) or Source(row["doc"].value),
    ) for row in rows)


def _name(node: Node) -> str:
    return f"{node.label}（{node.english}）" if node.english else node.label


def _titles(nodes, entity, partner, backend) -> tuple[str, str]:
    by_id = {n.id: n for n in nodes}
    if entity is None:
        return "全部实体 · whole store", "时间线 · timeline: 图中有日期的陈述 (dated statements of the graph)"
    roots = [by_id[i] for i in queries.resolve_entity(backend, entity) if i in by_id]
    title = "、".join(_name(n) for n in roots) or entity
    if partner is None:
        return title, f"时间线 · timeline: {title}"
    others = _entities(backend, set(queries.resolve_entity(backend, partner)), set())
    return title, f"时间线 · timeline: {title} ↔ {'、'.join(_name(n) for n in others)}"


# -- rendering --------------------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"/\*\{\{(\w+)\}\}\*/|\{\{(\w+)\}\}")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def _static(name: str) -> str:
    return static_file(name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot close the ``<script>`` element it is inlined in.

    >>> _script_safe('{"a": "</script><b>"}')
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def view_data(view: View) -> dict:
    """The JSON the page's script reads (``<script id="kg-data">``)."""
    return {
        "title": view.title,
        "nodes": [asdict(n) for n in view.nodes],
        "edges": [asdict(e) for e in view.edges],
        "timeline": [asdict(t) for t in view.timeline],
        "timelineTitle": view.timeline_title,
        "undated": view.undated,
        "terms": {k: list(v) for k, v in view.terms.items()},
        "served": view.served,
        "metrics": [asdict(m) for m in view.metrics],
    }


def render(view: View) -> str:
    """The page as one HTML document: vis-network, script, styles and data inlined."""
    library = _SOURCE_MAP.sub("", _static("vis-network.min.js"))
    if "</script" in library.lower():
        raise RuntimeError("vis-network.min.js holds '</script' and cannot be inlined")
    parts = {
        "css": _static("view.css"),
        "vis": library,
        "app": _static("view.js"),
        "data": _script_safe(json.dumps(view_data(view), ensure_ascii=False)),
        "title": _html_escape(f"kg view · {view.title}"),
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1) or m.group(2)], _static("view.html"))


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def page(*, store_dir=None, endpoint: str | None = None, entity: str | None = None,
         partner: str | None = None, depth: int = 1, served: bool = False) -> tuple[str, View]:
    """Gather the view from a store (or a SPARQL endpoint) and render it: ``(html, view)``.

    Raises:
        StoreError: the store is missing or locked.
        ServerError: the endpoint cannot be reached.
        QueryError, InputError: see :func:`gather`.
    """
    with queries.connect(store_dir, endpoint) as backend:
        view = gather(backend, entity=entity, partner=partner, depth=depth)
    if served:
        view = replace(view, served=True)
    return render(view), view


def write(output, *, store_dir=None, endpoint: str | None = None, entity: str | None = None,
          partner: str | None = None, depth: int = 1) -> View:
    """Write the page to ``output`` (atomically; ``-`` for stdout) and return what it shows.

    Raises:
        InputError: the output directory does not exist; see also :func:`page`.
    """
    from kg.store import write_atomically

    html, view = page(store_dir=store_dir, endpoint=endpoint, entity=entity, partner=partner, depth=depth)
    if str(output) == "-":
        sys.stdout.write(html)
    else:
        write_atomically(output, html.encode("utf-8"))
    return view
