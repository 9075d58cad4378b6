"""kg.extract.pos: jieba's dictionary tags without jieba.posseg, word for word the same."""

from __future__ import annotations

import subprocess
import sys

import jieba
import jieba.posseg
import pytest

from kg.extract import pos
from kg.ingest import read_document
from kg.normalize import t2s

COMPOSED = [
    "阿里巴巴宣布与腾讯开放合作，淘宝特价版小程序上线微信。",
    "据报道，京东计划于2024年3月推出3G网络服务，C++和Python工程师各招50人。",
    "字节跳动否认将收购美团；百度CEO李彦宏表示：“不会”。",
    "天猫H5页面 支持  微信支付\r\n 12.5%的用户 AT&T a_b",
    "",
    "，。！？",
]


def _posseg(text: str) -> list[tuple[str, str]]:
    return [(w.word, w.flag) for w in jieba.posseg.lcut(text, HMM=False)]


@pytest.mark.parametrize("text", COMPOSED)
def test_same_as_posseg_on_composed_sentences(text):
    assert [tuple(w) for w in pos.lcut(text)] == _posseg(text)


def test_same_as_posseg_on_the_seeds(seeds_dir):
    sentences = []
    for path in sorted(seeds_dir.iterdir()):
        text = t2s(read_document(str(path)).text)
        sentences += [s for s in text.replace("\n", "。").split("。") if s]
    assert len(sentences) > 100
    differ = [s for s in sentences if [tuple(w) for w in pos.lcut(s)] != _posseg(s)]
    assert differ == []


@pytest.fixture()
def add_word():
    """``jieba.add_word`` for one test: jieba's dictionary (and the tag tables read from it)
    is process-wide, so the words and prefixes a test adds are taken out again afterwards."""
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    total, added, old = tokenizer.total, [], {}

    def add(word: str, freq: int, tag: str | None = None) -> None:
        for end in range(1, len(word) + 1):
            piece = word[:end]
            if piece in tokenizer.FREQ:
                old.setdefault(piece, tokenizer.FREQ[piece])
            elif piece not in added:
                added.append(piece)
        jieba.add_word(word, freq=freq, tag=tag)

    yield add
    for piece in added:
        del tokenizer.FREQ[piece]
    tokenizer.FREQ.update(old)
    tokenizer.total = total
    for table in (tokenizer.user_word_tag_tab, jieba.posseg.dt.word_tag_tab, pos._table()):
        for piece in added:
            table.pop(piece, None)
    pos._user_seen = len(tokenizer.user_word_tag_tab)


def test_words_added_to_jieba_take_their_tag(add_word):
    add_word("蓝鲸智云平台", freq=20000, tag="nz")
    add_word("橙子快跑", freq=20000)  # no tag: jieba.posseg says x
    words = dict(pos.lcut("蓝鲸智云平台接入橙子快跑"))
    assert words["蓝鲸智云平台"] == "nz"
    assert words["橙子快跑"] == "x"


def test_the_added_words_are_gone_after_the_test_that_added_them():
    """Runs after the test above (file order): jieba reads the text as it did before."""
    assert "蓝鲸智云平台" not in jieba.dt.FREQ and "橙子快跑" not in jieba.dt.FREQ
    # compared with jieba in this process (which holds the catalog's names other tests added, 智云
    # among them): the words and prefixes the test added are gone from both
    text = "蓝鲸智云平台接入橙子快跑"
    assert [w for w, _ in pos.lcut(text)] == jieba.lcut(text, HMM=False)
    assert not {"蓝鲸智云平", "橙子快"} & {w for w, f in jieba.dt.FREQ.items() if f}


def test_the_tag_table_shares_jiebas_words():
    """The table's keys are the strings of jieba.dt.FREQ, not a second copy of them."""
    tags = pos._table()
    jieba.dt.check_initialized()
    own = {id(key) for key in jieba.dt.FREQ}
    shared = sum(id(key) in own for key in tags)
    assert len(tags) > 300_000
    assert shared / len(tags) > 0.99


def test_kg_does_not_load_jieba_posseg():
    """Extraction needs no jieba.posseg: its tables are about 56 MB of every worker."""
    code = ("import sys; from kg.extract import extract; from kg.ingest import document_from_text\n"
            "extract(document_from_text('阿里巴巴宣布与腾讯合作。', source='x.txt'))\n"
            "print('jieba.posseg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
