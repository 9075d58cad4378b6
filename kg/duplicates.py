"""Likely duplicates among the entities of a store, for an analyst to review (``kg query entities
--duplicates``) and join with ``kg merge``.

Three signs, strongest first, between two entities at least one of which a document mentions:

- ``same name``: one name after :func:`kg.catalog.normalize_name` (script, case, width);
- ``same key``: one name key (:func:`kg.resolve.name_key`: 知更科技 and 北京知更科技有限公司), which
  a build joins for new entities, so in a store of this version it pairs a new entity with a
  catalog one, or two entities of different classes;
- ``prefix``: a new entity's name is another's with up to four characters more (澜汐 and 澜汐网络:
  a business word a name key keeps, or a name cut short), the shorter being two CJK characters or a
  whole Latin word at least.

A pair the user catalog keeps apart (``kg split``) is not listed, nor a name it separates, nor two catalog entities (the
catalog tells 抖音 the app from 抖音集团 the company).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Duplicate", "find_duplicates", "as_result"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_REASONS = ("same name", "same key", "prefix")
_MORE = 4


@dataclass(frozen=True, order=True)
class Duplicate:
    """Two entities that may be one, with the names that make them look alike."""

    reason: str
    entity: str
    label: str
    other: str
    other_label: str
    documents: int  # documents mentioning either


def _prefix_ok(short: str, long: str) -> bool:
    if not 0 < len(long) - len(short) <= _MORE:
        return False
    if _CJK.match(short):
        return len(short) >= 2 and all(_CJK.match(c) for c in short)
    after = long[len(short)]
    return len(short) >= 3 and (not after.isalnum() or bool(_CJK.match(after)))


def find_duplicates(store_dir) -> list[Duplicate]:
    """The likely duplicates of the store at ``store_dir``, strongest sign first, then by documents.

    Raises:
        StoreError: no store there.
    """
    from pyoxigraph import NamedNode

    from kg.catalog import normalize_name
    from kg.resolve import name_key
    from kg.store import KgStore
    from kg.usercatalog import read_merges
    from kg.vocab import CATALOG_GRAPH, ENTITIES_GRAPH, KG, RDF, RDFS, SKOS

    catalog_graph, entities_graph = NamedNode(CATALOG_GRAPH), NamedNode(ENTITIES_GRAPH)
    with KgStore.open(store_dir, read_only=True) as kg_store:
        store = kg_store.store
        documents = {q.subject.value: int(q.object.value)
                     for q in store.quads_for_pattern(None, NamedNode(str(KG.documentCount)), None, entities_graph)}
        in_catalog = {q.subject.value for q in store.quads_for_pattern(None, NamedNode(str(RDF.type)), None, catalog_graph)
                      if str(q.object.value).startswith(str(KG))}
        person = {q.subject.value for graph in (catalog_graph, entities_graph)
                  for q in store.quads_for_pattern(None, NamedNode(str(RDF.type)), NamedNode(str(KG.Person)), graph)}
        names: dict[str, set[str]] = {}
        for graph in (catalog_graph, entities_graph):
            for predicate in (SKOS.prefLabel, RDFS.label, SKOS.altLabel):
                for q in store.quads_for_pattern(None, NamedNode(str(predicate)), None, graph):
                    if isinstance(q.subject, NamedNode) and (q.subject.value in in_catalog or documents.get(q.subject.value)):
                        names.setdefault(q.subject.value, set()).add(q.object.value)
        preferred = {q.subject.value: q.object.value for graph in (entities_graph, catalog_graph)
                     for q in store.quads_for_pattern(None, NamedNode(str(SKOS.prefLabel)), None, graph)
                     if q.object.language in ("zh-hans", "zh-Hans", "zh")}
    merges = read_merges(store_dir)
    apart = {frozenset(pair) for pair in merges.apart}
    separate = {normalize_name(name) for name in merges.separate}

    found: dict[frozenset, Duplicate] = {}

    def pair(reason: str, a: str, name_a: str, b: str, name_b: str) -> None:
        if a == b or not (documents.get(a) or documents.get(b)) or frozenset((a, b)) in apart:
            return
        if a in in_catalog and b in in_catalog:  # the catalog tells its entities apart (抖音, 抖音集团)
            return
        key = frozenset((a, b))
        held = found.get(key)
        if held is not None and _REASONS.index(held.reason) <= _REASONS.index(reason):
            return
        if (documents.get(b, 0), b) > (documents.get(a, 0), a):
            a, name_a, b, name_b = b, name_b, a, name_a
        found[key] = Duplicate(reason, a, preferred.get(a, name_a), b, preferred.get(b, name_b),
                               documents.get(a, 0) + documents.get(b, 0))

    by_name: dict[str, list[tuple[str, str]]] = {}
    by_key: dict[str, list[tuple[str, str]]] = {}
    for entity, labels in names.items():
        for label in labels:
            by_name.setdefault(normalize_name(label), []).append((entity, label))
            if normalize_name(label) in separate:  # kg split: a name of its own
                continue
            by_key.setdefault(name_key(label, "Person" if entity in person else "Company"), []).append((entity, label))
    for reason, index in (("same name", by_name), ("same key", by_key)):
        for holders in index.values():
            if len({e for e, _ in holders}) > 1:
                for i, (a, la) in enumerate(holders):
                    for b, lb in holders[i + 1:]:
                        pair(reason, a, la, b, lb)
    mentioned: dict[str, str] = {}  # a mentioned entity's names, and their keys (澜汐科技: 澜汐)
    for entity, labels in names.items():
        if documents.get(entity):
            for label in labels:
                if normalize_name(label) in separate:
                    continue
                mentioned.setdefault(normalize_name(label), entity)
                mentioned.setdefault(name_key(label, "Person" if entity in person else "Company").split("|")[0],
                                     entity)
    for long, b in mentioned.items():
        for cut in range(max(2, len(long) - _MORE), len(long)):
            short = long[:cut]
            a = mentioned.get(short)
            if a is not None and a != b and _prefix_ok(short, long):
                pair("prefix", a, short, b, long)
    return sorted(found.values(), key=lambda d: (_REASONS.index(d.reason), -d.documents, d.entity, d.other))


def as_result(duplicates: list[Duplicate]):
    """The duplicates as a :class:`kg.queries.QueryResult`, for ``kg query``'s formats."""
    from pyoxigraph import Literal, NamedNode

    from kg.queries import QueryResult

    rows = [(NamedNode(d.entity), Literal(d.label), NamedNode(d.other), Literal(d.other_label), Literal(d.reason),
             Literal(d.documents)) for d in duplicates]
    return QueryResult(["entity", "label", "other", "otherLabel", "reason", "documents"], rows)
