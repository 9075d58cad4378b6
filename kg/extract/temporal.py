"""Time expressions in Simplified Chinese news text, resolved to ISO 8601.

``find_dates`` finds absolute dates (``2013年11月``, ``2022年6月29日``, ``2021年初``,
``2021年双十一``), relative ones (``今年5月``, ``去年年底``, ``上个月``, ``6月14日``,
``双11``) and resolves the relative ones against the publication date when it is
known. Without a publication date a relative expression keeps its text and gets
``value=None``: nothing is ever guessed.

Decisions, so callers know what to expect:

- Precision is the text's: ``2013年11月`` → ``2013-11``; year parts (``年初``, ``上半年``,
  ``一季度``, ``年底``) → the year only.
- Festivals (``kg/data/festivals.tsv``: ``618``, ``双11``, …) name their day: ``2021年618``
  → ``2021-06-18``. A bare ``618``/``双11`` is this year's (the publication year).
- A month or month-day without a year (``5月``, ``6月14日``, ``9月25号``) takes the
  publication year, even when that lands after the publication date; we do not
  guess backwards to the previous year.
- Fiscal years (``2022财年``, ``FY2022``) do not match calendar years (Alibaba's ends
  in March), so they are found but left unresolved (``value=None``).
- ``10年前`` resolves to the publication year minus ten (year precision); vague
  counts (``几年前``, ``多年前``) and years relative to another event in the text
  (``第二年5月``, ``次年``, ``同年``, ``当年``, ``N年后``) are found, relative, unresolved.

>>> [(e.text, e.value) for e in find_dates("去年10月,阿里在2017年底上线了它", "2022-06-16")]
[('去年10月', '2021-10'), ('2017年底', '2017')]
>>> find_dates("今年双11")[0].value is None
True
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from kg.resources import package_data

_XSD = "http://www.w3.org/2001/XMLSchema#"

# Full-width digits and date separators map one-to-one, so offsets survive.
_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
# After a month: 月活 (monthly actives), 月薪, 月度 … are not dates.
_NOT_MONTH_WORD = r"(?![活薪度费供票卡])"

_REL_YEARS = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0, "本年": 0, "明年": 1, "后年": 2}
_REL_MONTHS = {"上个月": -1, "上月": -1, "本月": 0, "这个月": 0, "下个月": 1, "下月": 1}
_REL_DAYS = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "当天": 0, "明天": 1, "明日": 1}


@dataclass(frozen=True)
class TimeExpr:
    """A time expression found in a string.

    Attributes:
        start, end: offsets into the string given to ``find_dates``.
        text: the words, as written.
        value: ISO 8601 at the text's precision (``2017``, ``2013-11``, ``2022-06-29``),
            or ``None`` when it cannot be resolved.
        relative: whether the value depends on the publication date or on context.
    """

    start: int
    end: int
    text: str
    value: str | None
    relative: bool


@functools.cache
def _festivals() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in package_data("festivals.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, month_day = line.split("\t")[:2]
            table[name] = month_day.strip()
    return table


def _festival_pattern() -> str:
    parts = []
    for name in sorted(_festivals(), key=len, reverse=True):
        part = re.escape(name)
        if name[0].isdigit():
            part = r"(?<![\d.])" + part
        if name[-1].isdigit():
            # 618万, 6180, 11.5% are amounts, not festivals.
            part += r"(?![\d.%％万亿元个家件人位])"
        parts.append(part)
    return "|".join(parts)


def _tail(p: str) -> str:
    """What may follow a year's 年: a month (and day), a festival or a part of the year."""
    fest = _festival_pattern()
    return (
        rf"(?:\s*(?P<{p}_m>{_MONTH})\s*月份?{_NOT_MONTH_WORD}"
        rf"(?:\s*(?P<{p}_d>{_DAY})\s*[日号])?(?:上旬|中旬|下旬|初|底|末)?"
        rf"|\s*(?P<{p}_f>{fest})"
        rf"|(?P<{p}_p>年?初(?![次步衷心])|年?底|年?末|年中|中(?=[，,、。\s时期])|[上下]半年"
        rf"|(?:第?[一二三四1-4]|前[二三两2-3])季度|Q[1-4]|H[12]|度))?"
    )


@functools.cache
def _pattern() -> re.Pattern[str]:
    fest = _festival_pattern()
    # 此前年底, 之后年… : 前年/后年 there are not "the year before last/after next"
    rel_years = "|".join(w if w[0] not in "前后" else rf"(?<![之此以最然]){w}"
                         for w in sorted(_REL_YEARS, key=len, reverse=True))
    rel_months = "|".join(sorted(_REL_MONTHS, key=len, reverse=True))
    alternatives = [
        # 2022-06-29, 2022/6/29, 2022.6.29; year-month only with - or /
        r"(?<![\d.])(?P<iso_y>(?:19|20)\d{2})(?:(?P<iso_s>[-/.])(?P<iso_m>1[0-2]|0?[1-9])"
        r"(?P=iso_s)(?P<iso_d>[12]\d|3[01]|0?[1-9])|[-/](?P<iso_m2>1[0-2]|0?[1-9]))(?![\d.%％])",
        r"(?<![\d.])(?P<fy>(?:19|20)\d{2}\s*财年|FY\s?(?:19|20)?\d{2})(?!\d)",
        r"(?<![\d.])(?P<abs_y>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年" + _tail("abs"),
        rf"(?P<rel_y>{rel_years})" + _tail("rel"),
        r"(?P<ctx_y>第[二三四五六七八九十\d]{1,2}年|次年|翌年|同年|当年|那年|这一年|那一年)" + _tail("ctx"),
        r"(?<![\d.])(?P<ago_n>\d{1,2}|[一二两三四五六七八九十几多]{1,3})\s*年(?P<ago_dir>前|后)",
        rf"(?<![\d年.])(?P<md_m>{_MONTH})\s*月(?P<md_d>{_DAY})\s*[日号](?!\d)",
        rf"(?<![\d年第.])(?P<bm_m>{_MONTH})\s*月份?{_NOT_MONTH_WORD}(?:上旬|中旬|下旬|初|底|末)?",
        rf"(?P<rm>{rel_months}|当月|次月){_NOT_MONTH_WORD}",
        # 昨天 … : a day relative to publication; 今日头条 is a name, 今天下午 still a day
        r"(?P<rd>前天|昨天|昨日|今天|今日|明天|明日)(?!头条|资本|说法)",
        rf"(?P<bf>{fest})",
        r"(?<![年\d])(?P<bp>年初|年底|年末|年中|[上下]半年)",
    ]
    return re.compile("|".join(alternatives))


def _cn_int(text: str) -> int:
    """``"11"``, ``"十一"``, ``"二十五"``, ``"二〇二一"`` → int."""
    if text.isdigit() and text.isascii():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _parse_pub(pub_date: str | None) -> tuple[int | None, int | None]:
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?", pub_date or "")
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def _pub_day(pub_date: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(pub_date) if pub_date and len(pub_date) == 10 else None
    except ValueError:
        return None


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text at the given precision, or ``None`` for an impossible date."""
    try:
        if day is not None:
            return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return f"{year:04d}"


_INVALID = object()


def _with_tail(m: re.Match[str], p: str, year: int | None) -> str | None | object:
    """Value of a year plus its tail, ``None`` if the year is unknown, ``_INVALID`` if impossible."""
    if year is None:
        return None
    if m.group(f"{p}_m"):
        month = _cn_int(m.group(f"{p}_m"))
        day = _cn_int(m.group(f"{p}_d")) if m.group(f"{p}_d") else None
        value = _iso(year, month, day)
    elif m.group(f"{p}_f"):
        month, day = (int(x) for x in _festivals()[m.group(f"{p}_f")].split("-"))
        value = _iso(year, month, day)
    else:
        value = _iso(year)
    return _INVALID if value is None else value


def _resolve(m: re.Match[str], pub_year: int | None, pub_month: int | None,
             pub_day: datetime.date | None = None):
    """``(value, relative)`` for a match, or ``_INVALID`` for a non-date."""
    g = m.group
    if g("rd"):
        if pub_day is None:
            return None, True
        return (pub_day + datetime.timedelta(days=_REL_DAYS[g("rd")])).isoformat(), True
    if g("iso_y"):
        month = int(g("iso_m") or g("iso_m2"))
        value = _iso(int(g("iso_y")), month, int(g("iso_d")) if g("iso_d") else None)
        return _INVALID if value is None else (value, False)
    if g("fy"):
        return None, False
    if g("abs_y"):
        value = _with_tail(m, "abs", _cn_int(g("abs_y")))
        return value if value is _INVALID else (value, False)
    if g("rel_y"):
        year = pub_year + _REL_YEARS[g("rel_y")] if pub_year else None
        value = _with_tail(m, "rel", year)
        return value if value is _INVALID else (value, True)
    if g("ctx_y"):
        return None, True
    if g("ago_n"):
        n = g("ago_n")
        exact = n.isdigit() or not set(n) & set("几多")
        if pub_year and exact and g("ago_dir") == "前":
            return _iso(pub_year - _cn_int(n.replace("两", "二"))), True
        return None, True
    if g("md_m"):
        # A leap year checks 2月29日 when the year is unknown.
        value = _iso(pub_year or 2000, _cn_int(g("md_m")), _cn_int(g("md_d")))
        if value is None:
            return _INVALID
        return (value if pub_year else None), True
    if g("bm_m"):
        return (_iso(pub_year, _cn_int(g("bm_m"))) if pub_year else None), True
    if g("rm"):
        if g("rm") in _REL_MONTHS and pub_year and pub_month:
            index = pub_year * 12 + pub_month - 1 + _REL_MONTHS[g("rm")]
            return _iso(index // 12, index % 12 + 1), True
        return None, True
    if g("bf"):
        if pub_year is None:
            return None, True
        month, day = (int(x) for x in _festivals()[g("bf")].split("-"))
        return _iso(pub_year, month, day), True
    return (_iso(pub_year) if pub_year else None), True  # bp: 年初, 下半年 … of this year


def find_dates(text: str, pub_date: str | None = None) -> list[TimeExpr]:
    """Find the time expressions of ``text`` (Simplified) in textual order.

    Args:
        text: the string to search; offsets in the result index it.
        pub_date: the publication date (``2022-06-16``, ``2022-06`` or ``2022``), or ``None``.

    >>> [(e.text, e.value, e.relative) for e in find_dates("2021年5月上线，6月14日扩大", "2022-06-16")]
    [('2021年5月', '2021-05', False), ('6月14日', '2022-06-14', True)]
    """
    pub_year, pub_month = _parse_pub(pub_date)
    pub_day = _pub_day(pub_date)
    found = []
    for m in _pattern().finditer(text.translate(_WIDTH)):
        resolved = _resolve(m, pub_year, pub_month, pub_day)
        if resolved is _INVALID:
            continue
        value, relative = resolved
        found.append(TimeExpr(m.start(), m.end(), text[m.start():m.end()], value, relative))
    return found


# Prepositions that put a time after its verb: 成立于1999年, 上线在2021年.
_AFTER_PREPOSITIONS = "于在於"
# 于 after a verb (成立于, 上线于); 在 also starts ordinary place/time phrases, so not here.
_VERB_YU = "于於"


def _attributive(expr: TimeExpr, text: str | None) -> bool:
    """``成立于2015年的公司``: the date belongs to the verb before 于 inside a noun phrase."""
    if text is None:
        return False
    prefix, suffix = text[:expr.start].rstrip(), text[expr.end:]
    return (bool(prefix) and prefix[-1] in _VERB_YU
            and suffix.startswith("的") and not suffix.startswith("的时候"))


def choose_date(exprs, trigger_pos: int, text: str | None = None) -> TimeExpr | None:
    """The time expression that governs an event whose trigger starts at ``trigger_pos``.

    Chinese puts the time adverbial before the verb, so the nearest expression
    ending at or before the trigger wins — unless, given ``text``, it sits in a
    noun phrase after its own verb (``去年，成立于2015年的公司上线了…`` → 去年).
    Failing that, the first expression after the trigger that directly follows
    于/在 (``成立于1999年``). Both refinements need ``text`` (the string the
    offsets index); without it only the nearest-before rule applies.

    >>> exprs = find_dates("阿里在2017年推出，2019年扩大")
    >>> choose_date(exprs, 9).text
    '2017年'
    >>> s = "阿里巴巴成立于1999年"
    >>> choose_date(find_dates(s), 4, s).text
    '1999年'
    """
    before = [e for e in exprs if e.end <= trigger_pos and not _attributive(e, text)]
    if before:
        return max(before, key=lambda e: e.end)
    if text is None:
        return None
    for expr in sorted((e for e in exprs if e.start >= trigger_pos), key=lambda e: e.start):
        prefix = text[:expr.start].rstrip()
        if prefix and prefix[-1] in _AFTER_PREPOSITIONS:
            return expr
    return None


def xsd_datatype(value: str) -> str:
    """The XSD datatype IRI for an ISO value of ``find_dates``.

    >>> xsd_datatype("2013-11")
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    """
    if re.fullmatch(r"\d{4}", value):
        return _XSD + "gYear"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return _XSD + "gYearMonth"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _XSD + "date"
    raise ValueError(f"not an ISO 8601 year, year-month or date: {value!r}")
