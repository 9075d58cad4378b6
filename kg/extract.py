"""Extract entity mentions and facts from a normalised document.

A cheap pass over the whole text finds every entity mention (catalog names, quoted and
suffixed new names) and the sentences that can hold a relation: two mentions, or one
next to a role word. Only those sentences go through the spaCy pipeline
(:mod:`kg.nlp`), whose components link the mentions and run the relation rules.
Each fact then gets its modality (:mod:`kg.modality`) and the date that governs its
trigger (:mod:`kg.temporal`, relative dates resolved with the publication date).

>>> from kg.ingest import document_from_text
>>> doc = document_from_text("2021年5月，阿里在微信上线了“亲友省钱购”小程序。", source="x.txt")
>>> sorted((f.subject.label, f.relation, f.object.label, f.date) for f in extract(doc).facts)
[('亲友省钱购', 'availableOn', '微信', '2021-05'), ('阿里巴巴集团', 'launched', '亲友省钱购', '2021-05')]
"""

from __future__ import annotations

import dataclasses
import re

from kg.catalog import Catalog, load_catalog
from kg.components import Candidate
from kg.model import Document, Extraction, Fact, Mention
from kg.modality import classify, confidence_penalty
from kg.nlp import get_nlp, recognizer
from kg.temporal import choose_date, find_dates
from kg.vocab import DEFAULT_BASE_IRI

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’\"」』）)]?|\n|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (ends at 。！？；, newlines), white space trimmed.

    >>> split_sentences("甲。乙！\\n丙")
    [(0, 2), (2, 4), (5, 6)]
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


class Extractor:
    """Extracts mentions and facts; builds its spaCy pipeline once per process.

    Picklable: a worker process gets the catalog and base IRI and builds its own pipeline.
    """

    def __init__(self, catalog: Catalog | None = None, base_iri: str = DEFAULT_BASE_IRI):
        self.catalog = catalog if catalog is not None else load_catalog()
        self.base_iri = base_iri

    def __getstate__(self):
        return {"catalog": self.catalog, "base_iri": self.base_iri}

    def __setstate__(self, state):
        self.__dict__.update(state)

    @property
    def nlp(self):
        return get_nlp(self.catalog, self.base_iri)

    def extract(self, doc: Document) -> Extraction:
        """All mentions and facts of ``doc``; offsets index ``doc.text``."""
        nlp = self.nlp
        rec = recognizer(nlp)
        text = doc.text
        cands = rec.candidates(text, persons=False)
        # Names a document introduces once (with quotes or a type word) count wherever it repeats them.
        doc_names: dict[str, Candidate] = {}
        for c in cands:
            if c.entity is None and rec.catalog.lookup(c.name) is None and len(c.name) >= 2:
                doc_names.setdefault(c.name, c)
        cands += rec.extra_candidates(text, doc_names)
        linked = rec.link(cands)
        sentences = split_sentences(text)
        dates = find_dates(text, doc.meta.date)

        mentions: list[Mention] = []
        facts: list[Fact] = []
        chosen = []
        k = 0
        for s_start, s_end in sentences:
            inside = []
            while k < len(linked) and linked[k][0] < s_end:
                if linked[k][0] >= s_start:
                    inside.append(linked[k])
                k += 1
            sentence = text[s_start:s_end]
            if ((len({m[2].iri for m in inside}) >= 2 or (inside and rec.role_re.search(sentence)))
                    and rec.trigger_re.search(sentence)):
                chosen.append((s_start, s_end))
            else:
                mentions.extend(Mention(e, s, t, text[s:t], r) for s, t, e, _, r in inside)

        docs = []
        for s_start, s_end in chosen:
            sdoc = nlp.make_doc(text[s_start:s_end])
            sdoc.user_data["kg_doc_names"] = doc_names
            docs.append(sdoc)
        for (s_start, s_end), sdoc in zip(chosen, nlp.pipe(docs)):
            sentence = sdoc.text
            mentions.extend(Mention(e, s_start + s, s_start + t, text[s_start + s:s_start + t], r)
                            for s, t, e, _, r in sdoc._.kg_mentions)
            local_dates = [dataclasses.replace(d, start=d.start - s_start, end=d.end - s_start)
                           for d in dates if d.start >= s_start and d.end <= s_end]
            penalty = confidence_penalty(sentence) if sdoc._.kg_facts else 0.0
            for raw in sdoc._.kg_facts:
                modality = classify(sentence, raw.trigger_start, raw.trigger_end,
                                    subject_start=raw.subject_start)
                if raw.presupposed and modality != "denied":
                    modality = "asserted"
                when = choose_date(local_dates, raw.trigger_start, sentence)
                facts.append(Fact(
                    subject=raw.subject, relation=raw.relation, object=raw.object,
                    modality=modality, sent_start=s_start, sent_end=s_end, rule=raw.rule,
                    confidence=round(max(0.1, raw.confidence - penalty), 2),
                    date=when.value if when else None, date_text=when.text if when else None,
                    role=raw.role,
                ))
        mentions.sort(key=lambda m: m.start)
        return Extraction(document=doc, mentions=tuple(mentions), facts=tuple(facts))


def extract(doc: Document, catalog: Catalog | None = None, base_iri: str = DEFAULT_BASE_IRI) -> Extraction:
    """Extract ``doc`` with a (cached) pipeline for ``catalog`` (default: the shipped catalog)."""
    return Extractor(catalog, base_iri).extract(doc)
