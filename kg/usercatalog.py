"""What a store keeps beside its triples: the catalogs it is built with, and the analyst's merges.

Two plain files in the store directory (RocksDB ignores files it did not write):

- ``catalogs.tsv``: the extra catalogs given to ``kg build --catalog``, one per line (absolute
  path, tab, SHA-256 of the bytes the last build read). Every later build of the store reads them
  too, until ``kg catalog remove``; a build whose catalogs changed says so.
- ``user-catalog.ttl``: the user catalog. ``kg merge A B`` writes ``<A> kg:mergedInto <B>``,
  ``kg split`` takes a merge back or keeps a name apart (``kg:separateName``), and ``kg build``
  adds the merges the articles declare (月之暗面（Moonshot AI）: the English name's entity is the
  Chinese one's). It is read after every other catalog, so it survives every rebuild, ``--force``
  too.

Only this module and the CLI touch these files; the build reads :func:`build_catalogs`.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from kg.errors import InputError, OntologyError
from kg.vocab import KG

__all__ = ["CATALOGS", "USER_CATALOG", "Merges", "build_catalogs", "forget", "read_merges", "remembered",
           "remember", "user_catalog", "write_merges"]

CATALOGS = "catalogs.tsv"
USER_CATALOG = "user-catalog.ttl"

_HEADER = """\
# The user catalog of this store (kg merge, kg split, and the names articles declare).
# Read after every other catalog by each `kg build` of the store; edit it with kg merge / kg split.
@prefix kg: <https://kg.example.org/ontology#> .
"""
_MERGE = re.compile(r"^<([^>\s]+)>\s+kg:mergedInto\s+<([^>\s]+)>\s*\.\s*(?:#\s*(.*))?$")
_APART = re.compile(r"^<([^>\s]+)>\s+kg:keptApartFrom\s+<([^>\s]+)>\s*\.\s*$")
_SEPARATE = re.compile(r'^\[\]\s+kg:separateName\s+"((?:[^"\\]|\\.)*)"@zh-Hans\s*\.\s*$')


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_catalog(store_dir) -> Path:
    """The path of the store's user catalog (it may not exist yet)."""
    return Path(store_dir) / USER_CATALOG


def remembered(store_dir) -> list[tuple[str, str]]:
    """The catalogs the store is built with: ``(absolute path, SHA-256 last read)``, in order."""
    path = Path(store_dir) / CATALOGS
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    rows = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            file, _, digest = line.partition("\t")
            rows.append((file, digest.strip()))
    return rows


def _write_remembered(store_dir, rows: Sequence[tuple[str, str]]) -> None:
    path = Path(store_dir) / CATALOGS
    if not rows:
        path.unlink(missing_ok=True)
        return
    text = "# Catalogs every `kg build` of this store reads (kg catalog list / remove): path, SHA-256\n"
    text += "".join(f"{file}\t{digest}\n" for file, digest in rows)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


@dataclass(frozen=True)
class CatalogPlan:
    """The catalogs a build reads and what changed since the last build of the store.

    Attributes:
        files: the extra catalogs in reading order: remembered ones, new ones, the user catalog last.
        versioned: ``files`` without the user catalog (they make the extractor version; a merge
            re-extracts only the documents it touches, see ``kg.pipeline``).
        added: catalogs given now that the store did not hold.
        changed: remembered catalogs whose bytes changed since the last build.
    """

    files: tuple[str, ...]
    versioned: tuple[str, ...]
    added: tuple[str, ...]
    changed: tuple[str, ...]

    def notes(self) -> list[str]:
        """What the build tells the user about its catalogs (empty when nothing changed)."""
        out = []
        if self.added:
            out.append("catalog added and remembered for later builds of this store (kg catalog remove to drop it): "
                       + ", ".join(self.added))
        if self.changed:
            out.append("catalog changed since the last build: " + ", ".join(self.changed))
        if out:
            out.append("the catalog changed, so every document of the inputs is extracted again")
        return out


def build_catalogs(store_dir, given: Sequence[str | os.PathLike] = ()) -> CatalogPlan:
    """The catalogs a build of ``store_dir`` reads: those it remembers, then ``given``, then its
    user catalog. Does not write anything (:func:`remember` does, once the build has started).

    Raises:
        OntologyError: a remembered catalog is gone (the fix names ``kg catalog remove``).
    """
    rows = remembered(store_dir)
    held = {file for file, _ in rows}
    changed = []
    for file, digest in rows:
        if not Path(file).is_file():
            raise OntologyError("a catalog this store is built with is gone", where=file,
                                fix=f"put it back, or run `kg catalog remove {file} --store {store_dir}`")
        if digest and _digest(Path(file)) != digest:
            changed.append(file)
    added = []
    for file in given:
        path = str(Path(file).resolve())
        if path not in held and path not in added:
            added.append(path)
    versioned = tuple(file for file, _ in rows) + tuple(added)
    user = user_catalog(store_dir)
    files = versioned + ((str(user.resolve()),) if user.is_file() else ())
    return CatalogPlan(files=files, versioned=versioned, added=tuple(added), changed=tuple(changed))


def remember(store_dir, files: Iterable[str]) -> None:
    """Record ``files`` (absolute paths) as the store's catalogs, with the digests of their bytes now."""
    rows = [(file, _digest(Path(file))) for file in files]
    if rows or (Path(store_dir) / CATALOGS).exists():
        _write_remembered(store_dir, rows)


def forget(store_dir, file: str) -> str:
    """Stop reading ``file`` in the builds of the store; returns the path removed.

    Raises:
        InputError: the store does not remember such a catalog.
    """
    rows = remembered(store_dir)
    wanted = str(Path(file).resolve())
    kept = [row for row in rows if row[0] not in (wanted, file)]
    if len(kept) == len(rows):
        matches = [row for row in rows if Path(row[0]).name == file]
        if len(matches) != 1:
            raise InputError("is not a catalog of this store", where=file,
                             fix="see the store's catalogs with `kg catalog list`")
        kept = [row for row in rows if row != matches[0]]
        wanted = matches[0][0]
    _write_remembered(store_dir, kept)
    return wanted


# -- merges ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Merges:
    """The user catalog's content: ``merged`` (IRI → the IRI it is merged into, with a note:
    ``kg merge``, or the article that declared it) and ``separate`` (names kept apart)."""

    merged: dict[str, tuple[str, str]]
    separate: tuple[str, ...] = ()
    apart: tuple[tuple[str, str], ...] = ()  # merges taken back: never made again from an article

    def pairs(self) -> dict[str, str]:
        return {gone: kept for gone, (kept, _) in self.merged.items()}


def read_merges(store_dir) -> Merges:
    """The user catalog of ``store_dir`` (empty when there is none).

    Raises:
        OntologyError: a line the file cannot hold (it is written by ``kg merge``; a hand edit broke it).
    """
    path = user_catalog(store_dir)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return Merges({})
    merged, separate, apart = {}, [], []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#") or text.startswith("@prefix"):
            continue
        if m := _MERGE.match(text):
            merged[m.group(1)] = (m.group(2), m.group(3) or "")
        elif m := _APART.match(text):
            apart.append((m.group(1), m.group(2)))
        elif m := _SEPARATE.match(text):
            separate.append(m.group(1).replace('\\"', '"').replace("\\\\", "\\"))
        else:
            raise OntologyError(f"line {number} is neither a merge nor a separate name", where=str(path),
                                fix="take the line out, or undo your edit; kg merge and kg split write this file")
    return Merges(merged, tuple(separate), tuple(apart))


def write_merges(store_dir, merges: Merges) -> None:
    """Write the user catalog (atomically); an empty one removes the file."""
    path = user_catalog(store_dir)
    if not merges.merged and not merges.separate and not merges.apart:
        path.unlink(missing_ok=True)
        return
    lines = [_HEADER]
    for gone, (kept, note) in sorted(merges.merged.items()):
        note = " ".join(note.split())
        lines.append(f"<{gone}> kg:mergedInto <{kept}> ." + (f"  # {note}" if note else "") + "\n")
    for name in sorted(set(merges.separate)):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'[] kg:separateName "{quoted}"@zh-Hans .\n')
    for a, b in sorted(set(merges.apart)):
        lines.append(f"<{a}> kg:keptApartFrom <{b}> .\n")
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text("".join(lines), encoding="utf-8")
    os.replace(partial, path)



@dataclass(frozen=True)
class Change:
    """What ``kg merge`` or ``kg split`` recorded: the entities (IRI and a name) and a sentence."""

    text: str
    iris: tuple[str, ...] = ()


def _names_of(kg_store, iri: str) -> str:
    from pyoxigraph import NamedNode

    from kg.indexes import preferred
    from kg.vocab import RDFS, SKOS

    labels = [q.object for p in (SKOS.prefLabel, RDFS.label)
              for q in kg_store.store.quads_for_pattern(NamedNode(iri), NamedNode(str(p)), None, None)]
    best = preferred(labels)
    return best.value if best is not None else iri


def _resolve(kg_store, catalog, value: str) -> set[str]:
    """The IRIs ``value`` names in the store: itself when it is an IRI, else every entity one of
    whose names it is (the name index of the catalog and entities graphs, and the catalog)."""
    from pyoxigraph import Literal, NamedNode

    from kg.catalog import normalize_name
    from kg.vocab import CATALOG_GRAPH, ENTITIES_GRAPH

    text = value.strip()
    if re.fullmatch(r"<?https?://[^\s<>]+>?", text):
        return {text.strip("<>")}
    key = Literal(normalize_name(text))
    found = {q.subject.value for graph in (CATALOG_GRAPH, ENTITIES_GRAPH)
             for q in kg_store.store.quads_for_pattern(None, NamedNode(str(KG.nameKey)), key, NamedNode(graph))}
    entity = catalog.lookup(text)
    if entity is not None:
        found.add(entity.iri)
    from kg.catalog import minted_iri

    base = kg_store._base_iri()
    for type in ("Company", "Person"):  # a variant no article wrote: 澜汐 for 澜汐科技 (kg.resolve.name_key)
        iri = minted_iri(text, type, base, catalog.kept_names)
        if next(kg_store.store.quads_for_pattern(NamedNode(iri), None, None, NamedNode(ENTITIES_GRAPH)), None):
            found.add(iri)
    return found


def _one(kg_store, catalog, value: str, merged: dict[str, str]) -> str:
    found = _resolve(kg_store, catalog, value)
    roots = {merged.get(iri, iri) for iri in found}
    if not roots:
        raise InputError("names no entity of the store", where=value,
                         fix="give a name as `kg query entities` shows it, or the entity's IRI")
    if len(roots) > 1:
        listed = ", ".join(f"{iri} ({_names_of(kg_store, iri)})" for iri in sorted(roots))
        raise InputError(f"names {len(roots)} entities: {listed}", where=value, fix="give the IRI of the one you mean")
    return roots.pop()


def _context(store_dir):
    from kg.catalog import load_catalog
    from kg.store import KgStore

    plan = build_catalogs(store_dir)
    kg_store = KgStore.open(store_dir, read_only=True)
    return kg_store, load_catalog(plan.files)


def merge(store_dir, first: str, second: str) -> Change:
    """Join two entities of the store (names or IRIs): the first is merged into the second, or,
    when only the first is in the catalog, the second into the first (a catalog IRI is kept).

    The merge is written to the store's user catalog; the next ``kg build`` of the documents
    that name them extracts them again, and every later build, ``--force`` too, keeps it.

    Raises:
        InputError: a name that names no entity or several, or two names of one entity.
        StoreError: no store there.
    """
    from kg.catalog import _roots

    merges = read_merges(store_dir)
    roots = _roots(merges.pairs())
    kg_store, catalog = _context(store_dir)
    with kg_store:
        gone, kept = _one(kg_store, catalog, first, roots), _one(kg_store, catalog, second, roots)
        if gone == kept:
            raise InputError("already one entity", where=f"{first} = {second}", fix=f"see it with kg view --entity {first}")
        if catalog.get(gone) is not None and catalog.get(kept) is None:
            gone, kept = kept, gone
        shown = f"{_names_of(kg_store, gone)} <{gone}> into {_names_of(kg_store, kept)} <{kept}>"
    merged = {g: v for g, v in merges.merged.items() if not (g == kept and v[0] == gone)}
    merged[gone] = (kept, f"kg merge {first} {second}")
    apart = tuple(p for p in merges.apart if set(p) != {gone, kept})
    write_merges(store_dir, Merges(merged, merges.separate, apart))
    return Change(f"merged {shown}; build the articles again to apply it (kg build …: only the documents "
                  f"that name them are extracted again)", (gone, kept))


def split(store_dir, first: str, second: str | None = None) -> Change:
    """Take back a merge of the user catalog between ``first`` and ``second`` (names or IRIs),
    or keep the name ``first`` apart from the entity its name key joins it to (星川集团 from
    星川科技: a ``kg:separateName``).

    Raises:
        InputError: nothing to take back: the two are not merged and the name joins nothing.
    """
    from kg.catalog import _roots, minted_iri, normalize_name
    from kg.resolve import name_key

    merges = read_merges(store_dir)
    kg_store, catalog = _context(store_dir)
    with kg_store:
        base = kg_store._base_iri()

        def candidates(value: str) -> set[str]:
            found = _resolve(kg_store, catalog, value)
            if not re.fullmatch(r"<?https?://[^\s<>]+>?", value.strip()):
                found |= {minted_iri(value, t, base) for t in ("Company", "Person")}
            return found

        roots = _roots(merges.pairs())
        a = candidates(first)
        b = candidates(second) if second is not None else None
        undone = {}
        for gone, (kept, note) in merges.merged.items():
            ends = {gone, kept, roots.get(kept, kept)}
            if b is None and gone in a or b is not None and (gone in a and ends & b or gone in b and ends & a):
                undone[gone] = kept
        if undone:
            merged = {g: v for g, v in merges.merged.items() if g not in undone}
            write_merges(store_dir, Merges(merged, merges.separate, (*merges.apart, *undone.items())))

            def shown(iri: str) -> str:  # a merged entity's names are its keeper's until the next build
                return first if iri in a else second if b is not None and iri in b else _names_of(kg_store, iri)

            listed = "; ".join(f"{shown(g)} <{g}> from {_names_of(kg_store, k)} <{k}>"
                               for g, k in sorted(undone.items()))
            return Change(f"split {listed}; build the articles again to apply it", tuple(undone))
        flat = normalize_name(first)
        joins = name_key(first) != "".join(first.split()).casefold() or (
            second is not None and minted_iri(first, "Company", base) == minted_iri(second, "Company", base))
        if second is not None and minted_iri(first, "Company", base) != minted_iri(second, "Company", base) \
                or not joins or flat in merges.separate:
            raise InputError("nothing to split: no merge of the user catalog joins them, and the name is no "
                             "variant of another", where=first if second is None else f"{first} / {second}",
                             fix="see the merges with `kg catalog list`")
    write_merges(store_dir, Merges(merges.merged, (*merges.separate, first.strip()), merges.apart))
    return Change(f"{first.strip()} is a name of its own (kept apart from {name_key(first)!r}); "
                  "build the articles again to apply it")
