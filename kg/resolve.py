"""Entity resolution: when two names of new entities name one organisation.

A new entity's IRI is a digest of its **name key** (:func:`name_key`): the name without what
any registered name of the same company may add or leave out — the legal form
(有限公司, Inc.), a region in brackets (（北京）), the place a registered name begins with
(北京, 深圳市), and a word every kind of company carries (科技, 集团, 控股; AI, Tech, Group). So
``北京知更科技有限公司``, ``知更科技``, ``知更AI`` and ``知更`` mint one IRI in every article that
names them, and each spelling stays a label of it. An investment firm's words (资本, 创投, 基金;
Capital, Ventures) make one fund family: ``合木资本`` and ``合木创投`` join each other, not
``合木科技``. A word that names a line of business (音乐, 物流, 云, 游戏, 医疗) is never dropped:
腾讯音乐 is not 腾讯. The words are data (``kg/data/name_keys.tsv``, ``kg/data/places.txt``).

A trade name that is an ordinary word (长城, 华夏, 东方: many companies share it) keeps its
company word: only legal forms join it (长城科技股份有限公司 → 长城科技, never 长城).

>>> name_key("北京知更科技有限公司") == name_key("知更科技") == name_key("知更AI") == name_key("知更")
True
>>> name_key("合木资本") == name_key("合木创投") != name_key("合木科技")
True
>>> name_key("Galaxy Technologies Inc.") == name_key("galaxy")
True
>>> name_key("腾讯音乐") == name_key("腾讯"), name_key("长城科技") == name_key("长城")
(False, False)
"""

from __future__ import annotations

import functools
import re

from kg.normalize import t2s
from kg.resources import data_rows, package_data

__all__ = ["name_key", "FUND"]

#: The mark of a fund family's key: 合木资本 → ``合木|fund``.
FUND = "|fund"
#: A dictionary word this frequent is an ordinary word (kg.extract.lexicon.common_word's threshold).
_COMMON = 500
_REGION = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EDGE = re.compile(r"^[\s,.·&\-]+|[\s,.·&\-]+$")


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    """The suffix words by kind, longest first (the longest matching word is dropped)."""
    table: dict[str, list[str]] = {"legal": [], "corporate": [], "fund": []}
    for kind, word, *_ in data_rows("name_keys.tsv"):
        table[kind].append(t2s(word).casefold())
    return {kind: tuple(sorted(words, key=len, reverse=True)) for kind, words in table.items()}


def places() -> tuple[str, ...]:
    """The places a registered name may begin with (and their forms with 省, 市, 自治区), longest first."""
    return _places()


@functools.lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    places = set()
    for line in package_data("places.txt").read_text(encoding="utf-8").splitlines():
        place = line.strip()
        if place and not place.startswith("#"):
            places.update({place, place + "省", place + "市", place + "自治区"})
    return tuple(sorted(places, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """jieba's own dictionary, read from its file: the frequencies of ordinary words.

    Not ``jieba.dt.FREQ``: the extractor adds the catalog's names to that one, and a key must
    come out the same in every process, whatever it loaded.
    """
    import hashlib
    import marshal
    import os

    import jieba

    from kg.resources import cache_dir

    with jieba.get_dict_file() as handle:
        data = handle.read()
    # Parsing the 350,000 lines costs most of a second in every build process; the parsed table
    # is kept beside the compiled catalog, under the digest of the file's bytes.
    cached = cache_dir() / f"jieba-freq-{hashlib.sha256(data).hexdigest()[:24]}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    freq: dict[str, int] = {}
    for raw in data.decode("utf-8").splitlines():
        parts = raw.split()
        if len(parts) >= 2 and parts[1].isdigit():
            freq[parts[0]] = int(parts[1])
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(freq))
        os.replace(partial, cached)
    except OSError:
        pass
    return freq


def _ordinary(core: str) -> bool:
    """Whether a trade name is an ordinary word (长城, 东方) or a place alone (北京)."""
    return _dictionary().get(core, 0) >= _COMMON or core in _places()


def _trade_ok(core: str) -> bool:
    """A trade name left after dropping words: two CJK characters, or two Latin letters or more,
    and not itself one of the words (实业公司 stays: 实业 is no trade name)."""
    if any(core in words for words in _words().values()):
        return False
    if _CJK.search(core):
        return len(core) >= 2
    return len(re.sub(r"[^0-9a-z]", "", core)) >= 2


def _drop(text: str, words: tuple[str, ...]) -> str | None:
    """``text`` without the longest of ``words`` it ends in; a Latin word must stand on its own
    (``moonshot ai``, ``智谱ai``: not ``openai``)."""
    for word in words:
        if text.endswith(word) and len(text) > len(word):
            rest = text[: -len(word)]
            if word[0].isascii() and word[0].isalnum() and rest[-1].isascii() and rest[-1].isalnum():
                continue  # the tail of a Latin word
            return _EDGE.sub("", rest)
    return None


@functools.lru_cache(maxsize=65536)
def name_key(name: str, type: str = "Company", keep: frozenset[str] = frozenset()) -> str:
    """The key a new entity's IRI is made from (see the module's docstring).

    Args:
        name: the name as written.
        type: the entity's class; a person's name is only normalised (Simplified, no white
            space, case-folded).
        keep: normalised names that are keys of their own (``kg split`` separated them): the
            dropping stops when it reaches one.

    >>> name_key("深圳市长庚投资管理有限公司")
    '长庚|fund'
    >>> name_key("海鸥（北京）科技有限公司"), name_key("青岛啤酒股份有限公司"), name_key("Moonshot AI")
    ('海鸥', '青岛啤酒', 'moonshot')
    >>> name_key("星川集团", keep=frozenset({"星川集团"}))
    '星川集团'
    """
    text = " ".join(t2s(name).split()).casefold()
    flat = text.replace(" ", "")
    if type == "Person" or flat in keep:
        return flat
    words = _words()

    def kept(value: str) -> bool:
        return value.replace(" ", "") in keep

    # the legal form and the region in brackets
    registered = False
    while True:
        rest = _REGION.sub("", text)
        rest = _drop(rest, words["legal"]) or rest
        if rest == text or not _trade_ok(rest.replace(" ", "")):
            break
        text, registered = rest, True
        if kept(text):
            return text.replace(" ", "")
    # the place a registered name begins with (北京知更科技 → 知更科技), when a trade name is left
    if registered or _drop(text, words["corporate"]) or _drop(text, words["fund"]):
        text = _strip_place(text)
        if kept(text):
            return text.replace(" ", "")
    # company and fund words, one at a time, while a trade name that is no ordinary word is left:
    # 长城科技 stays 长城科技 (an ordinary word names many companies; its company word tells them apart)
    fund = False
    while True:
        rest = _drop(text, words["corporate"])
        is_fund = False
        if rest is None:
            rest = _drop(text, words["fund"])
            is_fund = rest is not None
        if rest is None or not _trade_ok(rest.replace(" ", "")) or _ordinary(rest.replace(" ", "")):
            break
        text, fund = rest, fund or is_fund
        if kept(text):
            break
    return text.replace(" ", "") + (FUND if fund else "")


def _strip_place(text: str) -> str:
    """``text`` without the place it begins with, when what is left is no word of the dictionary
    (北京知更科技 → 知更科技; 青岛啤酒 and 北京银行 stay: 啤酒 and 银行 are words)."""
    if not _CJK.match(text):
        return text
    place = next((p for p in _places() if text.startswith(p)), None)  # the longest: 海南省, not 海南
    if place is None:
        return text
    rest = text[len(place):]
    return rest if _trade_ok(rest) and _CJK.match(rest) and rest not in _dictionary() else text
