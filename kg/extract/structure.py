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
from kg.resolve import places
from kg.extract.lexicon import (
    CONTEST, COUNTED, FUNCTION_CHARS, NAME_CHAR, ORG_TYPES, TIME_WORD, Candidate, only_generic, alt_pattern, common_word, jieba_freq, name_words, type_words, word_freq,
)

#: A word more frequent than this in jieba's dictionary is an ordinary word, not a trade name.
_COMMON = 1000
# Part-of-speech flags of a word that can never be the start of a trade name.
_NOT_NAME_FLAGS = ("p", "c", "u", "d", "r", "f", "q", "m", "t")
_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")
# Words that start phrases, never names (jieba's tags of short words are too unreliable to ask).
_FUNCTION_START = ("随着", "随著", "随", "意欲", "据", "因为", "因", "而", "但", "又", "也", "都", "还", "就", "才",
                   "已经", "已", "曾", "正在", "亦", "继", "该", "这", "那", "其", "此", "每", "各", "某", "在", "于",
                   "从", "对", "向", "把", "被", "由", "给", "即将", "仍", "均", "并", "且", "或", "及", "和", "与")
# A post inside a name (京东首席物流规划师): the name of a person's job, not of an organisation.
_POST = re.compile(r"首席|总监|规划师|经理|主管|总裁|董事|主席|负责人")
#: Rule suffix of a name that counts only as the argument of a fact in its sentence.
TENTATIVE = "?"
# Plain English words that are no name on their own (a tagger's or a list's cut: Club, Tech, logo).
_COMMON_ENGLISH = frozenset("""club tech logo global network fund pay live store app apps team news home data
    cloud smart group media open plus pro max mini lite game games music video shop mall bank card star
    world life city""".split())
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
#: What a product's version may be, right after its name: 3.0, V2, v1.5, 2 Pro, X9 Ultra (a code
#: with a letter), Pro/Max/Ultra …; not followed by a unit, a date word or more digits (3.0亿, 2024年).
#: Stricter than kg.extract.shapes._VERSION_AFTER (which extends an apposed name up to a bound and takes
#: any digits there): a name found by its structure may be followed by 版本, an amount or a year.
_VERSION_WORD = r"(?:Pro|Max|Ultra|Plus|Turbo|Lite|Mini|mini|Air|SE)"
_VERSION_AFTER = re.compile(
    r"\s?(?:(?:[Vv]\d+(?:\.\d+)*|\d+\.\d+(?:\.\d+)*|[A-Z]\d{1,3}|\d{1,2}(?=\s?" + _VERSION_WORD + r"))(?:\s?"
    + _VERSION_WORD + r")?|" + _VERSION_WORD + r")(?![A-Za-z0-9.%％])"
    r"(?!\s?(?:年|月|日|号|亿|万|千|百|个|款|家|位|倍|元|美元|小时|天|秒|分钟|GB|TB|mm|nm|寸|英寸))")
_VERSIONED = frozenset({"Product", "App", "AIModel", "Chip", "Platform", "Feature", "MiniProgram"})
_FIRM_WORD = re.compile(
    r" (?:Robotics|Technologies|Technology|Tech|Labs?|AI|Inc\.?|Ltd\.?|Corp\.?|Corporation|Capital|Ventures|"
    r"Partners|Group|Holdings|Software|Studios?|Games|Media|Networks|Systems|Semiconductor|Motors|Bio|"
    r"Therapeutics|Intelligence|Dynamics|Cloud|Data|"
    # legal forms of other countries: a Thai or British public company, a German, Dutch or Singapore firm
    r"PCL|PLC|Plc|AG|SE|GmbH|N\.V\.|B\.V\.|S\.A\.|SA|Pte\.? Ltd\.?|LLC|LLP|Co\.?|K\.K\.)$")
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
    r"(?:支持|接入|开通|使用|选择|可用)(?:了)?(?P<n>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z ]{1,5}?)"
    r"(?:付款|支付|结算|收款|扫码支付|买单)(?![\u4e00-\u9fff]{0,1}(?:的|方式|工具))")
_FIRM_END = re.compile(r"(?:集团|公司|控股)$")
_LAUNCH = re.compile(r"(?:推出|发布|上线|首发|开放|亮相|上市)了?")


@functools.lru_cache(maxsize=1)
def _org_tail() -> re.Pattern[str]:
    """Trade words and a legal form, or a legal form alone, with an optional region in brackets."""
    words = type_words()
    industry, legal = alt_pattern(words["industry"]), alt_pattern(words["legal"])
    region = "[（(][\u4e00-\u9fff]{2,4}[)）]"
    # 苔原智能（北京）科技有限公司: the region may also stand between the trade words, or after a group's
    # name (苔原集团（荷兰）控股有限公司: the group's subsidiary there)
    return re.compile(f"(?:{region})?(?:(?:{industry}){{1,3}}(?:{region}(?:{industry}){{0,3}}(?:{legal})|(?:{legal}))?"
                      f"|(?:{legal}){region}(?:{industry}){{0,3}}(?:{legal})|(?:{legal}))")


def firm_core(name: str) -> str:
    """``name`` without the trade words and legal form that end it (青杉控股有限公司 → 青杉), when it
    ends in 公司 or 集团: a trigger word among those (控股, 投资) is part of the name, no verb."""
    if not name.endswith(("公司", "集团", "控股")):
        return name
    m = re.compile(f"(?:{_org_tail().pattern})$").search(name)
    if m and m.start() >= 2 and (m.end() - m.start() >= 4 or name[m.start():] in type_words()["industry"]):
        return name[:m.start()]
    return name


@functools.lru_cache(maxsize=1)
def _product_word() -> re.Pattern[str]:
    return re.compile(alt_pattern(type_words()["product"]))


@functools.lru_cache(maxsize=1)
def _product_tail() -> re.Pattern[str]:
    return re.compile(f"(?:{alt_pattern(type_words()['product'])})$")


@functools.lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern[str]:
    return re.compile(alt_pattern(type_words()["unit"]))


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

    >>> _trade_name_ok("合木"), _trade_name_ok("618"), _trade_name_ok("LBS")
    (True, False, False)

    (太多 and 更多 are checked in a fresh process by tests/test_extract.py: their reading depends on
    jieba's dictionary, which other tests of one pytest process extend.)
    """
    if not re.search(r"[\u4e00-\u9fff]|[a-z]", trade) or trade[0].isdigit():
        return False
    words = pos.lcut(trade)
    for w in words:
        # an ordinary verb, adjective or distinction word is no brand (助力, 履约, 电动, 硬核); a rare one may be (拾贝)
        if len(w.word) >= 2 and w.flag[:1] in ("v", "a", "b", "z") and word_freq(w.word) >= 20:
            return False
    if words[0].flag[:1] in ("d", "m", "p", "r", "c", "u", "q") and not words[0].word.isascii():
        return False
    return not any(w.flag.startswith(_FUNCTION_FLAGS) for w in words)


#: 如 after a noun of a kind (商户如X, 品牌如X, 平台如X): "such as", which no name runs back across; not the 如
#: of a name (如家, 入住如家)
_SUCH_AS = re.compile(r"(?<=[户家业台牌司构商们类者])(?:诸如|比如|例如|如)")


#: Latin abbreviations of a kind, a technology or a role that stand before a product word without
#: naming a brand (AI助手, VR直播, 5G视频, PC浏览器, CEO直播).
_GENERIC_LATIN = frozenset("""AI AIGC AR VR MR XR IT IoT IOT PC TV OTT IP ID API SDK OS UI UX APP App GPT LLM CEO CTO
    CFO COO HR KOL KOC MCN UGC PGC OGC B2B B2C C2C C2M O2O P2P DTC SaaS PaaS IaaS NFT VIP DIY KTV H5 HD CD DVD MV PK
    QR GPS WiFi WIFI Wi-Fi USB LED LCD OLED SUV MPV EV GPU CPU NPU AIoT SEO SEM PR CRM ERP OA BI AB FM AM HTML5
    CG CGI AGI ESG IPO VC PE LBS POS OK""".split())
_LATIN_BRAND = re.compile(r"(?<![A-Za-z0-9.&-])([A-Z][A-Za-z0-9]{1,11})\s?$")


def _latin_brand_start(text: str, end: int, stops: set[int]) -> int | None:
    """Where a Latin brand ending right before a product word begins (YY直播, KK音乐), or ``None``:
    a capitalised token of two to twelve letters and digits that is no generic abbreviation."""
    m = _LATIN_BRAND.search(text, max(0, end - 13), end)
    if m is None or m.group(1) in _GENERIC_LATIN or m.group(1).isdigit() or any(m.start() < b < end for b in stops):
        return None
    return m.start(1)


_TONG_NAME_AFTER = re.compile(r"(?:旗下|麾下|和|与|及|、|携手|联合|包括|[^\w])$")


def tong_trade_name(name: str) -> bool:
    """Whether ``name`` is 同, one more character and trade words (同程网络, 同岚旅游): the one shape of a
    name that starts with 同, which between two names is "with" (trade_name_start reads it where 同
    follows a bound)."""
    return (len(name) >= 3 and name[0] == "同" and name[1] not in FUNCTION_CHARS
            and (_org_tail().match(name, 2) is not None or _product_word().match(name, 2) is not None))


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
    steps: list[int] = []  # where each word read so far begins, nearest first
    while i > 0 and size < longest and i not in stops:
        word = _word_ending_at(text, i, freq)
        if word is not None and word[-1] == "系" and _product_tail().search(text, 0, i - 1):
            break  # 聆风输入法系聆风语音: 系 after a product's name is its copula, not a word (法系) of the next name
        if word is not None and any(i - len(word) < b < i for b in stops):
            cut = max(b for b in stops if i - len(word) < b < i)
            if i - cut < 2:
                break  # 新品青禾: one character after the bound (品) is the end of a word, no trade name
            size += i - cut  # 由云杉资本: a dictionary word (由云杉) across a bound (由) is cut at the bound
            i = cut
            steps.append(i)
            continue
        if word is not None:
            flag = pos.lcut(word)[0].flag if len(pos.lcut(word)) == 1 else "x"
            if flag.startswith("ns") and size >= 2:
                return i - len(word)  # a place before the trade name is part of the name
            common = word_freq(word)
            if common >= _COMMON or flag[:1] in _NOT_NAME_FLAGS or (
                    flag.startswith("v") and (common >= 50 or size >= 2)):
                break  # a rare verb may be a trade name (拾贝, 欢聚); a common one ends it (拓展), as does a verb before one (跑输恒生)
            if size + len(word) > longest and size >= 2:
                break  # 游戏工作室赤狐游戏: the trade name is read, a longer word before it is not part of it
            i -= len(word)
            size += len(word)
            steps.append(i)
            continue
        ch = text[i - 1]
        if not NAME_CHAR.match(ch) or ch in FUNCTION_CHARS or (ch == "系" and (
                size >= 2 or i - 1 in stops or _product_tail().search(text, 0, i - 1) or _org_tail().search(text, max(0, i - 9), i - 1)
                and _org_tail().search(text, max(0, i - 9), i - 1).end() == i - 1)):
            break  # 柚选App系澜图集团: 系 right after a name is its copula (or its camp), not the next name's
        if ch in "后前时中内外上下里" and (verb := _word_ending_at(text, i - 1, freq)) is not None \
                and pos.lcut(verb)[0].flag.startswith("v"):
            break  # 交易完成后远川资本: a locative after a verb ends the clause before the name
        i -= 1
        size += 1
        steps.append(i)
    if size >= 2 and not _trade_name_ok(text[i:end]):
        # 所持青禾: drop the words read last until the rest is a trade name (青禾)
        i = next((j for j in reversed(steps) if end - j >= 2 and _trade_name_ok(text[j:end])), i)
        size = end - i
    if i < len(text) and text[i] == "如" and (i == 0 or text[i - 1] in "(（，,：:、") and size > 2:
        i += 1  # (如棠昀视频、…): 如 "such as" opens the examples, it starts no name
        size -= 1
    elif i < len(text) and text[i] == "版" and i in stops and size > 2:
        i += 1  # 鸿蒙版|青禾阅读: 版 after a name makes it an edition (the platform's), it starts no name
        size -= 1
    elif i < len(text) and text[i] in "有为是" and (i == 0 or i in stops) and size > 2:
        i += 1  # 投资人有X资本, 股东为X资本: the verb after a bound is not the name
        size -= 1
    elif size > 3 and text[i + 1] in "有为是" and text[i] in "中里内还也都共则就即":
        i += 2  # 投资方中有X资本, 其中还有X资本: a locative or adverb and the verb are not the name
        size -= 2
    tong = size == 1 and i >= 1 and text[i - 1] == "同" and text[i] not in FUNCTION_CHARS and (
        i == 1 or _TONG_NAME_AFTER.search(text, 0, i - 1) is not None)
    if tong:
        i -= 1  # 旗下同程网络, 与同程旅游: 同 and one character before the trade words are a name, where 同
        size += 1  # stands after a bound or a comma (A同B合作: 同 between two names is "with")
    if size < 2 or not (tong or _trade_name_ok(text[i:end])) or (
            i > 0 and _LATIN_CHAR.match(text[i - 1]) and _LATIN_CHAR.match(text[i])):
        return None  # …, and never the tail of a Latin word (Orbit Store三大应用商店: not "re三大")
    if i > 0 and i not in stops:
        place = _word_ending_at(text, i, freq)
        if place is not None and pos.lcut(place)[0].flag.startswith("ns") and len(pos.lcut(place)) == 1:
            return i - len(place)
    return i


#: Words that describe a firm (its age, rank, standing) and name none: 初创公司, 头部企业, 知名厂商.
_DESCRIPTIVE = frozenset({"初创", "新创", "创业", "头部", "龙头", "老牌", "知名", "领先", "新兴", "本土", "大型",
                          "小型", "中小", "明星", "上市", "国有", "民营", "外资", "跨国", "新锐", "传统", "独角兽",
                          "国内", "国外", "海外", "境外", "全球"})
_ORG_HEAD = re.compile(r"(?:公司|集团|企业|厂商|机构|巨头|新贵|车企|药企)$")


@functools.lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    return frozenset(name_words()["generic"])


def descriptive_org(name: str) -> bool:
    """Whether ``name`` describes an organisation rather than naming one: a place (a country, or any
    place before a word of standing), then only words of kind or standing, then 公司, 集团, 企业.

    >>> [descriptive_org(n) for n in ("以色列初创公司", "泰国能源集团", "国内科技公司", "上海汽车集团", "苔原科技公司")]
    [True, True, True, False, False]
    """
    head = _ORG_HEAD.search(name)
    if head is None or head.start() == 0:
        return False
    words = [w.word for w in pos.lcut(name[:head.start()])]
    place = None
    if words and len(words[0]) >= 2 and pos.tag_of(words[0]) == "ns" and word_freq(words[0]) >= 500:  # (a known place: 栖木集团 is no 栖木's firm)
        place, words = words[0], words[1:]
    if not words:
        return place is not None and place not in _places_set()  # 以色列公司
    kinds = type_words()["industry"]
    generic = _generic_words()
    if not all(w in _DESCRIPTIVE or w in kinds or w in generic for w in words):
        return False
    # 上海汽车集团, 北京能源集团: a Chinese place and an industry may be a state group's name
    return words[0] in _DESCRIPTIVE or (place is not None and place not in _places_set())


def _registered_start(text: str, end: int, stops: set[int]) -> int | None:
    """Where a registered name begins whose trade name holds ordinary words (珠海星澜未来科技有限公司,
    上海青禾创新网络科技有限公司): a place two to six name characters before its trade words, with no
    function word or bound between (but 新 or 全, which bound a name elsewhere as a modifier). A legal
    form after them makes the whole a name.

    >>> text = "注册成立了珠海星澜未来科技有限公司"
    >>> text[_registered_start(text, 11, set()):]
    '珠海星澜未来科技有限公司'
    """
    for size in range(2, 7):
        at = end - size
        if at <= 0 or not NAME_CHAR.match(text[at]) or text[at] in FUNCTION_CHARS:
            break
        place = next((p for p in places() if text.startswith(p, at - len(p))), None)
        if place is not None and size >= 2:
            return at - len(place)
        if at + 1 in stops and at + 1 < end and text[at] not in "新全":
            break  # (a bound of one modifier character, 新 or 全, may stand inside: 浙江苔原新篇科技有限公司)
    return None


_NOUN_FLAGS = ("n", "eng", "x", "j", "l", "s")


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


#: Trade words and product kinds that are ordinary nouns on their own: the name before them must
#: be an unusual word (鸣鹤医疗, 法奥机器人), not a dictionary word (硬核技术, 电动汽车, 高质量数据).
_WEAK_TAILS = frozenset("""技术 网络 国际 金融 汽车 数据 软件 信息 数字 电子 通信 能源 新能源 零售 餐饮 机器人 半导体
    芯片 游戏 出行 物流 电商 教育 医疗 健康 文化 娱乐 投资 管理 实业 视觉 互联 云计算 智造 生物 医药 保险 证券 语音
    短视频 视频 音乐 外卖 新闻 阅读 地图 旅行 打车 二手 平台 社区 论坛 优选 到家 相册 笔记 翻译 词典 问诊 买菜 买药
    跑腿 租房 记账 记帐 旅游 出版 传播 体育 家居 地产 置业 物业 航空 快递 制药 食品 服饰 商贸 贸易 广告 营销 电器 家电
    光电 动力 电池 储能 超市 便利店 药房 药店 百货 咖啡 茶饮 书店 餐厅 影城 酒店""".split())


def _modifies_noun(text: str, end: int) -> bool:
    """Whether an ordinary noun follows (产业, 企业, 服务, 领域): the words before it modify it.
    A name heads its phrase; 世界级半导体产业 and 电动汽车企业 are no names."""
    words = pos.lcut(text[end:end + 4]) if end < len(text) else []
    if not words:
        return False
    first = words[0]
    return (len(first.word) >= 2 and first.flag in ("n", "vn", "an") and jieba_freq().get(first.word, 0) >= 500
            and first.word not in _NAME_FOLLOWERS and not text.startswith(_role_words(), end))


@functools.lru_cache(maxsize=1)
def _role_words() -> tuple[str, ...]:
    """Titles (总裁, 董事长, 负责人): a title after a name is the name's (青禾电商总裁), it modifies nothing."""
    from kg.extract.relations import roles

    return tuple(sorted(roles(), key=len, reverse=True))


def _quoted_or_led(text: str, begin: int) -> bool:
    """Whether the words stand in quotes or after 将/把/的 (a phrase the writer marks or modifies)."""
    return begin > 0 and text[begin - 1] in "“\"「『将把的"


def _in_gloss(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` fills brackets that follow a name's last character."""
    return (start >= 2 and text[start - 1] in "(（" and NAME_CHAR.match(text[start - 2]) is not None
            and text[end:end + 1] in ")）")


def _only_place(trade: str) -> bool:
    words = pos.lcut(trade)
    return len(words) == 1 and words[0].flag.startswith("ns") and jieba_freq().get(trade, 0) >= 100


def _unusual(trade: str) -> bool:
    """``trade`` holds no dictionary word and does not start with a common verb or adverb character:
    鸣鹤, 法奥, 澄观 are unusual; 硬核, 电动, 石榴 (words) and 可绑, 送餐 (可, 送) are not.
    A place before it does not count (上海华普)."""
    freq = jieba_freq()
    words = pos.lcut(trade)
    if len(words) > 1 and words[0].flag.startswith("ns"):
        words = words[1:]
    if any(len(w.word) >= 2 and freq.get(w.word, 0) > 0 for w in words):
        return False  # a dictionary word: 硬核, 石榴, 塞进
    first = words[0]
    return not (len(first.word) == 1 and first.flag[:1] in ("v", "d", "p", "c", "a") and freq.get(first.word, 0) >= 10000)


#: Nouns that follow a name without making it a modifier (星河科技官网, 鲸选商城平台上).
_NAME_FOLLOWERS = frozenset("官网 方面 公司 集团 旗下 平台 用户 官方 内部 员工 股东 股份 股价 财报 总部 门店 创始人 高管 团队 控股 全资"
                            " 全部 所有 部分 大部分 多数 全国".split())


#: News agencies whose short names start with a surname (路透 Reuters, 彭博 Bloomberg): no people.
_AGENCIES = ("路透", "彭博", "法新", "美联", "共同社", "塔斯")

#: Words for a part or an aspect of an organisation (name_words.tsv ``part``) that never end a name of
#: its own: 生态, 团队, 官网, 估值 …
_OWNERS_PARTS = ("生态", "方面", "官方", "内部", "总部", "团队", "高层", "高管", "员工", "用户", "股东", "股价",
                 "股票", "财报", "官网", "战略", "市值", "估值", "营收", "模式")

#: Kind words that make a verb-led phrase a name: 欢聚集团, 打车功能.
_STANDARD = re.compile(r"(?:ISO|IEC|IEEE|GB|GB/T|EN|DIN|ANSI)[ /-]?\d[\d.:-]*")


@functools.cache
def _places_set() -> frozenset[str]:
    return frozenset(places())


#: Kind words that, alone or after a modifier (大公司, 该集团), name no organisation.
_GENERIC_UNITS = frozenset("公司 集团 企业 平台 机构 厂 工厂 银行 商场 商店 门店 总部 总公司".split())
_KIND_ENDS = ("集团", "公司", "科技", "控股", "功能", "服务", "业务", "事业部", "事业群")

#: A model's or chip's code (letters then digits) right before its kind word: R1模型, X7芯片.
_CODE_BEFORE_KIND = re.compile(r"(?<![A-Za-z0-9.\-])(?P<n>[A-Za-z]{1,3}\d{1,3}[A-Za-z]?)(?=\s?(?P<k>大模型|模型|推理模型|芯片))")


class StructureNames:
    """Candidate names from their own structure (a mixin of ``Recognizer``)."""

    def boundaries(self, text: str) -> set[int]:
        """Where a boundary word (a verb, a function word) ends in ``text``; remembered for
        the last text, which the candidate passes read one after another."""
        if self._bounds_of is not text:
            self._bounds_of, self._bounds = text, {b.end() for b in self.boundary_re.finditer(text)} | {
                b.end() for b in _SUCH_AS.finditer(text)}
        return self._bounds

    _bounds_of: str | None = None
    _bounds: set[int] = frozenset()

    def org_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """Organisations named by trade name + trade words + legal form (鸣鹤医疗, 合木资本,
        深圳市长庚投资管理有限公司, 海鸥（北京）科技有限公司), and products named by a trade name
        and the word of their kind (青禾社区, 石榴短视频, 南屿旅行, 星河App)."""
        return (self._structured(text, taken, _org_tail(), lambda tail: "Company", "org.structure")
                + self._structured(text, taken, _product_word(),
                                   lambda tail: type_words()["product"][tail], "product.structure"))

    def _structured(self, text: str, taken: Sequence[Candidate], tail, kind, rule: str) -> list[Candidate]:
        bounds: set[int] | None = None  # read once a tail word is found
        catalog_ends = {c.end for c in taken if c.entity is not None}
        product_ends = catalog_ends - {c.end for c in taken if c.entity is not None and c.type in ORG_TYPES}
        starts = {c.start for c in taken}
        person_ends = {c.end for c in taken if c.type == "Person"}
        out = []
        at = 0
        while at < len(text):
            m = tail.search(text, at)
            if m is None:
                break
            at = m.end()  # a word of the kind inside the one just read (短视频: 视频) starts no other name
            firm = rule == "org.structure" and _FIRM_END.search(m.group()) is not None
            brand = rule == "product.structure" and m.start() in catalog_ends and self._other_kind(
                taken, m.start(), kind(m.group()))
            if len(m.group()) == 1 and _word_across(text, m.start(), m.end()):
                continue  # 办理入网, 微机联网: the kind word is the end of a word (入网, 联网), not a name's
            if any(c.entity is not None and c.start < m.start() and m.end() <= c.end for c in taken):
                continue  # 业者|吉利控股: the kind word ends inside a catalog name, which names the firm already
            if m.start() in starts or not self._ends_word(text, m.end(), strict=len(m.group()) == 1) or (
                    m.start() in catalog_ends and not (firm and m.start() in product_ends) and not brand):
                continue  # 淘宝App: a catalog name with its kind is that name (but 云帆集团 beside the model 云帆 is a firm)
            # the names that end before the trade name bound it; one that ends at the tail is its trade
            if bounds is None:
                bounds = self.boundaries(text)
            stops = bounds | {c.end for c in taken if c.end < m.start() or c.start >= m.start()} | {
                c.end for c in out if c.end < m.start()}  # 聆风输入法系聆风语音: a name just read ends the next one's reach
            if m.group() == "支付":
                stops = stops | {c.end for c in out}  # 蓝鲸钱包支付通道: paying with the wallet, not a name
            if firm and m.start() in product_ends or brand:
                begin = min(c.start for c in taken if c.entity is not None and c.end == m.start())
            else:
                begin = trade_name_start(text, m.start(), stops)
                if firm and self._legal_form(m.group()):
                    registered = _registered_start(text, m.start(), bounds)
                    if registered is not None and (begin is None or registered < begin):
                        begin = registered  # 珠海星澜未来科技有限公司: a place and a legal form hold the words between
            branded = False
            if begin is not None and rule == "product.structure" and m.start() - begin >= 2 and not brand:
                owner = next((c for c in taken if c.end == begin and c.entity is not None
                              and c.type in ORG_TYPES and text[begin - 1:begin] not in "的"), None)
                if owner is not None and self._new_name_ok(text[begin:m.start()], phrase_check=False):
                    begin, branded = owner.start, True  # 苔原混沌大模型: a firm's name before a product's is part of it
            if begin is None and rule == "product.structure" and not _modifies_noun(text, m.end()):
                # YY直播, KK音乐: a Latin brand and its kind (not GLM大模型空间: the words modify a noun)
                begin = _latin_brand_start(text, m.start(), stops)
            if begin is None:
                continue
            end = m.end()
            if m.group().endswith("控股") and text[end:end + 1] == "的" and len(m.group()) > 2:
                end -= 2  # 星河科技控股的青禾网络: 控股 before 的 is the verb (controls), not the firm's last word
            name = text[begin:end]
            trade = text[begin:m.start()]
            if rule == "product.structure" and begin in person_ends:
                continue  # 罗永浩入淘直播: what follows a person's name is what the person does
            if _in_gloss(text, begin, end):
                continue  # 星河科技(仓储机器人): a gloss says what the name before it does
            if rule == "org.structure" and _only_place(trade):
                continue  # 秦皇岛分公司, 北京集团: a place alone names no organisation (北辰地图 names a product)
            weak = m.group() in _WEAK_TAILS and not _unusual(trade) and not brand
            if m.group() in _WEAK_TAILS and not brand and (_modifies_noun(text, end) and not _unusual(trade)
                                                           or weak and _quoted_or_led(text, begin)):
                continue  # 世界级半导体产业, 零组件技术服务: a modifier of the noun after it, not a name
            known = self.catalog.lookup(trade)
            if known is not None and (brand or m.start() not in catalog_ends and self.catalog.is_ambiguous(known.iri, trade)):
                known = None  # 流萤视频: a catalog name that is also a word, not read as that name here, is a trade name
            if firm and known is not None and known.type not in ORG_TYPES:
                # 云帆集团 beside a product or model called 云帆: the group is a firm of that name
                if self.catalog.lookup(name) is None and self._new_name_ok(name, phrase_check=False):
                    out.append(Candidate(begin, end, name, kind(m.group()), rule, None, 2))
                    at = end
                continue
            registered = firm and "有限" in m.group()  # a legal form: 海鸥（北京）科技有限公司
            if branded:
                trade = text[next(c.end for c in taken if c.start == begin and c.entity is not None):m.start()]
            if (COUNTED.match(trade) or self._generic_trade(trade) or (common_word(trade) and not (registered or branded))
                    or rule == "product.structure" and self._kind_only(name)
                    or known is not None or not self._new_name_ok(name, phrase_check=False)):
                continue
            if rule == "product.structure" and _common_verb_start(trade):
                continue  # 分享支付, 支持支付: a frequent verb before the kind word is a phrase
            # an ordinary word before an ordinary trade word (石榴音乐, 电动汽车) is a name only where a
            # relation takes it as an argument (TENTATIVE: kg.extract.components drops it otherwise)
            out.append(Candidate(begin, end, name, kind(m.group()), rule + (TENTATIVE if weak else ""), None, 2))
            at = end
        return out

    @staticmethod
    def _legal_form(tail: str) -> bool:
        return any(tail.endswith(w) for w in type_words()["legal"] if len(w) >= 3)

    def _kind_only(self, name: str) -> bool:
        """记账App, 短视频平台, 台湾记账App: a kind of product (a product word, after a place or 短)
        before a type word names the kind, not one product."""
        words = pos.lcut(name)
        if len(words) > 1 and words[0].flag.startswith("ns") and jieba_freq().get(words[0].word, 0) >= 1000:
            name = name[len(words[0].word):]  # a well-known place (台湾, 北京), not a trade name like 洛川
        return re.fullmatch(f"(?:短|长|在线|移动|手机|本地)?(?:{_product_word().pattern})+", name) is not None

    def _other_kind(self, taken: Sequence[Candidate], at: int, cls: str) -> bool:
        """Whether the catalog name that ends at ``at`` is a word or a model, and the product word
        after it makes a thing of another kind: 云帆App beside the model 云帆, 流萤视频 beside the
        word-like model 流萤 — an app of that name, not the model (淘宝App stays 淘宝)."""
        for c in taken:
            if c.entity is not None and c.end == at and c.entity.type != cls and c.entity.type not in ORG_TYPES and (
                    c.entity.type == "AIModel" or self.catalog.is_ambiguous(c.entity.iri, c.name)):
                return True
        return False

    def plausible_name(self, name: str, cls: str, rule: str = "") -> bool:
        """The check every new name passes before it becomes an entity, whichever rule found it.

        Not a name: a Latin fragment or a bare common English word (obal Network, logo, Tech,
        Club), a camp (莆田系), a phrase that starts with a function word or an adverb (亦将,
        继2024年), an ordinary word or a generic phrase (人工智慧, 国际贸易, 上门), a phrase with a
        conjunction inside (资金托管乃至征信, 跨境及全球批发商业), one that ends in a locative
        (案中), a verb phrase (回归互联网, 内完成交易), a description ending in a distinguishing word
        (固守单一), a catalog name with one more character (抖音主), a person whose given name is an
        ordinary word (向记者).
        """
        name = name.strip()
        if len(name) < 2 or not NAME_CHAR.match(name[0]):
            return False
        if name.isascii():
            if _STANDARD.fullmatch(name):
                return False  # ISO9001, GB/T 7714, IEEE 802.11: a standard, not a product
            words = name.split()
            if name[0].islower() or (len(words) == 1 and len(name) <= 4 and not re.search(r"\d", name)
                                     and not name.isupper() and name.title() == name and cls != "Person"
                                     and name.lower() in _COMMON_ENGLISH):
                return False
            return name not in _LATIN_WORDS
        if cls == "Person":  # 张建中: a given name may end in a locative character
            given = name[1:]
            # a given name that is a common word is no name (李表示), unless jieba knows the word as a
            # name (和平 nz, 建国 ns, 小龙 nr): 周和平, 王建国
            return ("某" not in name and not (common_word(given) and len(given) >= 2
                                              and pos.tag_of(given) not in ("nr", "nz", "ns", "nrfg", "nrt"))
                    and not name.startswith(_AGENCIES))
        if name.endswith("系") or name[-1] in "中内里上下外" and len(name) <= 3 or "某" in name:
            return False
        marked_name = rule.split(".")[0] in ("quoted", "named", "renamed", "alias")
        if not marked_name and name[0] in "大小新老该本此这那各其全总母子" and name[1:] in _GENERIC_UNITS:
            return False  # 大公司, 该集团, 子公司: a kind word with a modifier or a pointer names no one
        if not marked_name and name[0] in "市省县区镇乡" and cls not in ("Person", "GovernmentAgency"):
            return False  # 市轻纺公司: the city's company (the place before 市 is cut off or was never said)
        if not marked_name and re.match(r"[一二两三四五六七八九十几多\d]+国(?!集团)", name):
            return False  # 八国集团首脑, 两国企业: countries counted, no name
        if (not marked_name and len(name) == 2 and name[1] in "商方企籍资"
                and name[0] in "中美日韩法德英俄意加澳印欧港台荷瑞新泰越"):
            return False  # 法商, 美方, 日企, 港资: a country and a party of it, no name
        if re.fullmatch(r"之[初后前际下中外间内上余末]", name):
            return False  # 成立之初, 上线之后: a time after a verb, no name
        if re.fullmatch(r"(?i)(?:天使|种子|pre-?[a-z]\+*|[a-z]\+*|战略|新一|首|第[一二三四五六七八九十]+)轮(?:融资|投资)?", name):
            return False  # 天使轮, B+轮: a round of funding, no name
        if not marked_name and descriptive_org(name):
            return False  # 以色列初创公司, 泰国能源集团: a place and words of kind before 公司 describe a firm
        branch = re.fullmatch(r"(.+?)(分公司|子公司|支公司|办事处|分行|支行|分部|分院|分厂|分店)", name)
        if branch and not marked_name and (_only_place(branch.group(1)) or branch.group(1) in _places_set()
                                           or branch.group(1) in _GENERIC_UNITS):
            return False  # 秦皇岛分公司: a branch named by its place alone; its firm's name before it was cut
        if re.match(r"(?i)(?:app|pay)(?![a-z])|系", name):
            return False  # App系澜图集团: a kind word or the copula 系 ends the name before it, it starts none
        if name.endswith(("股份", "股权", "股票")) and cls != "Person":
            return False  # 青禾科技股份: the company's shares, not a name
        if re.search(r"[及和与乃或]|以及|乃至", name[1:-1]) and cls != "Person":
            return False
        if re.match(r"\d+(?:\.\d+)?[万亿千百]?(?:人次|次|人|元|家|个|倍|款|项|名|位|台|辆|单)", name):
            return False  # 360万人次: a quantity, not a name that starts with a number (360安全)
        if name[0].isdigit() and not re.fullmatch(r"\d{3,}", name) and not re.match(r"\d+[A-Za-z\u4e00-\u9fff]{2,}", name):
            return False
        words = pos.lcut(name)
        last = words[-1]
        if not marked_name and re.search(r"(?:子公司|孙公司|附属公司|附属企业|控股公司)$", name) and len(name) > 4:
            return False  # 竹语全资附属公司, 苔原科技子公司: a relation to the firm before it, not a name
        if not marked_name and ("旗下" in name or pos.tag_of(name) in ("i", "l")
                                or len(words[0].word) >= 2 and words[0].flag == "d"):
            return False  # X旗下公司, 来势汹汹 (an idiom), 不少百货 (an adverb of quantity): no names
        if any(name.startswith(w) for w in _FUNCTION_START):
            return False  # 随著, 意欲, 继2024年, 亦将: a phrase that starts with a function word
        marked = rule.split(".")[0] in ("quoted", "named", "renamed", "alias")
        if not marked and len(words) > 1 and self.catalog.lookup(words[0].word) is None and (
                (words[0].flag == "v" and len(words[0].word) >= 2 and word_freq(words[0].word) >= 200
                 and not name.endswith(_KIND_ENDS))
                or (len(words) >= 2 and len(name) >= 3 and words[0].word in "内中里上下外"
                    and words[1].flag.startswith("v"))):
            return False  # 回归互联网, 跳出平台, (App)内完成交易: a common verb leads a phrase (拾贝商城, 欢聚集团 are names;
            # two characters are no phrase of this kind: 中通)
        if (marked and len(words) == 1 and word_freq(name) >= 400 and cls not in ("App", "MiniProgram")
                and not rule.startswith(("named", "renamed"))):
            return False  # “上门”服务, “限定”功能: a quoted ordinary word names a kind of service, no product
        if any(common_word(name[:i]) and self.catalog.lookup(name[i:]) is not None
               and self.catalog.lookup(name[:i]) is None for i in range(2, len(name) - 1)):
            return False  # 意味阿里集团: an ordinary word before a known name is no part of it
        if not marked and len(words) > 1 and last.flag == "b":
            return False  # 固守单一(平台): a distinguishing word (单一, 大型) ends a description
        if not marked and name.endswith(_OWNERS_PARTS) and len(name) > 2:
            return False  # 百度AI生态, 青禾团队, 星河官网: a name with a word for part of it is no new name
        if re.search(r"\d{4}年|\d+月|\d+日", name) or (cls != "Person" and _POST.search(name)):
            return False  # 继2024年; 京东首席物流规划师: a date or a post is no part of a name
        if len(words) > 1 and self.catalog.lookup(name[:-len(last.word)]) is not None and last.word.isdigit():
            return False  # 天猫618: a catalog name with a number is an event, not a new name
        unit = name.endswith(("集团", "事业群", "事业部", "板块"))  # 本地生活集团: a unit named by its business
        # a name the writer marks as one (quotes, 名为, a rename) may be an ordinary word: “团购”小程序
        if not marked and (common_word(name) or self.generic_re.fullmatch(name)
                           or (only_generic(name, self.generic_re) and not unit)):
            return False
        core = re.sub(r"(?:App|APP|app)$", "", name)
        if (len(core) >= 3 and self.catalog.lookup(core[:-1]) is not None and not _LATIN_CHAR.match(core[-1])
                and not (rule.startswith("brand") and core[-1] in type_words()["unit"])):
            return False  # 抖音主(App): a catalog name and one character is no new name (星河云 is: a unit word)
        if re.search(r"[一二两三四五六七八九十几多\d]+[家个款位名]", name[2:]):
            return False  # 广发基金四家一线…公司: a count inside is a phrase
        return True

    def short_forms(self, name: str, known: bool = False) -> list[str]:
        """Shorter names a text uses for an organisation once named in full: without the legal form
        and region (北京知更科技有限公司 → 知更科技), then the trade name alone (知更, 壁仞), and a
        Latin trade word dropped (智谱AI → 智谱). Only forms that are no ordinary word or other name;
        ``known``: ``name`` is a catalog name, so its trade name needs no plausibility test of its own.

        >>> from kg.catalog import load_catalog
        >>> from kg.extract.nlp import get_nlp, recognizer
        >>> recognizer(get_nlp(load_catalog())).short_forms("北京知更科技有限公司")
        ['知更科技', '知更']
        """
        forms = []
        rest = re.sub(r"(?:[（(][\u4e00-\u9fff]{2,4}[)）])?(?:股份有限公司|有限责任公司|有限公司|集团有限公司)$", "", name)
        words = pos.lcut(rest)
        if rest != name and len(words) > 1 and words[0].flag.startswith("ns") and len(rest) - len(words[0].word) >= 4:
            rest = rest[len(words[0].word):]  # the place the registered name begins with
        forms.append(rest)
        tail = _org_tail().search(rest)
        if tail is not None and tail.end() == len(rest) and tail.start() >= 2 and rest[tail.start() - 1] not in "分支总":
            # (廊坊分公司 has no trade name 廊坊分: 分公司, 支公司, 总公司 are one word)
            forms.append(rest[:tail.start()])
        latin = re.match(r"^([\u4e00-\u9fff]{2,})(?:AI|Tech|科技)$", rest)
        if latin:
            forms.append(latin.group(1))
        # a catalog name's trade name (中通 of 中通快递) is a name by the catalog's word, however it starts
        return [f for f in dict.fromkeys(forms) if f != name and len(f) >= 2 and not common_word(f)
                and self.catalog.lookup(f) is None and not self.generic_re.fullmatch(f)
                and (known or self.plausible_name(f, "Company"))]

    def _generic_trade(self, trade: str) -> bool:
        """A trade name that holds a generic word (内容, 互联网) or is nothing but generic characters
        is a description; one generic character inside a name is not (橙子 holds 子)."""
        return (any(len(m.group()) >= 2 for m in self.generic_re.finditer(trade))
                or only_generic(trade, self.generic_re))

    def _ends_word(self, text: str, at: int, strict: bool = False) -> bool:
        """Whether a name may end at ``at``: no dictionary word runs across it (科技|园 does).
        ``strict`` (a one-character kind word: 网) counts any word of the dictionary (网|民)."""
        if at >= len(text) or not NAME_CHAR.match(text[at]) or text.startswith(("股份", "股权", "股票", "股东"), at):
            return True  # 青禾科技股份: the shares follow the name
        freq = jieba_freq()
        for i in range(max(0, at - 2), at):
            for j in range(at + 1, min(len(text), at + 3) + 1):
                if freq.get(text[i:j], 0) >= (20 if strict else _COMMON) and not self.boundary_re.match(text, at):
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
            if text.startswith("%", end):
                name = re.sub(r"[\d.]+$", "", name)  # Paytm10.3%: a stake, not a version
                end = start + len(name)
                if len(name) < 2:
                    continue
            if re.fullmatch(r"[A-Z0-9.\-]{1,6}", name):
                continue  # an acronym or a code (S2B2C, LBS, 5G, B2C): a name only with a type word

            before = text[max(0, start - 8):start]
            if _FIRM_WORD.search(name) or re.match(r"\s*(?:公司|集团|Inc|Ltd)", text[end:]):
                cls = "Company"
            elif (_PRODUCT_BEFORE.search(before) or _PRODUCT_AFTER.match(text, end) or _VERSION.search(name)
                  or _PRODUCT_WORD.search(name)):
                cls = "App" if re.search(r"(?:应用|App|APP|软件)\s*[“\"「]?$", before) else "Product"
                if re.search(r"(?i)(?<![a-z])pay$|wallet$", name):
                    cls = "PaymentService"  # Koala Pay, Apple Pay: a payment service by its last word
                elif re.search(r"(?i)(?<![a-z])(?:store|play|market|marketplace|mall)$", name):
                    cls = "Platform"  # Orbit Store, Google Play: a store by its last word
            else:
                continue
            out.append(Candidate(start, end, name, cls, "latin", None, 2))
        # a model or chip by its code before its kind word: R1模型, X7芯片 (not 5G芯片)
        for m in _CODE_BEFORE_KIND.finditer(text):
            start, end = m.span("n")
            if start not in covered and not any(c.start <= start < c.end for c in out):
                cls = "Chip" if m.group("k") == "芯片" else "AIModel"
                out.append(Candidate(start, end, m.group("n"), cls, "latin.code", None, 2))
        return out

    def payment_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """A name between a verb of paying and 付款/支付 is a payment service: 支持云付通付款,
        用闪银支付结算, 接入易汇付收款."""
        covered = {i for c in taken for i in range(c.start, c.end)}
        out = []
        for m in _PAYMENT_SLOT.finditer(text):
            start, end = m.span("n")
            name = m.group("n")
            if (start in covered or common_word(name) or name.endswith("到") or not self._new_name_ok(name, phrase_check=False)
                    or any(ch in FUNCTION_CHARS for ch in name) or not _trade_name_ok(name)):
                continue
            out.append(Candidate(start, end, name, "PaymentService", "payment.slot", None, 2))
        return out

    def version_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """A new product's name with the version written right after it: 灵犀大模型3.0, 青禾输入法5.0,
        青禾大模型V2 (版本 after it stays outside), Lumo 2 Pro, 青梧X9 Ultra. Not a year, an amount or a
        count (青禾大模型2024年, 青禾App 3.5亿用户); a catalog name keeps its catalog entity."""
        out = []
        for c in taken:
            if c.type not in _VERSIONED or c.entity is not None or c.end >= len(text):
                continue
            m = _VERSION_AFTER.match(text, c.end)
            if m is None or (text[c.end].isspace() and not (text[c.end - 1].isascii() or m.group().strip()[:1].isascii())):
                continue
            name = text[c.start:m.end()]
            if self.catalog.lookup(name) is None:
                out.append(Candidate(c.start, m.end(), name, c.type, c.rule.rstrip(TENTATIVE) + ".version"
                                     + (TENTATIVE if TENTATIVE in c.rule else ""), None, c.priority))
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
        trades = {t for t in trades if len(t) >= 2 and _trade_name_ok(t)}
        if not trades:
            return self._catalog_brand_products(text, taken)
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
            kind_first = _product_word().match(rest)
            if kind_first is not None and kind_first.group().isascii():
                rest = rest[:kind_first.end()]  # 星河Pay本季度: a Latin kind word (Pay, App) ends the name
            b = a + len(rest)
            if (not rest or _org_tail().match(rest) or self.trigger_re.match(rest) or (m.start(), b) in known
                    or self.generic_re.fullmatch(rest) or self.part_re.match(rest)):
                continue  # 墨鱼网络 itself, 墨鱼集团, 墨鱼科技1.5%: the organisation, not a product
            product = _product_tail().search(rest)
            cls = type_words()["product"][product.group()] if product else "Product"
            name = text[m.start():b]
            if self.catalog.lookup(name) is None and len(rest) >= 1:
                out.append(Candidate(m.start(), b, name, cls, "brand", None, 2))
        return out + self._catalog_brand_products(text, taken)

    def _catalog_brand_products(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """A product or business unit named by a brand the catalog knows and one word (星河直播,
        星河云, 星河钱包, 星河小店) that the catalog does not list: the longer name wins over the brand.
        The word must be a word of the text (not 直播间, 云计算) and not open a line of business
        or a contest (星河直播业务, 星河外卖大战: the brand's)."""
        units = type_words()["unit"]
        pattern = _unit_pattern()
        freq = jieba_freq()
        out = []
        for c in taken:
            if (c.entity is None or c.rule != "catalog" or c.entity.type not in ("Company", "Platform", "App")
                    or c.name.endswith(("集团", "公司", "控股", "股份"))):
                continue  # 星河集团云: the group's cloud, a unit word after the brand alone
            m = pattern.match(text, c.end)
            if m is None or CONTEST.match(text, m.end()):
                continue
            word = m.group()
            words = pos.lcut(text[c.end:c.end + len(word) + 4])
            size = 0
            for w in words:
                size += len(w.word)
                if size >= len(word):
                    break
            if size != len(word) or text.startswith("计算", m.end()) or any(
                    freq.get(text[c.end:m.end() + k], 0) > 0 for k in (1, 2) if m.end() + k <= len(text)):
                continue  # 直播间, 金融业, 云端, 云计算 (no word in jieba's dictionary): the word goes on
            name = text[c.start:m.end()]
            if self.catalog.lookup(name) is None:
                out.append(Candidate(c.start, m.end(), name, units[word], "brand", None, 2))
        return out


def _common_verb_start(trade: str) -> bool:
    """A trade name that starts with a frequent verb of two characters or more (分享, 支持, 使用):
    the words are a verb phrase. Rare verbs and one-character ones start names (探探, 喜茶)."""
    first = pos.lcut(trade)[0]
    return len(first.word) >= 2 and first.flag == "v" and jieba_freq().get(first.word, 0) >= 300


def _word_across(text: str, start: int, end: int) -> bool:
    """Whether a dictionary word (frequency 20 or more) starts before ``start`` and ends inside
    ``[start, end]``: 入网 in 办理入网, 联网 in 微机联网."""
    freq = jieba_freq()
    return any(freq.get(text[i:j], 0) >= 20 for i in range(max(0, start - 3), start) for j in range(start + 1, end + 1))
