"""Scrape clean-up: named rules that drop page chrome, repeats, glosses and stray spaces.

Each rule is a small function tested on its own; ``clean`` runs them all over a
``MappedText`` so that what survives keeps its offsets into the original file.
Rules decide per line (paragraph) on a Simplified, NFKC-normalised *key* of the line,
so one pattern serves Simplified and Traditional pages and full- and half-width
punctuation alike; the text that survives is the original's.

Rules, in the order they run:

- ``header``: byline and source lines (文|…, 作者：…, 来源公众号：…) become metadata.
- ``dateline``: among the first ``DATELINE_LINES`` lines, a short line that is a full date
  with a time, an outlet or labelled fields around it (``潮汐观察·2024年11月03日 08:15``,
  ``- 发布时间:2019-07-16 09:05:12 来源:晨光日报 责任编辑:林一帆``) gives the publication date
  (and the outlet it names) and is dropped.
- ``chrome``: whole short lines matching ``kg/data/chrome.tsv``.
- ``slogan``: a short line repeated ``SLOGAN_MIN`` times or more is dropped everywhere.
- ``repeat``: a line already seen, or contained in what was already kept (the
  article pasted twice), is dropped.
- ``pinyin``: ``字(pīnyīn)`` glosses are removed; ordinary parentheses stay.
- ``whitespace``: spaces next to CJK punctuation and full-width spaces between
  Chinese characters go; other runs become one space; zero-width and control
  characters (NUL) go.

>>> clean_text("正在阅读:\\n今天 ,阿里(ālǐ)上线了。\\n评论\\n今天 ,阿里上线了。")
'今天,阿里上线了。'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from kg.normalize import MappedText, t2s
from kg.resources import package_data

#: A short line seen this many times or more is a slogan or banner, not content.
SLOGAN_MIN = 5
#: Slogans are short; a long repeated line is a doubled paragraph (rule ``repeat``).
SLOGAN_MAX_LEN = 30
#: Chrome and header lines are short; a longer line is always content.
CHROME_MAX_LEN = 100
HEADER_MAX_LEN = 60
#: A dateline is one of the first lines of a page.
DATELINE_LINES = 6
#: A line this long that is contained in the text kept so far is a repeat.
REPEAT_MIN_LEN = 12
#: The first line is the headline when it is this short and not a sentence.
TITLE_MAX_LEN = 60

_LINE = re.compile(r"[^\r\n\u2028\u2029]+")
_NUMBERING = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十])\s*[、.．)]\s*")
_SPACES = re.compile(r"\s+")

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = f"a-zü{_TONES}ńňǹḿ"
# A gloss follows a Chinese character and holds 1–4 lowercase syllables, at least
# one with a tone mark: "(effective cost…)" or "(注:…)" can never match.
PINYIN_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*(?=[{_PINYIN} ]*[{_TONES}])"
    rf"[{_PINYIN}]{{1,6}}(?:\s+[{_PINYIN}]{{1,6}}){{0,3}}\s*[)）]"
)
# Zero-width characters, soft hyphens, and control characters that are not white space
# (NUL, escape codes): RDF/XML and most tools cannot hold the controls in a literal.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1b\x7f]+")
_HSPACE = re.compile(r"[^\S\r\n]+")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014\u00b7]")
_ASCII_PUNCT = frozenset(",.;:!?")


@dataclass
class Cleaned:
    """The result of ``clean``: the kept text and what the header lines said."""

    text: MappedText
    header: dict[str, str] = field(default_factory=dict)
    dropped: Counter = field(default_factory=Counter)


@lru_cache(maxsize=1)
def _chrome() -> re.Pattern:
    patterns = []
    with open(package_data("chrome.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                patterns.append(line.rstrip("\n").split("\t")[0])
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def _headers() -> list[tuple[str, re.Pattern]]:
    rules = []
    with open(package_data("header_lines.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                name, pattern = line.rstrip("\n").split("\t")[:2]
                rules.append((name, re.compile(pattern, re.IGNORECASE)))
    return rules


def line_key(line: str) -> str:
    """The form rules match: Simplified, NFKC, spaces collapsed.

    >>> line_key("  正在閱讀：　")
    '正在阅读:'
    """
    return _key(t2s(line))


def _key(simple_line: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", simple_line)).strip()


def is_chrome(line: str) -> bool:
    """Rule ``chrome``: the whole line is page chrome or a footer.

    >>> is_chrome("扫一扫下载云帆新闻APP"), is_chrome("3、如对本稿件有异议或投诉,请联系:a@b.cn")
    (True, True)
    >>> is_chrome("用户可以在评论区留言。")
    False
    """
    return _chrome_key(line_key(line))


def _chrome_key(key: str) -> bool:
    if not key or len(key) > CHROME_MAX_LEN:
        return False
    return bool(_chrome().fullmatch(key) or _chrome().fullmatch(_NUMBERING.sub("", key)))


def header_fields(line: str) -> dict[str, str]:
    """Rule ``header``: metadata from a byline or source line, else ``{}``.

    >>> header_fields("文|窄播 邵乐乐 庞梦圆")
    {'outlet': '窄播', 'author': '邵乐乐 庞梦圆'}
    >>> header_fields("来源公众号：新熵，洞察商业变量。")
    {'outlet': '新熵'}
    """
    return _header_key(line_key(line))


def _header_key(key: str) -> dict[str, str]:
    if not key or len(key) > HEADER_MAX_LEN:
        return {}
    for name, pattern in _headers():
        found = pattern.fullmatch(key)
        if not found:
            continue
        value = found.group("value").strip()
        if name != "byline":
            return {name: value}
        words = value.split()
        if len(words) > 1:
            return {"outlet": words[0], "author": " ".join(words[1:])}
        return {"author": value}
    return {}


_DATE = re.compile(r"(?<!\d)(?P<value>(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
                   r"-\s*\d{1,2}\s*-\s*\d{1,2}|/\s*\d{1,2}\s*/\s*\d{1,2}|\.\d{1,2}\.\d{1,2}))(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_EN_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# English dates as English-language pages and share cards write them: Jan 09, 2025; 9 August 2025.
_EN_DATE = re.compile(rf"(?<![a-z])(?P<value>{_EN_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
                      rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_EN_MONTH},?\s+(?:19|20)\d{{2}})(?!\d)", re.I)
# What an English dateline may hold beside its date: a label, a byline, a time zone.
_EN_DATELINE_REST = re.compile(r"(?:(?:published|updated|posted|last updated|date[d]?|released?|on|at"
                               r"|by [a-z][a-z .'-]{0,30}|[a-z]{2,5}t|gmt|utc|[ap]\.?m\.?|[+-]\d{2}:?\d{2})"
                               r"[\s:|·,/-]*)*", re.I)
_DATELINE_FIELD = re.compile(r"(?P<label>来源|出处|责任编辑|编辑|作者|记者|发布时间|发布日期|时间|日期|date)"
                             r"\s*[:：]?\s*", re.IGNORECASE)
_DATELINE_OUTLET = re.compile(r"(?:来源|出处)\s*[:：]\s*(?P<value>[^\s,;，；。:：]{1,30})")
# What a dateline holds besides dates: a name, a time, labels, separators — never a sentence.
_DATELINE_REST = re.compile(r"[^，。；！？!?,;]{0,40}")


def dateline_fields(key: str) -> dict[str, str]:
    """Rule ``dateline``: the date (and outlet) of a short line that is a page's dateline.

    >>> dateline_fields("潮汐观察·2024年11月03日 08:15")
    {'date': '2024年11月03日', 'outlet': '潮汐观察'}
    >>> dateline_fields("- 发布时间:2019-07-16 09:05:12 来源:晨光日报 责任编辑:林一帆")
    {'date': '2019-07-16', 'outlet': '晨光日报'}
    >>> dateline_fields("2023年6月8日,星河科技与青禾资本签署了合作协议。")
    {}
    """
    if not key or len(key) > HEADER_MAX_LEN:
        return {}
    found = _DATE.search(key)
    if not found:
        english = _EN_DATE.search(key)
        rest = _TIME.sub(" ", key[:english.start()] + " " + key[english.end():]) if english else ""
        if english and _EN_DATELINE_REST.fullmatch(rest.strip(" -·|/丨,")):
            return {"date": english.group("value")}
        return {}
    rest = _TIME.sub(" ", _DATE.sub(" ", key))
    # 晨光日报 2025/08/19: a short name and the date, nothing else
    named = " " in key and len(rest.strip(" -·|/丨")) <= 12 and " " not in rest.strip(" -·|/丨")
    if not _DATELINE_REST.fullmatch(rest) or not (_TIME.search(key) or _DATELINE_FIELD.search(key) or named
                                                  or rest.strip(" -·|/丨") != rest.strip()):
        return {}
    fields = {"date": found.group("value")}
    outlet = _DATELINE_OUTLET.search(key)
    if outlet:
        fields["outlet"] = outlet.group("value")
    else:
        # 潮汐观察·2024年… : the name written before the date, if it is one short word
        before = key[:found.start()].strip(" -·|/丨")
        if 2 <= len(before) <= 12 and not _DATELINE_FIELD.search(before) and " " not in before:
            fields["outlet"] = before
    return fields


def slogan_lines(keys: list[str]) -> set[int]:
    """Rule ``slogan``: indices of short lines repeated ``SLOGAN_MIN`` times or more.

    >>> sorted(slogan_lines(["口号"] * 5 + ["正文。"]))
    [0, 1, 2, 3, 4]
    """
    counts = Counter(k for k in keys if len(k) <= SLOGAN_MAX_LEN)
    return {i for i, k in enumerate(keys) if counts.get(k, 0) >= SLOGAN_MIN}


def repeated_lines(keys: list[str], skip: set[int] = frozenset()) -> set[int]:
    """Rule ``repeat``: indices of lines said elsewhere already.

    A line is a repeat when an earlier line is the same, or when (being at least
    ``REPEAT_MIN_LEN`` long) it is contained in the other kept lines: the second copy
    of an article pasted twice, a copy that starts mid-paragraph, or a standfirst
    that the body repeats word for word. Keys are compared without white space, so
    a copy that lost or gained spaces, or merged two paragraphs, still counts.

    >>> sorted(repeated_lines(["标题", "第一段很长的正文内容就在这里。", "标题", "很长的正文内容就在这里。"]))
    [2, 3]
    """
    seen: set[str] = set()
    kept: dict[int, str] = {}
    text = ""
    dropped = set()
    for i, key in enumerate(keys):
        if i in skip:
            continue
        bare = _SPACES.sub("", key)
        if bare in seen or (len(bare) >= REPEAT_MIN_LEN and bare in text):
            dropped.add(i)
            continue
        seen.add(bare)
        kept[i] = bare
        text += bare
    # A line found again further on (a standfirst the body repeats) goes too; the
    # longer line that contains it stays.
    for i, bare in kept.items():
        if len(bare) >= REPEAT_MIN_LEN and text.count(bare) > 1:
            dropped.add(i)
            text = text.replace(bare, "\x00" * len(bare), 1)
    return dropped


def pinyin_edits(text: str) -> list[tuple[int, int, str]]:
    """Rule ``pinyin``: deletions of ``(pīnyīn)`` glosses after Chinese characters."""
    return [(m.start(), m.end(), "") for m in PINYIN_GLOSS.finditer(text)]


def strip_pinyin_glosses(text: str) -> str:
    """Apply rule ``pinyin`` to a string.

    >>> strip_pinyin_glosses("騰訊廣告領(lǐng)域(注:含天貓)與eCPM(effective cost)")
    '騰訊廣告領域(注:含天貓)與eCPM(effective cost)'
    """
    return MappedText.identity(text).edit(pinyin_edits(text)).text


def _is_cjk_punct(char: str) -> bool:
    return bool(_CJK_PUNCT.match(char))


def whitespace_edits(text: str) -> list[tuple[int, int, str]]:
    """Rule ``whitespace``: edits that normalise the spaces of one line.

    Spaces before or after CJK punctuation go, as do spaces around an ASCII comma or
    full stop used after a Chinese character (``日前, 一位``); full-width spaces
    between Chinese characters go; any other run becomes one plain space.
    """
    edits: list[tuple[int, int, str]] = []
    for m in _INVISIBLE.finditer(text):
        edits.append((m.start(), m.end(), ""))
    for m in _HSPACE.finditer(text):
        a, b = m.span()
        before = text[a - 1] if a else ""
        after = text[b] if b < len(text) else ""
        run = m.group()
        drop = (
            not before or not after
            or _is_cjk_punct(before) or _is_cjk_punct(after)
            or (before in _ASCII_PUNCT and a >= 2 and bool(_CJK_CHAR.match(text[a - 2]))
                and bool(_CJK_CHAR.match(after) or _is_cjk_punct(after)))
            or (after in _ASCII_PUNCT and bool(_CJK_CHAR.match(before)))
            or ("\u3000" in run and bool(_CJK_CHAR.match(before)) and bool(_CJK_CHAR.match(after)))
        )
        if drop:
            edits.append((a, b, ""))
            continue
        if run[0] != " ":
            edits.append((a, a + 1, " "))
        if b > a + 1:
            edits.append((a + 1, b, ""))
    if edits and len(edits) > 1:
        edits.sort()
    return edits


def normalize_whitespace(text: str) -> str:
    """Apply rule ``whitespace`` to one line.

    >>> normalize_whitespace("日前, 一位人士透露。 “该计划”　正在\u3000筹备 中")
    '日前,一位人士透露。“该计划”正在筹备 中'
    """
    return MappedText.identity(text).edit(whitespace_edits(text)).text


def _clean_line(line: MappedText) -> MappedText:
    line = line.edit(pinyin_edits(line.text))
    line = line.edit(whitespace_edits(line.text))
    return line


def _stripped_lines(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, break)`` of each non-blank line, stripped; ``break`` indexes
    the line break that ends it."""
    spans = []
    for m in _LINE.finditer(text):
        a, e = m.span()
        line = m.group()
        a += len(line) - len(line.lstrip())
        b = e - (len(line) - len(line.rstrip()))
        if a < b:
            spans.append((a, b, e))
    return spans


def clean(body: MappedText) -> Cleaned:
    """Run every rule over ``body``; kept lines are joined by ``\\n``.

    Each ``\\n`` between kept lines maps to the line break that ended the first of
    them, so every character of the result still maps into the original.
    """
    simple = t2s(body.text)
    spans = _stripped_lines(body.text)
    # Glosses go before matching: 本文為轉(zhuǎn)載 is still the repost footer.
    lines = [PINYIN_GLOSS.sub("", simple[a:b]) for a, b, _ in spans]
    keys = [_key(line) for line in lines]
    result = Cleaned(MappedText("", body.starts[:0], body.ends[:0]))
    gone: set[int] = set()
    for i, key in enumerate(keys):
        found = _header_key(key)
        if not found and i < DATELINE_LINES and "date" not in result.header:
            found = dateline_fields(key)
        if found:
            for name, value in found.items():
                result.header.setdefault(name, value)
            gone.add(i)
            result.dropped["header"] += 1
        elif _chrome_key(key):
            gone.add(i)
            result.dropped["chrome"] += 1
    slogans = slogan_lines(keys) - gone
    result.dropped["slogan"] = len(slogans)
    gone |= slogans
    repeats = repeated_lines(keys, gone)
    result.dropped["repeat"] = len(repeats)
    gone |= repeats

    parts: list[MappedText] = []
    previous_break = None
    for i, (a, b, e) in enumerate(spans):
        if i in gone:
            continue
        line = _clean_line(body.slice(a, b))
        if not line.text:
            continue
        if previous_break is not None:
            parts.append(body.slice(previous_break, previous_break + 1).retext("\n"))
        parts.append(line)
        previous_break = e
    result.text = MappedText.join(parts) if parts else result.text
    title = _title(part.text for part in parts)
    if title:
        result.header.setdefault("title", title)
    return result


# A caption or a credit, never a headline: ▲ 图为…, (摄), (图片来源:…) at the end.
_CAPTION = re.compile(r"^\s*(?:[▲△↑▼]|图\s*[为:|丨]|图片?\s*\d|\(图|（图)|[(（](?:图片?来源|图源|摄影?|图)[^)）]{0,30}[)）]\s*$"
                      r"|(?:^|\s)摄(?:影)?\s*$")
_LETTER = re.compile(r"[\u3400-\u9fffA-Za-z]")


def _title(lines) -> str | None:
    """The headline: the first of the first kept lines that is short, not a sentence, and
    not a caption; none once the body has begun (a line that ends a sentence).

    >>> _title(["▲星河科技创始人(图片来源:网络)", "星河科技推出青禾支付", "正文。"])
    '星河科技推出青禾支付'
    >>> _title(["第一句正文在这里。", "星河科技推出青禾支付"]) is None
    True
    """
    for i, line in enumerate(lines):
        if i >= 3 or not line or line[-1] in "。.;；，,":
            return None
        if len(line) <= TITLE_MAX_LEN and len(_LETTER.findall(line)) >= 4 and not _CAPTION.search(line):
            return line
    return None


def clean_text(text: str) -> str:
    """Clean a plain string with every rule (the text keeps its script).

    >>> clean_text("口号\\n" * 5 + "正文。")
    '正文。'
    """
    return clean(MappedText.identity(text)).text.text
