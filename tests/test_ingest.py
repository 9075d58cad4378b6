"""Reading real files: seeds, encodings, HTML, Markdown, JSONL, stdin, bad input, the CLI."""

from __future__ import annotations

import codecs
import html
import io
import json
import os
import pickle
import re
import struct
import sys
import threading
import zlib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.clean import PINYIN_GLOSS, is_chrome
from kg.errors import InputError
from kg.ingest import (
    decode, document_from_text, iter_documents, iter_units, parse_date, read_document, read_unit,
    resolve_inputs, stdin_units,
)
from kg.model import Meta
from kg.normalize import converter, t2s

SEEDS = ["000_8634a7f1c3c5d851.txt", "001_f23f8a655af64bd3.txt", "002_b7e961d9c5b10cc7.txt",
         "003_8f954025d4872c04.txt", "004_cfa4cc68842c39b6.txt"]
DOUBLED = ["001_f23f8a655af64bd3.txt", "002_b7e961d9c5b10cc7.txt", "004_cfa4cc68842c39b6.txt"]
CHROME_WORDS = ["正在阅读", "扫一扫", "暂无评论", "Next Article", "点击关闭提示", "喜欢就按个赞",
                "本文为转载内容", "仅提供信息存储服务", "如对本稿件有异议", "图片来源", "题图来自",
                "给作者打赏", "您的位置", "未经作者许可"]
TAG = re.compile(r"</?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;")

ARTICLE = (
    "阿里巴巴與騰訊宣布在廣告領域展開合作。\n"
    "根據雙方的說明，淘寶商家可以在微信朋友圈投放廣告，用戶點擊後直接進入店鋪。\n"
    "業內人士認為，這是兩大平臺互聯互通的又一步，未來支付寶和微信支付也可能相互開放。\n"
)


@pytest.fixture(scope="module")
def seed_docs(seeds_dir):
    return {name: read_document(str(seeds_dir / name)) for name in SEEDS}


def assert_offsets(doc):
    """Every character of ``doc.text`` maps to a span of the original holding it."""
    whole = t2s(doc.original)
    assert len(whole) == len(doc.original)
    assert len(doc.starts) == len(doc.ends) == len(doc.text)
    tw2sp = converter("tw2sp").convert
    previous = 0
    for i, char in enumerate(doc.text):
        start, end = doc.starts[i], doc.ends[i]
        assert 0 <= start < end <= len(doc.original), (i, char)
        assert start >= previous, (i, char)
        previous = start
        span = doc.original[start:end]
        if char == "\n":
            assert span in ("\n", "\r") or "<" in span or span.isspace(), (i, span)
        elif char == " ":
            assert html.unescape(span).isspace(), (i, span)
        else:
            decoded = html.unescape(span)
            fits = char in (span, whole[start:end], t2s(span), decoded, t2s(decoded))
            if not fits and doc.script == "taiwan":
                fits = char in tw2sp(span)
            assert fits, (i, char, span)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_is_clean_simplified_text(seed_docs, name):
    doc = seed_docs[name]
    assert doc.text and doc.content_hash
    for line in doc.text.splitlines():
        assert not is_chrome(line), line
    for word in CHROME_WORDS:
        assert word not in doc.text, word
    assert not PINYIN_GLOSS.search(doc.text)
    assert not TAG.search(doc.text), TAG.search(doc.text)
    assert "svg" not in doc.text and "M9.113" not in doc.text
    assert t2s(doc.text) == doc.text
    assert "  " not in doc.text and "\u3000" not in doc.text


@pytest.mark.parametrize("name", SEEDS)
def test_seed_offsets_point_into_the_original(seed_docs, name):
    assert_offsets(seed_docs[name])


@pytest.mark.parametrize("name", DOUBLED)
def test_doubled_seed_keeps_each_sentence_once(seed_docs, seeds_dir, name):
    doc = seed_docs[name]
    sentences = [s for s in re.split(r"[。！？!?\n]", doc.text) if len(s) >= 8]
    repeated = [s for s, n in Counter(sentences).items() if n > 1]
    assert not repeated
    # ... and nothing of the article was lost: every long sentence of the raw file,
    # bar chrome lines, is still there.
    raw = PINYIN_GLOSS.sub("", (seeds_dir / name).read_text(encoding="utf-8"))
    lines = [line for line in raw.splitlines() if not is_chrome(line)]
    body = "\n".join(converter("tw2sp" if doc.script == "taiwan" else "t2s").convert(line)
                     for line in lines)
    flat = re.sub(r"\s", "", doc.text)
    missing = [s for s in re.split(r"[。！？!?\n]", re.sub(r"[^\S\n]", "", body))
               if len(s) >= 30 and s not in flat]
    assert not missing


def test_004_reads_mainland_words(seed_docs):
    doc = seed_docs["004_cfa4cc68842c39b6.txt"]
    assert doc.script == "taiwan"
    assert "小程序" in doc.text and "数据" in doc.text
    assert "小程式" not in doc.text and "资料" not in doc.text
    assert "小程式" in doc.cleaned_original and "資料" in doc.cleaned_original
    assert "就是小程" not in doc.text  # the slogan repeated through the page


def test_003_front_matter_is_metadata(seed_docs):
    doc = seed_docs["003_8f954025d4872c04.txt"]
    assert doc.meta.date == "2022-06-16"
    assert doc.meta.title == "鹅家大门常打开"
    assert "title:" not in doc.text and "headimg" not in doc.text


def test_header_lines_are_metadata(seed_docs):
    doc = seed_docs["001_f23f8a655af64bd3.txt"]
    assert doc.meta.outlet == "窄播" and "邵乐乐" in doc.meta.author
    assert "文|" not in doc.text
    assert seed_docs["002_b7e961d9c5b10cc7.txt"].meta.outlet == "天下网商"


def test_scripts_of_the_seeds(seed_docs):
    assert {n: d.script for n, d in seed_docs.items()} == {
        SEEDS[0]: "traditional", SEEDS[1]: "simplified", SEEDS[2]: "traditional",
        SEEDS[3]: "simplified", SEEDS[4]: "taiwan"}


@pytest.mark.parametrize("name", ["002_b7e961d9c5b10cc7.txt", "004_cfa4cc68842c39b6.txt",
                                  "001_f23f8a655af64bd3.txt"])
def test_same_article_in_every_encoding_gives_the_same_text(seeds_dir, tmp_path, name):
    text = (seeds_dir / name).read_text(encoding="utf-8")
    encodings = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]
    if name != "001_f23f8a655af64bd3.txt":
        # Big5 is for Traditional text; keep the characters it can encode.
        text = text.encode("big5", errors="ignore").decode("big5")
        encodings.append("big5")
    texts = {}
    for encoding in encodings:
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        doc = read_document(str(path))
        assert doc.original == text, encoding
        texts[encoding] = doc.text
    assert len(set(texts.values())) == 1, texts.keys()


def test_forced_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("big5"))
    assert "腾讯" in read_document(str(path), encoding="big5").text
    with pytest.raises(InputError, match=r"a\.txt: cannot be decoded as utf-8"):
        read_document(str(path), encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        read_document(str(path), encoding="klingon")


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


PAGE = """<!DOCTYPE html>
<html><head><title>阿里与腾讯合作 - 某某网</title>
<meta property="og:site_name" content="某某网">
<meta name="author" content="张三">
<meta property="article:published_time" content="2023-05-04T09:00:00+08:00">
<link rel="canonical" href="https://news.example.com/a/1.html">
<style>p { color: red; }</style><script>var secret = "不应出现";</script></head>
<body><nav>首页 &gt; 科技</nav>
<article><h1>阿里与腾讯合作</h1>
<p>阿里巴巴&amp;腾讯宣布在广告领域展开合作，
用户点击后直接进入店铺。</p>
<p>业内人士认为&nbsp;这是互联互通的又一步。<br>未来支付宝和微信支付也可能相互开放。</p>
<p><svg viewBox="0 0 1 1"><path d="M0 0"/></svg><!-- 注释 -->分析师称双方仍各取所需。</p>
</article>
<div class="share">微博</div></body></html>
"""


@pytest.mark.parametrize("content, message", [
    (_png(), "is a PNG image, not text"),
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (bytes(range(128, 256)) * 8, "undecodable bytes"),
    (b"\x01\x02\x03\x04text\x05\x06\x07\x08" * 50, "binary data"),
    (PAGE[:PAGE.index("<svg") + 10].encode("utf-8"), "truncated"),
    (PAGE[:PAGE.index("分析师")].encode("utf-8"), "truncated"),
])
def test_bad_file_is_an_input_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / ("page.html" if b"<html" in content else "bad.txt")
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        list(iter_documents([str(path)]))
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_directory_with_a_bad_file_yields_the_good_ones(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(_png())
    (tmp_path / "notes.csv").write_text("not an article", encoding="utf-8")
    errors: list = []
    docs = list(iter_documents([str(tmp_path)], errors=errors))
    assert sorted(d.source for d in docs) == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.html")]
    assert len(errors) == 1 and str(errors[0]).startswith(f"{tmp_path / 'broken.txt'}: ")
    with pytest.raises(InputError, match="broken.txt"):
        list(iter_documents([str(tmp_path)]))


def test_resolve_inputs_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        resolve_inputs(["nosuch/"])
    assert str(caught.value) == "nosuch/: no such file or directory (check the path)"
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="^empty: no .txt, .html, .htm, .md or .jsonl files"):
        resolve_inputs(["empty"])
    with pytest.raises(InputError, match=r"^\*\.md: no files match this pattern"):
        resolve_inputs(["*.md"])
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "y.txt").write_text(ARTICLE, encoding="utf-8")
    assert resolve_inputs(["*.txt", "x.txt", "-"]) == ["x.txt", "y.txt", "-"]


def test_html_main_text_metadata_and_offsets(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document(str(path))
    assert doc.text.splitlines() == [
        "阿里与腾讯合作",
        "阿里巴巴&腾讯宣布在广告领域展开合作，用户点击后直接进入店铺。",
        "业内人士认为 这是互联互通的又一步。",
        "未来支付宝和微信支付也可能相互开放。",
        "分析师称双方仍各取所需。",
    ]
    assert doc.meta == Meta(title="阿里与腾讯合作 - 某某网", date="2023-05-04", author="张三",
                            outlet="某某网", url="https://news.example.com/a/1.html")
    assert doc.iri.endswith("/doc/" + __import__("hashlib").sha256(
        b"https://news.example.com/a/1.html").hexdigest()[:16])
    amp = doc.text.index("&")
    assert doc.original[doc.starts[amp]:doc.ends[amp]] == "&amp;"
    assert_offsets(doc)


def test_markdown_with_front_matter(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: 合作的新阶段\ndate: 2023-03-01\nsource: 某周刊\n"
                    "url: https://example.com/p\n---\n# 合作的新阶段\n\n"
                    "**阿里巴巴**与[腾讯](https://qq.com)宣布合作，双方将共享广告资源。\n\n"
                    "![图](a.png)\n- 第一项：打通支付\n", encoding="utf-8")
    doc = read_document(str(path))
    assert doc.text == "合作的新阶段\n阿里巴巴与腾讯宣布合作，双方将共享广告资源。\n第一项：打通支付"
    assert doc.meta == Meta(title="合作的新阶段", date="2023-03-01", outlet="某周刊",
                            url="https://example.com/p")
    assert_offsets(doc)


def test_jsonl_one_document_per_line_and_bad_lines_reported(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"text": "腾讯与阿里巴巴宣布合作，双方共享广告资源。", "url": "https://e.com/1", '
        '"title": "合作", "date": "2023-01-02", "source": "某报"}\n'
        "{not json\n\n"
        '{"html": "<p>京东与美团在本地生活领域展开竞争。</p>", "title": "竞争"}\n'
        '{"title": "没有正文"}\n', encoding="utf-8")
    errors: list = []
    docs = list(iter_documents([str(path)], errors=errors))
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:4"]
    assert docs[0].meta == Meta(title="合作", date="2023-01-02", outlet="某报", url="https://e.com/1")
    assert docs[1].text == "京东与美团在本地生活领域展开竞争。"
    assert [str(e).split(":")[1] for e in errors] == ["2", "5"]
    assert "not valid JSON" in str(errors[0]) and '"text"' in str(errors[1])


def test_same_article_scraped_twice_is_one_document():
    plain = document_from_text(ARTICLE, source="a.txt")
    scraped = document_from_text("正在阅读:\n\n" + ARTICLE.replace("。\n", "。\n\n") + "评论\n微博\n",
                                 source="b.txt")
    assert plain.iri == scraped.iri and plain.content_hash == scraped.content_hash
    other = document_from_text(ARTICLE + "另外一段不同的内容。", source="c.txt")
    assert other.iri != plain.iri
    assert document_from_text(ARTICLE, source="a", base_iri="http://x.org/").iri.startswith(
        "http://x.org/doc/")


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("gb18030"))))
    (doc,) = iter_documents(["-"])
    assert doc.source == "<stdin>" and doc.text.startswith("阿里巴巴与腾讯")


def test_only_chrome_is_an_error():
    with pytest.raises(InputError, match="no article text left"):
        document_from_text("正在阅读:\n评论\n微博\n", source="x.txt")


def test_decode_prefers_utf8_and_rejects_bad_bom():
    assert decode("天猫".encode("utf-8"), "a") == "天猫"
    with pytest.raises(InputError, match="byte-order mark"):
        decode(b"\xef\xbb\xbf\xff\xff\xff", "a")


@pytest.mark.parametrize("value, expected", [
    ("Thu, 16 Jun 2022 00:00:00 GMT", "2022-06-16"), ("2022/6/1", "2022-06-01"),
    ("2022年13月1日", None), (None, None),
    ("June 23, 2025", "2025-06-23"), ("23 Jun 2025", "2025-06-23"), ("Jan 09, 2024", "2024-01-09"),
    ("Monday, September 2, 2024 10:00 AM", "2024-09-02"), ("3rd March 2020", "2020-03-03"),
    (1719100800, "2024-06-23"), (1719100800000, "2024-06-23"), ("1719100800", "2024-06-23"),
    (1719158400, "2024-06-24"),  # 16:00 UTC on the 23rd is the 24th in China
    ("20250623", "2025-06-23"), ("Feb 30, 2024", None), (42, None), (True, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_cli_clean(seeds_dir):
    runner = CliRunner()
    seed = str(seeds_dir / "004_cfa4cc68842c39b6.txt")
    plain = runner.invoke(cli, ["clean", seed], catch_exceptions=False)
    assert plain.exit_code == 0 and "小程序" in plain.output and "小程式" not in plain.output
    kept = runner.invoke(cli, ["clean", seed, "--keep-script"], catch_exceptions=False)
    assert kept.exit_code == 0 and "小程式" in kept.output and "微趨道, 就是小程式" not in kept.output
    meta = runner.invoke(cli, ["clean", str(seeds_dir / "003_8f954025d4872c04.txt"), "--show-meta"],
                         catch_exceptions=False)
    lines = meta.output.splitlines()
    assert "title: 鹅家大门常打开" in lines and "date: 2022-06-16" in lines
    assert "script: simplified" in lines and any(line.startswith("iri: https://") for line in lines)
    missing = runner.invoke(cli, ["clean", "nosuch.txt"], catch_exceptions=False)
    assert missing.exit_code == 1
    assert missing.stderr == "Error: nosuch.txt: no such file or directory (check the path)\n"


def _record(text: str, url: str) -> str:
    return json.dumps({"text": text, "url": url}, ensure_ascii=False)


def test_jsonl_streams_from_a_pipe_one_line_at_a_time():
    """JSONL piped into ``kg build -`` is read line by line: the first document comes while
    the writer still holds the rest. (A named pipe given as a path is refused instead: a pipe
    with no writer would block the build; see test_faults.)"""
    read_end, write_end = os.pipe()
    lines = [_record(f"第{i}家企业宣布与腾讯在支付领域展开合作，双方将共享广告资源。", f"https://e.com/{i}")
             for i in range(1, 41)]
    first_read, gave_up = threading.Event(), threading.Event()

    def write() -> None:
        with open(write_end, "wb") as out:
            out.write(lines[0].encode("utf-8") + b"\n")
            out.flush()
            # The rest only after the reader has the first document: a reader that
            # waits for the end of the stream would wait here until the timeout.
            if not first_read.wait(timeout=10):
                gave_up.set()
                return
            out.write("".join(line + "\n" for line in lines[1:]).encode("utf-8"))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    with open(read_end, "rb") as stream:
        docs = (read_unit(unit) for unit in stdin_units(stream))
        first = next(docs)
        assert not gave_up.is_set(), "the first document came only after the writer gave up"
        first_read.set()
        rest = list(docs)
    writer.join(timeout=10)
    assert first.source == "<stdin>:1" and first.meta.url == "https://e.com/1"
    assert [d.source for d in rest] == [f"<stdin>:{n}" for n in range(2, 41)]
    assert rest[-1].text.startswith("第40家企业")


def test_jsonl_line_that_does_not_decode_is_reported_and_the_others_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = [_record("京东宣布与美团在本地生活领域展开竞争。", "https://e.com/a"),
            _record("字节跳动旗下的抖音上线了新的支付功能。", "https://e.com/c")]
    bad = _record("阿里巴巴旗下的淘宝接入了微信支付。", "https://e.com/b").encode("gb18030")
    path.write_bytes(codecs.BOM_UTF8 + good[0].encode() + b"\r\n" + bad + b"\r\n\r\n" + good[1].encode() + b"\r\n")
    errors: list = []
    docs = list(iter_documents([str(path)], errors=errors))
    assert [(d.source, d.meta.url) for d in docs] == [(f"{path}:1", "https://e.com/a"),
                                                      (f"{path}:4", "https://e.com/c")]
    assert [str(e).split(": ")[0] for e in errors] == [f"{path}:2"]
    assert "cannot be decoded as utf-8" in str(errors[0]) and "--encoding" in str(errors[0])
    with pytest.raises(InputError, match=f"^{re.escape(str(path))}:2: "):
        list(iter_documents([str(path)]))


def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path):
    path = tmp_path / "sep.jsonl"
    first = _record("腾讯与京东宣布合作。\u2028双方将共享物流资源。", "https://e.com/1")
    assert "\u2028" in first  # valid JSON, and str.splitlines() would cut it
    path.write_text(first + "\n" + _record("美团上线了新的外卖小程序。", "https://e.com/2") + "\n",
                    encoding="utf-8")
    docs = list(iter_documents([str(path)]))
    assert [(d.source, d.meta.url) for d in docs] == [(f"{path}:1", "https://e.com/1"),
                                                      (f"{path}:2", "https://e.com/2")]


@pytest.mark.parametrize("codec, forced", [("utf-16", None), ("utf-32", None), ("gb18030", "gb18030"),
                                           ("big5", "big5"), ("utf-16-le", "utf-16-le")])
def test_jsonl_in_other_encodings(tmp_path, codec, forced):
    path = tmp_path / f"{codec}.jsonl"
    text = "\n".join([_record(ARTICLE, "https://e.com/1"), "", _record(ARTICLE[:40], "https://e.com/2")]) + "\n"
    path.write_bytes(text.encode(codec))
    docs = list(iter_documents([str(path)], encoding=forced))
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:3"]
    assert docs[0].text.startswith("阿里巴巴与腾讯宣布") and docs[0].script == "traditional"


def test_units_are_the_public_reading_steps(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_record(ARTICLE, "https://e.com/1") + "\n\n"
                                      + '{"text": 7}\n', encoding="utf-8")
    (tmp_path / "c.jsonl").write_text("\n \n", encoding="utf-8")
    errors: list = []
    units = list(iter_units([str(tmp_path)], errors=errors))
    assert [(Path(u.path).name, u.line) for u in units] == [("a.txt", None), ("b.jsonl", 1), ("b.jsonl", 3)]
    assert [str(e) for e in errors] == [f"{tmp_path / 'c.jsonl'}: empty file (give a file that holds an article)"]
    assert pickle.loads(pickle.dumps(units[1])) == units[1]  # units travel to worker processes
    from_unit, from_file = read_unit(units[0]), read_document(str(tmp_path / "a.txt"))
    assert (from_unit.source, from_unit.text, from_unit.iri) == (from_file.source, from_file.text, from_file.iri)
    assert read_unit(units[1]).source == f"{tmp_path / 'b.jsonl'}:1"
    with pytest.raises(InputError, match=r"b\.jsonl:3: has no \"text\""):
        read_unit(units[2])


def test_jsonl_publication_dates_in_english_and_epoch_are_stored(tmp_path):
    import json

    import pyoxigraph

    feed = tmp_path / "feed.jsonl"
    records = [("https://e.com/1", "June 23, 2025"), ("https://e.com/2", 1719100800), ("https://e.com/3", 1719100800000),
               ("https://e.com/4", "23 Jun 2025")]
    feed.write_text("".join(json.dumps({"text": f"腾讯与京东合作，第{i}篇。", "url": url, "published": date}) + "\n"
                            for i, (url, date) in enumerate(records)), encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(feed), "--store", str(store), "--jobs", "1", "--no-tagger"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    s = pyoxigraph.Store.read_only(str(store))
    try:
        rows = s.query("SELECT ?url ?date WHERE { GRAPH ?d { ?d <https://kg.example.org/ontology#url> ?url ; "
                       "<https://kg.example.org/ontology#published> ?date } }")
        found = {r["url"].value: r["date"].value for r in rows}
    finally:
        del s
    assert found == {"https://e.com/1": "2025-06-23", "https://e.com/2": "2024-06-23",
                     "https://e.com/3": "2024-06-23", "https://e.com/4": "2025-06-23"}


# Composed page headers: what scraped pages put above an article, and what kg should take from it.
# (file name, header lines, expected title, expected date)
HEADERS = [
    ("share.txt", "微信里点“发现”,扫一下\n二维码便可将本文分享至朋友圈。", "星河科技推出青禾支付", None),
    ("scan.txt", "用微信扫码 分享给朋友", "星河科技推出青禾支付", None),
    ("caption.txt", "▲星河科技创始人陈立(图片来源:星河科技官网)", "星河科技推出青禾支付", None),
    ("byline.txt", "本报记者 李明 摄", "星河科技推出青禾支付", None),
    ("english.txt", "Published: Jan 09, 2025 10:23", "星河科技推出青禾支付", "2025-01-09"),
    ("daymonth.txt", "By Li Ming | 19 August 2025", "星河科技推出青禾支付", "2025-08-19"),
    ("dateword.txt", " date 2025-08-19", "星河科技推出青禾支付", "2025-08-19"),
    ("clock.txt", "2025年08月19日 10:23", "星河科技推出青禾支付", "2025-08-19"),
    ("label.txt", "发布时间：2025-08-19 10:23:11", "星河科技推出青禾支付", "2025-08-19"),
    ("outlet.txt", "晨光日报 2025/08/19", "星河科技推出青禾支付", "2025-08-19"),
]


def test_titles_skip_page_chrome_and_dates_are_read_in_the_forms_pages_write(tmp_path):
    """Through `kg build` and the stored query `documents`: the headline, never a share widget,
    a caption or a byline, and the publication date from the header line, whatever its form."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, header, _, _ in HEADERS:
        head, title = (header, "星河科技推出青禾支付") if name in ("share.txt", "scan.txt", "caption.txt",
                                                                 "byline.txt") else ("星河科技推出青禾支付", header)
        (folder / name).write_text(f"{head}\n{title}\n2024年,星河科技宣布推出青禾支付,{name}。\n", encoding="utf-8")
    store = tmp_path / "store"
    built = CliRunner().invoke(cli, ["build", str(folder), "--store", str(store), "--jobs", "1", "--no-tagger"],
                               catch_exceptions=False)
    assert built.exit_code == 0, built.stderr
    listed = CliRunner().invoke(cli, ["query", "documents", "--store", str(store), "--format", "json"],
                                catch_exceptions=False)
    bindings = json.loads(listed.stdout)["results"]["bindings"]
    rows = {Path(row["source"]["value"]).name: tuple(row[k]["value"] if k in row else None for k in ("title", "published"))
            for row in bindings}
    assert rows == {name: (title, date) for name, _, title, date in HEADERS}
