"""The spaCy components that run the name rules, the references and the relation rules on
a sentence ``Doc``, and their factories (``kg_entity_ruler``, ``kg_name_tagger``,
``kg_new_entities``, ``kg_linker``, ``kg_references``, ``kg_relations``).

They leave their results in ``doc._.kg_mentions`` and ``doc._.kg_facts``; the linked spans
also become ``doc.ents``.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.extract.names import Recognizer
from kg.extract.references import PRODUCT_TYPES, resolve
from kg.extract.relations import RawFact, relations_in
from kg.extract.structure import TENTATIVE
from kg.extract.tagger import Tagger

for _name in ("kg_candidates", "kg_mentions", "kg_facts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_RECOGNIZERS: dict[str, Recognizer] = {}


def register_recognizer(key: str, recognizer: Recognizer) -> None:
    """Make a recogniser available to the components built with ``config={"key": key}``."""
    _RECOGNIZERS[key] = recognizer


def _text(doc: Doc) -> str:
    return doc.user_data.get("kg_text") or doc.text


class _Component:
    def __init__(self, key: str):
        self.key = key

    @property
    def recognizer(self) -> Recognizer:
        return _RECOGNIZERS[self.key]


class EntityRuler(_Component):
    """Catalog names, and names the document already introduced (``doc.user_data["kg_doc_names"]``).

    ``doc.user_data["kg_confirmed"]``: ambiguous catalog entities the document has named in context.
    """

    def __call__(self, doc: Doc) -> Doc:
        rec = self.recognizer
        text = doc.user_data["kg_text"] = doc.text  # Doc.text joins the tokens on every call
        cands = rec.catalog_candidates(text, doc.user_data.get("kg_confirmed") or frozenset())
        cands += rec.extra_candidates(text, doc.user_data.get("kg_doc_names") or {})
        doc._.kg_candidates = cands
        return doc


class NameTagger(_Component):
    """Statistical names: LAC (:mod:`kg.extract.tagger`) tags the sentence with the catalog's names held
    as words, and proposes the people and organisations the catalog does not know, and the
    longer names that begin with a catalog name. Its tags stay in ``doc.user_data["kg_tags"]``
    for the shape rules of ``kg_new_entities`` (appositions, lists)."""

    def __init__(self, key: str, tagger: Tagger):
        super().__init__(key)
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        rec = self.recognizer
        text = _text(doc)
        cands = list(doc._.kg_candidates or [])
        known = [(c.start, c.end) for c in cands if c.entity is not None]
        tags = self.tagger.tag(text, known)
        doc.user_data["kg_tags"] = tags
        doc._.kg_candidates = cands + rec.tagged_candidates(text, tags, cands)
        return doc


class NewEntities(_Component):
    """Quoted names with a type word, renamed names, names with a type suffix, people next to a
    role word, names after their type word (App薯圈圈), and the other members of a list of names."""

    def __call__(self, doc: Doc) -> Doc:
        rec = self.recognizer
        text = _text(doc)
        tags = doc.user_data.get("kg_tags") or ()
        cands = list(doc._.kg_candidates or [])
        cands += rec.quoted_candidates(text) + rec.renamed_candidates(text) + rec.label_candidates(text)
        cands += rec.quoted_list_candidates(text)
        cands += rec.named_candidates(text)
        cands += rec.suffix_candidates(text, cands)
        cands += rec.org_candidates(text, cands)
        cands += rec.latin_candidates(text, cands)
        cands += rec.payment_candidates(text, cands)
        if rec.role_re.search(text):
            cands += rec.person_candidates(text, cands)
            cands += rec.affiliation_candidates(text, cands)
        cands += rec.apposition_candidates(text, tags, cands)
        cands += rec.launched_object_candidates(text, cands)
        cands += rec.subject_candidates(text, tags, cands)
        cands += rec.object_candidates(text, cands)
        cands += rec.slot_candidates(text, cands)
        cands += rec.list_candidates(text, cands)
        cands += rec.coordinated_candidates(text, cands)
        cands += rec.glossed_candidates(text, cands)
        cands += rec.alias_candidates(text, cands)
        cands += rec.declared_alias_candidates(text, cands)
        cands += rec.brand_candidates(text, cands)
        cands += rec.version_candidates(text, cands)
        doc._.kg_candidates = rec.outside_definitions(text, cands)
        return doc


class Linker(_Component):
    """Resolves overlaps (longest wins) and links every candidate to one entity."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.recognizer.link(doc._.kg_candidates or [])
        doc._.kg_mentions = mentions
        spans = []
        for start, end, entity, _, _ in mentions:
            span = doc.char_span(start, end, label=entity.type, kb_id=entity.iri, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc


class References(_Component):
    """Adds pseudo-mentions for words that refer to earlier sentences (双方, 该公司, 其, an unsaid
    owner), from the document's ``doc.user_data["kg_discourse"]`` (:mod:`kg.extract.references`)."""

    def __call__(self, doc: Doc) -> Doc:
        discourse = doc.user_data.get("kg_discourse")
        if discourse is None:
            return doc
        text = _text(doc)
        mentions = doc._.kg_mentions or []
        pseudo = resolve(text, [(s, e, ent) for s, e, ent, _, _ in mentions], discourse,
                         doc.user_data.get("kg_paragraph", 0))
        if pseudo:
            doc._.kg_mentions = sorted(list(mentions) + pseudo, key=lambda m: (m[0], m[1]))
        return doc


class Relations(_Component):
    """Runs the relation rules (``kg.extract.relations``) over the linked mentions.

    ``doc.user_data["kg_topic"]``: the topic the previous sentence ended with (the sentence's
    first clause may continue it); the topic this sentence ends with goes to ``"kg_topic_out"``.
    A fact with an argument from a referring word (``ref:…``) gets ``+ref`` on its rule.
    """

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        found = _drop_affiliations(text, doc._.kg_mentions or [])
        mentions = [(s, e, ent) for s, e, ent, _, _ in found]
        facts, topic = relations_in(text, mentions, self.recognizer.catalog.parent,
                                    doc.user_data.get("kg_topic") or ())
        facts += affiliation_facts(text, [(s, e, ent) for s, e, ent, _, rule in doc._.kg_mentions or []
                                          if not rule.startswith("ref:")])
        facts = _feature_blocks_as_owner(facts, self.recognizer.catalog)
        # a tentative name (kg.extract.structure.TENTATIVE) stays only as an argument of a fact
        used = {(f.subject_start, f.subject.iri) for f in facts} | {(f.object_start, f.object.iri) for f in facts}
        doc._.kg_mentions = [m for m in doc._.kg_mentions or [] if TENTATIVE not in m[4]
                             or (m[0], m[2].iri) in used]
        refs = {(s, ent.iri) for s, _, ent, _, rule in found if rule.startswith("ref:")}
        doc._.kg_facts = [dataclasses.replace(f, rule=f.rule + "+ref")
                          if (f.subject_start, f.subject.iri) in refs or (f.object_start, f.object.iri) in refs
                          else f for f in facts]
        doc.user_data["kg_topic_out"] = topic
        return doc


def _feature_blocks_as_owner(facts: list[RawFact], catalog) -> list[RawFact]:
    """无法分享至微信朋友圈: what a feature (朋友圈, 视频号) of a catalog app refuses, the app blocks;
    the blocker is the app that owns the feature (the feature is no party of its own)."""
    out, seen = [], {(f.subject.iri, f.relation, f.object.iri) for f in facts}
    for f in facts:
        if f.relation == "blocked" and f.subject.type == "Feature":
            owner = catalog.get(catalog.parent(f.subject.iri) or "")
            if owner is not None and owner.type in ("App", "Platform") and owner.iri != f.object.iri:
                if (owner.iri, f.relation, f.object.iri) in seen:
                    continue
                seen.add((owner.iri, f.relation, f.object.iri))
                f = dataclasses.replace(f, subject=owner, rule=f.rule + "+owner")
        out.append(f)
    return out


# 腾讯系斗鱼, 腾讯系的QQ音乐, 京东系资源: "X系" says whose camp something is in, and X is not an
# argument of the clause; 饿了么系阿里巴巴旗下公司 (系 = 是) keeps both names.
_AFFILIATION = re.compile(r"系(?:的|(?=资源|企业|公司|产品|应用|平台|成员|阵营|背景|人马|出身|资本))")


_COPULA_AFTER = re.compile(r"\s*(?:旗下|的|子公司|全资|控股|投资|所有)")


_AFFILIATED_AFTER = re.compile(r"系的?$")
_COUNT_BEFORE = re.compile(r"^\s*等?\s*(?:[0-9一二两三四五六七八九十几多]+\s*[个家款项只]\s*)?$")
_MEMBER_SEP = re.compile(r"^\s*(?:、|和|与|及|以及)\s*$")


def affiliation_facts(text: str, mentions) -> list[RawFact]:
    """``X系的A和B``, ``X系A``, ``A、B等5个X系业务``: a product in X's camp is X's (ownedBy); a firm
    in it may be one X only invested in, and gets no fact.

    ``_drop_affiliations`` keeps X out of the clause's other relations; here X owns the names
    of the list that follows it, or of the list that ends right before ``(等)N个X系``.
    """
    ordered = sorted(mentions, key=lambda m: m[0])
    out = []
    for k, (start, end, owner) in enumerate(ordered):
        if owner.type not in ("Company", "Organization", "InvestmentFirm") or not text.startswith("系", end):
            continue
        members = []
        after = re.match(r"系的?", text[end:]).end()
        nxt = k + 1
        at = end + after
        while nxt < len(ordered) and ordered[nxt][0] == at:
            if after == 1 and not members and _COPULA_AFTER.match(text, ordered[nxt][1]):
                break  # 星河系云帆科技的子公司: 系 is the copula (星河 is 云帆科技's), not a camp
            members.append(ordered[nxt])
            sep = re.match(r"\s*(?:、|和|与|及|以及)\s*", text[ordered[nxt][1]:])
            if sep is None:
                break
            at = ordered[nxt][1] + sep.end()
            nxt += 1
        prev = k - 1
        gap = text[ordered[prev][1]:start] if prev >= 0 else None
        if not members and gap is not None and _COUNT_BEFORE.match(gap) and ("等" in gap or re.search(r"[个家款项]", gap)):
            while prev >= 0:
                members.append(ordered[prev])
                if prev == 0 or not _MEMBER_SEP.match(text[ordered[prev - 1][1]:ordered[prev][0]]):
                    break
                prev -= 1
        for m_start, _, member in members:
            # a firm in X's camp is often one X only invested in (腾讯系的京东): only a product is X's own
            if member.iri != owner.iri and member.type in PRODUCT_TYPES:
                out.append(RawFact(member, "ownedBy", owner, "ownedBy.affiliation", 0.7, end, end + 1, m_start,
                                   presupposed=True, object_start=start))
    return out


def _drop_affiliations(text: str, mentions):
    out = []
    ordered = sorted(mentions, key=lambda m: (m[0], m[1]))
    starts = {m[0] for m in ordered}
    for m in ordered:
        end = m[1]
        if text.startswith("系", end) and not m[4].startswith("ref:"):
            if _AFFILIATION.match(text, end):
                continue
            nxt = next((n for n in ordered if n[0] == end + 1), None)
            if nxt is not None and end + 1 in starts and not _COPULA_AFTER.match(text, nxt[1]):
                continue
        out.append(m)
    return out


@Language.factory("kg_entity_ruler", default_config={"key": ""})
def make_entity_ruler(nlp: Language, name: str, key: str) -> EntityRuler:
    return EntityRuler(key)


@Language.factory("kg_name_tagger", default_config={"key": ""})
def make_name_tagger(nlp: Language, name: str, key: str) -> NameTagger:
    return NameTagger(key, Tagger())


@Language.factory("kg_new_entities", default_config={"key": ""})
def make_new_entities(nlp: Language, name: str, key: str) -> NewEntities:
    return NewEntities(key)


@Language.factory("kg_linker", default_config={"key": ""})
def make_linker(nlp: Language, name: str, key: str) -> Linker:
    return Linker(key)


@Language.factory("kg_references", default_config={"key": ""})
def make_references(nlp: Language, name: str, key: str) -> References:
    return References(key)


@Language.factory("kg_relations", default_config={"key": ""})
def make_relations(nlp: Language, name: str, key: str) -> Relations:
    return Relations(key)
