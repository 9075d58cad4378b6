"""Script detection, conversion to Simplified Chinese, and the offset map.

Every stage before extraction rewrites text (drops chrome, decodes HTML, converts
Traditional to Simplified), yet each later mention must cite exact offsets in the
original file. ``MappedText`` carries, for every character, the span of the original
it came from; edits and conversions compose those spans instead of recomputing them.

>>> m = MappedText.identity("領(lǐng)域")
>>> m = m.edit([(1, 7, "")])
>>> m.text, list(m.starts), list(m.ends)
('領域', [0, 7], [1, 8])
>>> simplified, script = to_simplified(m)
>>> simplified.text, script
('领域', 'simplified')
"""

from __future__ import annotations

import os
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from operator import ne
from typing import Iterable

from opencc import OpenCC

from kg.resources import package_data

SCRIPTS = ("simplified", "traditional", "taiwan", "hongkong")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Phrase conversion never crosses punctuation, so a clause is the unit of alignment.
_CLAUSE = re.compile(r"[^\n，。！？；：、,!?;:“”「」（）()]*[\n，。！？；：、,!?;:“”「」（）()]?")
_LINE = re.compile(r"[^\n]*\n?")


@dataclass(frozen=True)
class MappedText:
    """Text whose character ``i`` came from ``original[starts[i]:ends[i]]``.

    ``starts`` and ``ends`` are ``array('i')`` so that documents stay small when they
    travel between processes.
    """

    text: str
    starts: array
    ends: array

    @classmethod
    def identity(cls, text: str, offset: int = 0) -> "MappedText":
        """``text`` as the slice ``original[offset:offset + len(text)]``."""
        return cls(text, array("i", range(offset, offset + len(text))),
                   array("i", range(offset + 1, offset + len(text) + 1)))

    @classmethod
    def join(cls, parts: Iterable["MappedText"]) -> "MappedText":
        """Concatenate mapped pieces."""
        texts, starts, ends = [], array("i"), array("i")
        for part in parts:
            texts.append(part.text)
            starts.extend(part.starts)
            ends.extend(part.ends)
        return cls("".join(texts), starts, ends)

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> "MappedText":
        """The piece ``text[start:end]`` with its map."""
        return MappedText(self.text[start:end], self.starts[start:end], self.ends[start:end])

    def retext(self, text: str) -> "MappedText":
        """The same map under a same-length text (a length-preserving conversion)."""
        if len(text) != len(self.text):
            raise ValueError("retext needs a text of the same length")
        return MappedText(text, self.starts, self.ends)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of ``text[start:end]`` (non-empty)."""
        return self.starts[start], self.ends[end - 1]

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> "MappedText":
        """Replace ``text[a:b]`` by ``r`` for each sorted, non-overlapping ``(a, b, r)``.

        Every character of a replacement maps to the whole original span of
        ``text[a:b]``; an empty ``r`` deletes. ``a < b`` is required.

        >>> MappedText.identity("ab  c").edit([(2, 4, " ")]).ends.tolist()
        [1, 2, 4, 5]
        """
        texts, starts, ends = [], array("i"), array("i")
        pos = 0
        for a, b, repl in edits:
            if a > pos:
                texts.append(self.text[pos:a])
                starts.extend(self.starts[pos:a])
                ends.extend(self.ends[pos:a])
            if repl:
                texts.append(repl)
                starts.extend(array("i", [self.starts[a]]) * len(repl))
                ends.extend(array("i", [self.ends[b - 1]]) * len(repl))
            pos = b
        if pos == 0:
            return self
        texts.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return MappedText("".join(texts), starts, ends)


# White space that only pads: between CJK and Latin or a digit (星河 CEO 陈立, 2024 年 3 月, 完成 B 轮
# 融资), or next to CJK punctuation. Between two Latin words or numbers it separates (Zeta Robotics,
# Moon-3 Pro), and between two CJK characters it is a separator a writer chose (a headline's parts).
_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MARK = "\u3000-\u303f\uff00-\uffef"
_LATIN = "A-Za-z0-9%"
_SPACE = "[ \\t\u00a0\u3000]+"
_PADDING = re.compile(f"(?<=[{_CJK_CHARS}]){_SPACE}(?=[{_LATIN}])|(?<=[{_LATIN}]){_SPACE}(?=[{_CJK_CHARS}])"
                      f"|(?<=[{_MARK}]){_SPACE}|{_SPACE}(?=[{_MARK}])")
# A line in spaced style: a one-word connector or verb padded on both sides (星河 与 青禾 达成合作); in
# such a line a space between CJK characters only pads, as a space beside Latin does.
_SPACED_LINE = re.compile(f"[{_CJK_CHARS}]{_SPACE}(?:与|和|跟|同|及|对|向|为|被|携手|联手|牵手|旗下|收购|投资|入股|推出|发布|上线|接入)"
                          f"{_SPACE}[{_CJK_CHARS}]")
_CJK_GAP = re.compile(f"(?<=[{_CJK_CHARS}]){_SPACE}(?=[{_CJK_CHARS}])")
# Full-width letters and digits (ＡＰＰ, ２０２３) read as their ASCII forms; full-width punctuation stays.
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def compact(mapped: MappedText) -> MappedText:
    """Drop the white space that only pads CJK text, and fold full-width letters and digits.

    Pages write ``星河 CEO 陈立`` and ``星河CEO陈立`` for one thing; names, dates and relation
    rules are matched on one form. The map still points into the original.

    >>> m = compact(MappedText.identity("星河 CEO 陈立于 2024 年发布 Moon-3 Pro，ＡＰＰ"))
    >>> m.text
    '星河CEO陈立于2024年发布Moon-3 Pro，APP'
    >>> m.span(2, 5)
    (3, 6)
    >>> compact(MappedText.identity("星河 与 青禾 达成合作\\n蚂蚁套现 哈啰上市")).text
    '星河与青禾达成合作\\n蚂蚁套现 哈啰上市'
    """
    edits = [(m.start(), m.end(), "") for m in _PADDING.finditer(mapped.text)]
    if _SPACED_LINE.search(mapped.text):
        at = 0
        for line in mapped.text.split("\n"):
            if _SPACED_LINE.search(line):
                edits += [(at + m.start(), at + m.end(), "") for m in _CJK_GAP.finditer(line)]
            at += len(line) + 1
    edits += [(m.start(), m.end(), chr(ord(m.group()) - 0xFEE0)) for m in _WIDE.finditer(mapped.text)]
    return mapped.edit(sorted(edits)) if edits else mapped


@lru_cache(maxsize=None)
def converter(config: str) -> OpenCC:
    """A cached OpenCC converter (``t2s``, ``tw2sp``, ``tw2t``, ``hk2t``)."""
    return OpenCC(config)


def t2s(text: str) -> str:
    """Traditional → Simplified, character for character (same length).

    >>> t2s("騰訊與阿裡巴巴")
    '腾讯与阿里巴巴'
    """
    return converter("t2s").convert(text)


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {}
    with open(package_data("script_markers.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                region, word = line.rstrip("\n").split("\t")[:2]
                words.setdefault(region, []).append(word)
    return {region: tuple(found) for region, found in words.items()}


def _differing(a: str, b: str) -> int:
    if len(a) != len(b):
        return abs(len(a) - len(b)) + 1
    return sum(map(ne, a, b))


def detect_script(text: str) -> str:
    """Tell ``simplified``, ``traditional``, ``taiwan`` or ``hongkong`` text apart.

    Traditional means more than 2% of the Chinese characters change under ``t2s``;
    Taiwan and Hong Kong are then told by regional vocabulary and variant characters
    (``kg/data/script_markers.tsv``). OpenCC's own variant tables are no help here:
    mainland text run through ``s2t`` already uses 為, 眾, 著 like Taiwan does.

    >>> detect_script("腾讯与阿里巴巴合作"), detect_script("騰訊與阿里巴巴合作")
    ('simplified', 'traditional')
    >>> detect_script("微信小程式的使用者資料庫與軟體")
    'taiwan'
    """
    cjk = len(_CJK.findall(text))
    changed = _differing(text, t2s(text))
    if changed <= max(2, 0.02 * cjk):
        return "simplified"
    markers = _markers()
    taiwan = sum(text.count(word) for word in markers.get("taiwan", ()))
    hongkong = sum(text.count(word) for word in markers.get("hongkong", ()))
    if max(taiwan, hongkong) < 3:
        return "traditional"
    return "taiwan" if taiwan >= hongkong else "hongkong"


def to_simplified(mapped: MappedText, script: str | None = None) -> tuple[MappedText, str]:
    """Convert to Simplified, keeping the map; return it with the detected script.

    Only Taiwan text gets ``tw2sp`` (which also rewrites Taiwan phrasing such as
    小程式 → 小程序); everything else gets the length-preserving ``t2s``.
    """
    script = script or detect_script(mapped.text)
    simple = t2s(mapped.text)
    if script != "taiwan":
        return mapped.retext(simple), script
    phrased = converter("tw2sp").convert(mapped.text)
    if phrased == simple:
        return mapped.retext(simple), script
    return _align_taiwan(mapped, simple), script


def _align_taiwan(mapped: MappedText, simple: str) -> MappedText:
    tw2sp = converter("tw2sp").convert
    parts: list[MappedText] = []
    for line in _LINE.finditer(mapped.text):
        a, b = line.span()
        if a == b:
            continue
        plain, phrased = simple[a:b], tw2sp(mapped.text[a:b])
        if plain == phrased:
            parts.append(mapped.slice(a, b).retext(plain))
            continue
        for clause in _CLAUSE.finditer(mapped.text, a, b):
            c, d = clause.span()
            if c == d:
                continue
            piece = mapped.slice(c, d).retext(simple[c:d])
            parts.append(_align(piece, mapped.text[c:d], tw2sp(mapped.text[c:d])))
    return MappedText.join(parts)


def _align(piece: MappedText, source: str, phrased: str) -> MappedText:
    """Map ``phrased`` (tw2sp of ``source``) onto ``piece`` (t2s of ``source``).

    The differing stretch is widened to the nearest points where ``source`` splits
    into parts that convert independently, so a rewritten word (小程式 → 小程序)
    maps as a whole onto the word it replaced; a stretch holding two rewritten words
    is split between them.
    """
    plain = piece.text
    if plain == phrased:
        return piece
    tw2sp = converter("tw2sp").convert
    n = len(plain)

    def cuts_at(k: int) -> bool:
        return tw2sp(source[:k]) + tw2sp(source[k:]) == phrased

    head = len(os.path.commonprefix([plain, phrased]))
    tail = len(os.path.commonprefix([plain[head:][::-1], phrased[head:][::-1]]))
    stop = n - min(tail, n - head, len(phrased) - head)
    left, right = head, max(stop, head + 1) if head < n else n
    while left > 0 and not cuts_at(left):
        left -= 1
    while right < n and not cuts_at(right):
        right += 1
    if left == right:
        # A pure insertion at the very end: lean it on the last character.
        left = max(right - 1, 0)
    before, after = tw2sp(source[:left]), tw2sp(source[right:])
    block = phrased[len(before):len(phrased) - len(after)]
    for k in range(left + 1, right):
        first = tw2sp(source[left:k])
        if block.startswith(first) and tw2sp(source[k:right]) == block[len(first):]:
            return MappedText.join([
                piece.slice(0, left),
                _align(piece.slice(left, k), source[left:k], first),
                _align(piece.slice(k, right), source[k:right], block[len(first):]),
                piece.slice(right, n),
            ])
    return piece.edit([(left, right, block)]) if right > left else piece
