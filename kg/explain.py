"""Why a document gave the facts it gave: ``kg explain``.

For each sentence of a document (a file, one line of a JSONL file, or a stored document,
read again from its source), the names found and by what (the catalog, the statistical
tagger, a rule of names), the facts with the rules that found them, and for a sentence
that holds a relation's trigger word but gave no fact, why not: no name or one name, names
of types the relation does not take, a rule that matched and was turned down (a veto, a
place or a means taken for the subject), or no rule for the construction at all.

The extraction is the build's own (:class:`kg.extract.Extractor`, with the store's
catalogs when a store is there), run with :func:`kg.extract.relations.tracing` on.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from kg.errors import InputError
from kg.extract import Extractor, split_sentences
from kg.extract.relations import NOT_TRIGGERS, Note, tracing, triggers
from kg.ingest import JSONL_SOURCE, STDIN, iter_units, read_source, read_unit
from kg.model import Document
from kg.resources import data_rows

__all__ = ["Explanation", "SentenceReport", "documents_for", "explain"]

@dataclass(frozen=True)
class NameFound:
    text: str
    label: str
    type: str
    how: str  # catalog, tagger, rule <id>, …
    iri: str


@dataclass(frozen=True)
class FactFound:
    subject: str
    relation: str
    object: str
    modality: str
    date: str | None
    rule: str


@dataclass(frozen=True)
class SentenceReport:
    number: int
    text: str
    names: tuple[NameFound, ...]
    facts: tuple[FactFound, ...]
    triggers: tuple[tuple[str, str], ...]  # (word, relations it may state)
    why: tuple[str, ...] = ()  # for a trigger sentence without a fact


@dataclass(frozen=True)
class Explanation:
    source: str
    title: str | None
    sentences: tuple[SentenceReport, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self, *, all_sentences: bool = True) -> str:
        """The report a person reads: one block per sentence."""
        facts = sum(len(s.facts) for s in self.sentences)
        silent = sum(1 for s in self.sentences if s.why)
        lines = [f"{self.source}" + (f"  《{self.title}》" if self.title else ""),
                 f"{len(self.sentences)} sentence{'s' * (len(self.sentences) != 1)}, "
                 f"{facts} fact{'s' * (facts != 1)}, {silent} with a trigger word and no fact"]
        for s in self.sentences:
            if not all_sentences and not s.why:
                continue
            lines += ["", f"[{s.number}] {' '.join(s.text.split())}"]
            if s.names:
                lines.append("    names: " + " · ".join(
                    f"{n.text}" + (f"={n.label}" if n.label != n.text else "") + f" ({n.type}, {n.how})"
                    for n in s.names))
            else:
                lines.append("    names: none")
            for f in s.facts:
                extra = f", {f.date}" if f.date else ""
                lines.append(f"    fact:  {f.subject} {f.relation} {f.object} [{f.modality}{extra}] ({f.rule})")
                if f.modality != "asserted":
                    lines.append(f"           stored as {f.modality}: a statement, not a plain triple")
            if s.triggers and not s.facts:
                lines.append("    triggers: " + ", ".join(f"{w} ({r})" for w, r in s.triggers))
            for reason in s.why:
                lines.append(f"    why no fact: {reason}")
        return "\n".join(lines)


# -- trigger words and the relations they may state ------------------------------------------

@functools.cache
def _family_relations() -> dict[str, tuple[str, ...]]:
    """Trigger family → the relations a rule or frame using it emits (relation_rules.tsv, frames.tsv)."""
    found: dict[str, set[str]] = {}
    for row in [*data_rows("relation_rules.tsv"), *data_rows("frames.tsv")]:
        if row[0].startswith(("@", "!")):
            continue
        if row[0].startswith("%"):  # a frame: %relation, then its families
            relation = row[0][1:]
            for cell in row[1:5]:
                for family in cell.split("|"):
                    if family and family != "-":
                        found.setdefault(family, set()).add(relation)
            continue
        if len(row) != 5:
            continue
        relations = {e.lstrip("!").partition(":")[0] for e in row[1].split(",") if not e.startswith("!")}
        for family in re.findall(r"\{=?([a-z_]+)\}", row[4]):
            found.setdefault(family, set()).update(relations)
    return {k: tuple(sorted(v)) for k, v in found.items()}


@functools.cache
def _trigger_words() -> tuple[re.Pattern[str], dict[str, str]]:
    relations = _family_relations()
    family_of: dict[str, str] = {}
    for family, words in triggers().items():
        if family in NOT_TRIGGERS or family not in relations:
            continue
        for word in words:
            family_of.setdefault(word, family)
    words = sorted(family_of, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words))), family_of


def _triggers_in(sentence: str) -> tuple[tuple[str, str], ...]:
    pattern, family_of = _trigger_words()
    relations = _family_relations()
    seen: dict[str, str] = {}
    for m in pattern.finditer(sentence):
        seen.setdefault(m.group(), "/".join(relations[family_of[m.group()]]))
    return tuple(seen.items())


# -- the explanation ---------------------------------------------------------------------------

def _how(rule: str) -> str:
    if rule.startswith("catalog"):
        return "catalog"
    if rule.startswith(("lac.", "tagger")):
        return "tagger"
    return f"rule {rule}"


def _why(names: Sequence[NameFound], notes: Sequence[Note]) -> tuple[str, ...]:
    entities = {n.iri for n in names}
    if not names:
        return ("no name found in the sentence",)
    if len(entities) == 1:
        return (f"only one name ({names[0].label}): a relation needs two",)
    if notes:
        return tuple(dict.fromkeys(f"rule {n.rule} matched, but {n.detail}" for n in notes))
    return ("the names and the trigger word are there, but no rule covers how this sentence "
            "puts them together (a construction to add to docs/constructions.md)",)


def explain(doc: Document, extractor: Extractor) -> Explanation:
    """What the extractor finds in ``doc``, sentence by sentence, and why a sentence with a
    trigger word gave nothing."""
    with tracing() as notes:
        extraction = extractor.extract(doc)
    text = extraction.document.text
    by_sentence: dict[str, list[Note]] = {}
    for note in notes:
        by_sentence.setdefault(note.sentence, []).append(note)
    reports = []
    for number, (start, end) in enumerate(split_sentences(text), 1):
        sentence = text[start:end]
        names = tuple(NameFound(m.text, m.entity.label, m.entity.type, _how(m.rule), m.entity.iri)
                      for m in extraction.mentions if start <= m.start < end)
        facts = tuple(FactFound(f.subject.label, f.relation, f.object.label, f.modality, f.date, f.rule)
                      for f in extraction.facts if f.sent_start == start)
        found_triggers = _triggers_in(sentence)
        why = _why(names, by_sentence.get(sentence, ())) if found_triggers and not facts else ()
        reports.append(SentenceReport(number, sentence, names, facts, found_triggers, why))
    return Explanation(doc.source, doc.meta.title, tuple(reports))


def documents_for(target: str, store_dir=None, *, encoding: str | None = None) -> list[Document]:
    """The documents ``target`` names: a file (every line of a JSONL file), ``file.jsonl:N``,
    or a document of the store at ``store_dir`` (IRI, URL, id, source path or title), read
    again from its source.

    Raises:
        InputError: nothing by that name, or a stored document whose source is gone.
    """
    if JSONL_SOURCE.match(target) and not os.path.exists(target):
        return [read_source(target, encoding=encoding)]
    if target == STDIN or os.path.exists(target):
        return [read_unit(unit, encoding=encoding) for unit in iter_units([target], encoding=encoding)]
    if store_dir is None or not Path(store_dir).is_dir():
        raise InputError("no such file, and no store to look it up in", where=target,
                         fix="give an article file, or --store with the store that holds it")
    from kg.store import find_documents

    stored = find_documents(store_dir, target)
    if not stored:
        raise InputError("no file, and no stored document with this IRI, URL, id, source path or title",
                         where=target, fix="list the documents with `kg query documents`")
    out = []
    for row in stored:
        iri, source = row["iri"], row["source"]
        if not source or source.startswith("<stdin>") or not (os.path.exists(source) or JSONL_SOURCE.match(source)):
            raise InputError(f"the stored document {iri} was read from {source or 'an unknown source'}, "
                             "which is not on disk now", where=target,
                             fix="give the article file itself to kg explain")
        out.append(read_source(source, encoding=encoding))
    return out
