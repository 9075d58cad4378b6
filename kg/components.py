"""Entity recognition and linking, and the spaCy components that run them and the relation rules.

The recogniser works on characters, so its spans are exact whatever jieba's segmentation:

- catalog names (every label and alias, converted to Simplified) through one prefix-tree
  regular expression, so the longest name wins (阿里妈妈Uni Desk over 阿里妈妈 over 阿里);
  names that are also ordinary words (``kg:ambiguous``: 当当, 来往 …) only with context;
- new names: a quoted name with a type word (“天猫优品”的小程序商城, 社交平台“来往”; 《…》 only
  for an app), a name with a type suffix (星河互娱公司, 团好货小程序), a person next to a
  role word (CEO戴珊, 副总裁蒋凡出任);
- linking: the longest span wins; a name resolves through the catalog (aliases, scripts,
  short names), a company suffix is dropped when the rest is a catalog company (腾讯公司),
  and anything else gets its own minted node — never a guessed catalog node.

The spaCy components (``kg_entity_ruler``, ``kg_new_entities``, ``kg_linker``,
``kg_relations``) run these on a sentence ``Doc`` and leave the result in
``doc._.kg_mentions`` and ``doc._.kg_facts``; the linked spans also become ``doc.ents``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import jieba.posseg
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.catalog import Catalog, mint_entity
from kg.model import Entity
from kg.relations import _read_tsv, find_relations, roles, rule_trigger_words, triggers
from kg.resources import package_data
from kg.vocab import DEFAULT_BASE_IRI

for _name in ("kg_candidates", "kg_mentions", "kg_facts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_LATIN = re.compile(r"[A-Za-z0-9]")
# How far around a catalog name jieba looks to tell a name from part of a longer word.
_WINDOW = 8
_CLAUSE_END = re.compile(r"[\s，,。；;：:！!？?、（）()“”\"「」『』《》]")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]")
_OPEN = "“\"「『《"
_QUOTED = re.compile(r"([“\"「『《])([^“”\"「」『』《》\n，,。；;！？!?]{1,24}?)([”“\"」』》])")
# Where an ambiguous catalog name (当当, 来往) counts as a name: after an opening quote,
# or before a word that only follows names.
_NAME_CONTEXT = re.compile(r"[网官旗App集公平小客”\"」』》]|APP|app|CEO|总裁|董事长|创始人|旗下")
_APP_TYPES = frozenset({"App", "MiniProgram", "Platform"})


@dataclass(frozen=True)
class Candidate:
    """A possible mention before linking; ``entity`` is set for catalog matches."""

    start: int
    end: int
    name: str
    type: str
    rule: str
    entity: Entity | None = None
    priority: int = 0


@functools.cache
def _name_words() -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {}
    for kind, word in (row[:2] for row in _read_tsv("name_words.tsv")):
        words.setdefault(kind, []).append(word)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in words.items()}


@functools.cache
def _type_words() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {"suffix": {}, "after": {}, "before": {}}
    for word, cls, where in (row[:3] for row in _read_tsv("type_words.tsv")):
        table[where][word] = cls
    # A suffix also types a quoted name that it follows.
    for word, cls in table["suffix"].items():
        table["after"].setdefault(word, cls)
    return table


@functools.cache
def _surnames() -> tuple[str, ...]:
    text = package_data("surnames.txt").read_text(encoding="utf-8")
    names = {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    return tuple(sorted(names, key=len, reverse=True))


@functools.lru_cache(maxsize=4096)
def _phrase_not_name(name: str, cls: str) -> bool:
    """A walked-back "name" that jieba reads as an ordinary phrase: 两个公司, 没有设置小程序, 微信环境下小程序.

    Names start with a noun-like word; a pronoun, preposition, numeral or conjunction
    (每个, 通过, 两个), or a verb phrase (赋予太多, 集成阿里巴巴), starts a phrase, and a trailing
    single numeral or locative (开始多, 环境下) ends one. A name that is one verb (筹备) is a
    phrase too, except for an app: app names are often verbs (得到App).
    """
    words = jieba.posseg.lcut(name, HMM=False)
    first, last = words[0], words[-1]
    if first.flag[:1] in ("p", "r", "m", "c", "u"):
        return True
    if len(words) == 1:
        return first.flag == "v" and cls != "App"
    if first.flag == "v" and len(first.word) >= 2:
        return True
    return len(last.word) == 1 and last.flag[:1] in ("m", "f", "d", "u")


def _listed(text: str, c: Candidate, starts: set[int], ends: set[int]) -> bool:
    """An ambiguous name joined by 和/与/、 to an unambiguous one (当当和京东) is a name too."""
    after = re.match(r"(?:和|与|及|、|跟)", text[c.end:c.end + 1])
    before = text[c.start - 1:c.start] if c.start else ""
    return bool(after and c.end + 1 in starts) or (before in ("和", "与", "及", "、", "跟") and c.start - 1 in ends)


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def trie_regex(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, the longest at each position.

    >>> import re
    >>> rx = re.compile(trie_regex(["阿里", "阿里妈妈", "阿里妈妈Uni Desk"]))
    >>> [m.group() for m in rx.finditer("阿里妈妈Uni Desk与阿里妈妈、阿里")]
    ['阿里妈妈Uni Desk', '阿里妈妈', '阿里']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [(re.escape(ch) if ch != " " else r"\s?") + build(child)
                    for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


class Recognizer:
    """Finds and links the entity mentions of a text against one catalog."""

    def __init__(self, catalog: Catalog, base_iri: str = DEFAULT_BASE_IRI):
        self.catalog = catalog
        self.base_iri = base_iri
        self.forms: dict[str, Entity] = {}
        for form, entity in catalog.surface_forms():
            self.forms.setdefault(form.casefold().replace(" ", ""), entity)
        forms = [f for f, _ in catalog.surface_forms() if len(f) > 1 or not _LATIN.match(f)]
        # A lookahead finds overlapping names too (牵手淘宝: 手淘 and 淘宝); linking picks one.
        self.catalog_re = re.compile("(?=(" + trie_regex(forms) + "))", re.IGNORECASE)
        tw = _type_words()
        self.after_re = re.compile(r"\s*的?\s*(" + _alt(tw["after"]) + ")")
        self.before_re = re.compile("(" + _alt(tw["before"]) + r")(?:名为|叫做|叫|名叫)?[一]?[个款家]?$")
        self.suffix_re = re.compile(_alt(tw["suffix"]))
        words = _name_words()
        bounds = set(words["boundary"]) | {w for f in triggers().values() for w in f}
        self.boundary_re = re.compile(_alt(bounds))
        self.generic_re = re.compile(_alt(words["generic"]))
        fam = triggers()
        person_roles = set(roles()) | set(fam["founder"]) | {"副总裁", "副董事长", "高管", "合伙人", "总监"}
        surname = "(?:" + _alt(_surnames()) + ")"
        follow = "(?:" + _alt(words["follow"]) + "|$)"
        self.person_after_role = re.compile(
            f"(?:{_alt(person_roles)})(?:兼[A-Za-z\u4e00-\u9fff]{{1,4}}?)?"
            f"(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)(?={follow})")
        self.person_before_verb = re.compile(
            f"(?:^|[，,、：:“\"的]|{_alt(person_roles)})(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)"
            f"(?={_alt(fam['appoint'])})")
        # Every rule needs one of these words, so a sentence without any holds no relation.
        self.trigger_re = re.compile(_alt({w for name, ws in fam.items() if name not in ("carry", "with")
                                           for w in ws} | {"小程序", "小程式"} | rule_trigger_words()))
        self.role_re = re.compile(_alt(person_roles | set(fam["appoint"]) | set(fam["found"])))
        # An ambiguous name right after a relation verb is its argument: 收购了当当, 创立的小米.
        self.after_trigger_re = re.compile(
            "(?:" + _alt({w for name, ws in fam.items() if name not in ("carry", "with", "role") for w in ws})
            + ")[了的过]?$")
        # A quoted name right after a launch verb names what was launched: 上线了“抖音超市”.
        self.launched_quote_re = re.compile("(?:" + _alt(fam["launch"]) + ")了?$")

    # -- recognition -----------------------------------------------------------------------

    def catalog_candidates(self, text: str) -> list[Candidate]:
        """Catalog names in ``text``; ambiguous ones only where context marks them as names."""
        out = []
        for m in self.catalog_re.finditer(text):
            start, end = m.span(1)
            if end == start:
                continue
            if _LATIN.match(text[start]) and start and _LATIN.match(text[start - 1]):
                continue
            if _LATIN.match(text[end - 1]) and end < len(text) and _LATIN.match(text[end]):
                continue
            entity = self.forms.get(m.group(1).casefold().replace(" ", "")) or self.catalog.lookup(m.group(1))
            if entity is None:
                continue
            out.append(Candidate(start, end, m.group(1), entity.type, "catalog", entity, 3))
        out = _whole_words(text, out)
        ambiguous = [c for c in out if self.catalog.is_ambiguous(c.entity.iri, c.name)]
        if not ambiguous:
            return out
        plain_ends = {c.end for c in out if c not in ambiguous}
        plain_starts = {c.start for c in out if c not in ambiguous}
        return [c for c in out if c not in ambiguous or self._in_context(text, c.start, c.end)
                or _listed(text, c, plain_starts, plain_ends)]

    def _in_context(self, text: str, start: int, end: int) -> bool:
        if start and text[start - 1] in _OPEN:
            return True
        if _NAME_CONTEXT.match(text, end):
            return True
        if self.after_trigger_re.search(text[max(0, start - 8):start]):
            return True
        # a member of a list of other names: 优酷、大麦等
        before, after = text[max(0, start - 1):start], text[end:end + 1]
        return before in ("、",) or after in ("、",)

    def quoted_candidates(self, text: str) -> list[Candidate]:
        """Quoted names with a type word after or before them; 《》 only for apps."""
        out = []
        for m in _QUOTED.finditer(text):
            name = m.group(2).strip()
            if len(name) < 2 or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
                continue
            after = self.after_re.match(text, m.end())
            before = self.before_re.search(text, max(0, m.start() - 12), m.start())
            tw = _type_words()
            cls = tw["after"][after.group(1)] if after else tw["before"][before.group(1)] if before else None
            if cls is None and m.group(1) != "《" and len(name) <= 10 and self.launched_quote_re.search(
                    text[max(0, m.start() - 6):m.start()]):
                cls = "Product"
            if cls is None or (m.group(1) == "《" and cls not in _APP_TYPES):
                continue
            out.append(Candidate(m.start(2), m.start(2) + len(m.group(2).rstrip()), name, cls, "quoted", None, 3))
        return out

    def suffix_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """Names ending in a type suffix (星河互娱公司, 团好货小程序), bounded on the left."""
        ends = {c.end for c in taken}
        out = []
        bounds: set[int] | None = None
        for m in self.suffix_re.finditer(text):
            if bounds is None:
                bounds = {b.end() for b in self.boundary_re.finditer(text)}
            start = m.start()
            if start in ends:  # 支付宝App, 腾讯公司: a catalog name with its suffix
                continue
            i = start
            while i > 0 and start - i < 8:
                ch = text[i - 1]
                if not _NAME_CHAR.match(ch) or i in ends or i in bounds:
                    break
                i -= 1
            else:
                if i > 0 and start - i >= 8:
                    continue
            if i in ends and i < start:
                # 天猫优选小程序: a catalog name with more words before the suffix is a new name;
                # a person before it is not part of it (CEO吴泳铭兼任淘天集团…).
                before = next(c for c in taken if c.end == i)
                if before.type != "Person":
                    i = before.start
            name = text[i:start]
            # A registered name (…有限公司) may hold ordinary words (高鑫零售有限公司); only a
            # name that is nothing but one (零售有限公司) is generic.
            generic = (self.generic_re.fullmatch(name) if m.group().endswith("有限公司")
                       else self.generic_re.search(name))
            cls = _type_words()["suffix"][m.group()]
            if len(name) < 2 or generic or name.isdigit() or _phrase_not_name(name, cls):
                continue
            keep_suffix = cls == "Company"
            end = m.end() if keep_suffix else start
            out.append(Candidate(i, end, text[i:end], cls, "suffix", None, 2))
        return out

    def person_candidates(self, text: str) -> list[Candidate]:
        """People named next to a role word (CEO戴珊, 创始人张小龙, 蒋凡出任)."""
        out = []
        for rx in (self.person_after_role, self.person_before_verb):
            for m in rx.finditer(text):
                out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "Person", "person.role", None, 2))
        return out

    def extra_candidates(self, text: str, names: dict[str, Candidate]) -> list[Candidate]:
        """Every occurrence of names found elsewhere in the same document."""
        out = []
        for name, cand in names.items():
            for m in re.finditer(re.escape(name), text):
                out.append(Candidate(m.start(), m.end(), name, cand.type, cand.rule + ".repeat", None, 1))
        return out

    def candidates(self, text: str, doc_names: dict[str, Candidate] | None = None,
                   persons: bool = True) -> list[Candidate]:
        """All candidates of ``text`` (catalog, quoted, suffixed, repeated, people)."""
        cands = self.catalog_candidates(text) + self.quoted_candidates(text)
        cands += self.suffix_candidates(text, cands)
        if doc_names:
            cands += self.extra_candidates(text, doc_names)
        if persons and self.role_re.search(text):
            cands += self.person_candidates(text)
        return cands

    # -- linking ---------------------------------------------------------------------------

    def resolve(self, cand: Candidate) -> Entity:
        """The entity a candidate names: catalog first, else a minted node of the candidate's type."""
        if cand.entity is not None:
            return cand.entity
        found = self.catalog.lookup(cand.name)
        if found is None and cand.type == "Company":
            found = self.catalog.lookup(re.sub(r"(?:股份有限公司|有限公司|控股集团|集团|公司)$", "", cand.name))
        return found if found is not None else mint_entity(cand.name, cand.type, self.base_iri)

    def link(self, cands: Sequence[Candidate]) -> list[tuple[int, int, Entity, str, str]]:
        """Non-overlapping mentions ``(start, end, entity, text, rule)``; the longest span wins."""
        chosen: list[Candidate] = []
        taken: set[int] = set()
        # Of two overlapping names of one length the later wins: 牵手淘宝 is 牵手 + 淘宝.
        for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, -c.start)):
            span = set(range(c.start, c.end))
            if span & taken:
                continue
            taken |= span
            chosen.append(c)
        chosen.sort(key=lambda c: c.start)
        return [(c.start, c.end, self.resolve(c), c.name, c.rule) for c in chosen]


def _whole_words(text: str, cands: list[Candidate]) -> list[Candidate]:
    """The candidates that begin and end where jieba puts a word boundary.

    A catalog name inside a longer word is not that name: 京东 in 北京东直门 (北京/东直门), 国美 in
    祖国美好, 滴滴 in 点点滴滴. Each candidate's surroundings, up to ``_WINDOW`` characters either
    side and never across punctuation, are segmented once (jieba without HMM, with the catalog
    names that ``kg.nlp`` adds to its dictionary), and overlapping surroundings together. A
    candidate that no dictionary word crosses at either end is kept without segmenting.
    """
    jieba.dt.check_initialized()
    freq = jieba.dt.FREQ
    risky = [c for c in cands if _crossed(text, c.start, freq) or _crossed(text, c.end, freq)]
    if not risky:
        return cands
    spans = []
    for c in sorted(risky, key=lambda c: c.start):
        stop = _CLAUSE_END.search(text, c.end, min(len(text), c.end + _WINDOW))
        begin = c.start - _WINDOW
        for m in _CLAUSE_END.finditer(text, max(0, begin), c.start):
            begin = m.end()
        span = [max(0, begin), stop.start() if stop else min(len(text), c.end + _WINDOW)]
        if spans and span[0] <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], span[1])
        else:
            spans.append(span)
    bounds = set()
    for a, b in spans:
        pos = a
        bounds.add(pos)
        for word in jieba.dt.cut(text[a:b], HMM=False):
            pos += len(word)
            bounds.add(pos)
    checked = {id(c) for c in risky}
    return [c for c in cands if id(c) not in checked or (c.start in bounds and c.end in bounds)]


def _crossed(text: str, at: int, freq: dict[str, int]) -> bool:
    """Whether a dictionary word of up to four characters spans position ``at`` (a cheap pre-check)."""
    for i in range(max(0, at - 3), at):
        for j in range(at + 1, min(len(text), i + 4) + 1):
            if freq.get(text[i:j]):
                return True
    return False


# -- spaCy components ----------------------------------------------------------------------

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
    """Catalog names, and names the document already introduced (``doc.user_data["kg_doc_names"]``)."""

    def __call__(self, doc: Doc) -> Doc:
        rec = self.recognizer
        text = doc.user_data["kg_text"] = doc.text  # Doc.text joins the tokens on every call
        cands = rec.catalog_candidates(text)
        cands += rec.extra_candidates(text, doc.user_data.get("kg_doc_names") or {})
        doc._.kg_candidates = cands
        return doc


class NewEntities(_Component):
    """Quoted names with a type word, names with a type suffix, people next to a role word."""

    def __call__(self, doc: Doc) -> Doc:
        rec = self.recognizer
        text = _text(doc)
        cands = list(doc._.kg_candidates or [])
        cands += rec.quoted_candidates(text)
        cands += rec.suffix_candidates(text, cands)
        if rec.role_re.search(text):
            cands += rec.person_candidates(text)
        doc._.kg_candidates = cands
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


class Relations(_Component):
    """Runs the relation rules (``kg.relations``) over the linked mentions."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = [(s, e, ent) for s, e, ent, _, _ in doc._.kg_mentions or []]
        doc._.kg_facts = find_relations(_text(doc), mentions, self.recognizer.catalog.parent)
        return doc


@Language.factory("kg_entity_ruler", default_config={"key": ""})
def make_entity_ruler(nlp: Language, name: str, key: str) -> EntityRuler:
    return EntityRuler(key)


@Language.factory("kg_new_entities", default_config={"key": ""})
def make_new_entities(nlp: Language, name: str, key: str) -> NewEntities:
    return NewEntities(key)


@Language.factory("kg_linker", default_config={"key": ""})
def make_linker(nlp: Language, name: str, key: str) -> Linker:
    return Linker(key)


@Language.factory("kg_relations", default_config={"key": ""})
def make_relations(nlp: Language, name: str, key: str) -> Relations:
    return Relations(key)
