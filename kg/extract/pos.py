"""jieba's dictionary part-of-speech tags, without ``jieba.posseg``'s memory.

The extractor asks jieba how it would read a candidate name (a verb first? a numeral
last?), always without the HMM. ``jieba.posseg`` answers that, but importing it loads its
HMM tables (about 9 MB, unused without the HMM) and a second copy of every word of the
dictionary as the keys of its tag table (about 47 MB): a sixth of a Dask worker.

:func:`lcut` gives the same words and flags as ``jieba.posseg.lcut(text, HMM=False)`` (the
tests compare the two): the same dictionary segmentation, and the tag each word has in
jieba's dictionary. Its tag table shares its keys with ``jieba.dt.FREQ`` and its flags are
interned, so it costs about the table itself (18 MB, measured as RSS).
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from typing import NamedTuple

import jieba

# the block and token patterns of jieba.posseg (its __cut_internal and __cut_DAG_NO_HMM)
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_NUM = re.compile("[\\.0-9]+")
_ENG = re.compile("[a-zA-Z0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$")

_lock = threading.Lock()
_tags: dict[str, str] | None = None
_user_seen = 0  # how many of jieba.dt.user_word_tag_tab's entries _tags holds


class Word(NamedTuple):
    word: str
    flag: str


def _load() -> dict[str, str]:
    """The dictionary's ``word -> tag``, keyed by the very strings ``jieba.dt.FREQ`` holds.

    jieba's FREQ lists the dictionary's words in file order, each followed by those of its
    prefixes not seen before; so the key of a line's word lies at most ``len(previous word)``
    places after the previous key. A word found nowhere near (a repeated line) keeps its own
    string."""
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    keys = list(tokenizer.FREQ)
    tags: dict[str, str] = {}
    at = reach = 0
    with tokenizer.get_dict_file() as handle:
        for line in handle:
            line = line.strip().decode("utf-8")
            if not line:
                continue
            word, _, tag = line.split(" ")
            for i in range(at, min(at + reach + 1, len(keys))):
                if keys[i] == word:
                    word, at, reach = keys[i], i + 1, len(word)
                    break
            tags[word] = sys.intern(tag)
    return tags


def tag_of(word: str) -> str | None:
    """jieba's dictionary tag of ``word`` (和平 → nz, 表示 → v), or None for a word it does not list."""
    return _table().get(word)


def _table() -> dict[str, str]:
    """The tag table, with the words added with a tag (``jieba.add_word(w, freq, tag)``).

    ``jieba.dt.user_word_tag_tab`` is read, not emptied (``jieba.posseg`` empties it), so
    both can be used in one process."""
    global _tags, _user_seen
    if _tags is None:
        with _lock:
            if _tags is None:
                _tags = _load()
    user = jieba.dt.user_word_tag_tab
    if len(user) != _user_seen:
        with _lock:
            _tags.update(user)
            _user_seen = len(user)
    return _tags


def _cut_block(block: str, tags: dict[str, str]):
    tokenizer = jieba.dt
    dag = tokenizer.get_DAG(block)
    route: dict = {}
    tokenizer.calc(block, dag, route)
    x, n, buf = 0, len(block), ""
    while x < n:
        y = route[x][1] + 1
        piece = block[x:y]
        if _ENG1.match(piece):
            buf += piece
        else:
            if buf:
                yield Word(buf, "eng")
                buf = ""
            yield Word(piece, tags.get(piece, "x"))
        x = y
    if buf:
        yield Word(buf, "eng")


def lcut(text: str) -> list[Word]:
    """``(word, flag)`` pairs, as ``jieba.posseg.lcut(text, HMM=False)`` gives them.

    Short texts (the words and names the rules look up again and again) are remembered for
    as long as jieba's dictionary stays the same size and weight."""
    if len(text) <= _SHORT:
        tokenizer = jieba.dt
        if tokenizer.initialized:
            return list(_lcut_short(text, len(tokenizer.FREQ), tokenizer.total,
                                    len(tokenizer.user_word_tag_tab)))
    return _lcut(text)


_SHORT = 8


@functools.lru_cache(maxsize=1 << 16)
def _lcut_short(text: str, *dictionary: int) -> tuple[Word, ...]:
    return tuple(_lcut(text))


def _lcut(text: str) -> list[Word]:
    tags = _table()
    out: list[Word] = []
    for block in _HAN.split(text):
        if _HAN.match(block):
            out.extend(_cut_block(block, tags))
            continue
        for part in _SKIP.split(block):
            if _SKIP.match(part):
                out.append(Word(part, "x"))
                continue
            for ch in part:
                if _NUM.match(ch):
                    out.append(Word(ch, "m"))
                elif _ENG.match(part):
                    out.append(Word(ch, "eng"))
                else:
                    out.append(Word(ch, "x"))
    return out
