"""Metric facts: numbers that measure an entity (月活13亿, 收入210亿元同比增长17%, 持股15%).

A quantity is a number with its multiplier and unit, normalised to a plain decimal with the
original words kept (``13亿`` → 1300000000, ``2,000万`` → 20000000, ``3.5亿美元`` →
350000000 美元, ``千万`` → 10000000, ``15%`` → 15 %), how exact it is (``约`` about, ``超过``
over, ``不到`` under, ``8-10`` a range) and where it stands. A quantity becomes an observation
only beside a measure word (``kg/data/measures.tsv``: 月活, 营收, GMV, 估值, 门店 …), before it
(``用户规模达3.81亿``) or after it (``超10亿月活``, ``9.8亿的月活用户``); a growth (``同比增长17%``)
is a ``growthRate`` of the measure named before it. A number with no measure word — a
programme's name (百亿补贴), a date, a rank, a count of years — is no observation.

>>> [(q.text, q.value, q.unit, q.approx) for q in find_quantities("月活超13亿，营收约210亿元，增长17%")]
[('超13亿', Decimal('1300000000'), '', 'over'), ('约210亿元', Decimal('21000000000'), '元', 'about'), ('17%', Decimal('17'), '%', 'exact')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from kg.extract.lexicon import alt_pattern
from kg.resources import package_data

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_MULTIPLIERS = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
                "十亿": Decimal(10) ** 9, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
                "百万": Decimal(10) ** 6, "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4}
_UNITS = ("美元", "港元", "港币", "欧元", "日元", "人民币", "元", "人次", "人", "户", "位", "名", "家",
          "个百分点", "个", "款", "单", "笔", "件", "%", "％", "倍")
_BEFORE = {"近": "about", "接近": "under", "将近": "under", "约": "about", "大约": "about", "大概": "about",
           "逾": "over", "超过": "over", "超": "over", "多达": "exact", "高达": "exact", "达到": "exact",
           "达": "exact", "突破": "over", "不到": "under", "不足": "under", "少于": "under",
           "至少": "over", "最高": "exact", "约为": "about"}
_AFTER = {"多": "over", "余": "over", "以上": "over", "左右": "about", "上下": "about", "以内": "under"}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_NUMBER = r"[零〇一二两三四五六七八九十百千]+"
_MULT = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_PRE = "|".join(sorted(_BEFORE, key=len, reverse=True))
_POST = "|".join(sorted(_AFTER, key=len, reverse=True))
_NUMBER = (rf"(?:(?P<d>{_DIGITS})\s*(?P<m>{_MULT})?|(?P<c>{_CN_NUMBER})(?P<cm>{_MULT})"
           rf"|(?P<bare>{_MULT}))")
_QUANTITY = re.compile(
    rf"(?P<pre>{_PRE})?(?:(?P<lo>{_DIGITS})\s*(?:%|％)?\s*(?:-|~|～|至|到)\s*)?{_NUMBER}\s*(?P<post>{_POST})?"
    rf"\s*(?P<u>{_UNIT})?(?P<post2>{_POST})?")
# What follows a number that is then not a quantity: a date, an ordinal, an age, a list mark.
_VAGUE = re.compile(r"成千上|成百上|上百|上千|上万|数以|好几")
_NOT_AFTER = re.compile(r"\s*(?:年(?!度)|月(?!活|度)|日(?!活)|号|时|分|岁|周年|季度|点|小时|天|届|期|代|次方)")


@dataclass(frozen=True)
class Quantity:
    """A number in a text, normalised.

    Attributes:
        value: the number as a decimal (the range's upper end for a range).
        low: the range's lower end, or ``None``.
        unit: the unit written (``元``, ``美元``, ``%``, ``人`` …) or ``""``.
        approx: ``exact``, ``about``, ``over``, ``under`` or ``range``.
    """

    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    approx: str
    low: Decimal | None = None


@functools.cache
def _festival_numbers() -> frozenset[str]:
    from kg.extract.temporal import _festivals

    return frozenset(name for name in _festivals() if name.isdigit())


def _digits(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _chinese(text: str) -> Decimal | None:
    """二十五 → 25, 两千 → 2000, 一 → 1; ``None`` for what is not a plain Chinese number."""
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            current = current * 10 + _CN_DIGIT[ch] if current and current % 10 else _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (current or 1) * _CN_UNIT[ch]
            current = 0
        else:
            return None
    return Decimal(total + current)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of ``text``, in order; dates, ordinals and years are not quantities."""
    out = []
    for m in _QUANTITY.finditer(text):
        g = m.group
        if not (g("d") or g("c") or g("bare")):
            continue
        if g("d"):
            value = _digits(g("d"))
            mult = _MULTIPLIERS.get(g("m") or "", Decimal(1))
        elif g("c"):
            number = _chinese(g("c"))
            if number is None:
                continue
            value, mult = number, _MULTIPLIERS[g("cm")]
        else:
            value, mult = Decimal(1), _MULTIPLIERS[g("bare")]  # 千万 = 10 million
        start = m.start()
        if start and text[start - 1] in "第" or (start and re.match(r"[\d.]", text[start - 1])):
            continue
        if _VAGUE.search(text, max(0, start - 4), start + 1) or (start and text[start - 1] in "数几"):
            continue  # 成千上百万, 数万亿, 几万: no number to normalise
        if g("d") and not (g("m") or g("u")) and g("d") in _festival_numbers():
            continue  # 618, 1111: a shopping festival
        if _NOT_AFTER.match(text, m.end() if g("u") or g("m") or g("cm") else m.end("d") if g("d") else m.end()):
            if not (g("u") or g("m") or g("cm") or g("bare")):
                continue
        if g("d") and not (g("m") or g("u")) and re.fullmatch(r"(?:19|20)\d{2}", g("d")):
            continue  # a bare year
        unit = (g("u") or "").replace("％", "%").replace("港币", "港元")
        approx = _BEFORE.get(g("pre") or "", None) or _AFTER.get(g("post") or g("post2") or "", "exact")
        low = None
        if g("lo"):
            low = _digits(g("lo")) * mult
            approx = "range"
        value = (value * mult).normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
        out.append(Quantity(start, m.end(), m.group().strip(), value, unit, approx,
                            low.normalize() if low is not None else None))
    return out


@dataclass(frozen=True)
class Measure:
    """A measure word of ``measures.tsv``: the measure it names and the unit it implies."""

    cue: str
    measure: str
    unit: str


@functools.cache
def measures() -> tuple[Measure, ...]:
    """The measure words, longest first."""
    rows = []
    for line in package_data("measures.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cue, measure, unit = (line.split("\t") + [""])[:3]
            rows.append(Measure(cue, measure, unit))
    return tuple(sorted(rows, key=lambda m: -len(m.cue)))


@functools.cache
def _cue_re() -> re.Pattern[str]:
    return re.compile(alt_pattern(m.cue for m in measures()), re.IGNORECASE)


def _by_cue() -> dict[str, Measure]:
    return {m.cue.casefold(): m for m in measures()}


#: What may stand between a measure word and its number (用户规模达3.81亿, 收入高达886.66亿元).
_LINK = re.compile(r"(?:规模|总数|总额|总量|数量|数|量)?(?:的)?(?:已经|已|一度|再次|全年|同比|将|将会|预计)?"
                   r"(?:达到了?|达|为|是|有|约为|约|超过了?|超|突破|增至|升至|增长至|攀升至|占到|占|高达|多达|"
                   r"接近|近|逾|不到|不足)?\s*$")
# between a number and the measure word after it: 9.8亿的月活用户, 70亿元的年度框架协议
_BETWEEN = re.compile(r"\s*的?(?:(?![将会在是有“”])[\u4e00-\u9fff]){0,3}")
# a growth named after its rate: 带动15%-25%新客增长
_GROWTH_AFTER = re.compile(r"(?:[\u4e00-\u9fff]{0,3})(?:增长|增幅|提升|涨幅)")
_GROWTH = re.compile(r"(?:同比|环比|较上年|较去年同期)?(?:增长|增加|提升|上涨|上升|增|涨|下降|下滑|减少|降低|降|下跌|跌)了?\s*$")
_FALL = re.compile(r"下降|下滑|减少|降低|降|下跌|跌")


@dataclass(frozen=True)
class Reading:
    """A measure word bound to a quantity in one clause; offsets index the clause's sentence.

    ``after_entity`` is True when the measure word and number come before the entity they
    measure (超10亿月活的微信用户池), False when the entity comes first (微信月活13亿).
    """

    measure: str
    quantity: Quantity
    unit: str
    cue_start: int
    cue_end: int
    after_entity: bool
    of_measure: str | None = None


def read_clause(text: str, start: int, end: int) -> list[Reading]:
    """The measure-word and quantity pairs of ``text[start:end]`` (one clause)."""
    clause = text[start:end]
    quantities = [q for q in find_quantities(clause)]
    cues = [(m.start(), m.end(), _by_cue()[m.group().casefold()]) for m in _cue_re().finditer(clause)]
    out: list[Reading] = []
    used: set[int] = set()
    for q in quantities:
        if q.start in used:
            continue
        # a growth: 同比增长17% / 提升超12倍, of the measure named before it; 15%-25%新客增长
        if q.unit in ("%", "倍", "个百分点") and (_GROWTH.search(clause[max(0, q.start - 8):q.start])
                                                 or _GROWTH_AFTER.match(clause, q.end)):
            before = [c for c in cues if c[1] <= q.start]
            of = before[-1][2].measure if before else None
            value = -q.value if _FALL.search(clause[max(0, q.start - 8):q.start]) else q.value
            grown = Quantity(q.start, q.end, q.text, value, q.unit, q.approx, q.low)
            out.append(Reading("growthRate", grown, q.unit, q.start, q.start, False, of))
            used.add(q.start)
            continue
        # measure word before the number: 用户规模达3.81亿, 月活13亿, DAU一度接近千万
        before = [c for c in cues if c[1] <= q.start and _LINK.match(clause[c[1]:q.start])
                  and q.start - c[1] <= 8]
        if before:
            cue = before[-1][2]
            if _unit_fits(cue, q):
                out.append(Reading(cue.measure, q, q.unit or cue.unit, start + before[-1][0],
                                   start + before[-1][1], False))
                used.add(q.start)
                continue
        # number before the measure word: 超10亿月活, 9.8亿的月活用户, 70亿元的年度框架协议
        after = [c for c in cues if c[0] >= q.end and _BETWEEN.fullmatch(clause[q.end:c[0]])]
        if after and (q.unit or q.value >= 10000 or "万" in q.text or "亿" in q.text):
            cue = after[0][2]
            if _unit_fits(cue, q):
                out.append(Reading(cue.measure, q, q.unit or cue.unit, start + after[0][0],
                                   start + after[0][1], True))
                used.add(q.start)
    return [Reading(r.measure, _shift(r.quantity, start), r.unit, r.cue_start, r.cue_end, r.after_entity,
                    r.of_measure) for r in out]


def _shift(q: Quantity, by: int) -> Quantity:
    return Quantity(q.start + by, q.end + by, q.text, q.value, q.unit, q.approx, q.low)


def _unit_fits(cue: Measure, q: Quantity) -> bool:
    """A share takes a percentage; a count or an amount does not (月活增长5%, 收入占比30%)."""
    if cue.unit == "%":
        return q.unit == "%"
    if q.unit in ("%", "倍", "个百分点"):
        return False
    money = q.unit in ("元", "美元", "港元", "欧元", "日元", "人民币")
    if cue.unit in ("元",):
        return money or not q.unit
    return not money


def readings(text: str, clauses: Sequence[tuple[int, int]]) -> list[Reading]:
    """:func:`read_clause` over every clause of a sentence."""
    return [r for start, end in clauses for r in read_clause(text, start, end)]


_NUMBERISH = re.compile(r"\d|[一二两三四五六七八九十百千万亿]")
_RATE = re.compile(r"[%％倍]|个百分点")
_CLAUSE_CUT = re.compile(r"[，,：:；;]")
_HOSTS = frozenset({"App", "Platform"})
_DEALS = frozenset({"dealValue", "fundingAmount", "investmentAmount"})
_PARENS = re.compile(r"[(（][^()（）]{0,30}[)）]")
_PARTIES = frozenset({"Company", "InvestmentFirm", "Organization", "GovernmentAgency", "Product", "App",
                      "MiniProgram", "Platform", "Feature", "PaymentService", "AdPlatform", "AIModel", "Chip"})


def readings_in(sentence: str) -> list[Reading]:
    """The readings of one sentence, cut into clauses; ``[]`` at once when it holds no measure word."""
    if not _NUMBERISH.search(sentence) or not (_cue_re().search(sentence) or _RATE.search(sentence)):
        return []
    return readings(sentence, _clause_spans(sentence))


def _clause_spans(sentence: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_CUT.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return [(a, b) for a, b in spans if b > a]


def measured(sentence: str, found: Sequence[Reading], mentions, topic=None):
    """Pair each reading with the entity it measures: ``(reading, entity, rule)``.

    ``mentions`` are the sentence's ``(start, end, entity, name, rule)``. The entity is the
    name before the measure word in its clause (微信月活13亿, 天猫优品数字化门店超过13000家), or,
    when the number and measure word come first, the name right after them (超10亿月活的微信) or
    at the head of the next clause (近13亿月活，微信…); failing those, what the sentence measured
    last, or the name before in the sentence, or ``topic`` (what the sentence before measured).
    A platform's mini-programs (微信小程序…同比提升40%) and a brand's mini-program on a platform
    (“拼多多-微信小程序”用户数为1亿) are measured as such.
    """
    from kg.catalog import mint_entity

    clauses = _clause_spans(sentence)
    glosses = [g.span() for g in _PARENS.finditer(sentence)]
    # a name inside brackets (注:含天猫、淘宝等) explains; it is not what is measured
    parties = sorted((m for m in mentions if m[2].type in _PARTIES
                      and not any(a <= m[0] < b for a, b in glosses)), key=lambda m: m[0])
    last = None
    out = []

    def clause_of(pos: int) -> tuple[int, int]:
        return next((c for c in clauses if c[0] <= pos < c[1]), (0, len(sentence)))

    def named(m, rule: str):
        s, e, entity = m[0], m[1], m[2]
        tail = sentence[e:e + 3]
        if tail.startswith(("小程序", "小程式")) and entity.type in _HOSTS:
            brand = next((b for b in parties if b[1] <= s and re.fullmatch(r"\s*[-－—–]\s*", sentence[b[1]:s])),
                         None)
            if brand is not None:  # “拼多多-微信小程序”: the brand's mini-program on that platform
                return mint_entity(sentence[brand[0]:e + 3], "MiniProgram"), rule + ".mini-program"
            return mint_entity(sentence[s:e + 3], "Platform"), rule + ".mini-programs"
        return entity, rule

    for r in found:
        q = r.quantity
        c0, c1 = clause_of(q.start)
        in_clause = [m for m in parties if c0 <= m[0] and m[1] <= c1]
        choice = None
        if r.after_entity:
            after = [m for m in in_clause if r.cue_end <= m[0] <= r.cue_end + 3]
            before = [m for m in in_clause if m[1] <= q.start and q.start - m[1] <= 2]
            if after:
                choice = named(after[0], "metric.number-measure")
            elif before:
                choice = named(before[-1], "metric.name-number-measure")
            elif not in_clause:
                nxt = [m for m in parties if m[0] >= c1]
                if nxt and clause_of(nxt[0][0]) == next((c for c in clauses if c[0] >= c1), None) \
                        and nxt[0][0] - clause_of(nxt[0][0])[0] <= 2:
                    choice = named(nxt[0], "metric.number-measure-then-name")
        else:
            cue_at = r.cue_start if r.cue_start >= c0 else q.start
            before = [m for m in in_clause if m[1] <= cue_at and cue_at - m[1] <= 12]
            if before:
                choice = named(before[-1], "metric.name-measure-number")
        if choice is None and in_clause and r.measure in _DEALS:
            # 阿里与抖音签署了70亿元的框架协议: a deal's amount is its first party's
            choice = named(in_clause[0], "metric.deal-party")
        if choice is None:
            earlier = [m for m in parties if m[1] <= q.start]
            if last is not None:
                choice = (last, "metric.same-subject")
            elif earlier and not in_clause:
                choice = named(earlier[-1], "metric.topic")
            elif topic is not None and not in_clause and not earlier:
                choice = (topic, "metric.topic")
        if choice is None:
            continue
        entity, rule = choice
        last = entity
        out.append((r, entity, rule))
    return out
