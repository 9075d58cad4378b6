"""The small frozen records that flow between the pipeline stages.

ingest → ``Document`` → extract → ``Extraction`` (``Mention``s, ``Fact``s, ``Observation``s) → rdf → store.
Offsets in ``Mention`` and ``Fact`` index ``Document.text`` (the cleaned Simplified text);
``Document.original_span`` maps them back to the original file's characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence


@dataclass(frozen=True)
class Meta:
    """What is known about an article besides its text.

    ``date`` is the publication date as ISO 8601 (``2022-06-16``), or ``None``. ``id`` is a
    stable identifier the input gives (a JSONL ``id``/``guid`` field, front matter ``id``):
    with ``url`` it decides the document's identity (``kg.ingest.document_key``).
    """

    title: str | None = None
    date: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    id: str | None = None


@dataclass(frozen=True, eq=False)
class Document:
    """One article, cleaned and converted to Simplified Chinese.

    Attributes:
        source: where it came from, as the user named it (``seeds/000_x.txt``,
            ``news.jsonl:3`` for line 3 of a JSONL file, ``<stdin>``).
        original: the decoded original text (a whole file, or a JSONL record's field).
        text: the cleaned, normalised Simplified text every later stage reads.
        starts: for each character of ``text``, its start offset in ``original``.
        ends: for each character of ``text``, its end offset (exclusive) in ``original``.
        script: ``simplified``, ``traditional``, ``taiwan`` or ``hongkong``.
        meta: title, publication date, author, outlet, URL.
        iri: the stable document IRI (from the URL, else the content hash of ``text``).
        content_hash: SHA-256 hex digest of ``text``.
        cleaned_original: the cleaned text in its original script (``kg clean --keep-script``).
    """

    source: str
    original: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]
    script: str
    meta: Meta
    iri: str
    content_hash: str
    cleaned_original: str = ""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` (non-empty) to a span of ``original``."""
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True)
class Entity:
    """A node of the graph: a catalog entity, or one minted for a new name.

    ``type`` is a class local name of the ontology (``Company``, ``MiniProgram``, …).
    """

    iri: str
    label: str
    type: str
    in_catalog: bool = True


@dataclass(frozen=True)
class Mention:
    """A span of ``Document.text`` that names an entity."""

    entity: Entity
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class Fact:
    """One relation between two entities, as one sentence states it.

    Attributes:
        relation: local name of one of the 13 relations (``kg.vocab.RELATIONS``).
        modality: ``asserted``, ``planned``, ``rumoured``, ``denied`` or ``hypothetical``;
            only asserted facts become plain triples.
        date: ISO 8601 at the precision the text gives (``2013-11``, ``2017``,
            ``2022-06-14``), or ``None`` when there is none or it cannot be resolved.
        date_text: the words the date came from, kept even when unresolved.
        sent_start, sent_end: the evidence sentence, as offsets into ``Document.text``.
        rule: id of the rule that fired.
    """

    subject: Entity
    relation: str
    object: Entity
    modality: str
    sent_start: int
    sent_end: int
    rule: str
    confidence: float = 0.8
    date: str | None = None
    date_text: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Observation:
    """A number one sentence gives for an entity: a metric fact (微信月活13亿).

    Attributes:
        measure: local name of a ``kg:Measure`` (``monthlyActiveUsers``, ``revenue``, …).
        value: the normalised number as decimal text (``1300000000``; a percentage as ``17``);
            for a range, its upper end, with ``low`` its lower end.
        unit: ``人``, ``元``, ``美元``, ``%``, ``家`` …
        approx: ``exact``, ``about``, ``over``, ``under`` or ``range``.
        value_text: the words the number came from (``超13亿``).
        of_measure: for a ``growthRate``, the measure that grew, when the sentence names it.
    """

    subject: Entity
    measure: str
    value: str
    unit: str
    approx: str
    value_text: str
    modality: str
    sent_start: int
    sent_end: int
    rule: str
    low: str | None = None
    of_measure: str | None = None
    date: str | None = None
    date_text: str | None = None
    confidence: float = 0.75


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = field(default_factory=tuple)
    observations: tuple[Observation, ...] = field(default_factory=tuple)
