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

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import jieba
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg import pos
from kg.catalog import Catalog, mint_entity
from kg.model import Entity
from kg.reference import resolve
from kg.relations import NOT_TRIGGERS, _read_tsv, relations_in, roles, rule_trigger_words, triggers
from kg.resources import package_data
from kg.tagger import Tag, Tagger
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
_ORG_TYPES = frozenset({"Company", "InvestmentFirm", "Organization", "GovernmentAgency"})
# Suffixes that make a catalog name into a unit of its own: 美团战投, 阿里电商事业群, 腾讯资本.
_UNIT_SUFFIXES = frozenset({"战投", "事业群", "资本", "创投", "基金"})
# Suffixes that are ordinary words too (智能手机, 科技园, 网络安全): they end a name only where a word ends.
_WEAK_SUFFIXES = frozenset({"智能", "科技", "网络", "咨询", "资本", "基金"})
# Units named by what they do: 电商事业群, 云事业群.
_UNIT_NAMED_BY_DOMAIN = frozenset({"事业群", "事业部"})


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*(?: [A-Z][A-Za-z0-9.\-]*)*")
# A stock code glued to a name: 9888.HK, BIDU.O, IQ.O
_TICKER = re.compile(r"[A-Z0-9]\.[A-Z]{1,2}\b|^\.")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&.\- ]+")
_ENDS_NAME = re.compile(r"$|[\s，,。；;：:！!？?、（）()“”\"」』》]")
_LABEL = re.compile(r"(?:^|(?<=[\n。；;！!？?]))(?P<n>[\u4e00-\u9fffA-Za-z]{2,6})[“\"「][^“”\"「」\n]{2,8}[”\"」]\s*[:：]")
# A quote followed by a plain noun modifies it (“全网最低价”套餐): the quote is not a name.
_MODIFIES_NOUN = re.compile(r"[\u4e00-\u9fff](?<![了等和与及后时的之])|的(?![\s，,。；;])")
_ALIAS = re.compile(r"\s*[(（]\s*(?P<a>[A-Z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&.\-]+){0,3}?)\s*[)）]")
_HOST_TYPES = frozenset({"App", "Platform", "Company"})
_NAMED = re.compile(r"(?:名为|叫做|名叫|取名为?|命名为)[“\"「]?(?P<n>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)[”\"」]?的"
                    r"[^，,。；;]{0,6}?(?P<k>公司|企业|品牌|平台|应用|软件|App|APP|产品|机构|集团|小程序)")
_TIME_WORD = re.compile(r"[年月日时]$|^(?:今|去|明|前|近|当|此|目)")
_RENAMED = re.compile(r"(?:改名为?|更名为?|改称|易名为?|品牌升级为)[“\"「『](?P<n>[^“”\"「」『』\n，,。]{1,24}?)[”“\"」』]")
# A member's trailing gloss: 普渡科技(送餐机器人)
_GLOSS = r"(?:[(（][^()（）\n]{1,15}[)）])?"
_ITEM_CHARS = "\u4e00-\u9fffA-Za-z0-9·&"
_LIST_SEP_RE = re.compile(_GLOSS + "、")
# What closes a list: 等, a count of members (两家), a clause end.
_LIST_CLOSE = re.compile(r"等|[两二三四五六七八九十几多数]+[家个款位]")
_LIST_END = re.compile(_LIST_CLOSE.pattern + r"|[，,。；;：:！!？?\n）)]|$")
_ORG_CLASS = (
    (re.compile(r"(?:局|部|委员会|委|署|厅|法院|检察院|政府)$"), "GovernmentAgency"),
    (re.compile(r"(?:大学|学院|研究院|研究所|实验室|协会|联盟|基金会|学会)$"), "Organization"),
)


_FUNCTION_CHARS = frozenset("的了在和与及是被由向对从把给为等让用也都还又这那其该每各")
_COUNTED = re.compile(r"[一二两三四五六七八九十百千几数多\d]+[家个款位名只种项类大]")
_QUANTITY_AFTER = re.compile(r"\s*(?:年|月|日|万|亿|元|美元|%|％|个|家|人|名|件|次|余|多)")


_CONTEST = re.compile(r"大战|之争|战争|混战|市场|业务|行业|领域|赛道|板块")
_SECTOR = re.compile(r"(?:业|界|圈|行业|领域|市场|产业|赛道)$")


def _only_generic(words: str, generic: re.Pattern[str]) -> bool:
    """Whether ``words`` is nothing but generic words (VR硬件, 金融科技)."""
    return re.fullmatch(f"(?:{generic.pattern})+", words) is not None


@functools.lru_cache(maxsize=4096)
def _common_word(name: str) -> bool:
    """A word of the general vocabulary (外卖, 市场, 用户): jieba knows it as one frequent word."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(name, 0) >= 500


@functools.lru_cache(maxsize=4096)
def _has_function_word(name: str) -> bool:
    """Whether jieba reads a word of ``name`` as an adverb, numeral, pronoun, preposition,
    conjunction, particle, locative, measure, adjective or time word (不同于早期, 第一条直接)."""
    return any(len(w.word) >= 2 and w.flag[:1] in "dmprcufqat" for w in pos.lcut(name))


@functools.lru_cache(maxsize=4096)
def _ordinary_words(name: str) -> bool:
    """Whether ``name`` holds an ordinary verb or a frequent word of two characters or more
    (版图后发现, 大相径庭): a phrase, not a name."""
    freq = _jieba_freq()
    return any(len(w.word) >= 2 and (w.flag.startswith("v") or freq.get(w.word, 0) >= 2000)
               for w in pos.lcut(name))


def _org_class(name: str) -> str:
    for pattern, cls in _ORG_CLASS:
        if pattern.search(name):
            return cls
    return "Company"


def _list_items(text: str, boundary: re.Pattern[str], known: dict[int, int] | None = None
                ) -> list[tuple[list[tuple[int, int]], str | None]]:
    """Lists of names in ``text``: the members' spans (a gloss after a member is left out) and
    the class named by a head noun after 等 (…等物流企业 → Company), if any. ``known``: start →
    end of names already found; a member that starts with one runs at least to its end (饿了么).

    >>> import re
    >>> [(i, c) for i, c in _list_items("阿里联合顺丰、圆通、中通等物流企业", re.compile("联合"))]
    [([(4, 6), (7, 9), (10, 12)], 'Company')]
    """
    known = known or {}
    out = []
    for clause in re.finditer(r"[^，,。；;：:！!？?\n“”\"「」『』]+", text):
        c0, c1 = clause.span()
        # two members joined by 和/与/及, closed by glosses or a count: 宇树科技(…)和九识智能(…)两家
        for m in _PAIR.finditer(text, c0, c1):
            out.append(([m.span("a"), m.span("b")], None))
        # one member and 等 with a type word: 天天动听等应用 (the list is the kind of thing)
        for m in _ONE_OF_KIND.finditer(text, c0, c1):
            a = m.start()
            while a > c0 and re.match(f"[{_ITEM_CHARS}]", text[a - 1]) and text[a - 1] not in _NOT_IN_ITEM \
                    and m.start() - a < 8:
                a -= 1
            if m.start() - a >= 2 and not boundary.match(text, a):
                out.append(([(a, m.start())], _HEADS[m.group("k")]))
        seps = list(_LIST_SEP_RE.finditer(text, c0, c1))
        if not seps:
            continue
        groups: list[list[re.Match[str]]] = [[seps[0]]]
        for m in seps[1:]:
            between = text[groups[-1][-1].end():m.start()]
            if re.fullmatch(f"[{_ITEM_CHARS} ]{{1,16}}" + _GLOSS, between):
                groups[-1].append(m)
            else:
                groups.append([m])
        for group in groups:
            items = []
            # first member: back from the first separator to a boundary word
            end = group[0].start()
            start = end
            while start > c0 and re.match(f"[{_ITEM_CHARS} ]", text[start - 1]) and end - start < 12:
                start -= 1
            for b in boundary.finditer(text, max(c0, end - 14), end):
                if start <= b.end() - 1 < end and b.end() < end:
                    start = max(start, b.end())
            first_end = _strip_gloss(text, start, end)
            items.append((start, first_end))
            for prev, nxt in zip(group, group[1:]):
                items.append((prev.end(), _strip_gloss(text, prev.end(), nxt.start())))
            # last member: forward from the last separator to 等, a count, a gloss or a boundary
            last = group[-1].end()
            stop = last
            while (stop < c1 and re.match(f"[{_ITEM_CHARS} ]", text[stop]) and stop - last < 12
                   and not _LIST_CLOSE.match(text, stop)):
                stop += 1
            for b in boundary.finditer(text, last + 1, stop):
                stop = b.start()
                break
            if known.get(last, 0) > stop:
                stop = known[last]
            if stop < len(text) and text[stop] in "(（":
                pass
            elif not _LIST_END.match(text, stop) and not boundary.match(text, stop):
                continue
            items.append((last, stop))
            head = None
            after = re.match(r"等[^，,。；;：:！!？?\n]{0,4}?(" + _alt(_type_words()["suffix"].keys()
                             | _type_words()["after"].keys() | _HEADS.keys()) + ")", text[stop:])
            if after:
                word = after.group(1)
                head = (_HEADS.get(word) or _type_words()["suffix"].get(word) or _type_words()["after"].get(word))
            items = [(a, b) for a, b in items if b - a >= 2]
            if len(items) >= 2:
                out.append((items, head))
    return out


_PAIR = re.compile(f"(?P<a>[{_ITEM_CHARS}]{{2,12}}?)[(（][^()（）\\n]{{1,15}}[)）](?:和|与|及|以及)"
                   f"(?P<b>[{_ITEM_CHARS}]{{2,12}}?)(?:[(（][^()（）\\n]{{1,15}}[)）])?(?={_LIST_CLOSE.pattern})")


_HEADS = {"商家": "Company", "玩家": "Company", "机构": "Organization", "企业": "Company", "公司": "Company",
          "应用": "App", "软件": "App", "App": "App", "APP": "App", "平台": "Platform", "品牌": "Product",
          "产品": "Product"}
# a single member before 等 and its kind: （阿里系）天天动听等应用
_ONE_OF_KIND = re.compile("等(?P<k>" + "|".join(_HEADS) + ")")
_NOT_IN_ITEM = frozenset("的系了和与及或在是被由对从把给为让")
_COORD = frozenset("和与或及")


def _strip_gloss(text: str, start: int, end: int) -> int:
    m = re.search(r"[(（][^()（）\n]{1,15}[)）]\s*$", text[start:end])
    return start + m.start() if m else end


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
    table: dict[str, dict[str, str]] = {"suffix": {}, "after": {}, "before": {}, "head": {}}
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
    words = pos.lcut(name)
    first, last = words[0], words[-1]
    if first.flag[:1] in ("p", "r", "m", "c", "u") and first.word not in _name_words().get("name_start", ()):
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
        surface_forms = catalog.surface_forms()
        for form, entity in surface_forms:
            self.forms.setdefault(form.casefold().replace(" ", ""), entity)
        forms = [f for f, _ in surface_forms if len(f) > 1 or not _LATIN.match(f)]
        # A lookahead finds overlapping names too (牵手淘宝: 手淘 and 淘宝); linking picks one.
        self.catalog_re = re.compile("(?=(" + trie_regex(forms) + "))", re.IGNORECASE)
        tw = _type_words()
        self.after_re = re.compile(r"\s*的?\s*(" + _alt(tw["after"]) + ")")
        self.before_re = re.compile("(" + _alt(tw["before"]) + r")(?:名为|叫做|叫|名叫)?[一]?[个款家]?$")
        self.suffix_re = re.compile(_alt(tw["suffix"]))
        self.suffix_end_re = re.compile("(?:" + _alt(tw["suffix"]) + ")$")
        self.head_re = re.compile(_alt(tw["head"]))
        self.head_end_re = re.compile(_alt(set(tw["head"]) | {"类", "版"}))
        words = _name_words()
        bounds = set(words["boundary"]) | {w for f in triggers().values() for w in f}
        self.boundary_re = re.compile(_alt(bounds))
        self.generic_re = re.compile(_alt(words["generic"]))
        self.part_re = re.compile(_alt(words["part"]))
        self.modifier_re = re.compile(_alt(words["modifier"]))
        fam = triggers()
        self.object_slot_re = re.compile(
            "(?:" + _alt(set(fam["found"]) | set(fam["invest"]) | set(fam["acquire"])) + ")了?"
            "(?P<n>[\\u4e00-\\u9fffA-Za-z]{2,4})(?=[，,。；;！!？?]|$)")
        # A clause's first words, up to the relation verb (or a reporting verb) that follows them.
        report = "宣布|表示|称|透露|公告|发布公告|官宣|正式|已经|已|也|还|将|近日|日前|于"
        self.subject_slot_re = re.compile(
            "(?:^|(?<=[，,。；;：:！!？?\\n“”\"」]))\\s*(?P<n>[\\u4e00-\\u9fffA-Za-z]{2,6}?)(?=(?:" + report + ")?(?:"
            + _alt({w for name, ws in triggers().items() if name not in NOT_TRIGGERS for w in ws if len(w) >= 2})
            + "))")
        self.launched_object_re = re.compile(
            "(?:" + _alt(triggers()["launch"]) + ")了?(?:" + _alt(words["modifier"]) + ")?"
            r"(?P<n>(?P<h>(?![了的])[\u4e00-\u9fff]{2,5}?)(?:体系|系统|计划|功能|服务|会员|平台|App|APP))(?=[，,。；;、和及与\s]|$)")
        fam = triggers()
        person_roles = set(roles()) | set(fam["founder"]) | {"副总裁", "副董事长", "高管", "合伙人", "总监"}
        surname = "(?:" + _alt(_surnames()) + ")"
        follow = "(?:" + _alt(words["follow"]) + "|$)"
        self.person_after_role = re.compile(
            f"(?:{_alt(person_roles)})(?:兼[A-Za-z\u4e00-\u9fff]{{1,6}}?)?"
            f"(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)(?={follow})")
        self.person_before_verb = re.compile(
            f"(?:^|[，,、：:“\"的]|{_alt(person_roles)})(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)"
            f"(?={_alt(fam['appoint'])})")
        self.person_after_org = re.compile(
            f"(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)(?={_alt(fam['appoint'])})")
        # Every rule needs one of these words, so a sentence without any holds no relation.
        self.trigger_re = re.compile(_alt({w for name, ws in fam.items() if name not in NOT_TRIGGERS - {"role"}
                                           for w in ws} | {"小程序", "小程式"} | rule_trigger_words()))
        self.role_re = re.compile(_alt(person_roles | set(fam["appoint"]) | set(fam["found"])))
        # An ambiguous name right after a relation verb is its argument: 收购了当当, 创立的小米.
        self.after_trigger_re = re.compile(
            "(?:" + _alt({w for name, ws in fam.items() if name not in NOT_TRIGGERS for w in ws})
            + ")[了的过]?$")
        # A quoted name right after a launch verb names what was launched: 上线了“抖音超市”.
        self.launched_quote_re = re.compile("(?:" + _alt(fam["launch"]) + "|(?P<f>" + _alt(fam["found"])
                                            + "))了?[^，,。；;：:“”\"「」]{0,10}$")

    # -- recognition -----------------------------------------------------------------------

    def catalog_candidates(self, text: str, confirmed: frozenset[str] = frozenset()) -> list[Candidate]:
        """Catalog names in ``text``; ambiguous ones only where context marks them as names.

        ``confirmed``: IRIs of ambiguous entities the document has already named in
        context (one sense per discourse: 菜鸟 once read as the company stays the company).
        """
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
        out = [self._before_sector(text, c) for c in _whole_words(text, out)]
        ambiguous = [c for c in out if self.catalog.is_ambiguous(c.entity.iri, c.name)
                     and c.entity.iri not in confirmed]
        if not ambiguous:
            return out
        plain_ends = {c.end for c in out if c not in ambiguous}
        plain_starts = {c.start for c in out if c not in ambiguous}
        return [c for c in out if c not in ambiguous or self._in_context(text, c.start, c.end)
                or _listed(text, c, plain_starts, plain_ends)]

    def _before_sector(self, text: str, c: Candidate) -> Candidate:
        """美团外卖大战, 美团外卖业务: a product name made of a brand and a generic word (外卖), right
        before a word for a contest or a line of business, is the brand; the generic word goes
        with what follows."""
        if not _CONTEST.match(text, c.end):
            return c
        for cut in range(len(c.name) - 1, 1, -1):
            brand, tail = c.name[:cut], c.name[cut:]
            entity = self.forms.get(brand.casefold())
            if entity is not None and self.generic_re.fullmatch(tail):
                return Candidate(c.start, c.start + cut, brand, entity.type, c.rule, entity, c.priority)
        return c

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
            if (cls is None and m.group(1) != "《" and len(name) <= 10
                    and not _MODIFIES_NOUN.match(text, m.end())):
                verb = self.launched_quote_re.search(text[max(0, m.start() - 14):m.start()])
                if verb:
                    # 上线了“抖音超市”; 创业中国版Twitter“饭否”; not 上线“全网最低价”套餐
                    cls = "Company" if verb.group("f") else "Product"
            if cls is None or (m.group(1) == "《" and cls not in _APP_TYPES):
                continue
            out.append(Candidate(m.start(2), m.start(2) + len(m.group(2).rstrip()), name, cls, "quoted", None, 3))
        return out

    def suffix_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """Names ending in a type suffix (星河互娱公司, 团好货小程序), bounded on the left."""
        ends = {c.end for c in taken}
        catalog_ends = {c.end for c in taken if c.entity is not None}
        out = []
        bounds: set[int] | None = None
        for m in self.suffix_re.finditer(text):
            if bounds is None:
                bounds = {b.end() for b in self.boundary_re.finditer(text)}
            start = m.start()
            if m.group() in _WEAK_SUFFIXES and _crossed(text, m.end(), _jieba_freq()):
                continue  # 智能手机, 科技园: the word goes on past the suffix
            if start in catalog_ends and m.group() in ("小程序", "小程式"):
                own = self._own_mini_program(text, start, m.end(), taken)
                if own is not None:
                    out.append(own)
                continue
            if start in catalog_ends and m.group() not in _UNIT_SUFFIXES:
                continue  # 支付宝App, 腾讯公司: a catalog name with its suffix; 美团战投 is a unit of its own
            i = start
            while i > 0 and start - i < 8:
                ch = text[i - 1]
                if not _NAME_CHAR.match(ch) or i in ends or i in bounds:
                    break
                i -= 1
            else:
                if i > 0 and start - i >= 8:
                    continue
            if i in bounds and i < start - 2 and text[i] in "有为是":
                i += 1  # 投资人有经纬创投, 股东为X资本: the verb after a bounding word is not the name
            if start in ends and i == start:
                i = next(c for c in taken if c.end == start).start  # 美团战投, 云鲸智能
            elif i in ends and i < start:
                # 天猫优选小程序: a catalog name with more words before the suffix is a new name;
                # a person before it is not part of it (CEO吴泳铭兼任淘天集团…).
                before = next(c for c in taken if c.end == i)
                if before.type != "Person":
                    i = before.start
            if (mod := self.modifier_re.match(text, i, start)) and start - mod.end() >= 2:
                i = mod.end()  # 成立全新电商事业群: 全新 describes the unit, it is not its name
            name = text[i:start]
            # A registered name (…有限公司) may hold ordinary words (高鑫零售有限公司); only a
            # name that is nothing but one (零售有限公司) is generic.
            # an owner before it: …执掌的本地生活集团, 旗下…, or the owner's name as its start (阿里本地生活集团)
            owned = (text[i - 1:i] == "的" or text[max(0, i - 2):i] == "旗下"
                     or any(c.start == i and c.entity is not None and c.type in _ORG_TYPES for c in taken))
            if m.group() in _UNIT_NAMED_BY_DOMAIN or (m.group() == "集团" and owned):
                generic = None  # 电商事业群; 阿里…执掌的本地生活集团: a group named by its line of business
            elif m.group().endswith("有限公司"):
                generic = self.generic_re.fullmatch(name)
            else:
                generic = self.generic_re.search(name)
            cls = _type_words()["suffix"][m.group()]
            if (len(name) < 2 or generic or name.isdigit() or _COUNTED.match(name) or _phrase_not_name(name, cls)
                    or self.generic_re.fullmatch(text[i:m.end()])):
                continue  # …, and 人工智能: a suffix that makes a generic word
            keep_suffix = cls == "Company"
            end = m.end() if keep_suffix else start
            out.append(Candidate(i, end, text[i:end], cls, "suffix", None, 2))
        return out

    def _own_mini_program(self, text: str, start: int, end: int, taken: Sequence[Candidate]) -> Candidate | None:
        """X小程序 as X's own mini-program, not X's mini-program platform: when the sentence's
        subject is X itself (美团上线美团小程序) or another platform hosts it (快手美团小程序)."""
        brand = next((c for c in taken if c.end == start and c.entity is not None), None)
        if brand is None:
            return None
        clause_start = max(text.rfind(ch, 0, brand.start) for ch in "，,。！？!?；;：:\n") + 1
        host = next((c for c in taken if c.end == brand.start and c.entity is not None
                     and c.entity.type in _HOST_TYPES), None)
        # 美团通过快手开放平台上线美团小程序: the clause's own subject launches it
        subject = any(c.entity == brand.entity and clause_start <= c.start < brand.start for c in taken)
        launched = self.launched_quote_re.search(text, max(clause_start, brand.start - 3), brand.start)
        if host is None and not (subject and launched):
            return None
        return Candidate(brand.start, end, text[brand.start:end], "MiniProgram", "suffix.own", None, 2)

    def launched_object_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """What a launch verb names when its object is a system or service word: 推出全新大会员体系."""
        starts = {c.start for c in taken}
        out = []
        for m in self.launched_object_re.finditer(text):
            name = m.group("n")
            if m.start("n") in starts or self.generic_re.fullmatch(m.group("h")):
                continue
            head = m.group("h")
            if (len(head) >= 2 and not _common_word(head) and not self.trigger_re.search(head)
                    and not self.modifier_re.match(head)):
                cls = "Feature" if name.endswith("功能") else "App" if name.endswith(("App", "APP")) else "Product"
                out.append(Candidate(m.start("n"), m.end("n"), name, cls, "launched.object", None, 1))
        return out

    def alias_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """A Latin name in brackets right after a name is another name of it: 欢聚集团(JOYY Inc.)."""
        out = []
        for c in taken:
            m = _ALIAS.match(text, c.end)
            if m:
                out.append(Candidate(m.start("a"), m.end("a"), c.name, c.type, "alias", c.entity, c.priority))
        return out

    def person_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """People named next to a role word (CEO戴珊, 创始人张小龙, 蒋凡出任, 阿里俞永福执掌)."""
        out = []
        for rx in (self.person_after_role, self.person_before_verb):
            for m in rx.finditer(text):
                out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "Person", "person.role", None, 2))
        # an organisation's name right before the person is their affiliation
        for c in taken:
            if c.entity is not None and c.type != "Person":
                m = self.person_after_org.match(text, c.end)
                if m:
                    out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "Person", "person.role", None, 2))
        return out

    def person_signal(self, text: str) -> bool:
        """Whether ``text`` names a person by a role word (蔚来创始人李斌): a cheap pre-check."""
        return bool(self.role_re.search(text)) and bool(self.person_after_role.search(text)
                                                        or self.person_before_verb.search(text))

    def extra_candidates(self, text: str, names: dict[str, Candidate]) -> list[Candidate]:
        """Every occurrence of names found elsewhere in the same document."""
        out = []
        for name, cand in names.items():
            for m in re.finditer(re.escape(name), text):
                # an alias (JOYY for 欢聚集团) names the same entity as the name it stands for
                out.append(Candidate(m.start(), m.end(), cand.name or name, cand.type, cand.rule + ".repeat",
                                     cand.entity, 1))
        return out

    def candidates(self, text: str, doc_names: dict[str, Candidate] | None = None,
                   persons: bool = True, confirmed: frozenset[str] = frozenset()) -> list[Candidate]:
        """All candidates of ``text`` (catalog, quoted, suffixed, repeated, people)."""
        cands = self.catalog_candidates(text, confirmed) + self.quoted_candidates(text)
        cands += self.suffix_candidates(text, cands)
        if doc_names:
            cands += self.extra_candidates(text, doc_names)
        if persons and self.role_re.search(text):
            cands += self.person_candidates(text)
        return cands

    # -- names from the statistical tagger and from the shape of the sentence -----------------

    def tagged_candidates(self, text: str, tags: Sequence[Tag], taken: Sequence[Candidate]) -> list[Candidate]:
        """Names LAC tags (``PER``, ``ORG``) that the catalog does not know, and catalog names
        LAC reads as the start of a longer name (美团战投, 淘宝闪购): the longer name wins.

        A tagged span that swallows a known name in its middle (红蜜雪冰城) is not a name; a
        person tagged together with the organisation before it (阿里俞永福) is the person.
        """
        known = {(c.start, c.end) for c in taken}
        starts = {c.start: c for c in taken if c.entity is not None}
        ends = {c.end: c for c in taken if c.entity is not None}
        out = []
        for t in tags:
            if t.tag not in ("PER", "ORG", "nz") or (t.start, t.end) in known:
                continue
            head = starts.get(t.start)
            if head is not None and head.end < t.end:
                rest = text[head.end:t.end]
                if t.tag == "PER" and head.type != "Person":
                    if self._person_name(rest):
                        out.append(Candidate(head.end, t.end, rest, "Person", "lac.person", None, 1))
                    continue
                if self._extension_ok(rest):
                    cls = self._suffix_class(rest) or head.type
                    out.append(Candidate(t.start, t.end, t.text, cls, "lac.longer", None, 1))
                continue
            if t.tag == "nz" or any(t.start < c.start < t.end or t.start < c.end < t.end for c in taken):
                continue
            if text[t.start - 1:t.start] == "版":
                continue  # 中国版Twitter: a likeness, not a name of the thing meant
            if t.tag == "PER":
                if self._person_name(t.text) and not self._after_head_word(text, t.start):
                    out.append(Candidate(t.start, t.end, t.text, "Person", "lac.person", None, 1))
            elif self._new_name_ok(t.text, phrase_check=False) and self._tagged_org_ok(t.text):
                cls = _org_class(t.text)
                owner = ends.get(t.start)
                if owner is not None and owner.type in _ORG_TYPES and cls == "Company" and self.suffix_end_re.search(t.text):
                    # 阿里巴巴中国电商集团: the owner's name and the unit's are one name
                    out.append(Candidate(owner.start, t.end, text[owner.start:t.end], cls, "lac.longer", None, 1))
                else:
                    out.append(Candidate(t.start, t.end, t.text, cls, "lac.org", None, 1))
        return out

    def apposition_candidates(self, text: str, tags: Sequence[Tag], taken: Sequence[Candidate]) -> list[Candidate]:
        """A name written right after its type word: 团购App抖省省, 机器人公司康诺思腾, 直播软件Bigo Live."""
        heads = _type_words()["head"]
        by_start = {t.start: t for t in tags}
        starts = {c.start for c in taken}
        out = []
        for m in self.head_re.finditer(text):
            at = m.end()
            if at in starts or at >= len(text):
                continue
            cls = heads[m.group()]
            latin = _LATIN_NAME.match(text, at)
            if latin:
                name = latin.group().rstrip(" .-")
                if len(name) >= 2 and not (m.group().isascii() and text[at - 1].isalpha()):
                    out.append(Candidate(at, at + len(name), name, cls, "apposition", None, 2))
                continue
            tag = by_start.get(at)
            run = _CJK_RUN.match(text, at)
            if tag is not None and tag.tag in ("PER", "ORG", "nz") and 2 <= len(tag.text) <= 8:
                end = tag.end
            elif (m.group().isascii() and run and 2 <= len(run.group()) <= 6
                  and _ENDS_NAME.match(text, run.end()) and not self.part_re.fullmatch(run.group())
                  and not _common_word(run.group())):
                # after a Latin type word the Chinese run is a name: 团购App抖省省,
                end = run.end()
            else:
                continue
            name = text[at:end]
            if self._new_name_ok(name):
                out.append(Candidate(at, end, name, cls, "apposition", None, 2))
        return out

    def list_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """The other members of a list one of whose members is a name: 顺丰、圆通、中通等物流企业,
        凑凑、紫光园、书亦烧仙草等商家, 普渡科技(送餐机器人)、法奥机器人. A member that is a catalog
        name and more (淘宝闪购、饿了么) is the longer name."""
        out = []
        known = {c.start: c.end for c in taken}
        for items, head_cls in _list_items(text, self.boundary_re, known):
            found, unknown = [], []
            for a, b in items:
                exact = [c for c in taken if c.start == a and c.end == b]
                if exact:
                    found.append(exact[0])
                    continue
                inner = [c for c in taken if a <= c.start and c.end <= b]
                # only the longest names count (美团战投, not the 美团 inside it)
                inner = [c for c in inner if not any(d.start <= c.start and c.end <= d.end
                                                     and d.end - d.start > c.end - c.start for d in inner)]
                if inner and all(c.entity is None and c.rule.startswith("lac.") for c in inner):
                    inner = []  # 橙狮体育: the list's member is the whole name the tagger cut short
                first = min(inner, key=lambda c: c.start) if inner else None
                if first is not None and first.start == a and first.entity is not None:
                    rest = text[first.end:b]
                    if len(inner) == 1 and self._extension_ok(rest):
                        cls = self._suffix_class(rest) or first.type
                        unknown.append((a, b, cls, "list.longer"))
                        found.append(first)
                    continue
                last = max(inner, key=lambda c: c.end) if inner else None
                if last is not None and last.end == b:
                    found.append(last)  # 游戏电竞类虎牙直播, …连投宇树科技: what ends the member is its name
                    continue
                if inner:
                    continue
                a = self._after_modifier(text, a, b)
                if self._list_item_ok(text, a, b):
                    unknown.append((a, b, None, "list"))
            if not found and not (len(items) == 1 and head_cls):
                continue
            types = {c.type for c in found} or {head_cls}
            cls = head_cls or (types.pop() if len(types) == 1 else "Company" if "Company" in types else "Product")
            for a, b, own, rule in unknown:
                kind = own or cls
                if kind == "Person" and not self._person_name(text[a:b]):
                    continue
                out.append(Candidate(a, b, text[a:b], kind, rule, None, 1))
        return out

    def label_candidates(self, text: str) -> list[Candidate]:
        """A name that heads a paragraph with a quoted motto and a colon: 龙珠“开疆扩土”：…"""
        out = []
        for m in _LABEL.finditer(text):
            name = m.group("n")
            if self._new_name_ok(name) and not _common_word(name):
                out.append(Candidate(m.start("n"), m.end("n"), name, "Company", "label", None, 1))
        return out

    def named_candidates(self, text: str) -> list[Candidate]:
        """A name introduced by 名为/叫做 before its kind: 一家名为鹿角巷的茶饮品牌, 叫做“X”的App."""
        out = []
        for m in _NAMED.finditer(text):
            name = m.group("n")
            cls = _HEADS.get(m.group("k")) or _type_words()["suffix"].get(m.group("k")) or "Product"
            if self._new_name_ok(name, phrase_check=False) or _LATIN.match(name):
                out.append(Candidate(m.start("n"), m.end("n"), name, cls, "named", None, 2))
        return out

    def subject_candidates(self, text: str, tags: Sequence[Tag], taken: Sequence[Candidate]) -> list[Candidate]:
        """An unknown name in the subject slot of a relation verb at the start of a clause:
        去年，米哈游推出了…, 喜茶宣布与…达成合作. The slot is short and holds no function word;
        a frequent word (公司, 用户, 政府) or a time word is not a name."""
        starts = {c.start for c in taken}
        time_words = {(t.start, t.end) for t in tags if t.tag == "TIME"}
        out = []
        for m in self.subject_slot_re.finditer(text):
            a, b = m.span("n")
            name = m.group("n")
            if a in starts or (a, b) in time_words or any(c.start < b and a < c.end for c in taken):
                continue
            if self._new_name_ok(name, phrase_check=False) and not _common_word(name) \
                    and not any(ch in _FUNCTION_CHARS for ch in name) and not _TIME_WORD.search(name) \
                    and not _has_function_word(name):
                out.append(Candidate(a, b, name, "Company", "subject", None, 1))
        return out

    def object_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """An unknown name that is the whole object of a founding, investing or buying verb, up
        to the end of the clause: 共同成立了海纳云。, 王兴曾创业校内网。"""
        starts = {c.start for c in taken}
        out = []
        for m in self.object_slot_re.finditer(text):
            a, b = m.span("n")
            name = m.group("n")
            if a in starts or any(c.start < b and a < c.end for c in taken):
                continue
            if (self._new_name_ok(name, phrase_check=False) and not _common_word(name)
                    and not any(ch in _FUNCTION_CHARS for ch in name) and not _has_function_word(name)
                    and not self.modifier_re.match(name) and not _ordinary_words(name)):
                out.append(Candidate(a, b, name, "Company", "object", None, 1))
        return out

    def coordinated_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """A name joined to a known one by 和/与/或/及: 阿里系的虾米音乐和天天动听, 在虾米或天天动听APP上.
        The other side runs to a word that bounds names (的, 系, a verb, punctuation), and must not be
        a frequent word (用户和微信) or hold a function word."""
        starts = {c.start for c in taken}
        ends = {c.end for c in taken}
        out = []
        for c in taken:
            if c.type == "Person" and c.entity is None:
                continue
            # the name before: …的X和<c>
            if c.start >= 3 and text[c.start - 1] in _COORD:
                b = c.start - 1
                a = b
                while a > 0 and b - a < 8 and re.match(f"[{_ITEM_CHARS}]", text[a - 1]) \
                        and text[a - 1] not in _NOT_IN_ITEM and a not in ends:
                    a -= 1
                for m in self.boundary_re.finditer(text, max(0, a - 4), b):
                    if a <= m.end() < b:
                        a = max(a, m.end())
                if b - a >= 2 and a not in starts and self._coordinated_ok(text[a:b]):
                    out.append(Candidate(a, b, text[a:b], c.type, "coordinated", None, 1))
            # the name after: <c>和X的…
            if text[c.end:c.end + 1] in _COORD and c.end + 1 < len(text):
                a = c.end + 1
                b = a
                while b < len(text) and b - a < 8 and re.match(f"[{_ITEM_CHARS}]", text[b]) \
                        and text[b] not in _NOT_IN_ITEM and b not in starts:
                    b += 1
                stop = self.boundary_re.search(text, a + 1, b)
                if stop:
                    b = stop.start()
                if b - a >= 2 and a not in starts and self._coordinated_ok(text[a:b]) \
                        and (b == len(text) or not re.match(f"[{_ITEM_CHARS}]", text[b]) or b in starts
                             or self.boundary_re.match(text, b) or self.suffix_re.match(text, b)):
                    out.append(Candidate(a, b, text[a:b], c.type, "coordinated", None, 1))
        return out

    def _coordinated_ok(self, name: str) -> bool:
        return (self._new_name_ok(name, phrase_check=False) and not _common_word(name)
                and not _has_function_word(name) and not _ordinary_words(name)
                and not self.part_re.fullmatch(name))

    def renamed_candidates(self, text: str) -> list[Candidate]:
        """A quoted new name after a renaming verb: 饿了么改名“淘宝闪购”, 更名为“X”."""
        out = []
        for m in _RENAMED.finditer(text):
            name = m.group("n").strip()
            if 2 <= len(name) <= 12 and self._new_name_ok(name):
                out.append(Candidate(m.start("n"), m.start("n") + len(name), name, "Product", "renamed", None, 3))
        return out

    def _person_name(self, name: str) -> bool:
        return (2 <= len(name) <= 4 and _CJK_RUN.fullmatch(name) is not None
                and name.startswith(_surnames()) and self.catalog.lookup(name) is None
                and not self.boundary_re.search(name[1:]))

    def _after_head_word(self, text: str, at: int) -> bool:
        return bool(self.head_end_re.search(text, max(0, at - 4), at))

    def _suffix_class(self, rest: str) -> str | None:
        m = self.suffix_end_re.search(rest)
        return _type_words()["suffix"][m.group()] if m else None

    def _extension_ok(self, rest: str) -> bool:
        """What may follow a catalog name inside one longer name: 闪购, 战投, 中国电商集团, 娱乐."""
        if not 1 <= len(rest) <= 8 or not _NAME_RUN.fullmatch(rest) or _TICKER.search(rest):
            return False
        if (self.boundary_re.match(rest) or self.trigger_re.search(rest) or self.role_re.search(rest)
                or self.part_re.match(rest)):
            return False
        suffix = _type_words()["suffix"].get(rest)
        if suffix not in (None, "Company"):
            return False  # 美团小程序, 淘宝App: the suffix rules read these
        if len(rest) == 1 and suffix is None:
            return False  # 阿里系, 腾讯方: a bound word, not a longer name
        if rest.isascii() and len(rest) <= 2:
            return False  # 天猫H5, 淘宝App: a format or a type, not a longer name
        first = pos.lcut(rest)[0]
        if len(first.word) >= 2 and first.flag == "v":
            return False  # 斗鱼合并: the name and its verb
        return first.flag[:1] not in ("p", "r", "m", "c", "u", "d", "f", "q")

    def _tagged_org_ok(self, name: str) -> bool:
        """An organisation LAC tags is not a sector (中国电信业, 互联网圈), nothing but generic
        words and a type suffix (金融科技公司, VR硬件公司), or a short common word (登山队)."""
        if _SECTOR.search(name):
            return False
        head = self.suffix_end_re.sub("", name)
        unit = name.endswith(("集团", "事业群", "事业部"))  # 本地生活集团: a group named by its line of business
        if head != name and (not head or (_only_generic(head, self.generic_re) and not unit)):
            return False
        if len(name) <= 3:
            jieba.dt.check_initialized()
            return name not in jieba.dt.FREQ
        return True

    def _new_name_ok(self, name: str, phrase_check: bool = True) -> bool:
        """A plausible new name: not generic, not a known name, not starting with a function
        word; with ``phrase_check``, not an ordinary phrase by jieba's reading (a name the
        statistical tagger proposes skips that reading: 欢聚集团 starts with the verb 欢聚)."""
        if not 2 <= len(name) <= 12 or not _NAME_RUN.fullmatch(name) or name.isdigit():
            return False
        if self.generic_re.fullmatch(name) or self.catalog.lookup(name) is not None:
            return False
        if self.boundary_re.match(name) or self.trigger_re.search(name) or _COUNTED.match(name):
            return False
        if _LATIN.match(name) or not phrase_check:
            return True
        return not _phrase_not_name(name, "Company")

    def _list_item_ok(self, text: str, a: int, b: int) -> bool:
        """A member of a list of names may start with a word that bounds names elsewhere
        (今日资本, 五源资本); only a function word, a count (六大…, 两家…) or a common noun
        (外卖、到店) rules it out. A number is a name there too (1688、闲鱼) unless it is a quantity."""
        name = text[a:b]
        if not 2 <= len(name) <= 12 or not _NAME_RUN.fullmatch(name) or name.strip() != name:
            return False
        if name.isdigit():
            return len(name) >= 3 and not _QUANTITY_AFTER.match(text, b)
        if name[0] in _FUNCTION_CHARS or _COUNTED.match(name) or self.trigger_re.search(name):
            return False
        if self.generic_re.fullmatch(name) or self.catalog.lookup(name) is not None:
            return False
        return _LATIN.match(name) is not None or not _common_word(name)

    def _after_modifier(self, text: str, a: int, b: int) -> int:
        """The start of a list member's name after a modifier that ends in a type word (电竞类X)."""
        best = a
        for m in self.head_end_re.finditer(text, a, b):
            if b - m.end() >= 2:
                best = m.end()
        return best

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


def _jieba_freq() -> dict[str, int]:
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


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
    """Statistical names: LAC (:mod:`kg.tagger`) tags the sentence with the catalog's names held
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
    role word, names after their type word (App抖省省), and the other members of a list of names."""

    def __call__(self, doc: Doc) -> Doc:
        rec = self.recognizer
        text = _text(doc)
        tags = doc.user_data.get("kg_tags") or ()
        cands = list(doc._.kg_candidates or [])
        cands += rec.quoted_candidates(text) + rec.renamed_candidates(text) + rec.label_candidates(text)
        cands += rec.named_candidates(text)
        cands += rec.suffix_candidates(text, cands)
        if rec.role_re.search(text):
            cands += rec.person_candidates(text, cands)
        cands += rec.apposition_candidates(text, tags, cands)
        cands += rec.launched_object_candidates(text, cands)
        cands += rec.subject_candidates(text, tags, cands)
        cands += rec.object_candidates(text, cands)
        cands += rec.list_candidates(text, cands)
        cands += rec.coordinated_candidates(text, cands)
        cands += rec.alias_candidates(text, cands)
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


class References(_Component):
    """Adds pseudo-mentions for words that refer to earlier sentences (双方, 该公司, 其, an unsaid
    owner), from the document's ``doc.user_data["kg_discourse"]`` (:mod:`kg.reference`)."""

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
    """Runs the relation rules (``kg.relations``) over the linked mentions.

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
        refs = {(s, ent.iri) for s, _, ent, _, rule in found if rule.startswith("ref:")}
        doc._.kg_facts = [dataclasses.replace(f, rule=f.rule + "+ref")
                          if (f.subject_start, f.subject.iri) in refs or (f.object_start, f.object.iri) in refs
                          else f for f in facts]
        doc.user_data["kg_topic_out"] = topic
        return doc


# 腾讯系虎牙, 阿里系的虾米, 阿里系资源: "X系" says whose camp something is in, and X is not an
# argument of the clause; 饿了么系阿里巴巴旗下公司 (系 = 是) keeps both names.
_AFFILIATION = re.compile(r"系(?:的|(?=资源|企业|公司|产品|应用|平台|成员|阵营|背景|人马|出身|资本))")
_COPULA_AFTER = re.compile(r"\s*(?:旗下|的|子公司|全资|控股|投资|所有)")


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
