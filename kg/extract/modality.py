"""Is a fact asserted, planned, rumoured, denied or hypothetical?

The cues are data (``kg/data/modality_cues.tsv``): each names a modality and a
scope — where it must stand relative to the trigger for it to count. Rules of
the language this encodes:

- Negation (未, 没有, 不, 并非, 无法 …) scopes locally: it must stand in the trigger's
  clause, at most 8 characters before the trigger. ``还未接入支付宝，仅支持微信支付``:
  the 未 denies 接入 and not 支持 in the next clause.
- Denial verbs (否认, 辟谣, 不实) deny every fact of the sentence, also from a later
  clause (``传出…的消息，随后被X否认``).
- Hypotheticals (试想, 如果, 一旦 …) govern the rest of the sentence; questions
  (是否, 吗, a clause ending in ？) govern their clause.
- Rumours (据传, 传出, 消息称 …) govern the sentence. Reports from unnamed sources
  (据悉, 知情人士透露) stay asserted and lower the confidence instead
  (``confidence_penalty``).
- Plans (计划, 拟, 即将, 将在 …) govern the rest of the clause. A bare 将 is the future
  only right before the trigger (with adverbs between: ``将正式上线``); elsewhere it is
  the disposal marker (``将链接跳转到…`` = 把).
- A negation of "the first time" (不是阿里第一次上线, 并非首次) does not deny the event:
  ``unnegate`` words between the negation and the trigger cancel it.
- Words that contain a cue without meaning it (不少, 不仅, 将近, 若干, 未来) are masked
  first.

When several cues fire, a denial verb wins, then hypothetical, rumoured, negation
(denied), planned; ``asserted`` when none fires.

>>> s = "小程序还未接入支付宝，仅支持微信支付"
>>> classify(s, 5, 7), classify(s, 12, 14)
('denied', 'asserted')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.errors import InputError
from kg.extract.lexicon import alt_pattern
from kg.resources import package_data
from kg.vocab import MODALITIES

_CLAUSE_ENDS = "，,；;。！!？?：:\n"
_NEAR = 8  # characters a negation may stand before its trigger
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .\-]*")
_HIDDEN = "\x00"
_SCOPES = frozenset({
    "near-before", "adjacent-before", "clause-before", "clause-after", "clause", "clause-end",
    "sentence-before", "sentence", "mask", "adverb", "hedge", "unnegate",
})


@dataclass(frozen=True)
class _Cue:
    text: str
    modality: str
    scope: str
    penalty: float


@dataclass(frozen=True)
class _Cues:
    by_text: dict[str, tuple[_Cue, ...]]
    cue_re: re.Pattern[str]
    mask_re: re.Pattern[str] | None
    adverbs_re: re.Pattern[str] | None
    unnegate_re: re.Pattern[str] | None


def _alternation(words) -> str:
    return alt_pattern(words)


@functools.cache
def _cues() -> _Cues:
    path = package_data("modality_cues.tsv")
    by_text: dict[str, list[_Cue]] = {}
    masks, adverbs, unnegate = [], [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[2] not in _SCOPES or (
                fields[1] not in MODALITIES and fields[1] != "-"):
            raise InputError(f"line {number}: expected cue, modality, scope, penalty",
                             where=str(path), fix=f"scopes are {sorted(_SCOPES)}")
        cue = _Cue(fields[0], fields[1], fields[2], float(fields[3]))
        if cue.scope == "mask":
            masks.append(cue.text)
        elif cue.scope == "adverb":
            adverbs.append(cue.text)
        elif cue.scope == "unnegate":
            unnegate.append(cue.text)
        else:
            by_text.setdefault(cue.text, []).append(cue)
    return _Cues(
        by_text={k: tuple(v) for k, v in by_text.items()},
        cue_re=re.compile(_alternation(by_text)),
        mask_re=re.compile(_alternation(masks)) if masks else None,
        adverbs_re=re.compile(f"(?:{_alternation(adverbs)})+") if adverbs else None,
        unnegate_re=re.compile(_alternation(unnegate)) if unnegate else None,
    )


def _masked(sentence: str) -> str:
    mask_re = _cues().mask_re
    if mask_re is None:
        return sentence
    return mask_re.sub(lambda m: _HIDDEN * len(m.group()), sentence)


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """``(clause_start, clause_end)``; ``clause_end`` indexes the closing punctuation or the end."""
    left = max(sentence.rfind(c, 0, start) for c in _CLAUSE_ENDS) + 1
    rights = [i for i in (sentence.find(c, end) for c in _CLAUSE_ENDS) if i != -1]
    return left, min(rights, default=len(sentence))


def _in_modifier(start: int, end: int, masked: str, t_start: int, names: tuple[int | None, int | None]) -> bool:
    """Whether a negation at ``[start, end)`` stands in a 的-phrase that modifies an argument, not
    in the predicate: 未完成整改的青禾App被下架 (a 的 and then a name before the trigger), 对青禾App等
    未完成整改的App做了下架处理 (the name before the negation, a 的 after it)."""
    de = masked.find("的", end, t_start)
    if de == -1:
        return False
    obj = names[1]
    return any(n is not None and de < n < t_start for n in names) or (obj is not None and obj < start)


def _fires(cue: _Cue, start: int, end: int, sentence: str, masked: str,
           trigger: tuple[int, int], clause: tuple[int, int], window_start: int,
           names: tuple[int | None, int | None] = (None, None)) -> bool:
    t_start, t_end = trigger
    c_start, c_end = clause
    scope = cue.scope
    if scope == "sentence":
        return True
    if scope == "sentence-before":
        return end <= t_start
    if scope == "clause":
        return c_start <= start and end <= c_end
    if scope == "clause-end":
        return start == c_end
    if scope == "clause-after":
        return t_end <= start and end <= c_end
    if scope == "clause-before":
        return window_start <= start and end <= t_start
    if scope == "near-before":
        # a Latin name between counts as one word: 并未在Orbit Store上架
        if not (c_start <= start and end <= t_start and len(_LATIN_RUN.sub("x", masked[end:t_start])) <= _NEAR):
            return False
        if _in_modifier(start, end, masked, t_start,
                        tuple(n if n is not None and c_start <= n else None for n in names)):
            return False
        unnegate_re = _cues().unnegate_re
        return unnegate_re is None or unnegate_re.search(masked, end, t_start) is None
    if scope == "adjacent-before":
        if not (c_start <= start and end <= t_start):
            return False
        gap = masked[end:t_start]
        adverbs_re = _cues().adverbs_re
        return gap == "" or (adverbs_re is not None and adverbs_re.fullmatch(gap) is not None)
    return False


# Which fired cue decides, first match wins; see the module docstring.
_PRECEDENCE = (
    ("denied", frozenset({"sentence"})),
    ("hypothetical", None),
    ("rumoured", None),
    ("denied", None),
    ("planned", None),
)


def classify(sentence: str, trigger_start: int, trigger_end: int, *,
             subject_start: int | None = None, object_start: int | None = None) -> str:
    """The modality of the fact whose trigger is ``sentence[trigger_start:trigger_end]``.

    Args:
        sentence: the evidence sentence (Simplified); offsets index it.
        trigger_start, trigger_end: the trigger word (上线, 合作, 接入 …).
        subject_start: where the subject starts; when it stands in an earlier clause of
            the sentence, clause-scoped cues before the trigger are looked for from there.
        object_start: where the object starts (with ``subject_start``: a negation inside a
            的-phrase that modifies an argument denies nothing of the fact).

    Returns:
        One of ``kg.vocab.MODALITIES``.

    >>> classify("阿里计划明年在微信上线小程序", 9, 11)
    'planned'
    >>> classify("试想，美团和京东打通", 8, 10)
    'hypothetical'
    """
    masked = _masked(sentence)
    clause = _clause(sentence, trigger_start, trigger_end)
    window_start = clause[0]
    if subject_start is not None and subject_start < clause[0]:
        window_start = _clause(sentence, subject_start, subject_start)[0]
    cues = _cues()
    names = tuple(n if n is not None and n >= 0 else None for n in (subject_start, object_start))
    fired: list[_Cue] = []
    for m in cues.cue_re.finditer(masked):
        for cue in cues.by_text[m.group()]:
            if cue.scope != "hedge" and _fires(cue, m.start(), m.end(), sentence, masked,
                                               (trigger_start, trigger_end), clause, window_start, names):
                fired.append(cue)
    for modality, scopes in _PRECEDENCE:
        if any(c.modality == modality and (scopes is None or c.scope in scopes) for c in fired):
            return modality
    return "asserted"


def confidence_penalty(sentence: str) -> float:
    """How much less to trust an asserted fact reported by unnamed sources (0 when named).

    >>> confidence_penalty("据悉，阿里已上线该功能")
    0.1
    >>> confidence_penalty("阿里宣布上线该功能")
    0.0
    """
    cues = _cues()
    penalties = [cue.penalty for m in cues.cue_re.finditer(_masked(sentence))
                 for cue in cues.by_text[m.group()] if cue.scope == "hedge"]
    return max(penalties, default=0.0)
