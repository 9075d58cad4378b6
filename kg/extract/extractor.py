"""Extract entity mentions and facts from a normalised document.

A cheap pass over the whole text finds every entity mention (catalog names, quoted and
suffixed new names) and the sentences that can hold a relation: two mentions, or one
next to a role word. Only those sentences go through the spaCy pipeline
(:mod:`kg.extract.nlp`), whose components link the mentions and run the relation rules.
Each fact then gets its modality (:mod:`kg.extract.modality`) and the date that governs its
trigger (:mod:`kg.extract.temporal`, relative dates resolved with the publication date).

>>> from kg.ingest import document_from_text
>>> doc = document_from_text("2021年5月，阿里在微信上线了“亲友省钱购”小程序。", source="x.txt")
>>> sorted((f.subject.label, f.relation, f.object.label, f.date) for f in extract(doc).facts)
[('亲友省钱购', 'availableOn', '微信', '2021-05'), ('阿里巴巴集团', 'launched', '亲友省钱购', '2021-05')]
"""

from __future__ import annotations

import dataclasses
import functools
import re

from kg.catalog import Catalog, load_catalog
from kg.extract.lexicon import Candidate
from kg.extract.metrics import measured, readings_in
from kg.model import Document, Entity, Extraction, Fact, Mention, Observation
from kg.normalize import MappedText, compact
from kg.extract.modality import classify, confidence_penalty
from kg.extract.nlp import get_nlp, recognizer
from kg.extract.references import PARTY_TYPES, PRODUCT_TYPES, Discourse, refers
from kg.extract.structure import TENTATIVE
from kg.extract.temporal import TimeExpr, choose_date, find_dates
from kg.vocab import DEFAULT_BASE_IRI

_CORPORATE = re.compile(r"[\s,]*(?:Inc|Ltd|Limited|Corp|Corporation|Group|Holdings|Co)\.?$", re.IGNORECASE)

#: Rules whose names, once found in a sentence, are looked for in the rest of the document.
_NEW_NAME_RULES = frozenset({"lac.person", "lac.org", "lac.longer", "list", "list.longer", "org.structure",
                             "product.structure", "brand", "latin", "payment.slot",
                             "apposition", "renamed", "label", "person.role", "launched.object",
                             "named", "subject", "object", "coordinated"})

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’\"」』）)]?|\n|$)")


#: Longest sentence parsed as one: a longer run without a full stop (a page of unpunctuated
#: text) is cut after its last comma or space within this many characters, else right here,
#: so the work per sentence stays bounded (a news sentence is rarely 200 characters).
MAX_SENTENCE = 500
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (ends at 。！？；, newlines), white space trimmed.

    >>> split_sentences("甲。乙！\\n丙")
    [(0, 2), (2, 4), (5, 6)]
    >>> [b - a for a, b in split_sentences("甲" * 1200)]
    [500, 500, 200]
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > MAX_SENTENCE:
            cut = start + MAX_SENTENCE
            soft = [b.end() for b in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE // 2, cut)]
            cut = soft[-1] if soft else cut
            spans.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            spans.append((start, end))
    return spans


class Extractor:
    """Extracts mentions and facts; builds its spaCy pipeline once per process.

    Picklable: a worker process gets the catalog and base IRI and builds its own pipeline.
    """

    def __init__(self, catalog: Catalog | None = None, base_iri: str = DEFAULT_BASE_IRI, tagger: bool = True):
        self.catalog = catalog if catalog is not None else load_catalog()
        self.base_iri = base_iri
        self.tagger = tagger

    def __getstate__(self):
        return {"catalog": self.catalog, "base_iri": self.base_iri, "tagger": self.tagger}

    def __setstate__(self, state):
        self.__dict__.update(state)

    @property
    def nlp(self):
        return get_nlp(self.catalog, self.base_iri, self.tagger)

    def extract(self, doc: Document) -> Extraction:
        """All mentions, facts and observations of ``doc``; offsets index ``doc.text``.

        The document is read inside a spaCy memory zone: the words it added to the
        vocabulary are forgotten after it, so a long build's vocabulary (and the worker's
        memory) does not grow with every new word of the corpus. Nothing returned refers to
        spaCy's objects."""
        nlp = self.nlp
        with nlp.memory_zone():
            return self._extract(compacted(doc), nlp)

    def _extract(self, doc: Document, nlp) -> Extraction:
        rec = recognizer(nlp)
        text = doc.text
        cands = rec.candidates(text, persons=False)
        # One sense per discourse: an ambiguous name (菜鸟) the document once uses as a name
        # in context, or whose entity it names unambiguously (菜鸟网络), is that name throughout.
        confirmed = frozenset(c.entity.iri for c in cands
                              if c.entity is not None and rec.catalog.is_ambiguous(c.entity.iri))
        if confirmed:
            cands = rec.candidates(text, persons=False, confirmed=confirmed)
        # Names a document introduces once (with quotes or a type word) count wherever it repeats them.
        doc_names: dict[str, Candidate] = {}
        for c in cands:
            if c.entity is None and rec.catalog.lookup(c.name) is None and len(c.name) >= 2 \
                    and rec.plausible_name(c.name, c.type, c.rule):  # (a name the linker rejects names nothing later)
                doc_names.setdefault(c.name, c)
                if TENTATIVE not in c.rule and c.type in ("Company", "InvestmentFirm"):
                    # 北京知更科技有限公司 … 知更科技 … 知更; 智谱AI … 智谱: the short forms name it too
                    for short in rec.short_forms(c.name):
                        doc_names.setdefault(short, Candidate(0, 0, c.name, c.type, "alias"))
                _mini_program_stem(rec, c, doc_names)
        # 中通快递 … 中通: a catalog firm named in full once is named by its trade name later (each name once)
        firms = {c.name: c for c in cands if c.entity is not None and c.entity.in_catalog and c.rule == "catalog"
                 and c.type in ("Company", "InvestmentFirm")}
        for name, c in firms.items():
            if not rec.catalog.is_ambiguous(c.entity.iri, name):
                for short in rec.short_forms(name, known=True):
                    doc_names.setdefault(short, Candidate(0, 0, c.entity.label, c.type, "alias.short", c.entity))
        cands += rec.extra_candidates(text, doc_names)
        linked = rec.link(cands)
        sentences = split_sentences(text)
        # Dates are found sentence by sentence, and only where a fact may need them.
        dates_of = functools.lru_cache(maxsize=None)(
            lambda i: find_dates(text[sentences[i][0]:sentences[i][1]], doc.meta.date))

        mentions: list[Mention] = []
        facts: list[Fact] = []
        observations: list[Observation] = []
        metric_topic: Entity | None = None  # what the last metric sentence measured (其中…占到753亿元)
        metric_topic_at: tuple[int, int] | None = None
        discourse = Discourse()
        topic: list = []
        previous: tuple[int, int] | None = None  # (sentence index, paragraph) of the last one parsed
        k = 0
        for index, (s_start, s_end) in enumerate(sentences):
            inside = []
            while k < len(linked) and linked[k][0] < s_end:
                if linked[k][0] >= s_start:
                    inside.append(linked[k])
                k += 1
            paragraph = text.count("\n", 0, s_start)
            # A relation needs a trigger word; the second name may be one only the statistical
            # tagger, the shape of the sentence or a word that refers back finds.
            sentence = text[s_start:s_end]
            parse = (rec.trigger_re.search(sentence) is not None and bool(
                inside or refers(sentence) or rec.person_signal(sentence))) or (
                len({e.iri for _, _, e, _, _ in inside}) >= 2 and (rec.kind_cue_re.search(sentence) is not None
                                                                  or _possessive(text, inside)))
            raws = []
            if not parse:
                here = [(s - s_start, t - s_start, e, n, r) for s, t, e, n, r in inside if TENTATIVE not in r]
                if here and here[0][0] == 0 and here[0][2].type != "Person":
                    # 朗月商城近期完成改版。改版后，商城新增了…: a sentence that opens with a name sets the
                    # topic the next one may go on about, even when it holds no relation of its own
                    topic, previous = [(0, 0, here[0][2])], (index, paragraph)
            else:
                sdoc = nlp.make_doc(sentence)
                sdoc.user_data.update(kg_doc_names=doc_names, kg_confirmed=confirmed, kg_discourse=discourse,
                                      kg_paragraph=paragraph)
                # the first clause may go on with the topic of the sentence just before
                if previous == (index - 1, paragraph):
                    sdoc.user_data["kg_topic"] = [(0, 0, e) for _, _, e in topic]
                sdoc = nlp(sdoc)
                topic = sdoc.user_data.get("kg_topic_out") or []
                previous = (index, paragraph)
                here = [m for m in sdoc._.kg_mentions if not m[4].startswith("ref:")]
                raws = sdoc._.kg_facts
                # A name found here (by the tagger, a list, an apposition) counts in later sentences too.
                for s, t, entity, name, rule in here:
                    if rule == "alias":
                        # Galaxy Inc. → Galaxy too; both stand for the name before the brackets
                        for alias in dict.fromkeys((sentence[s:t], _CORPORATE.sub("", sentence[s:t]))):
                            if len(alias) >= 2:
                                doc_names.setdefault(alias, Candidate(0, 0, name, entity.type, rule,
                                                                      entity if entity.in_catalog else None))
                    elif not entity.in_catalog and rule.rstrip(TENTATIVE) in _NEW_NAME_RULES and len(name) >= 2:
                        doc_names.setdefault(name, Candidate(0, 0, name, entity.type, rule))
                    if not entity.in_catalog and TENTATIVE not in rule:
                        _mini_program_stem(rec, Candidate(0, 0, name, entity.type, rule), doc_names)
            mentions.extend(Mention(e, s_start + s, s_start + t, text[s_start + s:s_start + t], r)
                            for s, t, e, _, r in here)
            metric_readings = readings_in(sentence)
            earlier = discourse.nearest(PARTY_TYPES, set()) if metric_readings else None
            discourse.add_sentence([(s, t, e) for s, t, e, _, _ in here], paragraph)
            if not raws and not metric_readings:
                continue
            masked = _blank(sentence, here)
            local_dates = dates_of(index)
            inherited = _inherited_date(masked, local_dates, lambda: _latest_date(dates_of, index),
                                        index > 0 and any(d.value for d in dates_of(index - 1))
                                        and text.count("\n", sentences[index - 1][1], s_start) == 0)

            def when(position: int) -> TimeExpr | None:
                chosen = choose_date(local_dates, position, sentence)
                if inherited is not None and (chosen is None or chosen.value is None):
                    return inherited  # 同年, 彼时, or no date: the narrative's time
                return chosen

            penalty = confidence_penalty(sentence) if raws or metric_readings else 0.0
            # a cue inside a name is none (若 in 韩若溪, 万一 in 李万一, 传说 in a game's 川流传说): people and
            # Chinese product names are blanked (a Latin name keeps its width out of the negation's reach)
            names_blank = _blank(sentence, [m for m in here if m[2].type == "Person" or (
                m[2].type in PRODUCT_TYPES and _CJK_ONLY.fullmatch(sentence[m[0]:m[1]]))]) if raws else sentence
            for raw in raws:
                modality = classify(names_blank, raw.trigger_start, raw.trigger_end,
                                    subject_start=raw.subject_start, object_start=raw.object_start)
                if raw.presupposed and modality != "denied":
                    modality = "asserted"
                date = when(raw.trigger_start)
                facts.append(Fact(
                    subject=raw.subject, relation=raw.relation, object=raw.object,
                    modality=modality, sent_start=s_start, sent_end=s_end, rule=raw.rule,
                    confidence=round(max(0.1, raw.confidence - penalty), 2),
                    date=date.value if date else None, date_text=date.text if date else None,
                    role=raw.role,
                ))
            topic_here = metric_topic if metric_topic_at == (index - 1, paragraph) else None
            if topic_here is None and refers(sentence):
                # 其中国零售平台…达到5.49亿, 双方…带动15%新客增长: what the sentence refers back to
                topic_here = earlier
            for reading, subject, rule in measured(sentence, metric_readings, here, topic_here):
                q = reading.quantity
                modality = classify(sentence, q.start, q.end)
                date = when(q.start)
                observations.append(Observation(
                    subject=subject, measure=reading.measure, value=str(q.value), unit=reading.unit,
                    approx=q.approx, value_text=q.text, modality=modality, sent_start=s_start,
                    sent_end=s_end, rule=rule, low=str(q.low) if q.low is not None else None,
                    of_measure=reading.of_measure, date=date.value if date else None,
                    date_text=date.text if date else None, confidence=round(max(0.1, 0.75 - penalty), 2),
                ))
                metric_topic, metric_topic_at = subject, (index, paragraph)
        mentions.sort(key=lambda m: m.start)
        return Extraction(document=doc, mentions=tuple(mentions), facts=tuple(facts),
                          observations=tuple(observations))


def _mini_program_stem(rec, c: Candidate, doc_names: dict[str, Candidate]) -> None:
    """天猫优选小程序 … 天猫优选: a new mini-program is named later without its kind word too."""
    if c.type != "MiniProgram" or c.entity is not None or not c.name.endswith(("小程序", "小程式")):
        return
    stem = c.name[:-3]
    if len(stem) >= 2 and rec.catalog.lookup(stem) is None and rec.plausible_name(stem, "MiniProgram"):
        doc_names.setdefault(stem, Candidate(0, 0, c.name, c.type, "alias"))


def compacted(doc: Document) -> Document:
    """``doc`` with the white space that only pads CJK text dropped and full-width letters and
    digits folded (:func:`kg.normalize.compact`): the text every rule reads. Offsets into the
    original file stay exact, through the document's map."""
    mapped = compact(MappedText(doc.text, doc.starts, doc.ends))
    if mapped.text == doc.text:
        return doc
    return dataclasses.replace(doc, text=mapped.text, starts=mapped.starts, ends=mapped.ends)


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _blank(sentence: str, spans) -> str:
    """``sentence`` with the characters of each ``(start, end, …)`` span turned into spaces.

    >>> _blank("腾讯与京东合作", [(0, 2), (3, 5)])
    '  与  合作'
    """
    chars = list(sentence)
    for start, end, *_ in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# Words that set the time of a sentence back to the one before (彼时 "at that time", 同年 "the
# same year"), and words that set it to now (目前), which stop the narrative's time.
_THEN = re.compile(r"^[^，,。]{0,4}?(?:彼时|当时|那时|此时|届时)")
_SAME_YEAR = re.compile(r"^[^，,。]{0,4}?(?:同年|当年|那一年|这一年)")
_NOW = re.compile(r"目前|如今|现在|当前|眼下|近日|日前|今天|今日|近期|最近")


def _inherited_date(sentence: str, local: list[TimeExpr], latest, dated_before: bool) -> TimeExpr | None:
    """The date a sentence without a date of its own takes from the narrative before it.

    彼时/当时 take the latest date; 同年/当年 its year. A sentence right after a dated one of the
    same paragraph, with no time word of its own, goes on in that time
    (``2023年6月，X领投。投资方包括A、B。``). ``latest()`` gives the latest resolved date before.
    """
    if any(d.value for d in local):
        return None
    same_year = _SAME_YEAR.match(sentence)
    if not (same_year or _THEN.match(sentence) or (dated_before and not local and not _NOW.search(sentence))):
        return None
    last = latest()
    if last is None:
        return None
    if same_year:
        return dataclasses.replace(last, value=last.value[:4], text=same_year.group())
    return last


def _possessive(text: str, inside) -> bool:
    """Whether a name stands right after another name and 的 or 系的 (星河集团的云帆App, 星河系的云帆支付):
    the owner's possessive is a cue of its own, with no trigger word."""
    starts = {s for s, _, _, _, _ in inside}
    return any(text[t:t + 1] == "的" and t + 1 in starts or text[t:t + 2] == "系的" and t + 2 in starts
               for _, t, _, _, _ in inside)


def _latest_date(dates_of, index: int) -> TimeExpr | None:
    """The last resolved date of the sentences before sentence ``index``."""
    for i in range(index - 1, -1, -1):
        resolved = [d for d in dates_of(i) if d.value]
        if resolved:
            return resolved[-1]
    return None


def extract(doc: Document, catalog: Catalog | None = None, base_iri: str = DEFAULT_BASE_IRI,
            tagger: bool = True) -> Extraction:
    """Extract ``doc`` with a (cached) pipeline for ``catalog`` (default: the shipped catalog)."""
    return Extractor(catalog, base_iri, tagger).extract(doc)
