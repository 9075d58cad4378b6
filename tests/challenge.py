"""Score the extractor on the challenge suite (``tests/data/challenge/``), per relation.

The suite was composed blind from ``docs/constructions.md``: 13 files, one per relation, of
sentences with their asserted gold triples and, for the negated / planned / rumoured /
hypothetical rows, the pairs no asserted fact of that relation may connect. Each sentence
is built as a document of its own (cleaned, converted to Simplified, extracted).

- recall: gold triples found (relation and both names equal after t2s, white space and
  case; partneredWith and competesWith in either order), over every file;
- precision: asserted facts of the sentence that match a gold triple of the sentence;
- violations: non-fact pairs that an asserted fact of the file's relation connects.

    python tests/challenge.py            # the table (docs/development.md shows it)
    python tests/challenge.py --misses   # every miss and wrong fact, with its sentence
    python tests/challenge.py --inventory   # fill docs/constructions.md's covered column
    python tests/challenge.py --suite DIR   # score another suite of the same format
    python tests/challenge.py --suite tests/data/harvest --declare-names
        # the suite composed from real news (its README), every gold name declared in a catalog
        # of its own: the relation rules alone, as if every name were known
    python tests/challenge.py --suite DIR --declare-names --json   # the totals as JSON
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SUITE = Path(__file__).resolve().parent / "data" / "challenge"
SYMMETRIC = {"partneredWith", "competesWith"}
RELATIONS = {"launched", "partneredWith", "ownedBy", "availableOn", "supportsPayment", "linksTo", "blocked",
             "competesWith", "investedIn", "divestedFrom", "acquired", "leads", "founded"}


@dataclass(frozen=True)
class Row:
    id: str
    relation: str  # the file's relation
    frame: str
    script: str
    modality: str
    sentence: str
    facts: tuple[tuple[str, str, str], ...]
    nonfacts: tuple[tuple[str, str], ...]


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    emitted: int = 0
    correct: int = 0
    nonfacts: int = 0
    violated: int = 0
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.emitted if self.emitted else 1.0


def read_suite(suite: Path = SUITE) -> list[Row]:
    rows = []
    for path in sorted(suite.glob("*.tsv")):
        if path.stem not in RELATIONS:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:
            if not line.strip():
                continue
            id_, frame, script, modality, sentence, facts, nonfacts = line.split("\t")
            rows.append(Row(
                id_, path.stem, frame, script, modality, sentence,
                tuple(tuple(f.strip().split("|")) for f in facts.split(" ; ") if f.strip()),
                tuple(tuple(n.strip().split("|")) for n in nonfacts.split(" ; ") if n.strip()),
            ))
    return rows


def declared_catalog(rows: list[Row], path: Path) -> Path:
    """Write a Turtle catalog at ``path`` that declares every name of the gold facts and non-facts
    of ``rows``, its class read from the slot it fills (a person before 创始人/CEO facts, a payment
    service, a platform, a launched product, else a company)."""
    from kg.catalog import normalize_name
    from kg.extract.lexicon import surnames

    def person(name: str) -> bool:
        plain = normalize_name(name)
        return (re.fullmatch(r"[\u4e00-\u9fff]{2,3}", plain) is not None and plain.startswith(surnames())
                or re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", name) is not None)

    kinds: dict[str, str] = {}
    slot = {"supportsPayment": "PaymentService", "availableOn": "Platform", "launched": "Product"}
    for row in rows:
        for s, rel, o in row.facts:
            if rel in ("leads", "founded", "investedIn", "divestedFrom") and person(s):
                kinds[s] = "Person"
            else:
                kinds.setdefault(s, "Company")
            kinds[o] = slot.get(rel) or kinds.get(o, "Company")
        for a, b in row.nonfacts:
            kinds.setdefault(a, "Company")
            kinds.setdefault(b, "Company")
    lines = ["@prefix kg: <https://kg.example.org/ontology#> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    for i, (name, kind) in enumerate(sorted(kinds.items())):
        label = name.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'<https://kg.example.org/id/entity/declared-{i}> a kg:{kind} ; '
                     f'skos:prefLabel "{label}"@zh-Hans ; rdfs:label "{label}"@zh-Hans .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _key(name: str) -> str:
    from kg.catalog import normalize_name

    return normalize_name(name)


def _names(entity, catalog) -> set[str]:
    return {_key(entity.label)} | {_key(n) for n in catalog.labels(entity.iri)}


def facts_of(sentence: str, extractor) -> list[tuple[set[str], str, set[str], str]]:
    """``(subject names, relation, object names, modality)`` of every fact found in ``sentence``."""
    from kg.errors import InputError
    from kg.ingest import document_from_text

    try:
        extraction = extractor.extract(document_from_text(sentence, source="challenge.txt"))
    except InputError:
        return []  # the clean-up took the whole sentence for page chrome: nothing found
    catalog = extractor.catalog
    return [(_names(f.subject, catalog), f.relation, _names(f.object, catalog), f.modality)
            for f in extraction.facts]


def score(rows: list[Row], extractor) -> dict[str, Score]:
    scores = {relation: Score() for relation in sorted({row.relation for row in rows})}
    for row in rows:
        found = facts_of(row.sentence, extractor)
        asserted = {(frozenset(s), r, frozenset(o)) for s, r, o, m in found if m == "asserted"}

        def matches(fact, gold) -> bool:
            s, r, o = fact
            gs, gr, go = _key(gold[0]), gold[1], _key(gold[2])
            if r != gr:
                return False
            return (gs in s and go in o) or (r in SYMMETRIC and gs in o and go in s)

        for gold in row.facts:
            score_ = scores.setdefault(gold[1], Score())
            score_.gold += 1
            if any(matches(fact, gold) for fact in asserted):
                score_.found += 1
            else:
                score_.misses.append((row, gold))
        for fact in asserted:
            score_ = scores.setdefault(fact[1], Score())
            score_.emitted += 1
            if any(matches(fact, gold) for gold in row.facts):
                score_.correct += 1
            else:
                score_.wrong.append((row, fact))
        for a, b in row.nonfacts:
            scores[row.relation].nonfacts += 1
            pair = {_key(a), _key(b)}
            if any(r == row.relation and ((pair & s and pair & o) and (s | o) >= pair) for s, r, o in asserted):
                scores[row.relation].violated += 1
                scores[row.relation].wrong.append((row, ({a}, "VIOLATES", {b})))
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = ["| relation | gold | found | recall | emitted | precision | non-facts violated |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    total = Score()
    for relation, s in scores.items():
        lines.append(f"| {relation} | {s.gold} | {s.found} | {s.recall:.2f} | {s.emitted} | {s.precision:.2f} "
                     f"| {s.violated}/{s.nonfacts} |")
        for name in ("gold", "found", "emitted", "correct", "nonfacts", "violated"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    lines.append(f"| total | {total.gold} | {total.found} | {total.recall:.2f} | {total.emitted} "
                 f"| {total.precision:.2f} | {total.violated}/{total.nonfacts} |")
    return "\n".join(lines)


def frame_recall(rows: list[Row], extractor) -> dict[tuple[str, str], tuple[int, int]]:
    """``{(file relation, frame): (gold facts of that relation found, gold facts of that relation)}``."""
    out: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        found = facts_of(row.sentence, extractor)
        asserted = {(frozenset(s), r, frozenset(o)) for s, r, o, m in found if m == "asserted"}
        for gs, gr, go in row.facts:
            if gr != row.relation:
                continue
            a, b = _key(gs), _key(go)
            hit = any(r == gr and ((a in s and b in o) or (r in SYMMETRIC and a in o and b in s)) for s, r, o in asserted)
            cell = out.setdefault((row.relation, row.frame), [0, 0])
            cell[0] += hit
            cell[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def inventory(path: Path, recall: dict[tuple[str, str], tuple[int, int]]) -> str:
    """docs/constructions.md with its ``covered`` column filled from the challenge suite."""
    import re

    relation = None
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        head = re.match(r"## (\w+) \(", line)
        if head:
            relation = head.group(1)
        cells = line.split(" | ")
        if relation and line.startswith("| ") and len(cells) == 5 and not line.startswith("| frame"):
            frame = cells[0][2:].strip()
            found, gold = recall.get((relation, frame), (0, 0))
            if gold == 0:
                covered = "not in the suite"
            else:
                word = "yes" if found / gold >= 0.75 else "partly" if found else "no"
                covered = f"{word} ({found}/{gold})"
            line = " | ".join(cells[:4]) + f" | {covered} |"
        out.append(line)
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    from kg.extract import Extractor

    suite = Path(argv[argv.index("--suite") + 1]) if "--suite" in argv else SUITE
    rows = read_suite(suite)
    if "--inventory" in argv:
        # fill docs/constructions.md's covered column from the suite, per relation and frame
        doc = SUITE.parents[2] / "docs" / "constructions.md"
        doc.write_text(inventory(doc, frame_recall(rows, Extractor())), encoding="utf-8")
        print(f"wrote {doc}")
        return 0
    extractor = Extractor()
    if "--declare-names" in argv:
        from kg.catalog import load_catalog

        with tempfile.TemporaryDirectory() as tmp:
            extractor = Extractor(load_catalog([declared_catalog(rows, Path(tmp) / "declared.ttl")]))
    scores = score(rows, extractor)
    if "--json" in argv:
        # the totals, for a test that scores a suite in a process of its own (a declared catalog's
        # names become jieba words for the rest of the process that loads it)
        import json

        print(json.dumps({k: sum(getattr(s, k) for s in scores.values())
                          for k in ("gold", "found", "emitted", "correct", "nonfacts", "violated")}))
        return 0
    print(f"{len(rows)} sentences, {Counter(r.script for r in rows)['hant']} in Traditional script\n")
    print(table(scores))
    if "--misses" in argv:
        for relation, s in scores.items():
            for row, gold in s.misses:
                print(f"MISS {row.id} [{row.frame}] {'|'.join(gold)}\n     {row.sentence}")
            for row, fact in s.wrong:
                print(f"WRONG {row.id} [{row.frame}] {sorted(fact[0])} {fact[1]} {sorted(fact[2])}\n     {row.sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
