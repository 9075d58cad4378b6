"""Names read from the shape of a sentence rather than from a list: what the statistical
tagger proposes, a name after its type word, the other members of a list, a label, a name
introduced by 名为, the subject or object slot of a relation verb, a name joined to a known
one, a renamed one, what a launch verb names.

:class:`SentenceShapes` holds these rules; :class:`kg.extract.names.Recognizer` mixes them in.
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

from kg.extract import pos
from kg.extract.lexicon import (
    CJK_RUN, CONTEST, COORD, Candidate, ENDS_NAME, FUNCTION_CHARS, HEADS, ITEM_CHARS, LABEL, LATIN,
    LATIN_NAME, NAMED, NOT_IN_ITEM, ORG_TYPES, RENAMED, TIME_WORD, common_word, has_function_word,
    NAME_CHAR, crossed, jieba_freq, list_items, only_generic, ordinary_trade, ordinary_words, org_class,
    phrase_not_name, word_freq,
    type_words,
)
from kg.extract.structure import _unusual, _word_across
from kg.extract.tagger import Tag

#: Type words of a firm after which a name may hold an ordinary word after a rare start
#: (人工智能公司岚图世界, 机器人公司鹭岛星球): the kind is said, the name follows.
_FIRM_HEADS = frozenset({"公司", "企业", "初创公司", "创企", "独角兽", "厂商", "机构"})


def _rare_start(run: str) -> bool:
    """``run`` (3 to 5 characters) starts with a character or a rare word, not with a common
    word or a common verb, adverb or preposition: 岚图世界, 鹭岛星球 (not 应用场景, 正在推进)."""
    if not 3 <= len(run) <= 5 or jieba_freq().get(run, 0) > 0:
        return False  # 暗流涌动: an idiom of the dictionary is no name
    words = pos.lcut(run)
    first = words[0]
    if any(len(w.word) >= 2 and not w.flag.startswith("n") for w in words[1:]):
        return False  # 岚图爱折腾: a verb after the start ends the name before it
    freq = jieba_freq().get(first.word, 0)
    if len(first.word) >= 2:
        return freq < 100
    return not (first.flag[:1] in ("v", "d", "p", "c", "a", "r", "u", "f") and freq >= 5000)


_STOP_AFTER_NAME = "已将在于的是为也还正并和与及等则就都将再又均"


def _run_to_stop(run: str) -> str:
    """The part of a Chinese run before the first function character after its second (澜付已获得 → 澜付)."""
    for i in range(2, len(run)):
        if run[i] in _STOP_AFTER_NAME:
            return run[:i]
    return run


_VERSION = r"[-‐ ]?(?:[A-Za-z]{0,3}\d+(?:\.\d+)*[A-Za-z]*|Pro|Max|Plus|Ultra|Turbo|Lite"
_NAME_ENDS = r"$|[\s，,。；;：:！!？?、（）()“”\"」』》的和与及将已在于]"
#: A version written after a product's name: 澜图-1, 澜图2.0, 澜芯X1, 澜图 Pro
_VERSION_AFTER = re.compile(_VERSION + f"|Air|mini)(?={_NAME_ENDS})")
#: A version after a launched product's name, before punctuation or the word of its kind (青云-2.5大模型, 青云R1推理模型)
_VERSION_THEN = re.compile(_VERSION + f")(?={_NAME_ENDS}|(?:大|推理|语言|多模态|视觉)?模型|芯片|系列)")

TENTATIVE = "?"  # as kg.extract.structure.TENTATIVE: a name kept only as the argument of a fact


#: Kinds whose members are names, whatever else the list holds (…等26款App, …等小程序).
_NAMED_KINDS = frozenset({"App", "MiniProgram", "AIModel", "PaymentService", "Chip"})

#: A verb of reporting or deciding that ends a subject slot (监管部门通报, 官方宣布): the slot is no name.
_SAYS_END = re.compile(r"(?:通报|宣布|表示|要求|指出|公告|披露|透露|回应|证实|决定|责令|通知|称)$")


#: A Latin name in a slot: a capitalised word, then more such words one space apart.
_LATIN_NAME_RUN = r"[A-Z][A-Za-z0-9&'\-]*[A-Za-z0-9](?: [A-Z0-9][A-Za-z0-9&'\-]*)*"
_LATIN_NAME_RUN_RE = re.compile(_LATIN_NAME_RUN)


def _latin_list_kind(kind: str) -> str:
    """The class of the members of a list closed by 等 and ``kind`` (公司, 应用, 搜索引擎 …)."""
    for ends, cls in ((("公司", "企业", "机构", "巨头", "厂商", "基金", "银行", "车企", "媒体", "品牌"), "Company"),
                      (("应用", "App", "APP", "软件", "工具", "游戏"), "App"), (("平台", "网站"), "Platform"),
                      (("模型",), "AIModel"), (("芯片",), "Chip")):
        if kind.endswith(ends):
            return cls
    return "Product"

#: Characters that may follow a person's name as the next word (于, 在, 是, 曾 …): a name of two
#: characters the tagger ends right before one of these plus a character ends one character later.
_AFTER_PERSON = frozenset("于在是曾将已和与为从对向把被由")
#: Adverbs and modals that follow a name (王刚刚在…: 刚 is "just"; 万飙或将…: 或 is "may"), not the name's.
_ADVERB_CHARS = frozenset("刚就也都还又再曾已将正才便仍即亦均却或并更仅只不没未会要能可应须确终始暂共同皆总常")

class SentenceShapes:
    """Candidate names from the shape of the sentence (a mixin of ``Recognizer``)."""

    def tagged_candidates(self, text: str, tags: Sequence[Tag], taken: Sequence[Candidate]) -> list[Candidate]:
        """Names LAC tags (``PER``, ``ORG``) that the catalog does not know, and catalog names
        LAC reads as the start of a longer name (美团战投, 淘宝闪购): the longer name wins.

        A tagged span that swallows a known name in its middle (红蜜雪冰城) is not a name; a
        person tagged together with the organisation before it (阿里戚文涛) is the person.
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
                continue  # 中国版Instagram: a likeness, not a name of the thing meant
            head = self.head_re.match(t.text)
            if head is not None and t.tag != "PER" and len(t.text) - head.end() >= 2:
                continue  # 品牌澜付, 平台青禾: a type word before a name (apposition_candidates takes the name)
            if t.tag == "PER":
                end = t.end
                if (len(t.text) == 2 and end + 1 < len(text) and NAME_CHAR.match(text[end])
                        and text[end] not in FUNCTION_CHARS and text[end] not in _ADVERB_CHARS
                        and text[end + 1] in _AFTER_PERSON and not any(c.start == end for c in taken)
                        and word_freq(text[end:end + 2]) < 100):
                    # 周明远于2015年…: the tagger read 远于 as a word, a rare one; a name's third character before
                    # 于 (not 丁屿|认为, 张三|生于: words of the sentence)
                    end += 1
                if self._person_name(text[t.start:end]) and not self._after_head_word(text, t.start):
                    out.append(Candidate(t.start, end, text[t.start:end], "Person", "lac.person", None, 1))
            elif (t.text.endswith(("公司", "企业", "厂商", "机构")) and t.end < len(text) and NAME_CHAR.match(text[t.end])
                  and phrase_not_name(t.text, "Company")):
                continue  # 通用人工智能公司岚图世界: a description of the kind, the name follows it
            elif self._new_name_ok(t.text, phrase_check=False) and self._tagged_org_ok(t.text):
                cls = org_class(t.text)
                owner = ends.get(t.start)
                if owner is not None and owner.type in ORG_TYPES and cls == "Company" and self.suffix_end_re.search(t.text):
                    # 阿里巴巴 + 中国电商集团 (two tags): the owner's name and the unit's are one name
                    out.append(Candidate(owner.start, t.end, text[owner.start:t.end], cls, "lac.longer", None, 1))
                else:
                    if not (t.start and NAME_CHAR.match(text[t.start - 1]) and crossed(text, t.start, jieba_freq())
                            or t.end < len(text) and NAME_CHAR.match(text[t.end])
                            and jieba_freq().get(text[t.end - 1:t.end + 1], 0) >= 50):
                        out.append(Candidate(t.start, t.end, t.text, cls, "lac.org", None, 1))  # not 八|国巴黎俱乐部, 路透报|导
        return out

    def apposition_candidates(self, text: str, tags: Sequence[Tag], taken: Sequence[Candidate]) -> list[Candidate]:
        """A name written right after its type word: 社交App薯圈圈, 芯片设计公司沃川微电, 直播软件Luna Live."""
        heads = type_words()["head"]
        by_start = {t.start: t for t in tags}
        starts = {c.start for c in taken}
        out = []
        for m in self.head_re.finditer(text):
            at = m.end()
            if at in starts or at >= len(text):
                continue
            cls = heads[m.group()]
            if text[at] in "的里中上内了是在将和与及或等":
                continue  # 主App里的团购订单: a locative or a function word follows the type word, no name
            if m.group().isascii() and any(c.end == at and c.start < m.start() for c in taken):
                continue  # 青禾App反响平淡: the type word ends the name before it, it heads no name after
            if not m.group().isascii() and any(jieba_freq().get(text[i:at + 1], 0) >= 20 for i in range(m.start(), at)):
                continue  # 应用层的全栈: the type word is the start of a longer word (应用层), not before a name
            latin = LATIN_NAME.match(text, at)
            if latin:
                name = latin.group().rstrip(" .-")
                if len(name) >= 2 and not (m.group().isascii() and text[at - 1].isalpha()):
                    out.append(Candidate(at, at + len(name), name, cls, "apposition", None, 2))
                continue
            tag = by_start.get(at)
            run = CJK_RUN.match(text, at)
            short = _run_to_stop(run.group()) if run and not m.group().isascii() else ""
            chinese = (2 <= len(short) <= 5 and not self.part_re.fullmatch(short) and not common_word(short)
                       and not only_generic(short, self.generic_re)
                       and (_unusual(short) or (m.group() in _FIRM_HEADS and _rare_start(short))))
            if tag is not None and tag.tag in ("PER", "ORG", "nz") and 2 <= len(tag.text) <= 8 and not (
                    chinese and tag.end < at + len(short)):
                end = tag.end
            elif (m.group().isascii() and run and 2 <= len(run.group()) <= 6
                  and ENDS_NAME.match(text, run.end()) and not self.part_re.fullmatch(run.group())
                  and not common_word(run.group())):
                # after a Latin type word the Chinese run is a name: 社交App薯圈圈,
                end = run.end()
            elif chinese:
                # after a Chinese type word, a run that holds no dictionary word, up to punctuation,
                # a version or a function word: 大模型澜图-1, AI助手澜小图, 社交应用澜圈, 支付品牌澜付已…
                # (not 大模型能力, 应用场景); longer than a tag LAC cut short (栗小|壳)
                end = at + len(short)
            else:
                continue
            version = _VERSION_AFTER.match(text, end)
            if version and not text[at:end].isascii():
                end = version.end()  # 大模型澜图-1, 芯片澜芯X1: the version is part of the name
            name = text[at:end]
            if self._new_name_ok(name):
                out.append(Candidate(at, end, name, cls, "apposition", None, 2))
        return out

    def list_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """The other members of a list one of whose members is a name: 顺丰、青鸟快运、鹊桥速递等快递企业,
        茶小满、米多多、湘味堂等商家, 星河科技(仓储机器人)、云帆智造. A member that is a catalog
        name and more (饿了么、淘宝闪购) is the longer name."""
        out = []
        known = {c.start: c.end for c in taken}
        for items, head_cls in list_items(text, self.boundary_re, known):
            found, unknown = [], []
            for a, b in items:
                exact = [c for c in taken if c.start == a and c.end == b]
                if exact:
                    found.append(exact[0])
                    if all(TENTATIVE in c.rule for c in exact):
                        unknown.append((a, b, exact[0].type, "list"))  # a list with a known member confirms it
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
                    found.append(last)  # 视频类腾讯视频, …连投星河科技: what ends the member is its name
                    if TENTATIVE in last.rule and last.start == a:
                        unknown.append((a, b, last.type, "list"))  # a list with a known member confirms it
                    continue
                if inner:
                    continue
                a = self._after_modifier(text, a, b)
                if self._list_item_ok(text, a, b):
                    unknown.append((a, b, None, "list"))
            if not [c for c in found if TENTATIVE not in c.rule] and not (len(items) == 1 and head_cls) and not (
                    head_cls in _NAMED_KINDS or (head_cls and len(found) >= 2)):
                continue  # a list is known by a member other evidence names, not by a tentative one, or by
                # a kind word after it that only names take (星河阅读、云杉相机等26款App), or by a kind word and
                # two tentative members (北辰外卖、苔原到家、栖川快跑三家平台; not 京东配送、售后等服务)
            if not any(c.entity is not None for c in found):
                # 聚焦、聚力 (one tagged as a firm): without a catalog name, a list of verbs is no list of names
                unknown = [u for u in unknown if not _verb_word(text[u[0]:u[1]])]
            types = {c.type for c in found} or {head_cls}
            cls = head_cls or (types.pop() if len(types) == 1 else "Company" if "Company" in types else "Product")
            for a, b, own, rule in unknown:
                kind = own or cls
                if kind == "Person" and not self._person_name(text[a:b]):
                    continue
                out.append(Candidate(a, b, text[a:b], kind, rule, None, 1))
        return out

    def label_candidates(self, text: str) -> list[Candidate]:
        """A name that heads a paragraph with a quoted motto and a colon: 青禾“深耕本地”：…"""
        out = []
        for m in LABEL.finditer(text):
            name = m.group("n")
            if self._new_name_ok(name) and not common_word(name):
                out.append(Candidate(m.start("n"), m.end("n"), name, "Company", "label", None, 1))
        return out

    def named_candidates(self, text: str) -> list[Candidate]:
        """A name introduced by 名为/叫做 before its kind: 一家名为鹿角巷的茶饮品牌, 叫做“X”的App."""
        out = []
        for m in NAMED.finditer(text):
            name = m.group("n")
            cls = HEADS.get(m.group("k")) or type_words()["suffix"].get(m.group("k")) or "Product"
            if self._new_name_ok(name, phrase_check=False) or LATIN.match(name):
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
            if CONTEST.match(text, b) or re.match(r"(?:价格|补贴|外卖|口水|流量|红包)战", text[b:b + 4]):
                continue  # 的“猫狗大战”, 外卖价格战: a contest named by what it is about, no subject
            if _SAYS_END.search(name):
                continue  # 监管部门通报(下架了…): who reports is before a verb of saying, which is no part of a name
            if name[-1] in "遭将已并跟同可能会" or (_word_across(text, b, b + 2) and not self.suffix_end_re.search(name)):
                continue  # 主页域名遭(封禁), 二者共(同向), 顾客可(使用): a passive marker, adverb or modal at its end (the other function
                # characters are ruled out below), or a word across its end
            if self._new_name_ok(name, phrase_check=False) and not common_word(name) and not ordinary_trade(name) \
                    and not any(ch in FUNCTION_CHARS for ch in name) and not TIME_WORD.search(name) \
                    and not has_function_word(name) and not _common_start(name):
                out.append(Candidate(a, b, name, _kind_of(name), "subject" + TENTATIVE, None, 1))
        return out

    _affiliation_re: re.Pattern[str] | None = None

    def affiliation_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """An unknown name right before a founder's or head's title and the person who holds it,
        at the start of a clause or after 、: 青芒智驾联合创始人赵慧文近日离职, 鹿鸣旅游联合创始人、鹿鸣网络
        总裁周和平. The title and the person make the slot an organisation's; tentative, as the
        subject slot: kept only where a relation takes it."""
        people = [c for c in taken if c.type == "Person"]
        if not people:
            return []
        if self._affiliation_re is None:
            titles = ("联合创始人|创始人|创办人|联合创办人|首席执行官|CEO|总裁|董事长|总经理|执行长|"
                      "董事局主席|掌门人|负责人")
            type(self)._affiliation_re = re.compile(
                r"(?:^|(?<=[，,。；;：:！!？?\n“”\"」、]))\s*(?P<n>[\u4e00-\u9fff]{2,6}?)"
                f"(?P<t>(?:{titles})(?:兼(?:{titles}))?)[、，,]?\\s?$")
        starts = {c.start for c in taken}
        out = []
        for person in people:
            for a, b, name in self._affiliations(text, person.start):
                if a in starts or any(c.start < b and a < c.end for c in taken):
                    continue
                # the title and the person vouch for the slot: a numeral or an adjective may be part of the
                # name (零壹万象, 极简科技), a pointer, adverb, preposition or a title's own modifier may not
                words = pos.lcut(name)
                if self._new_name_ok(name, phrase_check=False) and not common_word(name) \
                        and not ordinary_trade(name) and not any(ch in FUNCTION_CHARS for ch in name) \
                        and not TIME_WORD.search(name) \
                        and not any(len(w.word) >= 2 and w.flag[:1] in "dprcut" for w in words) \
                        and words[0].flag[:1] not in "dprcut" and not common_word(words[0].word) \
                        and name[-1] not in "副前原现任时席首总" and not self.role_re.search(name):
                    out.append(Candidate(a, b, name, "Company", "affiliation" + TENTATIVE, None, 1))
        return out

    def _affiliations(self, text: str, at: int) -> list[tuple[int, int, str]]:
        """The organisations of a chain of titles that ends at ``at``: 甲联合创始人、乙总裁周和平 gives
        乙 and 甲 (each joined to the next by 、)."""
        out = []
        while (m := self._affiliation_re.search(text, max(0, at - 24), at)) is not None:
            out.append((m.start("n"), m.end("n"), m.group("n")))
            at = m.start("n")
            if at == 0 or text[at - 1] != "、":
                break
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
            if (self._new_name_ok(name, phrase_check=False) and not common_word(name)
                    and not any(ch in FUNCTION_CHARS for ch in name) and not has_function_word(name)
                    and not self.modifier_re.match(name) and not ordinary_words(name)):
                out.append(Candidate(a, b, name, "Company", "object", None, 1))
        return out

    _slot_re: re.Pattern[str] | None = None
    _latin_slot_re: re.Pattern[str] | None = None

    def slot_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """An unknown name in the object slot of a relation word, bounded on the right by
        punctuation, a list word, an adverb or a noun of the relation: 旗下的鲸影已…, 旗下拥有X、Y,
        全资子公司X，, 清仓了X。, 屏蔽了X的链接. Tentative: kept only where a relation takes it."""
        if self._slot_re is None:
            from kg.extract.relations import triggers

            fam = triggers()
            # (登陆 may be a listing on an exchange, 挑战 a noun: they open no slot)
            verbs = {w for f in ("acquire", "invest", "divest", "block", "settle", "link", "partner_v",
                                 "subsidiary") for w in fam.get(f, ())} - {"登陆", "上架"}
            type(self)._slot_re = re.compile(
                "(?:旗下(?:的|拥有|有|已有|还有|包括)?(?:子品牌|品牌|子公司|产品|平台|应用)?|(?:" + "|".join(sorted(map(re.escape, verbs), key=len, reverse=True))
                + ")了?)(?P<n>[\u4e00-\u9fff]{2,6}?|[A-Z][A-Za-z0-9]*(?: [A-Z0-9][A-Za-z0-9]*)*)"
                "(?=[，,。；;！!？?、：:）)]|$|和|与|及|已|也|将|正式|日前|近日|本月|今日|今年|宣布|用户|"
                "的(?:链接|商品|股份|股权|分享|小程序|官方|用户|全部|部分|外链|直播))")
        taken_spans = [(c.start, c.end) for c in taken]
        out = []
        for m in self._slot_re.finditer(text):
            a, b = m.span("n")
            name = m.group("n")
            if any(s < b and a < e for s, e in taken_spans):
                continue
            if LATIN.match(name):
                if len(name) < 3 or name.isupper():
                    continue
            elif (not self._new_name_ok(name, phrase_check=False) or common_word(name)
                    or any(ch in FUNCTION_CHARS for ch in name) or has_function_word(name)
                    or self.modifier_re.match(name) or ordinary_trade(name) or TIME_WORD.search(name)
                    or _ordinary_start(name)):
                continue
            kind_word = _KIND_END.search(name)
            if kind_word is not None and kind_word.start() > 0 and (
                    common_word(name[:kind_word.start()]) or pos.tag_of(name[:kind_word.start()]) in ("n", "vn", "a", "an")):
                continue  # 旗下社群平台泊舟: a kind of platform, the name comes after it
            kind = _kind_of(name, "Product" if m.group().startswith("旗下") else "Company")
            out.append(Candidate(a, b, name, kind, "slot" + TENTATIVE, None, 1))
            # the list goes on: 旗下拥有鲸影、鲸读两大内容平台
            while (nxt := _SLOT_NEXT.match(text, b)) is not None:
                a, b = nxt.span("n")
                item = nxt.group("n")
                if (any(s < b and a < e for s, e in taken_spans) or not self._new_name_ok(item, phrase_check=False)
                        or common_word(item) or has_function_word(item) or ordinary_trade(item) or _ordinary_start(item)):
                    break
                out.append(Candidate(a, b, item, kind, "slot" + TENTATIVE, None, 1))
        out += self._latin_slot_candidates(text, taken_spans + [(c.start, c.end) for c in out])
        return out

    def _latin_slot_candidates(self, text: str, taken_spans: list[tuple[int, int]]) -> list[Candidate]:
        """A Latin name in a slot that only a party fills: after an owner's or an investor's title
        (大股东Kestio, 母公司Norvane), before the verb of a round (由Norvane领投), or in a list closed by
        等 and a kind (对Zentri、Orbeya等搜索引擎). Tentative, as the other slots."""
        if self._latin_slot_re is None:
            from kg.extract.relations import triggers

            fam = triggers()
            titles = sorted({w for f in ("parent", "investor") for w in fam.get(f, ())}, key=len, reverse=True)
            type(self)._latin_slot_re = re.compile(
                f"(?:{'|'.join(map(re.escape, titles))})(?P<a>{_LATIN_NAME_RUN})(?![A-Za-z0-9])"
                f"|(?<![A-Za-z0-9])(?P<b>{_LATIN_NAME_RUN})(?=领投|跟投|参投|联合领投|独家投资)"
                f"|(?<![A-Za-z0-9])(?P<c>{_LATIN_NAME_RUN})(?=(?:(?:、|和|与|及|以及){_LATIN_NAME_RUN})*\\s?"
                "(?:等|[一二两三四五六七八九十几多\\d]+(?:款|家|个|大))"
                "(?P<k>[\u4e00-\u9fff]{0,4}?(?:平台|应用|公司|企业|巨头|厂商|引擎|产品|App|APP|品牌|游戏|服务|网站|软件|工具|"
                "模型|机构|基金|银行|媒体|芯片|车企)))")
        out = []
        for m in self._latin_slot_re.finditer(text):
            group = next(g for g in "abc" if m.group(g) is not None)
            items = [m.span(group)]
            if group == "c":  # the other members of the list
                items += [x.span() for x in _LATIN_NAME_RUN_RE.finditer(text, m.end(group), m.start("k"))]
                kind = _latin_list_kind(m.group("k"))
            else:
                kind = "Company"
            for a, b in items:
                name = text[a:b]
                if (len(name) < 3 or name.isupper() or any(s < b and a < e for s, e in taken_spans)
                        or not self.plausible_name(name, kind)):
                    continue
                out.append(Candidate(a, b, name, kind, "slot" + TENTATIVE, None, 1))
                taken_spans.append((a, b))
        return out

    def coordinated_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """A name joined to a known one by 和/与/或/及: 腾讯系的QQ音乐和青禾电台, 在QQ音乐或青禾电台APP上.
        The other side runs to a word that bounds names (的, 系, a verb, punctuation), and must not be
        a frequent word (用户和微信) or hold a function word."""
        starts = {c.start for c in taken}
        ends = {c.end for c in taken}
        out = []
        for c in taken:
            if c.type == "Person" and c.entity is None:
                continue
            # the name before: …的X和<c>
            if c.start >= 3 and text[c.start - 1] in COORD:
                b = c.start - 1
                a = b
                while a > 0 and b - a < 8 and re.match(f"[{ITEM_CHARS}]", text[a - 1]) \
                        and text[a - 1] not in NOT_IN_ITEM and a not in ends:
                    a -= 1
                for m in self.boundary_re.finditer(text, max(0, a - 4), b):
                    if a <= m.end() < b:
                        a = max(a, m.end())
                if b - a >= 2 and a not in starts and self._coordinated_ok(text[a:b]) and not (
                        a > 0 and re.match(f"[{ITEM_CHARS}]", text[a - 1]) and crossed(text, a, jieba_freq())):
                    # (not where a bound was read inside a word: 青禾会议App与…, not 议App)
                    out.append(Candidate(a, b, text[a:b], c.type, "coordinated" + TENTATIVE, None, 1))
            # the name after: <c>和X的…
            if text[c.end:c.end + 1] in COORD and c.end + 1 < len(text):
                a = c.end + 1
                b = a
                latin = LATIN_NAME.match(text, a)
                if latin is not None and not latin.group().isupper() and a not in starts:
                    # 与Harbrook Financial Services达成合作: a Latin name runs over its capitalised words
                    b = latin.end()
                    if b - a >= 3 and self.plausible_name(text[a:b], c.type):
                        out.append(Candidate(a, b, text[a:b], c.type, "coordinated" + TENTATIVE, None, 1))
                    continue
                while b < len(text) and b - a < 8 and re.match(f"[{ITEM_CHARS}]", text[b]) \
                        and text[b] not in NOT_IN_ITEM and b not in starts:
                    b += 1
                # a bound word may begin inside the run: 云付通互为 ends before 互为
                stop = self.boundary_re.search(text, a + 1, min(len(text), b + 2))
                if stop and stop.start() < b:
                    b = stop.start()
                if b - a >= 2 and a not in starts and self._coordinated_ok(text[a:b]) \
                        and (b == len(text) or not re.match(f"[{ITEM_CHARS}]", text[b]) or b in starts
                             or self.boundary_re.match(text, b) or self.suffix_re.match(text, b)) \
                        and not (b < len(text) and b not in starts and re.match(f"[{ITEM_CHARS}]", text[b])
                                 and crossed(text, b, jieba_freq())):
                    # (not where a bound was read inside a word: 社交应用云帆, not 社交应)
                    out.append(Candidate(a, b, text[a:b], c.type, "coordinated" + TENTATIVE, None, 1))
        return out

    def _coordinated_ok(self, name: str) -> bool:
        if re.match(r"[0-9][A-Za-z]|(?:AI|AR|VR|XR|IoT)(?![A-Za-z])", name):
            return False  # 5G芯片, 4K电视, AI手机: a technology and a kind, not a name
        first = pos.lcut(name)[0]
        if first.word in _DEGREE or (len(first.word) >= 2 and first.flag == "d"):
            return False  # 很难与X竞争, 难以和X相比: an adverb before 与, not a name
        return (self._new_name_ok(name, phrase_check=False) and not common_word(name)
                and not has_function_word(name) and not ordinary_words(name)
                and not self.part_re.fullmatch(name))

    def renamed_candidates(self, text: str) -> list[Candidate]:
        """A quoted new name after a renaming verb: 云帆外卖改名“帆速到家”, 更名为“X”."""
        out = []
        for m in RENAMED.finditer(text):
            name = m.group("n").strip()
            if 2 <= len(name) <= 12 and self._new_name_ok(name):
                out.append(Candidate(m.start("n"), m.start("n") + len(name), name, "Product", "renamed", None, 3))
        return out

    def launched_object_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """What a launch verb names when its object is a system or service word: 推出全新星享会员体系."""
        starts = {c.start for c in taken}
        out = []
        for m in self.launched_object_re.finditer(text):
            name = m.group("n")
            if m.start("n") in starts or self.generic_re.fullmatch(m.group("h")):
                continue
            head = m.group("h")
            if (len(head) >= 2 and not common_word(head) and not self.trigger_re.search(head)
                    and not self.modifier_re.match(head)):
                cls = "Feature" if name.endswith("功能") else "App" if name.endswith(("App", "APP")) else "Product"
                out.append(Candidate(m.start("n"), m.end("n"), name, cls, "launched.object", None, 1))
        # a name with its version after a launch verb: 发布青云-2.5, 推出青云R1推理模型, 发布青云 V3
        for m in self.launched_run_re.finditer(text):
            a = m.start("n")
            run = _run_to_stop(m.group("n"))
            version = _VERSION_THEN.match(text, a + len(run))
            if (a in starts or version is None or not 2 <= len(run) <= 4 or common_word(run) or self.head_re.match(run)
                    or self.trigger_re.search(run) or self.modifier_re.match(run)):
                continue
            end = version.end()
            cls = "AIModel" if re.match(r"(?:大|推理|语言|多模态)?模型", text[end:end + 5]) else "Product"
            out.append(Candidate(a, end, text[a:end], cls, "launched.object", None, 1))
        return out


#: A kind word that ends a description (社群平台, 电商业务), not a name.
_KIND_END = re.compile(r"(?:平台|应用|产品|品牌|业务|软件|服务|App|APP)$")
_SLOT_NEXT = re.compile(r"[、和与及](?P<n>[\u4e00-\u9fff]{2,4}?)(?=[、和与及，,。；;]|等|[两三四五六七八九十几多]+(?:大|个|家|款|项))")


def _common_start(name: str) -> bool:
    """A clause's first words that start with a frequent word, a common verb or a function word
    (目前, 随后, 宣布): no subject's name; a rare verb may start one (溯源资本)."""
    first = pos.lcut(name)[0]
    freq = jieba_freq().get(first.word, 0)
    return (len(first.word) >= 2 and (freq >= 2000 or first.flag.startswith("v") and freq >= 200)
            or first.flag[:1] in ("d", "p", "r", "m", "c", "u", "t")
            or first.word in _DEGREE)


#: Degree adverbs jieba tags as bound morphemes (很难, 太贵): a clause that starts with one has no subject's name.
_DEGREE = frozenset({"很", "太", "挺", "颇", "蛮", "更", "最"})


def _ordinary_start(name: str) -> bool:
    """A phrase, not a name, that starts with a frequent word or with a verb, adverb or adjective
    (商家数 after 入驻, 要更大 after 挑战)."""
    first = pos.lcut(name)[0]
    return (len(first.word) >= 2 and jieba_freq().get(first.word, 0) >= 300
            or first.flag[:1] in ("v", "d", "p", "r", "m", "c", "u") or first.flag == "a")


def _verb_word(name: str) -> bool:
    """One dictionary word tagged as a verb, adjective or adverb (聚焦, 全面)."""
    words = pos.lcut(name)
    return len(words) == 1 and words[0].flag[:1] in ("v", "a", "d") and not name.isascii()


def _kind_of(name: str, default: str = "Company") -> str:
    """The class a kind word at the end of ``name`` gives (雪豹手机: Product, 鲸选商城: Platform)."""
    for word, cls in _kind_classes():
        if name.endswith(word) and len(name) > len(word):
            return cls
    return default


@functools.lru_cache(maxsize=1)
def _kind_classes() -> tuple[tuple[str, str], ...]:
    """(kind word, class) of the product words, then of the suffixes, each table longest first."""
    tw = type_words()
    return tuple((w, tw[t][w]) for t in ("product", "suffix") for w in sorted(tw[t], key=len, reverse=True))
