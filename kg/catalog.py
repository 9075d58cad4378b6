"""The entity catalog: every known organisation, product and person, found by any of its names.

Names are compared after :func:`normalize_name` (OpenCC t2s, no white space, case-folded),
so 阿裡巴巴, 阿里 and Alibaba all find the same entity.

>>> catalog = load_catalog()
>>> catalog.lookup("騰訊").label
'腾讯'
>>> catalog.lookup("Alibaba") == catalog.lookup("阿里")
True
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.util import guess_format

import kg
from kg.errors import OntologyError
from kg.model import Entity
from kg.normalize import t2s
from kg.resolve import name_key
from kg.resources import cache_dir, catalog_paths, ontology_file
from kg.vocab import DEFAULT_BASE_IRI, KG, ONTOLOGY_NS, rebase

__all__ = ["Catalog", "cache_dir", "load_catalog", "mint_entity", "minted_iri", "normalize_name", "entity_classes"]

#: Top classes whose (transitive) subclasses type catalog entities.
_TOP_CLASSES = (KG.Organization, KG.Person, KG.Product)


def normalize_name(name: str) -> str:
    """Return the key names are compared by: Simplified, without white space, case-folded.

    >>> normalize_name("阿裡巴巴 Group")
    '阿里巴巴group'
    """
    return "".join(t2s(name).split()).casefold()


@functools.lru_cache(maxsize=1)
def entity_classes() -> dict[URIRef, str]:
    """Map every entity class IRI of ``ontology/kg.ttl`` to its local name (most specific first)."""
    graph = _parse(ontology_file("kg.ttl"))
    depth: dict[URIRef, int] = {}
    for top in _TOP_CLASSES:
        depth[top] = 0
        frontier = [top]
        while frontier:
            parent = frontier.pop()
            for child in graph.subjects(RDFS.subClassOf, parent):
                if isinstance(child, URIRef) and child not in depth:
                    depth[child] = depth[parent] + 1
                    frontier.append(child)
    ordered = sorted(depth, key=lambda iri: (-depth[iri], str(iri)))
    return {iri: str(iri)[len(ONTOLOGY_NS):] for iri in ordered if str(iri).startswith(ONTOLOGY_NS)}


def minted_iri(name: str, type: str = "Company", base_iri: str = DEFAULT_BASE_IRI,
               keep: frozenset[str] = frozenset()) -> str:
    """The IRI a new entity named ``name`` gets: a digest of its name key (:func:`kg.resolve.name_key`),
    so every spelling of one company's name gives one IRI.

    >>> minted_iri("北京知更科技有限公司") == minted_iri("知更科技") == minted_iri("知更")
    True
    """
    digest = hashlib.sha256(name_key(name, type, keep).encode("utf-8")).hexdigest()[:16]
    return f"{base_iri}entity/{digest}"


def mint_entity(name: str, type: str, base_iri: str = DEFAULT_BASE_IRI) -> Entity:
    """Make an entity for a name the catalog does not know.

    The IRI depends only on the name's key (:func:`minted_iri`), so every document that
    names the same new company, in any of its spellings, gets the same node; the name as
    written is its label. (:meth:`Catalog.mint` also follows the merges of a user catalog.)

    >>> mint_entity("某某科技", "Company").iri
    'https://kg.example.org/id/entity/8ea02ff96211f5e0'
    """
    if type not in entity_classes().values():
        raise ValueError(f"unknown entity class {type!r}; expected one of {sorted(entity_classes().values())}")
    return Entity(iri=minted_iri(name, type, base_iri), label=name, type=type, in_catalog=False)


class Catalog:
    """Catalog entities with their names, parents and flags, indexed for lookup."""

    def __init__(self, graph: Graph):
        self._graph: Graph | None = graph
        self._paths: tuple[str, ...] = ()
        classes = entity_classes()
        self._entities: dict[str, Entity] = {}
        self._labels: dict[str, set[str]] = {}
        self._parents: dict[str, str] = {}
        self._ambiguous: set[str] = set()
        self._ambiguous_names: dict[str, set[str]] = {}
        self._index: dict[str, Entity] = {}
        for cls, local in classes.items():
            for node in graph.subjects(RDF.type, cls):
                iri = str(node)
                if not isinstance(node, URIRef) or iri in self._entities:
                    continue
                labels = _names(graph, node)
                if not labels:
                    raise OntologyError(f"entity <{iri}> has no label",
                                        where="entity catalog", fix='add skos:prefLabel "…"@zh-Hans')
                self._entities[iri] = Entity(iri=iri, label=_pref_label(graph, node), type=local)
                self._labels[iri] = labels
                parent = graph.value(node, KG.ownedBy)
                if parent is not None:
                    self._parents[iri] = str(parent)
                if graph.value(node, KG.ambiguous) == Literal(True):
                    self._ambiguous.add(iri)
                names = {normalize_name(str(o)) for o in graph.objects(node, KG.ambiguousName)}
                if names:
                    self._ambiguous.add(iri)
                    self._ambiguous_names[iri] = names
        #: names that keep a key of their own (``kg split``), and entity IRI → the IRI it was merged into
        self._keep: frozenset[str] = frozenset(normalize_name(str(o)) for o in graph.objects(None, KG.separateName))
        self._merged: dict[str, str] = _roots({str(a): str(b) for a, b in graph.subject_objects(KG.mergedInto)
                                               if isinstance(a, URIRef) and isinstance(b, URIRef)})
        self._merge_entities()
        # Later names win, so an entity from a user's catalog can take over a name.
        for iri, entity in self._entities.items():
            for label in sorted(self._labels[iri]):
                self._index[normalize_name(label)] = entity

    def _merge_entities(self) -> None:
        """A catalog entity merged into another (``kg merge``) lends it its names and its parts.

        A catalog entity is never merged into a new one (``kg merge`` keeps the catalog's IRI).
        """
        for gone, kept in list(self._merged.items()):
            if gone not in self._entities:
                continue
            if kept not in self._entities:
                del self._merged[gone]
                continue
            del self._entities[gone]
            self._labels[kept] |= self._labels.pop(gone)
            self._parents.pop(gone, None)
            for child, parent in list(self._parents.items()):
                if parent == gone:
                    self._parents[child] = kept
            if gone in self._ambiguous:
                self._ambiguous.discard(gone)
                self._ambiguous.add(kept)
                names = self._ambiguous_names.pop(gone, None)
                if names is not None and (kept not in self._ambiguous_names or kept in self._ambiguous):
                    self._ambiguous_names.setdefault(kept, set()).update(names)

    @property
    def graph(self) -> Graph:
        """The catalog's triples (parsed on first use when the catalog came from the compiled cache)."""
        if self._graph is None:
            graph = Graph()
            for path in self._paths:
                _parse(Path(path), graph)
            self._graph = graph
        return self._graph

    def _state(self) -> dict:
        """Everything lookups need, as plain JSON data (see :func:`load_catalog`)."""
        return {
            "entities": [[e.iri, e.label, e.type] for e in self._entities.values()],
            "labels": {iri: sorted(names) for iri, names in self._labels.items()},
            "parents": self._parents,
            "ambiguous": sorted(self._ambiguous),
            "ambiguous_names": {iri: sorted(names) for iri, names in self._ambiguous_names.items()},
            "index": {key: entity.iri for key, entity in self._index.items()},
            "merged": self._merged,
            "keep": sorted(self._keep),
        }

    @classmethod
    def _from_state(cls, state: dict, paths: tuple[str, ...]) -> Catalog:
        catalog = cls.__new__(cls)
        catalog._graph, catalog._paths = None, paths
        catalog._entities = {iri: Entity(iri=iri, label=label, type=type_) for iri, label, type_ in state["entities"]}
        catalog._labels = {iri: set(names) for iri, names in state["labels"].items()}
        catalog._parents = dict(state["parents"])
        catalog._ambiguous = set(state["ambiguous"])
        catalog._ambiguous_names = {iri: set(names) for iri, names in state["ambiguous_names"].items()}
        catalog._index = {key: catalog._entities[iri] for key, iri in state["index"].items()}
        catalog._merged = dict(state["merged"])
        catalog._keep = frozenset(state["keep"])
        return catalog

    def lookup(self, name: str) -> Entity | None:
        """Find the entity one of whose names equals ``name`` after :func:`normalize_name`."""
        return self._index.get(normalize_name(name))

    def mint(self, name: str, type: str, base_iri: str = DEFAULT_BASE_IRI) -> Entity:
        """The entity of a name the catalog does not know: :func:`mint_entity`, after the user
        catalog's merges (the entity it was merged into: a catalog entity, or a new entity with
        this name as a label) and separated names (``kg split``)."""
        if type not in entity_classes().values():
            raise ValueError(f"unknown entity class {type!r}; expected one of {sorted(entity_classes().values())}")
        iri = minted_iri(name, type, base_iri, self._keep)
        iri = self._merged.get(iri, iri)
        return self._entities.get(iri) or Entity(iri=iri, label=name, type=type, in_catalog=False)

    def merged_into(self, iri: str) -> str | None:
        """The IRI the entity ``iri`` was merged into (followed to the end), or ``None``."""
        return self._merged.get(str(iri))

    @property
    def kept_names(self) -> frozenset[str]:
        """The normalised names that keep a key of their own (``kg split``)."""
        return self._keep

    def get(self, iri: str) -> Entity | None:
        """The catalog entity with this IRI, or ``None``."""
        return self._entities.get(str(iri))

    def entities(self) -> list[Entity]:
        """Every catalog entity, in catalog order."""
        return list(self._entities.values())

    def labels(self, iri: str) -> set[str]:
        """Every name of the entity (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``) as written."""
        return set(self._labels.get(str(iri), ()))

    def parent(self, iri: str) -> str | None:
        """IRI of the entity's owner (``kg:ownedBy``), or ``None``."""
        return self._parents.get(str(iri))

    def is_ambiguous(self, iri: str, name: str | None = None) -> bool:
        """True when the entity's name ``name`` is also an ordinary word.

        The catalog lists such names with ``kg:ambiguousName``; an entity marked only
        ``kg:ambiguous true`` has every name ambiguous. Without ``name``: whether any is.
        """
        iri = str(iri)
        if iri not in self._ambiguous:
            return False
        names = self._ambiguous_names.get(iri)
        return name is None or names is None or normalize_name(name) in names

    def surface_forms(self) -> list[tuple[str, Entity]]:
        """Every name converted to Simplified (casing and inner spaces kept), with its entity.

        Longer forms come first, so a matcher fed in this order prefers 天猫超市小铛家 to 天猫.
        """
        forms: dict[tuple[str, str], Entity] = {}
        for iri, entity in self._entities.items():
            for label in self._labels[iri]:
                form = t2s(label).strip()
                if form and self._index.get(normalize_name(form)) is entity:
                    forms.setdefault((form, iri), entity)
        return sorted(((form, entity) for (form, _), entity in forms.items()),
                      key=lambda pair: (-len(pair[0]), pair[0]))

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, iri: object) -> bool:
        return str(iri) in self._entities


def load_catalog(extra_files: Sequence[str | Path] = ()) -> Catalog:
    """Load the shipped catalog (``ontology/catalog/*.ttl``) plus the user's files (cached per process).

    Raises:
        OntologyError: a file is missing or is not valid RDF; the message names the
            file and, when the parser gives one, the line.
    """
    paths = tuple(str(p) for p in catalog_paths()) + tuple(str(Path(p).resolve()) for p in extra_files)
    return _load_cached(paths, tuple(_stamp(p) for p in paths))


def _stamp(path: str) -> tuple[int, int] | None:
    """When and how big: a file edited in this process (a user catalog ``kg merge`` wrote) is read again."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...], stamps: tuple = ()) -> Catalog:
    """Parse the files, or read them compiled from the cache when none has changed.

    Parsing thousands of entries with rdflib costs about a second per process, so the parsed
    catalog is kept as JSON in :func:`cache_dir`, under a key made of ``kg.__version__`` and
    the SHA-256 of every file (name and bytes): a changed file, a new file or a new ``kg``
    gets a new key. A cache that cannot be read or written is ignored.
    """
    digest = hashlib.sha256(f"kg {kg.__version__} catalog {_CACHE_FORMAT} {DEFAULT_BASE_IRI}".encode())
    for path in paths:
        try:
            digest.update(path.encode() + b"\0" + Path(path).read_bytes() + b"\0")
        except OSError:
            digest = None  # a missing file: let _parse report it
            break
    cached = cache_dir() / f"catalog-{digest.hexdigest()[:24]}.json" if digest is not None else None
    if cached is not None:
        try:
            return Catalog._from_state(json.loads(cached.read_text(encoding="utf-8")), paths)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    graph = Graph()
    for path in paths:
        _parse(Path(path), graph)
    catalog = Catalog(graph)
    catalog._paths = paths
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(catalog._state(), ensure_ascii=False), encoding="utf-8")
            os.replace(partial, cached)
        except OSError:
            pass
    return catalog


#: Bump when the cached JSON changes shape.
_CACHE_FORMAT = 3


def _roots(merged: dict[str, str]) -> dict[str, str]:
    """Each merged IRI mapped to the end of its chain (A → B → C: A → C). A cycle, which only a
    hand-edited file can hold, ends at its smallest IRI.

    >>> _roots({"a": "b", "b": "c", "x": "y", "y": "x"})
    {'a': 'c', 'b': 'c', 'y': 'x'}
    """
    out = {}
    for start in merged:
        seen, at = [start], merged[start]
        while at in merged and at not in seen:
            seen.append(at)
            at = merged[at]
        if at in seen:  # a cycle: its smallest member is its root
            at = min(seen[seen.index(at):])
        if at != start:
            out[start] = at
    return dict(sorted(out.items()))


def _parse(path: Path, graph: Graph | None = None) -> Graph:
    graph = Graph() if graph is None else graph
    if not path.is_file():
        raise OntologyError("catalog file not found", where=str(path), fix="check the path")
    try:
        # the shipped files name their entities under CATALOG_BASE_IRI: moved to the configured base
        graph.parse(data=rebase(path.read_text(encoding="utf-8")), format=guess_format(str(path)) or "turtle",
                    publicID=path.resolve().as_uri())
    except Exception as err:  # rdflib raises many unrelated types for bad syntax
        line = getattr(err, "lines", None)
        where = f"{path}:{line + 1}" if isinstance(line, int) else str(path)
        reason = getattr(err, "_why", None) or str(err).splitlines()[0]
        raise OntologyError(f"not valid RDF: {reason}", where=where,
                            fix="fix the syntax; see ontology/catalog/SOURCES.md for the expected shape") from err
    return graph


#: Language tag of a romanisation that is shown, never matched: the pinyin label the catalog
#: gives an entity whose record has no English name (Chinese news does not write pinyin).
DISPLAY_ONLY = "zh-latn-pinyin"


def _names(graph: Graph, node: URIRef) -> set[str]:
    return {str(obj) for pred in (SKOS.prefLabel, RDFS.label, SKOS.altLabel)
            for obj in graph.objects(node, pred) if isinstance(obj, Literal) and str(obj).strip()
            and (obj.language or "").lower() != DISPLAY_ONLY}


def _pref_label(graph: Graph, node: URIRef) -> str:
    """The zh-Hans prefLabel, falling back to any Chinese, then any name."""
    candidates: Iterable[Literal] = [
        obj for pred in (SKOS.prefLabel, RDFS.label) for obj in graph.objects(node, pred)
        if isinstance(obj, Literal)
    ]
    candidates = list(candidates)
    for wanted in ("zh-hans", "zh-cn", "zh"):
        for lit in candidates:
            if (lit.language or "").lower() == wanted:
                return t2s(str(lit))
    for lit in candidates:
        if (lit.language or "").lower().startswith("zh"):
            return t2s(str(lit))
    return str(candidates[0]) if candidates else sorted(_names(graph, node))[0]

