"""The words names are made of and bounded by: lexicons, candidate spans, and jieba's view.

Shared by the name rules (:mod:`kg.extract.names`, :mod:`kg.extract.shapes`): what a
candidate is, the data files of type words, name words and surnames
(``kg/data/type_words.tsv``, ``name_words.tsv``, ``surnames.txt``), and the tests that
tell a name from an ordinary word or phrase by jieba's dictionary and tags.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

import jieba

from kg.extract import pos
from kg.model import Entity
from kg.resources import data_rows, package_data

LATIN = re.compile(r"[A-Za-z0-9]")


# How far around a catalog name jieba looks to tell a name from part of a longer word.
WINDOW = 8


CLAUSE_END = re.compile(r"[\s，,。；;：:！!？?、（）()“”\"「」『』《》]")


NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]")


OPEN = "“\"「『《"


QUOTED = re.compile(r"([“\"「『《])([^“”\"「」『』《》\n，,。；;！？!?]{1,24}?)([”“\"」』》])")


# Where an ambiguous catalog name (当当, 来往) counts as a name: after an opening quote,
# or before a word that only follows names.
NAME_CONTEXT = re.compile(r"[网官旗App集公平小客”\"」』》]|APP|app|CEO|总裁|董事长|创始人|旗下")


APP_TYPES = frozenset({"App", "MiniProgram", "Platform"})


ORG_TYPES = frozenset({"Company", "InvestmentFirm", "Organization", "GovernmentAgency"})


# Suffixes that make a catalog name into a unit of its own: 美团战投, 阿里电商事业群, 腾讯资本.
UNIT_SUFFIXES = frozenset({"战投", "事业群", "事业部", "业务部", "资本", "创投", "基金"})


# Suffixes that are ordinary words too (智能手机, 科技园, 网络安全): they end a name only where a word ends.
WEAK_SUFFIXES = frozenset({"智能", "科技", "网络", "咨询", "资本", "基金"})


# Units named by what they do: 电商事业群, 云事业群.
UNIT_NAMED_BY_DOMAIN = frozenset({"事业群", "事业部", "业务部"})


LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*(?: [A-Z][A-Za-z0-9.\-]*)*")


# A stock code glued to a name: 9888.HK, BIDU.O, IQ.O
TICKER = re.compile(r"[A-Z0-9]\.[A-Z]{1,2}\b|^\.")


CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&.\- ]+")


ENDS_NAME = re.compile(r"$|[\s，,。；;：:！!？?、（）()“”\"」』》]")


LABEL = re.compile(r"(?:^|(?<=[\n。；;！!？?]))(?P<n>[\u4e00-\u9fffA-Za-z]{2,6})[“\"「][^“”\"「」\n]{2,8}[”\"」]\s*[:：]")


# A quote followed by a plain noun modifies it (“超值低价”套餐): the quote is not a name.
MODIFIES_NOUN = re.compile(r"[\u4e00-\u9fff](?<![了等和与及后时的之])|的(?![\s，,。；;])")


ALIAS = re.compile(r"\s*[(（]\s*(?P<a>[A-Z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&.\-]+){0,3}?)\s*[)）]")


HOST_TYPES = frozenset({"App", "Platform", "Company"})


NAMED = re.compile(r"(?:名为|叫做|名叫|取名为?|命名为)[“\"「]?(?P<n>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)[”\"」]?的"
                    r"[^，,。；;]{0,6}?(?P<k>公司|企业|品牌|平台|应用|软件|App|APP|产品|机构|集团|小程序)")


TIME_WORD = re.compile(r"[年月日时]$|^(?:今|去|明|前|近|当|此|目)")


RENAMED = re.compile(r"(?:改名为?|更名为?|改称|易名为?|品牌升级为)[“\"「『](?P<n>[^“”\"「」『』\n，,。]{1,24}?)[”“\"」』]")


# A member's trailing gloss: 星河科技(仓储机器人)
GLOSS = r"(?:[(（][^()（）\n]{1,15}[)）])?"


ITEM_CHARS = "\u4e00-\u9fffA-Za-z0-9·&"


LIST_SEP_RE = re.compile(GLOSS + "、")


# What closes a list: 等, a count of members (两家), a clause end.
# 等, a count (三家, 两者), or a word that places the list (…之列, …之间, …双方): the last member ends there
LIST_CLOSE = re.compile(r"等|[两二三四五六七八九十几多数]+[家个款位者]|之列|之间|双方|彼此")


LIST_END = re.compile(LIST_CLOSE.pattern + r"|[，,。；;：:！!？?\n）)]|$")


ORG_CLASS = (
    (re.compile(r"(?:局|部|委员会|委|署|厅|法院|检察院|政府)$"), "GovernmentAgency"),
    (re.compile(r"(?:大学|学院|研究院|研究所|实验室|协会|联盟|基金会|学会)$"), "Organization"),
)


FUNCTION_CHARS = frozenset("的了在和与及是被由向对从把给为等让用也都还又这那其该每各")


#: Nouns that end a description before a name in a list (芯片新秀X, 电池独角兽X, 存储厂商X).
DESCRIPTION_NOUNS = ("厂商", "新秀", "独角兽", "巨头", "龙头", "创企", "车企")

COUNTED = re.compile(r"[一二两三四五六七八九十百千几数多\d]+[家个款位名只种项类大]")
#: A count closing a phrase (云栖网盘两大 before 平台): the kind word after it is plural, no name's suffix.
COUNTED_TAIL = re.compile(r"(?<=[^一二两三四五六七八九十百千几数多\d])[一二两三四五六七八九十百千几数多\d]+[家个款种项类大]$")


QUANTITY_AFTER = re.compile(r"\s*(?:年|月|日|万|亿|元|美元|%|％|个|家|人|名|件|次|余|多)")


CONTEST = re.compile(r"大战|之争|战争|混战|市场|业务|行业|领域|赛道|板块")


SECTOR = re.compile(r"(?:业|界|圈|行业|领域|市场|产业|赛道)$")


def only_generic(words: str, generic: re.Pattern[str]) -> bool:
    """Whether ``words`` is nothing but generic words (VR硬件, 金融科技)."""
    return re.fullmatch(f"(?:{generic.pattern})+", words) is not None


@functools.lru_cache(maxsize=4096)
def common_word(name: str) -> bool:
    """A word of the general vocabulary (外卖, 市场, 用户): jieba knows it as one frequent word."""
    return word_freq(name) >= 500


#: Catalog names kg added to jieba's dictionary (so they stay one token), with the frequency
#: jieba's own dictionary gave them before: a name is no common word for being in the catalog.
_CATALOG_WORDS: dict[str, int] = {}


def add_catalog_word(form: str) -> None:
    """Make ``form`` one token for jieba, remembering how common jieba thought it was."""
    jieba.dt.check_initialized()
    if form not in _CATALOG_WORDS:
        _CATALOG_WORDS[form] = jieba.dt.FREQ.get(form, 0)
    total = jieba.dt.total
    jieba.add_word(form, freq=20000)
    jieba.dt.total = total  # jieba's own total: its words weigh what they did, however big the catalog


def word_freq(word: str) -> int:
    """How common ``word`` is in jieba's own dictionary (not counting the catalog's boost).

    >>> word_freq("市场") >= 500, word_freq("蓝鲸星途")
    (True, 0)
    """
    jieba.dt.check_initialized()
    if word in _CATALOG_WORDS:
        return _CATALOG_WORDS[word]
    return jieba.dt.FREQ.get(word, 0)


@functools.lru_cache(maxsize=4096)
def has_function_word(name: str) -> bool:
    """Whether jieba reads a word of ``name`` as an adverb, numeral, pronoun, preposition,
    conjunction, particle, locative, measure, adjective or time word (不同于早期, 第一条直接)."""
    return any(len(w.word) >= 2 and w.flag[:1] in "dmprcufqat" for w in pos.lcut(name))


@functools.lru_cache(maxsize=4096)
def ordinary_words(name: str) -> bool:
    """Whether ``name`` holds an ordinary verb or a frequent word of two characters or more
    (版图后发现, 大相径庭): a phrase, not a name."""
    freq = jieba_freq()
    return any(len(w.word) >= 2 and (w.flag.startswith("v") or freq.get(w.word, 0) >= 2000)
               for w in pos.lcut(name))


@functools.lru_cache(maxsize=1)
def _kind_words() -> tuple[str, ...]:
    """The kind words that may end a name (suffix, industry and product words), longest first."""
    tw = type_words()
    return tuple(sorted({w for table in ("suffix", "industry", "product") for w in tw[table]}, key=len, reverse=True))


def ordinary_trade(name: str) -> bool:
    """Whether ``name``, without the kind word that ends it (社区, 手机, 资本, 音乐 …), holds a frequent
    word or a common verb: 霓虹社区, 雪豹手机, 溯源资本 are names (a rare word before a kind word);
    用户社区, 发布会议 are not. A name that is a kind word alone is ordinary."""
    kinds = _kind_words()
    trade = name
    for kind in kinds:
        if name.endswith(kind) and len(name) > len(kind):
            trade = name[:-len(kind)]
            break
    else:
        if name in kinds:
            return True
    freq = jieba_freq()
    return any(len(w.word) >= 2 and (freq.get(w.word, 0) >= 2000 or w.flag.startswith("v") and freq.get(w.word, 0) >= 200)
               for w in pos.lcut(trade)) or (len(trade) == 1 and freq.get(trade, 0) >= 2000)


def org_class(name: str) -> str:
    for pattern, cls in ORG_CLASS:
        if pattern.search(name):
            return cls
    return "Company"


@functools.lru_cache(maxsize=1)
def _list_head_re() -> re.Pattern[str]:
    """等 and a few words, or a count, then the type word that heads a list (…等快递企业, …三家平台)."""
    return re.compile(r"(?:等(?:[逾超近约]?[\d一二三四五六七八九十百千几多余]+[款个家])?[^，,。；;：:！!？?\n的]{0,4}?"
                      r"|[两二三四五六七八九十几多]+[家个款大])(" + alt_pattern(type_words()["suffix"].keys()
                      | type_words()["after"].keys() | HEADS.keys()) + ")")


def list_items(text: str, boundary: re.Pattern[str], known: dict[int, int] | None = None
                ) -> list[tuple[list[tuple[int, int]], str | None]]:
    """Lists of names in ``text``: the members' spans (a gloss after a member is left out) and
    the class named by a head noun after 等 (…等物流企业 → Company), if any. ``known``: start →
    end of names already found; a member that starts with one runs at least to its end (饿了么).

    >>> import re
    >>> [(i, c) for i, c in list_items("京东联合顺丰、青鸟快运、鹊桥速递等快递企业", re.compile("联合"))]
    [([(4, 6), (7, 11), (12, 16)], 'Company')]
    """
    known = known or {}
    out = []
    for clause in re.finditer(r"[^，,。；;：:！!？?\n“”\"「」『』]+", text):
        c0, c1 = clause.span()
        # two members joined by 和/与/及, closed by glosses or a count: 星河科技(…)和云帆智能(…)两家
        for m in PAIR.finditer(text, c0, c1):
            out.append(([m.span("a"), m.span("b")], None))
        # one member and 等 with a type word: 青禾电台等应用 (the list is the kind of thing)
        for m in ONE_OF_KIND.finditer(text, c0, c1):
            a = m.start()
            while a > c0 and re.match(f"[{ITEM_CHARS}]", text[a - 1]) and text[a - 1] not in NOT_IN_ITEM \
                    and m.start() - a < 8:
                a -= 1
            if m.start() - a >= 2 and not boundary.match(text, a):
                out.append(([(a, m.start())], HEADS[m.group("k")]))
        seps = list(LIST_SEP_RE.finditer(text, c0, c1))
        if not seps:
            continue
        groups: list[list[re.Match[str]]] = [[seps[0]]]
        for m in seps[1:]:
            between = text[groups[-1][-1].end():m.start()]
            if re.fullmatch(f"[{ITEM_CHARS} ]{{1,16}}" + GLOSS, between):
                groups[-1].append(m)
            else:
                groups.append([m])
        for group in groups:
            items = []
            # first member: back from the first separator to a boundary word
            end = group[0].start()
            start = end
            while start > c0 and re.match(f"[{ITEM_CHARS} ]", text[start - 1]) and end - start < 12:
                start -= 1
            for b in boundary.finditer(text, max(c0, end - 14), end):
                if start <= b.end() - 1 < end and b.end() < end:
                    start = max(start, b.end())
            first_end = strip_gloss(text, start, end)
            items.append((start, first_end))
            for prev, nxt in zip(group, group[1:]):
                items.append((prev.end(), strip_gloss(text, prev.end(), nxt.start())))
            # last member: forward from the last separator to 等, a count, a gloss or a boundary
            last = group[-1].end()
            stop = last
            while (stop < c1 and re.match(f"[{ITEM_CHARS} ]", text[stop]) and stop - last < 12
                   and not LIST_CLOSE.match(text, stop)):
                stop += 1
            for b in boundary.finditer(text, last + 1, stop):
                stop = b.start()
                break
            if known.get(last, 0) > stop:
                stop = known[last]
            if stop < len(text) and text[stop] in "(（":
                pass
            elif not LIST_END.match(text, stop) and not boundary.match(text, stop):
                continue
            items.append((last, stop))
            head = None
            after = _list_head_re().match(text, stop)
            if after:
                word = after.group(1)
                head = (HEADS.get(word) or type_words()["suffix"].get(word) or type_words()["after"].get(word))
            elif items and items[0][0] == c0 and c0 > 0 and text[c0 - 1] in "：:":
                # a kind word and a colon open the list: 以下10款违规App：A、B、C; 被下架的App包括：A、B
                lead = _LIST_LEAD.search(text[max(0, c0 - 17):c0 - 1])
                if lead:
                    head = HEADS.get(lead.group(1))
            items = [(a, b) for a, b in items if b - a >= 2]
            if len(items) >= 2:
                out.append((items, head))
    return out


_LIST_LEAD = re.compile(r"(App|APP|应用|软件|平台|企业|公司|机构|产品|品牌)(?:包括|包含|有|如下|为|是|分别为|分别是|名单|清单)?$")


PAIR = re.compile(f"(?P<a>[{ITEM_CHARS}]{{2,12}}?)[(（][^()（）\\n]{{1,15}}[)）](?:和|与|及|以及)"
                   f"(?P<b>[{ITEM_CHARS}]{{2,12}}?)(?:[(（][^()（）\\n]{{1,15}}[)）])?(?={LIST_CLOSE.pattern})")


HEADS = {"商家": "Company", "玩家": "Company", "机构": "Organization", "企业": "Company", "公司": "Company",
          "应用": "App", "软件": "App", "App": "App", "APP": "App", "平台": "Platform", "品牌": "Product",
          "产品": "Product", "支付方式": "PaymentService", "付款方式": "PaymentService",
          "支付工具": "PaymentService", "支付渠道": "PaymentService", "行动支付": "PaymentService",
          "移动支付": "PaymentService", "电子钱包": "PaymentService"}


# a single member before 等 and its kind: （腾讯系）青禾电台等应用
ONE_OF_KIND = re.compile("等(?P<k>" + "|".join(HEADS) + ")")


NOT_IN_ITEM = frozenset("的系了和与及或在是被由对从把给为让")


COORD = frozenset("和与或及")


def strip_gloss(text: str, start: int, end: int) -> int:
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
def name_words() -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {}
    for kind, word in (row[:2] for row in data_rows("name_words.tsv")):
        words.setdefault(kind, []).append(word)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in words.items()}


@functools.cache
def type_words() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {"suffix": {}, "after": {}, "before": {}, "head": {}, "industry": {},
                                        "legal": {}, "product": {}, "unit": {}}
    for word, cls, where in (row[:3] for row in data_rows("type_words.tsv")):
        table[where][word] = cls
    # A suffix also types a quoted name that it follows.
    for word, cls in table["suffix"].items():
        table["after"].setdefault(word, cls)
    return table


@functools.cache
def surnames() -> tuple[str, ...]:
    text = package_data("surnames.txt").read_text(encoding="utf-8")
    names = {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    return tuple(sorted(names, key=len, reverse=True))


@functools.lru_cache(maxsize=4096)
def phrase_not_name(name: str, cls: str) -> bool:
    """A walked-back "name" that jieba reads as an ordinary phrase: 两个公司, 没有设置小程序, 微信环境下小程序.

    Names start with a noun-like word; a pronoun, preposition, numeral or conjunction
    (每个, 通过, 两个), or a verb phrase (赋予太多, 集成阿里巴巴), starts a phrase, and a trailing
    single numeral or locative (开始多, 环境下) ends one. A name that is one verb (筹备) is a
    phrase too, except for an app: app names are often verbs (得到App).
    """
    words = pos.lcut(name)
    first, last = words[0], words[-1]
    if first.flag[:1] in ("p", "r", "m", "c", "u") and first.word not in name_words().get("name_start", ()):
        return True
    if len(words) == 1:
        return first.flag == "v" and cls != "App"
    if first.flag == "v" and len(first.word) >= 2:
        return True
    return len(last.word) == 1 and last.flag[:1] in ("m", "f", "d", "u")


def listed(text: str, c: Candidate, starts: set[int], ends: set[int]) -> bool:
    """An ambiguous name joined by 和/与/、 to an unambiguous one (当当和京东) is a name too."""
    after = re.match(r"(?:和|与|及|、|跟)", text[c.end:c.end + 1])
    before = text[c.start - 1:c.start] if c.start else ""
    return bool(after and c.end + 1 in starts) or (before in ("和", "与", "及", "、", "跟") and c.start - 1 in ends)


def alt_pattern(words: Iterable[str]) -> str:
    """A regular expression for any of ``words``, tried longest first (like an alternation
    sorted by length), written as a trie: Python's ``re`` tries an alternation's branches
    one by one, a trie only the branch of the next character.

    >>> import re
    >>> rx = re.compile("(" + alt_pattern(["投资", "投资方", "投", "a.b"]) + ")了")
    >>> [m.group(1) for m in rx.finditer("投资方了，投资了，投了，a.b了，axb了")]
    ['投资方', '投资', '投', 'a.b']
    """
    return trie_regex(words, spaces=False)


def trie_regex(words: Iterable[str], spaces: bool = True) -> str:
    """A regular expression matching any of ``words``, the longest at each position.

    ``spaces``: a space in a word matches an optional white-space character (names written
    with and without their space); otherwise a space is a space.

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
        branches = [(re.escape(ch) if ch != " " or not spaces else r"\s?") + build(child)
                    for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


def whole_words(text: str, cands: list[Candidate]) -> list[Candidate]:
    """The candidates that begin and end where jieba puts a word boundary.

    A catalog name inside a longer word is not that name: 京东 in 北京东直门 (北京/东直门), 国美 in
    祖国美好, 滴滴 in 点点滴滴. Each candidate's surroundings, up to ``WINDOW`` characters either
    side and never across punctuation, are segmented once (jieba without HMM, with the catalog
    names that ``kg.extract.nlp`` adds to its dictionary), and overlapping surroundings together. A
    candidate that no dictionary word crosses at either end is kept without segmenting.
    """
    jieba.dt.check_initialized()
    freq = jieba.dt.FREQ
    risky = [c for c in cands if crossed(text, c.start, freq) or crossed(text, c.end, freq)]
    if not risky:
        return cands
    spans = []
    for c in sorted(risky, key=lambda c: c.start):
        stop = CLAUSE_END.search(text, c.end, min(len(text), c.end + WINDOW))
        begin = c.start - WINDOW
        for m in CLAUSE_END.finditer(text, max(0, begin), c.start):
            begin = m.end()
        span = [max(0, begin), stop.start() if stop else min(len(text), c.end + WINDOW)]
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


def jieba_freq() -> dict[str, int]:
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def crossed(text: str, at: int, freq: dict[str, int]) -> bool:
    """Whether a dictionary word of up to four characters spans position ``at`` (a cheap pre-check)."""
    for i in range(max(0, at - 3), at):
        for j in range(at + 1, min(len(text), i + 4) + 1):
            if freq.get(text[i:j]):
                return True
    return False
