"""Names read by their structure, the way a reader reads a name no list holds.

- **Organisations**: place + trade name + trade words + legal form (``深圳市长庚投资管理有限公司``,
  ``鸣鹤医疗``, ``海鸥（北京）科技有限公司``). The trade words and legal forms are data
  (``type_words.tsv``, ``industry`` and ``legal``); the trade name is read back from them
  word by word: rare words and single characters belong to it, a common word (股东, 包括) or
  a function word ends it, and a place name at its left edge is part of the name.
- **Aliases declared in brackets**: ``北京知更科技有限公司（以下简称“知更科技”）``: the alias is
  another name of the name before it.
- **Latin names**: ``Zeta Robotics``, ``Aster-4 Turbo``, ``Moon-3 Pro``; an organisation when
  the name ends in a word of a firm (Robotics, Capital, Labs), a product after a product's
  type word or a launch verb, or when it carries a version.
- **Brand + product**: a product named by its maker's trade name and a product word or more
  (墨鱼网络 → 墨鱼笔记, 星河Pay, 小鹿买菜App), for the organisations the sentence or the
  document names.

:class:`StructureNames` holds these rules; :class:`kg.extract.names.Recognizer` mixes them in.
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

from kg.extract import pos
from kg.extract.lexicon import (
    COUNTED, FUNCTION_CHARS, NAME_CHAR, ORG_TYPES, TIME_WORD, Candidate, only_generic, alt_pattern, common_word, jieba_freq, type_words,
)

#: A word more frequent than this in jieba's dictionary is an ordinary word, not a trade name.
_COMMON = 1000
# Part-of-speech flags of a word that can never be the start of a trade name.
_NOT_NAME_FLAGS = ("p", "c", "u", "d", "r", "f", "q", "m", "t")
_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")
_REGION = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[)）]$")
_ALIAS_DECLARED = re.compile(
    r"\s*[（(]\s*(?:以下|下文)?(?:简称|下称|简称为|又称|英文名)?\s*[:：]?\s*[“\"「『]?"
    r"(?P<a>[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9 ·&.\-]{0,15}?)[”\"」』]?\s*[)）]")
_ALIAS_NEEDS_WORD = re.compile(r"[（(]\s*(?:以下|下文)?(?:简称|下称|又称|英文名)")
# A Latin name: capitalised words, digits and versions (Zeta Robotics, Aster-4 Turbo, Kite-2.5).
_LATIN_WORD = r"[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
_LATIN_NAME = re.compile(
    rf"(?<![A-Za-z0-9])(?P<n>{_LATIN_WORD}(?: (?:{_LATIN_WORD}|\d+(?:\.\d+)?|mini|max|pro|plus|lite))*)"
    r"(?![A-Za-z0-9])")
_VERSION = re.compile(r"\d|(?:^| )(?:Pro|Max|Ultra|Plus|Lite|Mini|Air|Turbo|One|SE)$|-V\d")
_FIRM_WORD = re.compile(
    r" (?:Robotics|Technologies|Technology|Tech|Labs?|AI|Inc\.?|Ltd\.?|Corp\.?|Corporation|Capital|Ventures|"
    r"Partners|Group|Holdings|Software|Studios?|Games|Media|Networks|Systems|Semiconductor|Motors|Bio|"
    r"Therapeutics|Intelligence|Dynamics|Cloud|Data)$")
# Capitals that are words of the trade, not names (CEO, IPO, GPU, B轮's B).
_LATIN_WORDS = frozenset("""CEO CTO CFO COO CMO CPO CIO VP SVP EVP HR PR IR IPO PE VC LP GP AI AIGC AGI LLM
    AR VR XR MR PC GPU CPU NPU TPU SoC API SDK App APP SaaS PaaS IaaS IT ICT IoT OS UI UX B2B B2C C2C O2O
    OTA DAU MAU GMV ARPU KOL KOC UP IP ID TV OLED LCD LED USB NFC GPS ESG NFT ETF A股 H股 Q1 Q2 Q3 Q4 H1 H2
    YoY QoQ OK PDF HTML CNN BBC WiFi Wi-Fi Pre-A Pre-B PPT Excel Word PS4 PS5 Xbox iOS Android Windows
    Mac Linux CN US UK EU HK SEC FDA ICO GDP CPI ROI KPI OKR DTC SKU AB""".split())
# Words before a Latin name that make it a product (模型Raven-V2, 机械臂 Zeta Arm 2).
_PRODUCT_BEFORE = re.compile(
    r"(?:模型|大模型|手机|眼镜|耳机|机器人|机械臂|芯片|平板|手表|汽车|车型|电脑|笔记本|相机|无人机|浏览器|输入法|"
    r"应用|软件|App|APP|平台|助手|系统|游戏|新作|产品|品牌|服务|工具|设备|终端|版本|系列|新品|推出了?|发布了?|"
    r"上线了?|首发了?|开放了?|名为|叫做|买下的?|收购的?|收购了)\s*[“\"「]?$")
# Last words of a Latin product's name (Orbit Store, Lumi Note, Koala Reader, Google Play).
_PRODUCT_WORD = re.compile(
    r" (?:Store|Play|Pay|Music|Note|Notes|Reader|Browser|Live|TV|Maps?|Drive|Chat|Mail|Home|Watch|Phone|"
    r"Pad|Book|Glass|Buds|Arm|Go|Plus|Pro|Max|Lite|Mini|Ultra|Air|Turbo)$")
_PRODUCT_AFTER = re.compile(r"\s*的?\s*(?:笔记应用|应用|App|APP|软件|模型|大模型|手机|眼镜|芯片|平台|产品|浏览器|助手)")
_PAYMENT_SLOT = re.compile(
    r"(?:支持|接入|开通|使用|用|通过|可用|选择)(?:了)?(?P<n>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z ]{1,8}?)"
    r"(?:付款|支付|结算|收款|扫码支付|买单)")
_LAUNCH = re.compile(r"(?:推出|发布|上线|首发|开放|亮相|上市)了?")


@functools.lru_cache(maxsize=1)
def _org_tail() -> re.Pattern[str]:
    """Trade words and a legal form, or a legal form alone, with an optional region in brackets."""
    words = type_words()
    industry, legal = alt_pattern(words["industry"]), alt_pattern(words["legal"])
    return re.compile(f"(?:[（(][\u4e00-\u9fff]{{2,4}}[)）])?(?:(?:{industry}){{1,3}}(?:{legal})?|(?:{legal}))")


@functools.lru_cache(maxsize=1)
def _product_word() -> re.Pattern[str]:
    return re.compile(alt_pattern(type_words()["product"]))


@functools.lru_cache(maxsize=1)
def _product_tail() -> re.Pattern[str]:
    return re.compile(f"(?:{alt_pattern(type_words()['product'])})$")


def _word_ending_at(text: str, at: int, freq: dict[str, int]) -> str | None:
    """The longest dictionary word of two to four characters that ends at ``at``."""
    for size in (4, 3, 2):
        if at - size >= 0 and freq.get(text[at - size:at], 0) > 0:
            return text[at - size:at]
    return None


_FUNCTION_FLAGS = ("r", "p", "c", "u", "ug", "uj", "ul", "q")


def _trade_name_ok(trade: str) -> bool:
    """A trade name holds a CJK character (or Latin with lower case: Zeta), starts with no adverb,
    pronoun, preposition or numeral (太多, 更多, 自建, 过…), and holds no function word.

    >>> _trade_name_ok("合木"), _trade_name_ok("太多"), _trade_name_ok("618"), _trade_name_ok("LBS")
    (True, False, False, False)
    """
    if not re.search(r"[\u4e00-\u9fff]|[a-z]", trade):
        return False
    words = pos.lcut(trade)
    if words[0].flag[:1] in ("d", "m", "p", "r", "c", "u", "q") and not words[0].word.isascii():
        return False
    return not any(w.flag.startswith(_FUNCTION_FLAGS) for w in words)


def trade_name_start(text: str, end: int, stops: set[int] = frozenset(), longest: int = 4) -> int | None:
    """Where the name that ends at ``end`` (before its trade words) begins, or ``None``.

    Read back word by word: a rare word or single characters are the trade name (two to
    ``longest`` characters); a common word, a function word or a bound (``stops``) ends it,
    and a place name right before it is the name's start (北京知更…, 深圳市长庚…).

    >>> text = "老股东合木资本继续加注"
    >>> text[trade_name_start(text, 5):5]
    '合木'
    >>> text = "投资方包括北京知更科技有限公司"
    >>> text[trade_name_start(text, 9):9]
    '北京知更'
    """
    freq = jieba_freq()
    i, size = end, 0
    while i > 0 and size < longest and i not in stops:
        word = _word_ending_at(text, i, freq)
        if word is not None:
            flag = pos.lcut(word)[0].flag if len(pos.lcut(word)) == 1 else "x"
            if flag.startswith("ns") and size >= 2:
                return i - len(word)  # a place before the trade name is part of the name
            if freq[word] >= _COMMON or flag[:1] in _NOT_NAME_FLAGS or (flag.startswith("v") and freq[word] >= 50):
                break  # a rare verb may be a trade name (拾贝, 欢聚); a common one ends it (拓展)
            i -= len(word)
            size += len(word)
            continue
        ch = text[i - 1]
        if not NAME_CHAR.match(ch) or ch in FUNCTION_CHARS:
            break
        i -= 1
        size += 1
    if text[i] in "有为是" and (i == 0 or i in stops) and size > 2:
        i += 1  # 投资人有X资本, 股东为X资本: the verb after a bound is not the name
        size -= 1
    if size < 2 or not _trade_name_ok(text[i:end]) or (i > 0 and _LATIN_CHAR.match(text[i - 1]) and _LATIN_CHAR.match(text[i])):
        return None  # …, and never the tail of a Latin word (Orbit Store三大应用商店: not "re三大")
    if i > 0 and i not in stops:
        place = _word_ending_at(text, i, freq)
        if place is not None and pos.lcut(place)[0].flag.startswith("ns") and len(pos.lcut(place)) == 1:
            return i - len(place)
    return i


_NOUN_FLAGS = ("n", "eng", "x", "j", "l", "a", "b", "s")


def _noun_words(run: str) -> str:
    """The leading words of ``run`` that can continue a name: nouns, Latin, unknown characters;
    a verb, a time word, a number or a function word ends it (星河Pay, 墨鱼笔记; not 长缨今年)."""
    out = ""
    for word in pos.lcut(run):
        noun = word.flag.startswith(_NOUN_FLAGS) or (word.flag == "t" and not TIME_WORD.search(word.word))
        if word.word.isdigit() or not noun or word.flag.startswith("nr") and out:
            break
        out += word.word
    return out


class StructureNames:
    """Candidate names from their own structure (a mixin of ``Recognizer``)."""

    def org_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """Organisations named by trade name + trade words + legal form (鸣鹤医疗, 合木资本,
        深圳市长庚投资管理有限公司, 海鸥（北京）科技有限公司), and products named by a trade name
        and the word of their kind (青禾社区, 石榴短视频, 南屿旅行, 星河App)."""
        return (self._structured(text, taken, _org_tail(), lambda tail: "Company", "org.structure")
                + self._structured(text, taken, _product_word(),
                                   lambda tail: type_words()["product"][tail], "product.structure"))

    def _structured(self, text: str, taken: Sequence[Candidate], tail, kind, rule: str) -> list[Candidate]:
        bounds = {b.end() for b in self.boundary_re.finditer(text)}
        catalog_ends = {c.end for c in taken if c.entity is not None}
        starts = {c.start for c in taken}
        out = []
        at = 0
        while at < len(text):
            m = tail.search(text, at)
            if m is None:
                break
            at = m.start() + 1
            if m.start() in starts or m.start() in catalog_ends or not self._ends_word(text, m.end()):
                continue  # 淘宝App: a catalog name with its kind is that name
            # the names that end before the trade name bound it; one that ends at the tail is its trade
            stops = bounds | {c.end for c in taken if c.end < m.start() or c.start >= m.start()}
            begin = trade_name_start(text, m.start(), stops)
            if begin is None:
                continue
            name = text[begin:m.end()]
            trade = text[begin:m.start()]
            if (COUNTED.match(trade) or self._generic_trade(trade) or common_word(trade)
                    or self.catalog.lookup(trade) is not None or not self._new_name_ok(name, phrase_check=False)):
                continue
            out.append(Candidate(begin, m.end(), name, kind(m.group()), rule, None, 2))
            at = m.end()
        return out

    def _generic_trade(self, trade: str) -> bool:
        """A trade name that holds a generic word (内容, 互联网) or is nothing but generic characters
        is a description; one generic character inside a name is not (橙子 holds 子)."""
        return (any(len(m.group()) >= 2 for m in self.generic_re.finditer(trade))
                or only_generic(trade, self.generic_re))

    def _ends_word(self, text: str, at: int) -> bool:
        """Whether a name may end at ``at``: no dictionary word runs across it (科技|园 does)."""
        if at >= len(text) or not NAME_CHAR.match(text[at]):
            return True
        freq = jieba_freq()
        for i in range(max(0, at - 2), at):
            for j in range(at + 1, min(len(text), at + 3) + 1):
                if freq.get(text[i:j], 0) >= _COMMON and not self.boundary_re.match(text, at):
                    return False
        return True

    def declared_alias_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """``X（以下简称“Y”）``, ``X(下称"Y")``, ``X（简称：Y）``: Y is another name of X."""
        out = []
        for c in taken:
            if c.type == "Person":
                continue
            m = _ALIAS_DECLARED.match(text, c.end)
            if m is None or not _ALIAS_NEEDS_WORD.match(text, c.end + (len(m.group()) - len(m.group().lstrip()))):
                continue
            alias = m.group("a").strip()
            if 2 <= len(alias) < len(c.name) + 4 and alias != c.name:
                start = m.start("a")
                out.append(Candidate(start, start + len(alias), c.name, c.type, "alias", c.entity, c.priority + 1))
        return out

    def latin_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """Latin names: a firm by its last word, a product by its type word, launch verb or version."""
        covered = {i for c in taken for i in range(c.start, c.end)}
        out = []
        for m in _LATIN_NAME.finditer(text):
            name = m.group("n").rstrip(" .-")
            start, end = m.start("n"), m.start("n") + len(name)
            if start in covered or len(name) < 2 or name in _LATIN_WORDS or name.split()[0] in _LATIN_WORDS:
                continue
            if re.fullmatch(r"[A-Z0-9.\-]{1,6}", name):
                continue  # an acronym or a code (S2B2C, LBS, 5G, B2C): a name only with a type word

            before = text[max(0, start - 8):start]
            if _FIRM_WORD.search(name) or re.match(r"\s*(?:公司|集团|Inc|Ltd)", text[end:]):
                cls = "Company"
            elif (_PRODUCT_BEFORE.search(before) or _PRODUCT_AFTER.match(text, end) or _VERSION.search(name)
                  or _PRODUCT_WORD.search(name)):
                cls = "App" if re.search(r"(?:应用|App|APP|软件)\s*[“\"「]?$", before) else "Product"
            else:
                continue
            out.append(Candidate(start, end, name, cls, "latin", None, 2))
        return out

    def payment_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """A name between a verb of paying and 付款/支付 is a payment service: 支持云付通付款,
        用闪银支付结算, 接入易汇付收款."""
        covered = {i for c in taken for i in range(c.start, c.end)}
        out = []
        for m in _PAYMENT_SLOT.finditer(text):
            start, end = m.span("n")
            name = m.group("n")
            if start in covered or common_word(name) or not self._new_name_ok(name, phrase_check=False):
                continue
            out.append(Candidate(start, end, name, "PaymentService", "payment.slot", None, 2))
        return out

    def brand_candidates(self, text: str, taken: Sequence[Candidate], brands: Sequence[str] = ()) -> list[Candidate]:
        """A product named by a maker's trade name and product words: 墨鱼笔记 (by 墨鱼网络),
        星河Pay, 小鹿买菜App. The brands are the trade names of the organisations named in the
        sentence (and ``brands`` from the rest of the document); what follows the brand runs to
        a bound and must read as a noun."""
        trades = set(brands)
        for c in taken:
            if c.type in ORG_TYPES or c.type == "Company":
                m = _org_tail().search(c.name)
                if m is not None and m.end() == len(c.name) and m.start() >= 2:
                    trades.add(c.name[:m.start()])
        trades = {t for t in trades if len(t) >= 2}
        if not trades:
            return []
        known = {(c.start, c.end) for c in taken}
        out = []
        for m in re.finditer(alt_pattern(trades), text):
            a = m.end()
            b = a
            while b < len(text) and b - a < 6 and (NAME_CHAR.match(text[b]) and text[b] not in FUNCTION_CHARS):
                b += 1
            stop = self.boundary_re.search(text, a, b)
            if stop is not None:
                b = stop.start()
            rest = _noun_words(text[a:b])
            b = a + len(rest)
            if not rest or _org_tail().match(rest) or self.trigger_re.match(rest) or (m.start(), b) in known:
                continue  # 墨鱼网络 itself, 墨鱼集团, 墨鱼科技1.5%: the organisation, not a product
            product = _product_tail().search(rest)
            cls = type_words()["product"][product.group()] if product else "Product"
            name = text[m.start():b]
            if self.catalog.lookup(name) is None and len(rest) >= 1:
                out.append(Candidate(m.start(), b, name, cls, "brand", None, 2))
        return out
