"""Score a store against gold triples (``kg eval``).

The format and the matching rules are those of ``shared/eval/README.md``:

- A gold ``doc`` value (``000``) names the store documents whose ``kg:sourcePath``
  file name starts with it. Only documents named in the gold file are scored.
- A document's emitted facts are the plain triples ``?s kg:<relation> ?o`` of its
  named graph (only asserted facts have them), for the 13 relations.
- An emitted triple matches a gold row when the relation is equal and one of the gold
  alternatives (``|``) equals one of the entity's labels (``rdfs:label``,
  ``skos:prefLabel``, ``skos:altLabel``, anywhere in the store), both sides compared
  after :func:`kg.catalog.normalize_name`. ``partneredWith`` and ``competesWith`` match
  either direction.
- Precision: distinct emitted triples that match some gold row / all distinct emitted
  triples; recall: gold rows matched / gold rows.
- A gold date is right when a ``kg:Statement`` of the document for a matching triple
  has a ``kg:date`` whose lexical form starts with the gold value.
- A negative pair is violated by any plain relation triple of its document between the
  two entities, in either direction.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from kg.catalog import normalize_name
from kg.errors import InputError
from kg.ingest import JSONL_SOURCE
from kg.vocab import KG, ONTOLOGY_NS, RELATIONS, SYMMETRIC

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

Triple = tuple[str, str, str]  # (subject IRI, relation local name, object IRI)


@dataclass(frozen=True)
class GoldRow:
    """One line of a gold TSV: a relation a careful reader takes from a document."""

    line: int
    doc: str
    subject: tuple[str, ...]
    relation: str
    object: tuple[str, ...]
    date: str
    evidence: str


@dataclass(frozen=True)
class NegativeRow:
    """One line of a negatives TSV: two entities no relation may connect."""

    line: int
    doc: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    why: str
    evidence: str


@dataclass(frozen=True)
class Extra:
    """An emitted triple that matches no gold row."""

    doc: str
    subject: str
    relation: str
    object: str
    evidence: str
    rule: str = ""


@dataclass(frozen=True)
class Miss:
    """A gold row no emitted triple matches; ``held_as`` names the modalities of
    statements that do match it (the extractor found it but did not assert it)."""

    row: GoldRow
    held_as: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Violation:
    """A negative pair that a plain triple connects."""

    row: NegativeRow
    subject: str
    relation: str
    object: str


@dataclass(frozen=True)
class DateError:
    """A matched gold row with a date that no statement of the matched fact carries."""

    row: GoldRow
    found: tuple[str, ...]


@dataclass(frozen=True)
class RelationScore:
    """Counts for one relation: gold rows, gold rows found, emitted and correct triples, and the gold
    rows whose two names are both among their document's mentions."""

    gold: int = 0
    found: int = 0
    emitted: int = 0
    correct: int = 0
    names_known: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.emitted if self.emitted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


@dataclass(frozen=True)
class EvalReport:
    """The result of :func:`evaluate`; ``text()`` renders it."""

    gold_path: str
    store_dir: str
    documents: tuple[str, ...]
    missing_documents: tuple[str, ...]
    per_relation: dict[str, RelationScore]
    dates_right: int
    dates_total: int
    negatives_checked: int
    negatives_violated: tuple[Violation, ...]
    misses: tuple[Miss, ...]
    extras: tuple[Extra, ...]
    date_errors: tuple[DateError, ...] = field(default=())
    names_known: int = 0  # gold rows whose two names are both among their document's mentions
    names_known_found: int = 0  # ... of which the relation was found

    @property
    def gold(self) -> int:
        return sum(r.gold for r in self.per_relation.values())

    @property
    def found(self) -> int:
        return sum(r.found for r in self.per_relation.values())

    @property
    def emitted(self) -> int:
        return sum(r.emitted for r in self.per_relation.values())

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.per_relation.values())

    @property
    def precision(self) -> float:
        return self.correct / self.emitted if self.emitted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float | None:
        return self.dates_right / self.dates_total if self.dates_total else None

    def as_dict(self) -> dict:
        """The report as plain JSON values (``kg eval --json``)."""
        def score(r: RelationScore) -> dict:
            return {"gold": r.gold, "found": r.found, "emitted": r.emitted, "correct": r.correct,
                    "names_known": r.names_known, "precision": r.precision, "recall": r.recall}

        return {
            "gold": self.gold_path, "store": self.store_dir, "documents": len(self.documents),
            "missing_documents": list(self.missing_documents),
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "emitted": self.emitted, "correct": self.correct, "gold_rows": self.gold, "found": self.found,
            "per_relation": {name: score(r) for name, r in self.per_relation.items()},
            "dates": {"right": self.dates_right, "total": self.dates_total, "accuracy": self.date_accuracy},
            "negatives": {"checked": self.negatives_checked,
                          "violated": [{"doc": v.row.doc, "subject": v.subject, "relation": v.relation,
                                        "object": v.object} for v in self.negatives_violated]},
            "misses": [{"line": m.row.line, "doc": m.row.doc, "subject": list(m.row.subject),
                        "relation": m.row.relation, "object": list(m.row.object), "date": m.row.date,
                        "held_as": list(m.held_as)} for m in self.misses],
            "extras": [{"doc": e.doc, "subject": e.subject, "relation": e.relation, "object": e.object,
                        "rule": e.rule, "evidence": e.evidence} for e in self.extras],
        }

    def misses_text(self) -> str:
        """Each miss with the sentences that name both its entities, and each extra with its
        rule and evidence: the loop "read a miss, write a rule for the construction" reads this."""
        lines = [f"misses ({len(self.misses)}):"]
        for m in self.misses:
            lines.append(f"  {m.row.doc}  {_alts(m.row.subject)} {m.row.relation} {_alts(m.row.object)}"
                         + f"  date {m.row.date}" * bool(m.row.date)
                         + f"  [held as {', '.join(m.held_as)}]" * bool(m.held_as))
            lines += [f"      | {' '.join(s.split())}" for s in m.sentences or ("(no sentence names both)",)]
        lines += ["", f"extras ({len(self.extras)}):"]
        for e in self.extras:
            lines.append(f"  {e.doc}  {e.subject} {e.relation} {e.object}  ({e.rule})")
            lines.append(f"      | {' '.join(e.evidence.split())}")
        return "\n".join(lines)

    def relation_table(self) -> list[str]:
        """Per relation: gold rows, found, emitted, correct, precision, recall, and the gold rows whose
        two names are among the mentions (``names``): counts only, no row of the gold file."""
        header = ("relation", "gold", "found", "emitted", "correct", "precision", "recall", "names")
        rows = [header]
        for name, score in self.per_relation.items():
            rows.append((name, str(score.gold), str(score.found), str(score.emitted),
                         str(score.correct), _ratio(score.precision), _ratio(score.recall),
                         str(score.names_known)))
        rows.append(("total", str(self.gold), str(self.found), str(self.emitted),
                     str(self.correct), _ratio(self.precision if self.emitted else None),
                     _ratio(self.recall if self.gold else None), str(self.names_known)))
        return _table(rows, right=range(1, 8))

    def text(self) -> str:
        """The report as aligned plain text."""
        lines = [
            f"gold {self.gold_path}  store {self.store_dir}  documents scored {len(self.documents)}",
        ]
        if self.missing_documents:
            lines.append("documents in the gold file but not in the store: "
                         + ", ".join(self.missing_documents))
        lines += [
            "",
            f"precision  {self.precision:.3f}  ({self.correct}/{self.emitted} emitted triples correct)",
            f"recall     {self.recall:.3f}  ({self.found}/{self.gold} gold rows found)",
            f"F1         {self.f1:.3f}",
            f"dates      {self.dates_right}/{self.dates_total} right"
            + (f" ({self.date_accuracy:.3f})" if self.date_accuracy is not None else ""),
            f"negatives  {len(self.negatives_violated)}/{self.negatives_checked} violated",
            f"names      {self.names_known}/{self.gold} gold rows with both names among the mentions"
            + (f" ({self.names_known / self.gold:.3f})" if self.gold else "")
            + f"; relation found for {self.names_known_found}"
            + (f" ({self.names_known_found / self.names_known:.3f})" if self.names_known else ""),
            "",
        ]
        lines += self.relation_table()

        lines += ["", f"negatives violated ({len(self.negatives_violated)}):"]
        lines += _table([(v.row.doc, v.subject, v.relation, v.object, v.row.why)
                         for v in self.negatives_violated], indent="  ")
        lines += ["", f"misses ({len(self.misses)}):"]
        lines += _table([(m.row.doc, _alts(m.row.subject), m.row.relation, _alts(m.row.object),
                          m.row.date or "-",
                          f"[held as {', '.join(m.held_as)}] " * bool(m.held_as) + m.row.evidence)
                         for m in self.misses], indent="  ")
        lines += ["", f"extras ({len(self.extras)}):"]
        lines += _table([(e.doc, e.subject, e.relation, e.object, e.evidence)
                         for e in self.extras], indent="  ")
        lines += ["", f"dates wrong ({len(self.date_errors)}):"]
        lines += _table([(d.row.doc, _alts(d.row.subject), d.row.relation, _alts(d.row.object),
                          d.row.date, "found " + (", ".join(d.found) or "none"))
                         for d in self.date_errors], indent="  ")
        return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _alts(names: tuple[str, ...]) -> str:
    return "|".join(names)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows, *, right=(), indent: str = "") -> list[str]:
    """Rows of cells aligned by display width (CJK counts two); the last column is not padded."""
    rows = [tuple(" ".join(str(c).split()) for c in row) for row in rows]
    if not rows:
        return [indent + "-"]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            if i == len(row) - 1 and i not in right:
                cells.append(cell)
            else:
                cells.append(pad + cell if i in right else cell + pad)
        out.append(indent + "  ".join(cells).rstrip())
    return out


# -- reading the TSV files ---------------------------------------------------------------


def _read_tsv(path: str | Path, min_fields: int, what: str) -> list[tuple[int, list[str]]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 ({err.reason} at byte {err.start})", where=str(path),
                         fix="save the file as UTF-8") from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", where=str(path),
                         fix=f"give the path of a {what} TSV file") from err
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < min_fields or not all(fields[:min_fields]):
            raise InputError(f"line {number}: expected at least {min_fields} tab-separated columns",
                             where=str(path), fix=f"see shared/eval/README.md for the {what} format")
        rows.append((number, fields))
    return rows


def _names(cell: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in cell.split("|") if n.strip())


def read_gold(path: str | Path) -> list[GoldRow]:
    """Read a gold TSV (doc, subject, relation, object, date, evidence).

    Raises:
        InputError: unreadable file, missing columns, or an unknown relation.
    """
    rows = []
    for number, f in _read_tsv(path, 4, "gold"):
        if f[2] not in RELATIONS:
            raise InputError(f"line {number}: unknown relation {f[2]!r}", where=str(path),
                             fix="use one of " + ", ".join(RELATIONS))
        rows.append(GoldRow(number, f[0], _names(f[1]), f[2], _names(f[3]),
                            f[4] if len(f) > 4 else "", f[5] if len(f) > 5 else ""))
    return rows


def read_negatives(path: str | Path) -> list[NegativeRow]:
    """Read a negatives TSV (doc, entity_a, entity_b, why, evidence)."""
    return [NegativeRow(number, f[0], _names(f[1]), _names(f[2]),
                        f[3] if len(f) > 3 else "", f[4] if len(f) > 4 else "")
            for number, f in _read_tsv(path, 3, "negatives")]


# -- reading the store -------------------------------------------------------------------


@dataclass
class _StoreView:
    """What evaluation needs from a store, read once."""

    doc_files: dict[str, str]  # document IRI → file name of its kg:sourcePath
    doc_paths: dict[str, str]  # document IRI → its kg:sourcePath
    labels: dict[str, set[str]]  # entity IRI → normalised labels
    display: dict[str, str]  # entity IRI → a label to show
    triples: dict[str, set[Triple]]  # document IRI → plain relation triples
    mentions: dict[str, set[str]]  # document IRI → the entities it mentions
    statements: dict[str, list[tuple[Triple, str | None, str | None, str | None, str | None]]]
    # document IRI → (triple, date, evidence, modality, rule) per statement


def _value(term) -> str | None:
    return None if term is None else term.value


def _read_store(store) -> _StoreView:
    prefix = f"PREFIX kg: <{ONTOLOGY_NS}> PREFIX rdf: <{_RDF}> "
    doc_files, doc_paths = {}, {}
    for sol in store.query(prefix + "SELECT ?d ?path WHERE { GRAPH ?d { ?d a kg:Document ; "
                                    "kg:sourcePath ?path } }"):
        doc_paths[sol["d"].value] = sol["path"].value
        doc_files[sol["d"].value] = PurePosixPath(sol["path"].value.replace("\\", "/")).name

    labels: dict[str, set[str]] = {}
    ranked: dict[str, tuple[int, str]] = {}
    rank = {f"{_SKOS}prefLabel": 0, f"{_RDFS}label": 1, f"{_SKOS}altLabel": 2}
    # the default graph too: a hand-loaded catalog may sit there
    query = ("SELECT ?e ?p ?l WHERE { { ?e ?p ?l } UNION { GRAPH ?g { ?e ?p ?l } } "
             f"VALUES ?p {{ <{_RDFS}label> <{_SKOS}prefLabel> <{_SKOS}altLabel> }} }}")
    for sol in store.query(query):
        iri, label = sol["e"].value, sol["l"].value
        labels.setdefault(iri, set()).add(normalize_name(label))
        language = getattr(sol["l"], "language", None) or ""
        key = (rank[sol["p"].value] * 2 + (0 if language.startswith("zh") else 1), label)
        if iri not in ranked or key < ranked[iri]:
            ranked[iri] = key
    display = {iri: key[1] for iri, key in ranked.items()}

    relation_iris = " ".join(f"<{getattr(KG, r)}>" for r in RELATIONS)
    triples: dict[str, set[Triple]] = {}
    for sol in store.query(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                           f"VALUES ?p {{ {relation_iris} }} }}"):
        triples.setdefault(sol["g"].value, set()).add(
            (sol["s"].value, sol["p"].value[len(ONTOLOGY_NS):], sol["o"].value))

    mentions: dict[str, set[str]] = {}
    for sol in store.query(prefix + "SELECT ?d ?e WHERE { GRAPH ?d { ?d kg:mentions ?e } }"):
        mentions.setdefault(sol["d"].value, set()).add(sol["e"].value)

    statements: dict[str, list] = {}
    query = prefix + ("SELECT ?g ?s ?p ?o ?date ?ev ?mod ?rule WHERE { GRAPH ?g { "
                      "?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
                      "OPTIONAL { ?st kg:date ?date } OPTIONAL { ?st kg:evidence ?ev } "
                      "OPTIONAL { ?st kg:modality ?mod } OPTIONAL { ?st kg:rule ?rule } } } "
                      "ORDER BY ?g ?st")
    for sol in store.query(query):
        p = sol["p"].value
        if not p.startswith(ONTOLOGY_NS):
            continue
        mod = _value(sol["mod"])
        statements.setdefault(sol["g"].value, []).append((
            (sol["s"].value, p[len(ONTOLOGY_NS):], sol["o"].value),
            _value(sol["date"]), _value(sol["ev"]),
            mod[len(ONTOLOGY_NS):] if mod and mod.startswith(ONTOLOGY_NS) else mod,
            _value(sol["rule"]),
        ))
    return _StoreView(doc_files, doc_paths, labels, display, triples, mentions, statements)


# -- matching ------------------------------------------------------------------------------


def _named(view: _StoreView, iri: str, names: frozenset[str]) -> bool:
    return not names.isdisjoint(view.labels.get(iri, ()))


@functools.lru_cache(maxsize=4096)
def _normalized(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize_name(n) for n in names)


def _row_matches(view: _StoreView, row: GoldRow, triple: Triple) -> bool:
    s, rel, o = triple
    if rel != row.relation:
        return False
    subj, obj = _normalized(row.subject), _normalized(row.object)
    if _named(view, s, subj) and _named(view, o, obj):
        return True
    return rel in SYMMETRIC and _named(view, o, subj) and _named(view, s, obj)


def evaluate(gold_path, store_dir, *, negatives=None, sentences: bool = False) -> EvalReport:
    """Score the store at ``store_dir`` against a gold TSV (and a negatives TSV).

    With ``sentences``, each miss carries the sentences of its document that name both
    entities, read again from the document's ``kg:sourcePath`` (when the file is still there).

    Raises:
        InputError: a TSV file cannot be read or is malformed.
        StoreError: no store at ``store_dir``, or it cannot be opened.
    """
    from kg.store import KgStore

    gold = read_gold(gold_path)
    negative_rows = read_negatives(negatives) if negatives else []
    with KgStore.open(store_dir, read_only=True) as kg_store:
        view = _read_store(kg_store.store)

    def docs_for(prefix: str) -> list[str]:
        # news.jsonl:3 names one line (not news.jsonl:30); 000 names the file 000_….txt
        return sorted(d for d, name in view.doc_files.items()
                      if name == prefix or (name.startswith(prefix) and not JSONL_SOURCE.match(prefix)))

    doc_keys = list(dict.fromkeys(row.doc for row in gold))
    missing = tuple(k for k in doc_keys if not docs_for(k))

    scores = {r: RelationScore() for r in RELATIONS}

    def bump(relation: str, **counts) -> None:
        old = scores[relation]
        scores[relation] = RelationScore(**{k: getattr(old, k) + counts.get(k, 0)
                                            for k in ("gold", "found", "emitted", "correct", "names_known")})

    misses, extras, date_errors = [], [], []
    dates_right = dates_total = names_known = names_known_found = 0
    for key in doc_keys:
        graphs = docs_for(key)
        rows = [row for row in gold if row.doc == key]
        emitted: set[Triple] = set().union(*(view.triples.get(g, set()) for g in graphs))
        statements = [st for g in graphs for st in view.statements.get(g, [])]
        correct: set[Triple] = set()
        mentioned = set().union(*(view.mentions.get(g, set()) for g in graphs))
        for row in rows:
            bump(row.relation, gold=1)
            hits = {t for t in emitted if _row_matches(view, row, t)}
            subj, obj = _normalized(row.subject), _normalized(row.object)
            if any(_named(view, e, subj) for e in mentioned) and any(_named(view, e, obj) for e in mentioned):
                names_known += 1
                names_known_found += bool(hits)
                bump(row.relation, names_known=1)
            if not hits:
                held = sorted({mod or "?" for t, _, _, mod, _ in statements
                               if _row_matches(view, row, t)})
                found_in = _sentences_naming(view, graphs, row) if sentences else ()
                misses.append(Miss(row, tuple(held), found_in))
                continue
            bump(row.relation, found=1)
            correct |= hits
            if row.date:
                dates_total += 1
                found = sorted({date for t, date, _, _, _ in statements if t in hits and date})
                if any(d.startswith(row.date) for d in found):
                    dates_right += 1
                else:
                    date_errors.append(DateError(row, tuple(found)))
        for triple in sorted(emitted):
            bump(triple[1], emitted=1, correct=int(triple in correct))
            if triple not in correct:
                evidence, rule = next(((ev, rule) for t, _, ev, _, rule in statements
                                       if t == triple and ev), ("", ""))
                extras.append(Extra(key, _show(view, triple[0]), triple[1],
                                    _show(view, triple[2]), evidence, rule or ""))

    violations = []
    for row in negative_rows:
        a, b = _normalized(row.a), _normalized(row.b)
        for graph in docs_for(row.doc):
            for s, rel, o in sorted(view.triples.get(graph, ())):
                if ((_named(view, s, a) and _named(view, o, b))
                        or (_named(view, s, b) and _named(view, o, a))):
                    violations.append(Violation(row, _show(view, s), rel, _show(view, o)))

    return EvalReport(
        gold_path=str(gold_path), store_dir=str(store_dir),
        documents=tuple(k for k in doc_keys if k not in missing), missing_documents=missing,
        per_relation=scores, dates_right=dates_right, dates_total=dates_total,
        negatives_checked=len(negative_rows), negatives_violated=tuple(violations),
        misses=tuple(misses), extras=tuple(extras), date_errors=tuple(date_errors),
        names_known=names_known, names_known_found=names_known_found,
    )


def _sentences_naming(view: _StoreView, graphs: list[str], row: GoldRow) -> tuple[str, ...]:
    """The sentences of the row's documents that contain a name of each side (Simplified)."""
    from kg.errors import KgError
    from kg.extract import split_sentences
    from kg.ingest import read_source

    subj, obj = _normalized(row.subject), _normalized(row.object)
    out = []
    for graph in graphs:
        try:
            doc = read_source(view.doc_paths[graph])  # a file, or news.jsonl:3
        except (KgError, OSError, KeyError):
            continue
        for start, end in split_sentences(doc.text):
            key = normalize_name(doc.text[start:end])
            if any(n in key for n in subj) and any(n in key for n in obj):
                out.append(doc.text[start:end])
    return tuple(out)


def _show(view: _StoreView, iri: str) -> str:
    return view.display.get(iri) or iri.rsplit("/", 1)[-1]


# -- metric facts (issue 16) -----------------------------------------------------------------

_SCHEMA = "https://schema.org/"


@dataclass(frozen=True)
class MetricRow:
    """One line of a metrics gold TSV: a number a careful reader takes from a document."""

    line: int
    doc: str
    subject: tuple[str, ...]
    measure: str
    value: Decimal
    low: Decimal | None
    unit: str
    date: str
    approx: str
    evidence: str


@dataclass(frozen=True)
class MetricScore:
    """Counts for one measure."""

    gold: int = 0
    found: int = 0
    emitted: int = 0
    correct: int = 0


@dataclass(frozen=True)
class MetricReport:
    """The result of :func:`evaluate_metrics`; ``text()`` renders it."""

    gold_path: str
    per_measure: dict[str, MetricScore]
    dates_right: int
    dates_total: int
    misses: tuple[MetricRow, ...]
    extras: tuple[tuple[str, str, str, str, str, str], ...]  # doc, subject, measure, value, unit, evidence

    def _sum(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.per_measure.values())

    @property
    def precision(self) -> float:
        emitted = self._sum("emitted")
        return self._sum("correct") / emitted if emitted else 0.0

    @property
    def recall(self) -> float:
        gold = self._sum("gold")
        return self._sum("found") / gold if gold else 0.0

    def as_dict(self) -> dict:
        """The report as plain JSON values (``kg eval --metrics --json``)."""
        p, r = self.precision, self.recall
        return {
            "gold": self.gold_path, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "per_measure": {name: {"gold": m.gold, "found": m.found, "emitted": m.emitted, "correct": m.correct}
                            for name, m in self.per_measure.items()},
            "dates": {"right": self.dates_right, "total": self.dates_total},
            "misses": [{"line": m.line, "doc": m.doc, "subject": list(m.subject), "measure": m.measure,
                        "value": str(m.value), "unit": m.unit, "date": m.date} for m in self.misses],
            "extras": [dict(zip(("doc", "subject", "measure", "value", "unit", "evidence"), e)) for e in self.extras],
        }

    def text(self) -> str:
        """The report as aligned plain text."""
        p, r = self.precision, self.recall
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines = [
            f"metrics gold {self.gold_path}",
            "",
            f"precision  {p:.3f}  ({self._sum('correct')}/{self._sum('emitted')} emitted observations correct)",
            f"recall     {r:.3f}  ({self._sum('found')}/{self._sum('gold')} gold rows found)",
            f"F1         {f1:.3f}",
            f"dates      {self.dates_right}/{self.dates_total} right"
            + (f" ({self.dates_right / self.dates_total:.3f})" if self.dates_total else ""),
            "",
        ]
        rows = [("measure", "gold", "found", "emitted", "correct")]
        rows += [(name, str(sc.gold), str(sc.found), str(sc.emitted), str(sc.correct))
                 for name, sc in self.per_measure.items() if sc.gold or sc.emitted]
        lines += _table(rows, right=range(1, 5))
        lines += ["", f"misses ({len(self.misses)}):"]
        lines += _table([(m.doc, _alts(m.subject), m.measure, _number(m.value), m.unit, m.evidence)
                         for m in self.misses], indent="  ")
        lines += ["", f"extras ({len(self.extras)}):"]
        lines += _table([tuple(e) for e in self.extras], indent="  ")
        return "\n".join(lines)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def read_metric_gold(path: str | Path) -> list[MetricRow]:
    """Read a metrics gold TSV (doc, subject, measure, value, unit, date, approx, evidence).

    Raises:
        InputError: unreadable file, missing columns, an unknown measure or a value that is no number.
    """
    from kg.vocab import MEASURES

    rows = []
    for line, cells in _read_tsv(path, 5, "metric"):
        cells = cells + [""] * (8 - len(cells))
        doc, subject, measure, value, unit, date, approx, evidence = cells[:8]
        if measure not in MEASURES:
            raise InputError(f"line {line}: unknown measure {measure!r}", where=str(path),
                             fix="use one of " + ", ".join(MEASURES))
        low_text, _, high_text = value.partition("-") if re.fullmatch(r"[\d.]+-[\d.]+", value) else ("", "", value)
        try:
            high = Decimal(high_text)
            low = Decimal(low_text) if low_text else None
        except ArithmeticError as err:
            raise InputError(f"line {line}: value {value!r} is not a number", where=str(path),
                             fix="write the normalised number, e.g. 1300000000 or 15-25") from err
        rows.append(MetricRow(line, doc.strip(), _names(subject), measure, high, low, unit.strip(),
                              date.strip(), approx.strip(), evidence.strip()))
    return rows


def _close(a: Decimal, b: Decimal) -> bool:
    """Equal within 1 % (13亿 and 1,300,000,000 are one number; rounding in the text is allowed)."""
    if a == b:
        return True
    return b != 0 and abs(a - b) / abs(b) <= Decimal("0.01")


def evaluate_metrics(gold_path, store_dir) -> MetricReport:
    """Score the store's asserted observations against a metrics gold TSV.

    An emitted observation (subject, measure, value, unit) matches a gold row of its document when
    the measure and unit are equal, one of the gold names is a label of the entity (as for
    relations), and the value is within 1 % (both ends, for a range). Precision counts the
    distinct asserted observations of the documents named in the gold file; recall, the gold rows
    matched; a gold date is right when a matching observation's ``kg:date`` starts with it.
    """
    from kg.store import KgStore
    from kg.vocab import MEASURES

    gold = read_metric_gold(gold_path)
    with KgStore.open(store_dir, read_only=True) as kg_store:
        view = _read_store(kg_store.store)
        query = (f"PREFIX kg: <{ONTOLOGY_NS}> PREFIX schema: <{_SCHEMA}> PREFIX prov: <http://www.w3.org/ns/prov#> "
                 "SELECT ?g ?e ?m ?v ?low ?u ?date ?mod ?ev WHERE { GRAPH ?g { ?o a kg:Observation ; "
                 "kg:observedEntity ?e ; kg:measure ?m ; schema:value ?v ; schema:unitText ?u ; "
                 "kg:modality ?mod ; kg:evidence ?ev . OPTIONAL { ?o schema:minValue ?low } "
                 "OPTIONAL { ?o kg:date ?date } } }")
        observations: dict[str, list] = {}
        for sol in kg_store.store.query(query):
            if sol["mod"].value != f"{ONTOLOGY_NS}asserted":
                continue
            observations.setdefault(sol["g"].value, []).append((
                sol["e"].value, sol["m"].value[len(ONTOLOGY_NS):], Decimal(sol["v"].value),
                Decimal(sol["low"].value) if sol["low"] is not None else None, sol["u"].value,
                _value(sol["date"]), sol["ev"].value))
    scores = {m: MetricScore() for m in MEASURES}

    def bump(measure: str, **counts) -> None:
        old = scores[measure]
        scores[measure] = MetricScore(**{k: getattr(old, k) + counts.get(k, 0)
                                         for k in ("gold", "found", "emitted", "correct")})

    def matches(row: MetricRow, obs) -> bool:
        entity, measure, value, low, unit = obs[:5]
        if measure != row.measure or unit != row.unit or not _named(view, entity, _normalized(row.subject)):
            return False
        if row.low is not None:
            return low is not None and _close(low, row.low) and _close(value, row.value)
        return _close(value, row.value)

    misses, extras = [], []
    dates_right = dates_total = 0
    for key in dict.fromkeys(r.doc for r in gold):
        graphs = sorted(d for d, name in view.doc_files.items() if name.startswith(key))
        found = [o for g in graphs for o in observations.get(g, [])]
        rows = [r for r in gold if r.doc == key]
        correct = set()
        for row in rows:
            bump(row.measure, gold=1)
            hits = [o for o in found if matches(row, o)]
            if not hits:
                misses.append(row)
                continue
            bump(row.measure, found=1)
            correct |= {o[:5] for o in hits}
            if row.date:
                dates_total += 1
                dates_right += any(o[5] and o[5].startswith(row.date) for o in hits)
        for obs in dict.fromkeys(o[:5] for o in found):
            bump(obs[1], emitted=1, correct=int(obs in correct))
            if obs not in correct:
                evidence = next(o[6] for o in found if o[:5] == obs)
                extras.append((key, _show(view, obs[0]), obs[1], _number(obs[2]), obs[4], " ".join(evidence.split())))
    return MetricReport(str(gold_path), scores, dates_right, dates_total, tuple(misses), tuple(extras))
