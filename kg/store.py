"""The on-disk pyoxigraph store: one named graph per document, plus schema graphs.

Every write that replaces a graph is ONE SPARQL Update request
(``DROP SILENT GRAPH <g> ; … ; INSERT DATA { GRAPH <g> { … } }``), which pyoxigraph
applies in a single transaction: a build killed at any moment leaves each
document either fully in or fully out.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import struct
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import (
    BlankNode, CanonicalizationAlgorithm, Dataset, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse,
    serialize,
)

from kg import indexes
from kg.errors import InputError, OntologyError, StoreError, StoreLockedError
from kg.resources import catalog_paths, ontology_file
from kg.vocab import (
    BUILDS_GRAPH, CATALOG_GRAPH, DCTERMS, DEFAULT_BASE_IRI, ENTITIES_GRAPH, FACTS_GRAPH, KG, ONTOLOGY_GRAPH, ONTOLOGY_NS, OWL,
    DCAT, OA, PROV, RDF, RDFS, RELATIONS, SCHEMA, SH, SHAPES_GRAPH, SKOS, VOID, WD, XSD, configured, rebase,
)

SCHEMA_GRAPHS = (ONTOLOGY_GRAPH, SHAPES_GRAPH, CATALOG_GRAPH)

#: Prefixes written into Turtle and TriG exports.
PREFIXES = {
    "kg": ONTOLOGY_NS,
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS),
    "prov": str(PROV), "dcterms": str(DCTERMS), "schema": str(SCHEMA), "wd": str(WD), "sh": str(SH),
    "entity": DEFAULT_BASE_IRI + "entity/", "doc": DEFAULT_BASE_IRI + "doc/",
    "stmt": DEFAULT_BASE_IRI + "stmt/",
}

#: The media type of each RDF export format (the dataset description's distributions).
_MEDIA_TYPES = {
    "ttl": "text/turtle", "nt": "application/n-triples", "nq": "application/n-quads", "trig": "application/trig",
    "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}

EXPORT_FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}

_TYPE = NamedNode(str(RDF.type))
#: The store's layout: 2 = name keys in the catalog graph and an entities graph; 3 = the facts
#: graph, entity document counts and the numbers of documents and statements (kg.indexes); 5 = a new
#: entity's names are rdfs:labels and one of them its skos:prefLabel (kg.indexes.preferred); 6 = schema.org
#: types beside the kg classes of the catalog and entities graphs, the builds graph (PROV-O).
_LAYOUT = "layout-6"
_LABELS = frozenset({str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)})


def _name_keys(quads: Sequence[Quad], graph: NamedNode) -> list[Quad]:
    """``?e kg:nameKey "…"`` for every label of the catalog's entities: the name index."""
    from kg.catalog import DISPLAY_ONLY, normalize_name

    key = _n(KG.nameKey)
    found = {(q.subject, normalize_name(q.object.value)) for q in quads
             if q.predicate.value in _LABELS and isinstance(q.object, Literal)
             and (q.object.language or "").lower() != DISPLAY_ONLY}
    return [Quad(s, key, Literal(k), graph) for s, k in sorted(found, key=lambda x: (x[0].value, x[1])) if k]
_VERSION = NamedNode(str(OWL.versionInfo))


def _schema_types(quads: Sequence[Quad], graph: NamedNode) -> list[Quad]:
    """``?e a schema:…`` beside each ``?e a kg:…`` of the catalog (``vocab.SCHEMA_TYPES``)."""
    held = set(quads)
    found = []
    for q in quads:
        if q.predicate == _TYPE and isinstance(q.object, NamedNode):
            for aligned in indexes.schema_types(q.object):
                quad = Quad(q.subject, _TYPE, aligned, graph)
                if quad not in held:
                    held.add(quad)
                    found.append(quad)
    return found


def utc_now() -> str:
    """The time now, UTC, as an xsd:dateTime lexical form."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _n(term) -> NamedNode:
    return NamedNode(str(term))


def is_store(path: Path) -> bool:
    """Whether ``path`` holds a pyoxigraph (RocksDB) store."""
    return (path / "CURRENT").is_file()


def lock_holder(path: Path) -> str | None:
    """``pid 1234: kg build seeds/`` for the process holding the store's lock, if it can be told.

    RocksDB locks ``LOCK`` with a POSIX record lock, which ``F_GETLK`` reports with its
    owner's pid; ``/proc`` gives the owner's command line (Linux).
    """
    if not sys.platform.startswith("linux"):  # struct flock's layout and /proc are Linux's
        return None
    import fcntl

    try:
        with open(path / "LOCK", "rb") as handle:
            query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
            l_type, _, _, _, pid = struct.unpack("hhqqi4x", fcntl.fcntl(handle, fcntl.F_GETLK, query))
    except (OSError, struct.error):
        return None
    if l_type == fcntl.F_UNLCK or pid <= 0:
        return None
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return f"pid {pid}"
    argv = [a for a in argv if a]
    while len(argv) > 1 and os.path.basename(argv[0]).startswith("python"):
        argv = argv[1:]  # a console script: python …/kg build …
    command = " ".join([os.path.basename(argv[0]), *argv[1:]]) if argv else ""
    command = command if len(command) <= 80 else command[:79] + "…"
    return f"pid {pid}: {command}" if command else f"pid {pid}"


def _store_error(path: Path, err: OSError) -> StoreError:
    text = str(err)
    if "Permission denied" in text or "Read-only file system" in text:
        return StoreError("the store directory is read-only", where=str(path),
                          fix="make it writable, or copy it elsewhere; queries and exports still read it")
    if "lock" in text.lower():
        holder = lock_holder(path) or "a running `kg serve` or `kg build`?"
        return StoreLockedError(
            f"the store is locked by another process ({holder})",
            where=str(path), fix="stop that process or let it finish, then run this command again",
        )
    if any(full in text for full in ("No space left on device", "Disk quota exceeded", "File too large")):
        return StoreError("the disk is full", where=str(path),
                          fix="free some space, then run the command again; the documents written so far are kept")
    return StoreError(f"cannot open the store: {text}", where=str(path),
                      fix="check the directory, or rebuild it with `kg build`")


def _graph_update(drop: Iterable[str], quads: Sequence[Quad]) -> str:
    """One SPARQL Update: drop the graphs, then insert the quads (terms in N-Triples syntax)."""
    parts = [f"DROP SILENT GRAPH <{iri}>" for iri in dict.fromkeys(drop)]
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    if by_graph:
        blocks = []
        for graph, lines in by_graph.items():
            body = "\n".join(lines)
            blocks.append(body if graph == "DEFAULT" else f"GRAPH {graph} {{\n{body}\n}}")
        parts.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(parts)


def _blocks(quads: Iterable[Quad]) -> str:
    """Quads as the body of INSERT DATA / DELETE DATA, one GRAPH block per graph."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(body if graph == "DEFAULT" else f"GRAPH {graph} {{\n{body}\n}}"
                     for graph, body in ((g, "\n".join(dict.fromkeys(lines))) for g, lines in by_graph.items()))


@dataclass
class _Recount:
    inserts: list = field(default_factory=list)
    deletes: list = field(default_factory=list)
    born: list = field(default_factory=list)
    died: list = field(default_factory=list)


def _joined(*operations: str) -> str:
    return " ;\n".join(op for op in operations if op)


#: How long ``KgStore.reopen`` waits for a lock another process took.
_REOPEN_WAIT = 5.0


class KgStore:
    """A ``kg`` store on disk; use as a context manager so the lock is released."""

    def __init__(self, store: Store, path: Path, read_only: bool):
        self.store = store
        self.path = path
        self.read_only = read_only
        #: the next document and statement numbers (``kg.indexes``), read on the first write
        self._next: dict | None = None
        #: document graphs written since the store was opened, with when (``record_build``)
        self.written: dict[str, str] = {}

    @classmethod
    def open(cls, path, *, create: bool = False, read_only: bool = False) -> "KgStore":
        """Open the store at ``path`` (create it when ``create``).

        Raises:
            StoreError: no store there (and not ``create``), not a store, or locked.
        """
        path = Path(path)
        if not is_store(path):
            if not create or read_only:
                raise StoreError("no store here", where=str(path), fix="run `kg build` first")
            if path.exists() and (not path.is_dir() or any(path.iterdir())):
                raise StoreError("exists and is not a kg store", where=str(path),
                                 fix="choose another --store directory")
        # A reader may open the store just as a running build compacts it and see a file
        # vanish; that looks like damage but is gone a moment later, so a reader tries again.
        for attempt in range(5 if read_only else 1, 0, -1):
            try:
                store = Store.read_only(str(path)) if read_only else Store(str(path))
                break
            except OSError as err:
                raise _store_error(path, err) from err
            except RuntimeError as err:  # RocksDB reports a damaged store as a RuntimeError
                if attempt == 1:
                    raise StoreError(f"the store is damaged: {err}", where=str(path),
                                     fix="restore it from a copy, or move it away and run `kg build` again") from err
                time.sleep(0.1)
        return cls(store, path, read_only)

    def __enter__(self) -> "KgStore":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        try:
            self.close()
        except StoreError:
            if exc_type is None:  # else the error already on its way out says what went wrong
                raise

    def close(self) -> None:
        """Flush and release the store (and its lock).

        Raises:
            StoreError: the flush failed (a full disk); what was written before is kept.
        """
        if self.store is not None:
            store, self.store = self.store, None
            if not self.read_only:
                try:
                    store.flush()
                except OSError as err:
                    raise _store_error(self.path, err) from err

    def reopen(self) -> None:
        """Flush, close and open the store again: RocksDB gives back its caches.

        A long build's writer does this after each flush; its memory would otherwise grow
        with the store. Another process that takes the lock in the moment between is
        waited for up to ``_REOPEN_WAIT`` seconds.

        Raises:
            StoreError: the flush failed, or the store stayed locked or would not open.
        """
        self.close()
        deadline = time.monotonic() + _REOPEN_WAIT
        while True:
            try:
                self.store = KgStore.open(self.path, read_only=self.read_only).store
                return
            except StoreError as err:
                if not isinstance(err, StoreLockedError) or time.monotonic() > deadline:
                    error = StoreLockedError if isinstance(err, StoreLockedError) else StoreError
                    raise error(f"could not open the store again while writing: {err.what}",
                                where=str(self.path),
                                fix="let no other process open the store during a build; "
                                    "run the build again (what it wrote is kept)") from err
                time.sleep(0.05)

    def __len__(self) -> int:
        return len(self.store)

    # -- schema ---------------------------------------------------------------------------

    def ensure_schema(self, catalog_files: Sequence[str | os.PathLike] = ()) -> list[str]:
        """Load ontology, shapes and catalog into their graphs when their files changed.

        Each graph records the SHA-256 of its source files as ``<graph> owl:versionInfo``,
        so an unchanged schema is not rewritten. Returns the graphs that were replaced.

        Raises:
            OntologyError: a file is missing or is not valid Turtle.
        """
        sources = {
            ONTOLOGY_GRAPH: [ontology_file("kg.ttl")],
            SHAPES_GRAPH: [ontology_file("shapes.ttl")],
            CATALOG_GRAPH: [*catalog_paths(), *map(Path, catalog_files)],
        }
        replaced = []
        for graph_iri, files in sources.items():
            digest = hashlib.sha256()
            for file in files:
                try:
                    digest.update(Path(file).read_bytes())
                except OSError as err:
                    raise OntologyError(f"cannot read: {err.strerror}", where=str(file),
                                        fix="reinstall kg or fix the --catalog path") from err
                digest.update(b"\0")
            digest.update(_LAYOUT.encode())  # a new layout rewrites the schema graphs too
            digest.update(DEFAULT_BASE_IRI.encode())
            version = "sha256:" + digest.hexdigest()
            graph = NamedNode(graph_iri)
            current = [q.object.value for q in self.store.quads_for_pattern(graph, _VERSION, None, graph)]
            if current == [version]:
                continue
            quads = [Quad(graph, _VERSION, Literal(version), graph)]
            for file in files:
                try:
                    # the catalog's entities (and graph names) under the configured base (vocab.rebase)
                    text = rebase(Path(file).read_text(encoding="utf-8"))
                    quads.extend(Quad(t.subject, t.predicate, t.object, graph)
                                 for t in parse(text, format=RdfFormat.TURTLE, base_iri=Path(file).resolve().as_uri()))
                except SyntaxError as err:
                    raise OntologyError(f"not valid Turtle: {err}", where=str(file),
                                        fix="fix the Turtle syntax") from err
            update = ""
            if graph_iri == CATALOG_GRAPH:
                quads.extend(_name_keys(quads, graph))
                quads.extend(_schema_types(quads, graph))
                update = self._catalog_facts(quads)
            self._replace_graph(graph, quads, update)
            replaced.append(graph_iri)
        if Quad(indexes.FACTS, _VERSION, Literal(_LAYOUT), indexes.FACTS) not in self.store:
            self.reindex()
        return replaced

    def _replace_graph(self, graph: NamedNode, quads: Sequence[Quad], also: str = "") -> None:
        """Make ``graph`` hold exactly ``quads``, and apply the update ``also`` with it.

        The catalog graph holds tens of thousands of quads and a new version changes a few:
        what the graph held and no longer holds goes in one update with ``also``, then the
        quads it lacks are added in one transaction (``Store.extend``), without a SPARQL text
        of the whole graph to write and parse (about 1.5 s a build for the catalog). The new
        version stamp is among the added quads, so a build stopped between the two steps
        leaves a graph without a stamp, loaded again at the next start; ``also`` (the facts
        graph's copy of the catalog) was applied with the deletions and is idempotent. A
        graph with blank nodes (which DELETE DATA cannot name) is replaced in one update.
        """
        held = list(self.store.quads_for_pattern(None, None, None, graph))
        if any(isinstance(t, BlankNode) for q in (*held, *quads) for t in (q.subject, q.object)):
            self.store.update(_joined(_graph_update([graph.value], quads), also))
            return
        new, old = set(quads), set(held)
        gone = [q for q in held if q not in new]
        first = _joined("DELETE DATA {\n" + _blocks(gone) + "\n}" if gone else "", also)
        if first:
            self.store.update(first)
        self.store.extend(q for q in dict.fromkeys(quads) if q not in old)

    def _catalog_facts(self, catalog: Sequence[Quad]) -> str:
        """The facts graph's copy of the catalog's relations, for a new catalog graph."""
        if Quad(indexes.FACTS, _VERSION, Literal(_LAYOUT), indexes.FACTS) not in self.store:
            return ""  # the rebuild that follows copies them
        old = indexes.catalog_relations(self.store.quads_for_pattern(None, None, None, indexes.CATALOG))
        new = indexes.catalog_relations(catalog)
        gone = [Quad(*t, indexes.FACTS) for t in sorted(old - new, key=lambda t: tuple(x.value for x in t))
                if not self._plain_held(t, (), catalog=False)]
        added = [Quad(*t, indexes.FACTS) for t in sorted(new, key=lambda t: tuple(x.value for x in t))]
        # kg:documentRank of the catalog's entities that no document mentions (kg.indexes.derive)
        was = indexes.catalog_entities(self.store.quads_for_pattern(None, None, None, indexes.CATALOG))
        now = indexes.catalog_entities(catalog)
        def base(e):
            return Quad(NamedNode(e), indexes.RANK, indexes.integer(indexes.rank(e, 0)), indexes.ENT)
        gone += [base(e) for e in sorted(was - now) if base(e) in self.store]
        added += [base(e) for e in sorted(now - was)
                  if next(self.store.quads_for_pattern(NamedNode(e), indexes.RANK, None, indexes.ENT), None) is None]
        return _joined("DELETE DATA {\n" + _blocks(gone) + "\n}" if gone else "",
                       "INSERT DATA {\n" + _blocks(added) + "\n}" if added else "")

    def reindex(self, batch: int = 500) -> int:
        """Rebuild every document's numbers and fact links and the entities and facts graphs
        from the document graphs (a store of an older layout, or one bulk-loaded with
        ``oxigraph load``). Documents keep their order. Returns how many were numbered."""
        from kg.rdf import fact_iri

        graphs = {q.subject.value for q in self.store.quads_for_pattern(None, _n(KG.sourcePath), None, None)
                  if q.subject == q.graph_name}
        order = {q.graph_name.value: int(q.object.value)
                 for q in self.store.quads_for_pattern(None, indexes.DOCUMENT_NUMBER, None, None)
                 if q.subject == q.graph_name}
        docs = sorted(graphs, key=lambda g: (order.get(g, float("inf")), g))
        self._next = {indexes.DOCUMENT_NUMBER: 1, indexes.STATEMENT_NUMBER: 1}
        pending: list[str] = []
        base_iri = self._base_iri()
        fact, kinds = _n(KG.fact), {str(KG.Statement), str(KG.Observation)}

        def documents():
            for doc in docs:
                held = list(self.store.quads_for_pattern(None, None, None, NamedNode(doc)))
                quads = [q for q in held if q.predicate.value not in indexes.NUMBERING]
                linked = {q.subject for q in quads if q.predicate == fact}
                fields: dict = {}
                for q in quads:
                    if q.predicate.value in indexes.FACT_FIELDS:
                        fields.setdefault(q.subject, []).append((q.predicate.value, q.object))
                links = [Quad(q.subject, fact, NamedNode(fact_iri(fields.get(q.subject, ()), base_iri=base_iri)),
                              q.graph_name)
                         for q in quads if q.predicate == _TYPE and q.object.value in kinds
                         and q.subject not in linked]
                quads += list(dict.fromkeys(links))
                numbers = self._numbers(quads, indexes.contribution(quads))
                stale = [q for q in held if q.predicate.value in indexes.NUMBERING]
                pending.append(_joined("DELETE DATA {\n" + _blocks(stale) + "\n}" if stale else "",
                                       "INSERT DATA {\n" + _blocks([*links, *numbers]) + "\n}"))
                if len(pending) >= batch:
                    self._write(" ;\n".join(pending))
                    pending.clear()
                yield [*quads, *numbers]

        derived = indexes.derive(documents(), self.store.quads_for_pattern(None, None, None, indexes.CATALOG))
        if pending:
            self._write(" ;\n".join(pending))
        derived.append(Quad(indexes.FACTS, _VERSION, Literal(_LAYOUT), indexes.FACTS))
        self._write(_graph_update([ENTITIES_GRAPH, FACTS_GRAPH], derived))
        return len(docs)

    def _base_iri(self) -> str:
        """The base IRI the store's documents were minted under (the default when empty)."""
        for q in self.store.quads_for_pattern(None, _n(KG.sourcePath), None, None):
            doc = q.subject.value
            if "/doc/" in doc:
                return doc[: doc.rindex("/doc/") + 1]
        return DEFAULT_BASE_IRI

    # -- merges (kg.usercatalog) ---------------------------------------------------------

    def held_merges(self) -> tuple[dict[str, str], frozenset[str]]:
        """The user catalog's merges and separate names as the last build loaded them (from the
        catalog graph): ``({merged IRI: IRI merged into}, {separate name})``."""
        catalog = NamedNode(CATALOG_GRAPH)
        merged = {q.subject.value: q.object.value
                  for q in self.store.quads_for_pattern(None, _n(KG.mergedInto), None, catalog)
                  if isinstance(q.subject, NamedNode) and isinstance(q.object, NamedNode)}
        separate = frozenset(q.object.value for q in self.store.quads_for_pattern(None, _n(KG.separateName), None, catalog))
        return merged, separate

    def mark_stale(self, entities: Iterable[str]) -> int:
        """Mark the documents that mention any of ``entities`` for extraction at their next build
        (their extractor version becomes ``stale``): a merge or split changed those entities.
        Returns how many documents were marked."""
        wanted = {NamedNode(e) for e in entities}
        mentions = _n(KG.mentions)
        docs = sorted({q.graph_name.value for e in wanted for q in self.store.quads_for_pattern(None, mentions, e, None)
                       if q.subject == q.graph_name}, key=str)
        version = _n(KG.extractorVersion)
        for start in range(0, len(docs), 500):
            parts = []
            for doc in docs[start:start + 500]:
                d = NamedNode(doc)
                held = list(self.store.quads_for_pattern(d, version, None, d))
                parts.append(_joined("DELETE DATA {\n" + _blocks(held) + "\n}" if held else "",
                                     "INSERT DATA {\n" + _blocks([Quad(d, version, Literal("stale"), d)]) + "\n}"))
            self._write(" ;\n".join(parts))
        return len(docs)

    # -- documents ------------------------------------------------------------------------

    def document_state(self, doc_iri: str) -> tuple[str, str] | None:
        """``(content_hash, extractor_version)`` of a stored document, or ``None``."""
        d = NamedNode(doc_iri)
        hashes = [q.object.value for q in self.store.quads_for_pattern(d, _n(KG.contentHash), None, d)]
        versions = [q.object.value for q in self.store.quads_for_pattern(d, _n(KG.extractorVersion), None, d)]
        if not hashes:
            return None
        return hashes[0], versions[0] if versions else ""

    def documents_for_source(self, source_path: str) -> list[str]:
        """IRIs of the stored documents built from ``source_path``."""
        quads = self.store.quads_for_pattern(None, _n(KG.sourcePath), Literal(source_path), None)
        return sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)})

    def documents(self) -> list[dict[str, str]]:
        """Every stored document: ``iri``, ``source``, ``title``, ``url`` and ``id`` (empty when unknown)."""
        found: dict[str, dict[str, str]] = {}
        for q in self.store.quads_for_pattern(None, _TYPE, _n(KG.Document), None):
            if q.graph_name == q.subject:
                found[q.subject.value] = {"iri": q.subject.value, "source": "", "title": "", "url": "", "id": ""}
        for key, predicate in (("source", KG.sourcePath), ("title", KG.title), ("url", KG.url),
                               ("id", DCTERMS.identifier)):
            for q in self.store.quads_for_pattern(None, _n(predicate), None, None):
                if q.subject.value in found and q.graph_name == q.subject:
                    found[q.subject.value][key] = q.object.value
        return sorted(found.values(), key=lambda d: (d["source"], d["iri"]))

    def replace_document(self, doc_iri: str, quads: Sequence[Quad], *, drop: Iterable[str] = ()) -> None:
        """Atomically remove graph ``doc_iri`` and the graphs in ``drop``, then add ``quads``.

        The derived graphs and numbers (``kg.indexes``) follow in the same transaction: the
        new graph is numbered, what it describes and states is added and counted, and what only
        the removed graphs said is deleted.
        """
        self._write(self._update([doc_iri, *drop], quads))
        self.written[doc_iri] = utc_now()

    def record_build(self, started: str, *, base_iri: str, extractor_version: str) -> str | None:
        """Write the build's provenance (PROV-O) into the builds graph: the build a prov:Activity
        (start and end time, kg as its prov:SoftwareAgent with its version), and each document
        graph it wrote ``prov:wasGeneratedBy`` it with ``prov:generatedAtTime``. What the graph
        said of documents written again or no longer stored goes. Returns the activity's IRI
        (``None`` when the build wrote nothing: an activity that generated nothing is not kept).
        """
        if not self.written:
            return None
        import kg

        builds = NamedNode(BUILDS_GRAPH)
        stamp = re.sub(r"[^0-9]", "", started)[:20]
        activity = NamedNode(f"{base_iri}build/{stamp}-{os.getpid()}")
        agent = NamedNode(f"{base_iri}agent/kg-{kg.__version__}")
        date_time = NamedNode(str(XSD.dateTime))
        quads = [
            Quad(activity, _TYPE, _n(PROV.Activity), builds),
            Quad(activity, _n(PROV.startedAtTime), Literal(started, datatype=date_time), builds),
            Quad(activity, _n(PROV.endedAtTime), Literal(utc_now(), datatype=date_time), builds),
            Quad(activity, _n(PROV.wasAssociatedWith), agent, builds),
            Quad(activity, _n(RDFS.label), Literal(f"kg build ({len(self.written)} documents written)"), builds),
            Quad(agent, _TYPE, _n(PROV.SoftwareAgent), builds),
            Quad(agent, _TYPE, _n(SCHEMA.SoftwareApplication), builds),
            Quad(agent, _n(RDFS.label), Literal(f"kg {kg.__version__}"), builds),
            Quad(agent, _n(SCHEMA.softwareVersion), Literal(extractor_version), builds),
        ]
        stale = []
        stored = {q.subject for q in self.store.quads_for_pattern(None, _n(KG.sourcePath), None, None)
                  if q.subject == q.graph_name}
        for predicate in (PROV.wasGeneratedBy, PROV.generatedAtTime):
            stale += [q for q in self.store.quads_for_pattern(None, _n(predicate), None, builds)
                      if q.subject.value in self.written or q.subject not in stored]
        for doc, when in sorted(self.written.items()):
            d = NamedNode(doc)
            if d in stored:
                quads += [Quad(d, _n(PROV.wasGeneratedBy), activity, builds),
                          Quad(d, _n(PROV.generatedAtTime), Literal(when, datatype=date_time), builds)]
        self._write(_joined("DELETE DATA {\n" + _blocks(stale) + "\n}" if stale else "",
                            "INSERT DATA {\n" + _blocks(quads) + "\n}"))
        self.written.clear()
        self._describe_dataset(base_iri, activity)
        return activity.value

    def _describe_dataset(self, base_iri: str, activity: NamedNode) -> None:
        """The dataset's VoID and DCAT description in the builds graph, as the store is now:
        title and licence (``kg.toml``), modified, triples, entities, documents, one distribution
        per export format and, when ``sparql_endpoint`` is configured, the SPARQL endpoint."""
        builds = NamedNode(BUILDS_GRAPH)
        dataset = NamedNode(f"{base_iri}dataset")
        old = [q for q in self.store.quads_for_pattern(None, None, None, builds)
               if q.subject == dataset or q.subject.value.startswith(f"{base_iri}dataset/")]
        documents = sum(1 for q in self.store.quads_for_pattern(None, _n(KG.sourcePath), None, None)
                        if q.subject == q.graph_name)
        entities = sum(1 for _ in self.store.quads_for_pattern(None, indexes.RANK, None, indexes.ENT))
        integer = NamedNode(str(XSD.integer))
        title = str(configured("title", "kg: a knowledge graph of the Chinese internet industry"))
        quads = [
            Quad(dataset, _TYPE, _n(VOID.Dataset), builds),
            Quad(dataset, _TYPE, _n(DCAT.Dataset), builds),
            Quad(dataset, _n(DCTERMS.title), Literal(title), builds),
            Quad(dataset, _n(DCTERMS.modified), Literal(utc_now(), datatype=NamedNode(str(XSD.dateTime))), builds),
            Quad(dataset, _n(VOID.triples), Literal(str(len(self.store) - len(old)), datatype=integer), builds),
            Quad(dataset, _n(VOID.entities), Literal(str(entities), datatype=integer), builds),
            Quad(dataset, _n(VOID.documents), Literal(str(documents), datatype=integer), builds),
            Quad(dataset, _n(VOID.uriSpace), Literal(base_iri), builds),
            Quad(dataset, _n(PROV.wasGeneratedBy), activity, builds),
        ]
        quads += [Quad(dataset, _n(VOID.vocabulary), NamedNode(ns), builds)
                  for ns in (ONTOLOGY_NS, str(SCHEMA), str(DCTERMS), str(SKOS), str(PROV), str(OA))]
        if licence := configured("license"):
            quads.append(Quad(dataset, _n(DCTERMS.license), NamedNode(str(licence)), builds))
        if endpoint := configured("sparql_endpoint"):
            service = NamedNode(f"{base_iri}dataset/sparql")
            quads += [Quad(dataset, _n(VOID.sparqlEndpoint), NamedNode(str(endpoint)), builds),
                      Quad(service, _TYPE, _n(DCAT.DataService), builds),
                      Quad(service, _n(DCAT.endpointURL), NamedNode(str(endpoint)), builds),
                      Quad(service, _n(DCAT.servesDataset), dataset, builds)]
        for fmt, media in _MEDIA_TYPES.items():
            distribution = NamedNode(f"{base_iri}dataset/{fmt}")
            quads += [Quad(dataset, _n(DCAT.distribution), distribution, builds),
                      Quad(distribution, _TYPE, _n(DCAT.Distribution), builds),
                      Quad(distribution, _n(DCAT.mediaType),
                           NamedNode(f"https://www.iana.org/assignments/media-types/{media}"), builds),
                      Quad(distribution, _n(DCTERMS.title), Literal(f"kg export --format {fmt}"), builds)]
        self._write(_joined("DELETE DATA {\n" + _blocks(old) + "\n}" if old else "",
                            "INSERT DATA {\n" + _blocks(quads) + "\n}"))

    def set_source_path(self, doc_iri: str, source: str) -> None:
        """Record that a stored document was last read from ``source`` (provenance, not identity)."""
        d = f"<{doc_iri}>"
        path = _n(KG.sourcePath)
        self._write(f"DELETE {{ GRAPH {d} {{ {d} <{path.value}> ?old }} }} WHERE {{ GRAPH {d} {{ {d} <{path.value}> ?old }} }} ;\n"
                    f"INSERT DATA {{ GRAPH {d} {{ {d} <{path.value}> {Literal(source)} }} }}")

    def remove_documents(self, doc_iris: Iterable[str]) -> None:
        """Atomically remove these document graphs (and what they alone said of their entities)."""
        self._write(self._update(list(doc_iris), ()))

    def _update(self, graphs: list[str], quads: Sequence[Quad]) -> str:
        """The graph update with the derived graphs' additions and deletions.

        Work is by difference: a lookup per count it changes and per fact or description only
        the removed graphs gave, not a pass over the other documents that share them.
        """
        graphs = list(dict.fromkeys(graphs))
        new = indexes.contribution(quads)
        held = [q for g in graphs for q in self.store.quads_for_pattern(None, None, None, NamedNode(g))]
        old = indexes.contribution(held)
        numbers = self._numbers(quads, new, held)
        inserts: list[Quad] = [*quads, *numbers]
        deletes: list[Quad] = []
        # the entities graph
        unsupported = self._unsupported(old.descriptions - new.descriptions, set(graphs))
        described = indexes.description_triples(new.descriptions)
        inserts += described
        deletes += self._aligned_gone(indexes.description_triples(unsupported), described)
        ins, dels = self._preferred(new.descriptions, unsupported)
        inserts += ins
        deletes += dels
        counts = self._recount(indexes.ENT, _n(KG.documentCount), old.mentions, new.mentions, rank=indexes.RANK)
        inserts += counts.inserts
        deletes += counts.deletes
        # the facts graph
        counts = self._recount(indexes.FACTS, _n(KG.statementCount), old.refs, new.refs)
        inserts += counts.inserts
        deletes += counts.deletes
        for fact in counts.born:
            inserts += indexes.fact_quads(fact, new.fields[fact])
            if (triple := indexes.plain_triple(new.fields[fact])) is not None:
                inserts.append(Quad(*triple, indexes.FACTS))
        ins, dels = self._firsts(counts, old, indexes.contribution(numbers).stated, set(graphs))
        inserts += ins
        deletes += dels
        for fact in counts.died:
            node = NamedNode(fact)
            held = list(self.store.quads_for_pattern(node, None, None, indexes.FACTS))
            deletes += held
            triple = indexes.plain_triple((q.predicate.value, q.object) for q in held)
            if triple is not None and not self._plain_held(triple, counts.died):
                deletes.append(Quad(*triple, indexes.FACTS))
        update = "DROP SILENT GRAPH " + " ;\nDROP SILENT GRAPH ".join(f"<{g}>" for g in graphs)
        if deletes:
            update = _joined(update, "DELETE DATA {\n" + _blocks(deletes) + "\n}")
        if inserts:
            update = _joined(update, "INSERT DATA {\n" + _blocks(inserts) + "\n}")
        return update

    def _aligned_gone(self, deletes: list[Quad], inserts: list[Quad]) -> list[Quad]:
        """``deletes`` less each schema.org type another kg class of the entity, staying or
        added, still brings (an entity described as a mini-program and as a platform is a
        schema:SoftwareApplication while either description stays)."""
        gone = set(deletes)
        out = []
        for q in deletes:
            if q.predicate == _TYPE and not q.object.value.startswith(ONTOLOGY_NS):
                staying = [t.object for t in self.store.quads_for_pattern(q.subject, _TYPE, None, indexes.ENT)
                           if t not in gone]
                staying += [t.object for t in inserts if t.subject == q.subject and t.predicate == _TYPE]
                if any(q.object in indexes.schema_types(t) for t in staying if t.value.startswith(ONTOLOGY_NS)):
                    continue
            out.append(q)
        return out

    def _preferred(self, added: set, removed: set) -> tuple[list[Quad], list[Quad]]:
        """The skos:prefLabel of each entity whose names this write changes (kg.indexes.preferred),
        from its names in the entities graph, less ``removed``, plus ``added``."""
        label = _n(RDFS.label)
        changed: dict[str, tuple[set, set]] = {}
        for kind, descriptions in ((0, added), (1, removed)):
            for e, f, v in descriptions:
                if f == indexes.ENTITY_NAME:
                    changed.setdefault(e, (set(), set()))[kind].add(v)
        inserts, deletes = [], []
        for entity, (plus, minus) in sorted(changed.items()):
            node = NamedNode(entity)
            names = {q.object for q in self.store.quads_for_pattern(node, label, None, indexes.ENT)}
            best = indexes.preferred((names - minus) | plus)
            held = list(self.store.quads_for_pattern(node, indexes.PREF_LABEL, None, indexes.ENT))
            if [q.object for q in held] == [best]:
                continue
            deletes += held
            if best is not None:
                inserts.append(Quad(node, indexes.PREF_LABEL, best, indexes.ENT))
        return inserts, deletes

    def _numbers(self, quads: Sequence[Quad], new: "indexes.Contribution", held: Sequence[Quad] = ()) -> list[Quad]:
        """The index triples of a new document graph: its number, on it and on what it
        mentions, and a number for each statement and observation, beside its fact.

        A graph that replaces itself keeps its number, and a statement it states again (same
        node, same fact) keeps its own, so re-extracting an unchanged document changes nothing;
        everything else takes the next number.
        """
        if not quads:
            return []
        if self._next is None:
            self._next = {p: 1 + max((int(q.object.value) for q in self.store.quads_for_pattern(None, p, None, None)),
                                     default=0)
                          for p in (indexes.DOCUMENT_NUMBER, indexes.STATEMENT_NUMBER)}
        graph = quads[0].graph_name
        kept: dict[tuple, int] = {}
        facts = {(q.graph_name, q.subject): q.object for q in held if q.predicate.value == str(KG.fact)}
        for q in held:
            if q.graph_name != graph:
                continue
            if q.predicate == indexes.DOCUMENT_NUMBER and q.subject == graph:
                kept[graph] = int(q.object.value)
            elif q.predicate == indexes.STATEMENT_NUMBER and (fact := facts.get((graph, q.subject))) is not None:
                kept[(q.subject, fact.value)] = int(q.object.value)

        def take(key) -> Literal:
            if key in kept:
                return indexes.integer(kept[key])
            k = self._next[indexes.DOCUMENT_NUMBER if key is graph else indexes.STATEMENT_NUMBER]
            self._next[indexes.DOCUMENT_NUMBER if key is graph else indexes.STATEMENT_NUMBER] += 1
            return indexes.integer(k)

        number = take(graph)
        out = [Quad(graph, indexes.DOCUMENT_NUMBER, number, graph)]
        out += [Quad(NamedNode(e), indexes.MENTIONED_IN, number, graph) for e in sorted(new.mentions)]
        for g, node, fact in new.stating:
            k = take((node, fact)) if g == graph else take(None)
            out += [Quad(node, indexes.STATEMENT_NUMBER, k, g), Quad(NamedNode(fact), indexes.STATED, k, g)]
        return out

    def _firsts(self, counts: "_Recount", old: "indexes.Contribution", new: dict, removed: set[str]):
        """``kg:firstStatement`` of the facts this write touches: a new fact's lowest new number;
        a fact whose first statement goes is given the lowest that stays. Numbers only grow, so
        a fact's new statements never come first."""
        inserts, deletes = [], []
        died = set(counts.died)
        for fact in sorted(set(old.stated) | set(new)):
            if fact in died:
                continue
            node = NamedNode(fact)
            held = list(self.store.quads_for_pattern(node, indexes.FIRST, None, indexes.FACTS))
            current = min((int(q.object.value) for q in held), default=None)
            if current is not None and current not in old.stated.get(fact, ()):
                continue
            staying = [int(q.object.value) for q in self.store.quads_for_pattern(node, indexes.STATED, None, None)
                       if q.graph_name.value not in removed]
            first = min(staying + new.get(fact, []), default=None)
            if first == current:
                continue
            deletes += held
            if first is not None:
                inserts.append(Quad(node, indexes.FIRST, indexes.integer(first), indexes.FACTS))
        return inserts, deletes

    def _recount(self, graph: NamedNode, predicate: NamedNode, old: Counter, new: Counter, *,
                 rank: NamedNode | None = None) -> "_Recount":
        """Counts kept as ``?key predicate n`` in ``graph``: the current value less ``old`` plus
        ``new``; a count reaching 0 is deleted. With ``rank``, ``?key rank indexes.rank(key, n)``
        follows the count."""
        done = _Recount()
        for key in sorted(set(old) | set(new)):
            node = NamedNode(key)
            held = [q for q in self.store.quads_for_pattern(node, predicate, None, graph)]
            current = sum(int(q.object.value) for q in held)
            value = max(0, current - old[key] + new[key])
            if value == current and len(held) <= 1:
                continue
            done.deletes += held
            if value:
                done.inserts.append(Quad(node, predicate, indexes.integer(value), graph))
            if rank is not None:
                done.deletes += list(self.store.quads_for_pattern(node, rank, None, graph))
                if value or next(self.store.quads_for_pattern(node, _n(RDF.type), None, indexes.CATALOG), None):
                    done.inserts.append(Quad(node, rank, indexes.integer(indexes.rank(key, value)), graph))
            if value and not current:
                done.born.append(key)
            if current and not value:
                done.died.append(key)
        return done

    def _plain_held(self, triple: tuple, dying: Iterable[str], *, catalog: bool = True) -> bool:
        """Whether the catalog or a fact that stays asserts this plain triple."""
        s, p, o = triple
        if catalog and Quad(s, p, o, indexes.CATALOG) in self.store:
            return True
        dying = set(dying)
        subject, predicate, obj = (_n(x) for x in (RDF.subject, RDF.predicate, RDF.object))
        modality, asserted = _n(KG.modality), _n(KG.asserted)
        for q in self.store.quads_for_pattern(None, subject, s, indexes.FACTS):
            f = q.subject
            if (f.value not in dying and Quad(f, predicate, p, indexes.FACTS) in self.store
                    and Quad(f, obj, o, indexes.FACTS) in self.store
                    and Quad(f, modality, asserted, indexes.FACTS) in self.store):
                return True
        return False

    def _unsupported(self, facts: set[tuple[str, str, object]], removed: set[str]):
        """The descriptions no record outside the ``removed`` graphs still gives."""
        about = _n(KG.about)
        by_entity: dict[str, set[tuple[str, object]]] = {}
        for e, f, v in facts:
            by_entity.setdefault(e, set()).add((f, v))
        gone = set()
        for entity, left in by_entity.items():
            for q in self.store.quads_for_pattern(None, about, NamedNode(entity), None):
                if not left:
                    break
                if q.graph_name.value in removed:
                    continue
                left = {(f, v) for f, v in left
                        if Quad(q.subject, NamedNode(f), v, q.graph_name) not in self.store}
            gone.update((entity, f, v) for f, v in left)
        return gone

    def _write(self, update: str) -> None:
        if not update:
            return
        if self.read_only:
            raise StoreError("opened read-only", where=str(self.path), fix="open it for writing")
        try:
            self.store.update(update)
        except OSError as err:
            raise _store_error(self.path, err) from err


# -- commands ---------------------------------------------------------------------------------


def _resolve_documents(kg_store: KgStore, doc: str) -> list[str]:
    documents = kg_store.documents()
    if not doc.strip():
        return []
    by_name = [d["iri"] for d in documents if doc in (d["iri"], d["url"], d["id"])]
    if by_name:
        return by_name
    wanted = os.path.normpath(doc)
    by_source = [d["iri"] for d in documents
                 if d["source"] and (os.path.normpath(d["source"]) == wanted
                                     or d["source"].rsplit(":", 1)[0] == doc)]
    if by_source:
        return by_source
    from kg.catalog import normalize_name

    wanted_title = normalize_name(doc)
    return [d["iri"] for d in documents if d["title"] and normalize_name(d["title"]) == wanted_title]


def find_documents(store_dir, doc: str) -> list[dict[str, str]]:
    """The stored documents ``doc`` names (IRI, URL, id, source path or title), as
    :meth:`KgStore.documents` lists them; the store is opened read-only."""
    with KgStore.open(store_dir, read_only=True) as kg_store:
        rows = {d["iri"]: d for d in kg_store.documents()}
        return [rows[iri] for iri in _resolve_documents(kg_store, doc)]


def remove(store_dir, doc: str) -> str:
    """Drop the graphs of the document(s) named by ``doc`` (IRI, URL, id, source path or title).

    Returns the removed IRIs, comma-separated.

    Raises:
        InputError: no document has that IRI, source path or title.
    """
    with KgStore.open(store_dir) as kg_store:
        iris = _resolve_documents(kg_store, doc)
        if not iris:
            raise InputError("no document with this IRI, URL, id, source path or title", where=doc,
                             fix="list the documents with `kg query documents`")
        kg_store.remove_documents(iris)
    return ", ".join(iris)


def load(store_dir, files: Sequence[str | os.PathLike] = (), *, catalog_files: Sequence[str] = ()) -> int:
    """Fill a new store from N-Quads shards (``kg build --nquads-out``), then number and index it.

    The shards are bulk-loaded (RocksDB files written directly, no transaction), then the
    schema is loaded and the store reindexed (``KgStore.reindex``): documents are numbered in
    the order the shards' ``kg:documentNumber`` give, so the store is the one a build of the
    same input writes. With no ``files``, only reindexes a store filled by ``oxigraph load``.
    Returns the number of documents.

    Raises:
        StoreError: ``files`` given and ``store_dir`` exists and is not empty (loading into a
            store that holds documents would merge graphs), or the store cannot be opened.
        InputError: a shard is missing or is not N-Quads; the new store is removed again.
    """
    path = Path(store_dir)
    fresh = bool(files)
    if fresh and path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise StoreError("exists and is not empty; kg load fills a new store", where=str(path),
                         fix="give a new --store directory, or add articles to this one with kg build")
    try:
        with KgStore.open(path, create=fresh) as kg_store:
            for file in files:
                try:
                    kg_store.store.bulk_load(path=str(file), format=RdfFormat.N_QUADS)
                except OSError as err:
                    raise InputError(f"cannot read: {err.strerror or err}", where=str(file),
                                     fix="check the shard path") from None
                except SyntaxError as err:
                    raise InputError(f"is not N-Quads: {err}", where=str(file),
                                     fix="give the part-*.nq files kg build --nquads-out wrote") from None
            marked = Quad(indexes.FACTS, _VERSION, Literal(_LAYOUT), indexes.FACTS) in kg_store.store
            kg_store.ensure_schema(catalog_files=catalog_files)
            if marked:  # ensure_schema reindexes only a store without the layout's marker
                kg_store.reindex()
            return sum(1 for q in kg_store.store.quads_for_pattern(None, _n(KG.sourcePath), None, None)
                       if q.subject == q.graph_name)
    except BaseException:
        if fresh:
            shutil.rmtree(path, ignore_errors=True)
        raise


@dataclass
class Stats:
    """Counts over a store."""

    documents: int
    catalog_entities: int
    new_entities: int
    statements: int
    modalities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    quads: int = 0

    @property
    def entities(self) -> int:
        return self.catalog_entities + self.new_entities

    def as_dict(self) -> dict:
        """The counts as plain JSON values (``kg stats --json``)."""
        return {"documents": self.documents, "entities": self.entities, "catalog_entities": self.catalog_entities,
                "new_entities": self.new_entities, "statements": self.statements, "modalities": self.modalities,
                "relations": self.relations, "quads": self.quads}

    def text(self) -> str:
        """A plain aligned report."""
        modalities = ", ".join(f"{k} {v}" for k, v in self.modalities.items() if v)
        lines = [
            f"documents   {self.documents}",
            f"entities    {self.entities} (catalog {self.catalog_entities}, new {self.new_entities})",
            f"statements  {self.statements}" + (f" ({modalities})" if modalities else ""),
            "triples by relation:",
        ]
        width = max(map(len, self.relations), default=0)
        lines += [f"  {name:<{width}}  {count}" for name, count in self.relations.items()]
        lines.append(f"quads       {self.quads}")
        return "\n".join(lines)


_NOT_ENTITY = {str(KG.Document), str(KG.Statement), str(RDF.Statement), str(KG.Modality),
               str(KG.EntityDescription), str(KG.Observation), str(KG.Measure), str(KG.Fact)}


def stats(store_dir) -> Stats:
    """Count documents, entities (catalog and new), statements, triples by relation, quads."""
    with KgStore.open(store_dir, read_only=True) as kg_store:
        store = kg_store.store
        schema = {NamedNode(g) for g in (ONTOLOGY_GRAPH, SHAPES_GRAPH)}
        catalog = NamedNode(CATALOG_GRAPH)
        catalog_entities, new_entities, statements = set(), set(), set()
        documents = 0
        for q in store.quads_for_pattern(None, _TYPE, None, None):
            if q.graph_name in schema:
                continue
            cls = q.object.value
            if cls == str(KG.Document):
                documents += q.graph_name == q.subject
            elif cls == str(KG.Statement):
                statements.add(q.subject)
            elif cls not in _NOT_ENTITY and cls.startswith(ONTOLOGY_NS):
                (catalog_entities if q.graph_name == catalog else new_entities).add(q.subject)
        modalities = dict.fromkeys(("asserted", "planned", "rumoured", "denied", "hypothetical"), 0)
        seen_modality = set()
        for q in store.quads_for_pattern(None, _n(KG.modality), None, None):
            if q.subject in statements and q.subject not in seen_modality:
                seen_modality.add(q.subject)
                name = q.object.value.removeprefix(ONTOLOGY_NS)
                modalities[name] = modalities.get(name, 0) + 1
        relations = {}
        for name in RELATIONS:
            pairs = {(q.subject, q.object)
                     for q in store.quads_for_pattern(None, _n(getattr(KG, name)), None, None)}
            relations[name] = len(pairs)
        return Stats(
            documents=documents, catalog_entities=len(catalog_entities),
            new_entities=len(new_entities - catalog_entities), statements=len(statements),
            modalities=modalities, relations=relations, quads=len(store),
        )


def _export_quads(store: Store, graphs: Sequence[str] | None, asserted_only: bool) -> list[Quad]:
    if graphs:
        quads = [q for graph in dict.fromkeys(graphs) for q in store.quads_for_pattern(None, None, None, NamedNode(graph))]
    else:
        quads = list(store.quads_for_pattern(None, None, None, None))
    if asserted_only:
        statements = {q.subject for q in store.quads_for_pattern(None, _TYPE, _n(RDF.Statement), None)}
        quads = [q for q in quads if q.subject not in statements and q.object not in statements]
    return canonical(quads)


def _blank(q: Quad) -> bool:
    return isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode) or isinstance(q.graph_name, BlankNode)


def canonical(quads: list[Quad]) -> list[Quad]:
    """``quads`` with their blank nodes named canonically (W3C RDFC-1.0), so the same content
    gives the same bytes from any store.

    A store names the blank nodes of the schema graphs afresh each time it reads the Turtle
    files; these are renamed ``c14nN`` from their content, and each graph holding one is
    sorted (its place among the graphs kept). The other quads keep the store's order, which
    depends on their content only.
    """
    touched = {q.graph_name for q in quads if _blank(q)}
    if not touched:
        return quads
    dataset = Dataset([q for q in quads if q.graph_name in touched])
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    renamed: dict = {}
    for q in dataset:
        renamed.setdefault(q.graph_name, []).append(q)
    out: list[Quad] = []
    for q in quads:
        if q.graph_name not in touched:
            out.append(q)
        elif q.graph_name in renamed:
            out += sorted(renamed.pop(q.graph_name), key=str)
    return out


EXPORT_CHOICES = (*EXPORT_FORMATS, "graphml", "csv")


def jsonld_context() -> dict:
    """The JSON-LD context shipped as ``ontology/context.jsonld``, moved to the configured base."""
    import json

    return json.loads(rebase(ontology_file("context.jsonld").read_text(encoding="utf-8")))


def export_bytes(store: Store, fmt: str, *, graphs: Sequence[str] | None = None, asserted_only: bool = False,
                 plain: bool = False) -> bytes:
    """Serialise a store as ``fmt`` (ttl, nt, nq, trig, jsonld, rdfxml): plain RDF 1.1.

    Triple formats get the union of all graphs (or of ``graphs``), without duplicates.
    Blank nodes are named canonically (:func:`canonical`): equal stores give equal bytes.
    ``plain`` (and the formats graphml and csv) gives the plain graph of :mod:`kg.plain`.
    """
    if plain or fmt in ("graphml", "csv"):
        from kg.plain import plain_bytes

        return plain_bytes(store, fmt, EXPORT_FORMATS.get(fmt), PREFIXES if fmt in ("ttl", "trig") else None,
                           list(graphs or ()))
    rdf_format = EXPORT_FORMATS[fmt]
    quads = _export_quads(store, graphs, asserted_only)
    if fmt == "jsonld":
        # compact, with the shipped context (ontology/context.jsonld, served by kg api), graphs kept
        from kg.rdf import compact_jsonld

        return compact_jsonld(quads, jsonld_context()["@context"])
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    if rdf_format.supports_datasets and fmt != "jsonld":
        return serialize(quads, format=rdf_format, prefixes=prefixes) or b""
    triples = list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in quads))
    return serialize(triples, format=rdf_format, prefixes=prefixes) or b""


def export(store_dir, fmt: str, *, output=None, graphs: Sequence[str] = (), asserted_only: bool = False,
           plain: bool = False) -> int:
    """Write the store as ``fmt`` to ``output`` (see :func:`write_output`) or to stdout; return the byte count.

    Raises:
        InputError: unknown format, a graph not in the store, or ``output`` cannot be written.
        StoreError: the store is missing or cannot be opened.
    """
    if fmt not in EXPORT_CHOICES:
        raise InputError(f"unknown export format {fmt!r}", where="--format",
                         fix="use one of " + ", ".join(EXPORT_CHOICES))
    with KgStore.open(store_dir, read_only=True) as kg_store:
        for graph in graphs:
            if not kg_store.store.contains_named_graph(NamedNode(graph)):
                raise InputError("no such graph in the store", where=graph,
                                 fix="list the documents with `kg query documents`")
        data = export_bytes(kg_store.store, fmt, graphs=graphs, asserted_only=asserted_only, plain=plain)
    if output is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        return len(data)
    return write_atomically(output, data)


_FD_PATH = re.compile(r"/dev/(?:std(out|err)|fd/(\d+))|/proc/self/fd/(\d+)")


def _umask() -> int:
    """This process's umask, read without changing it where Linux shows it (``/proc/self/status``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(output, data: bytes) -> int:
    """Write ``data`` to ``output``: a regular file (or a new path) so that a reader sees the old
    file or the new one; anything else (a named pipe, a device, ``/dev/stdout``) directly.

    A temporary file and a rename are for regular files only: renamed onto ``/dev/null`` they
    would replace the device with a file, onto a pipe the reader would never see the data.
    ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` write into the open descriptor (reopening
    them would truncate a file the shell appends to). A symbolic link to a regular file stays a
    link: the file it names is replaced.

    Raises:
        InputError: the directory of ``output`` does not exist, or writing fails (a full disk).
    """
    where = str(output)
    try:
        match = _FD_PATH.fullmatch(os.path.abspath(where))
        if match:
            fd = {"out": 1, "err": 2}.get(match.group(1)) or int(match.group(2) or match.group(3))
            if fd == 1:
                sys.stdout.flush()
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            return len(data)
        try:
            mode = os.stat(where).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise InputError("is a directory", where=where, fix="give a file name")
            with open(os.open(where, os.O_WRONLY), "wb") as handle:  # no O_TRUNC, no O_CREAT: a device stays
                handle.write(data)
            return len(data)
        target = Path(os.path.realpath(where)) if os.path.islink(where) else Path(where)
        if not target.parent.is_dir():
            raise InputError("the output directory does not exist", where=where, fix="create the directory first")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            # the file keeps its permissions; a new one gets what open() would give (mkstemp's are 0600)
            os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        fix = ("free some space, or write elsewhere" if err.errno in (errno.ENOSPC, errno.EDQUOT)
               else "check the path and its permissions")
        raise InputError(f"cannot write: {err.strerror or err}", where=where, fix=fix) from None
    return len(data)


__all__ = [
    "KgStore", "Stats", "export", "export_bytes", "remove", "stats", "is_store", "SCHEMA_GRAPHS",
    "PREFIXES", "EXPORT_FORMATS", "write_atomically",
]
