"""Faults and bad inputs (issue 15): every failure gives a clear error and loses nothing.

Each case runs the real thing: ``kg`` through its CLI on a real store on disk, real ``kg``
processes stopped with real signals, the real Oxigraph server on a free 127.0.0.1 port, and
a small real HTTP server of our own (``_Endpoint``) for endpoints that misbehave. Each case
asserts the exact ``Error: <where>: <what> (<fix>)`` line, the exit status, the store's
N-Quads against the store before the run (or before plus the good documents of the run), and
that the good inputs of the run were built. The README's "Reliability" section lists them.
"""

from __future__ import annotations

import ctypes
import gzip
import http.server
import io
import json
import os
import random
import resource
import shutil
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import cli
from kg.errors import InputError
from kg.ingest import decode, document_from_text
from kg.normalize import MappedText, to_simplified
from kg.queries import list_queries
from kg.server import OxigraphServer

KG_BIN = Path(sys.executable).parent / "kg"
KG = "https://kg.example.org/ontology#"

BASE_ARTICLE = "2019年8月，阿里巴巴旗下的淘宝上线了新的直播功能。\n淘宝表示，商家可以在直播中直接销售商品。\n"
GOOD_ARTICLE = "2021年3月，腾讯宣布与京东在物流领域展开合作。\n双方表示将共同开发新的小程序。\n"


def invoke(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def nquads(store: Path) -> bytes:
    """The store as N-Quads, lines sorted: equal bytes mean equal stores."""
    s = pyoxigraph.Store.read_only(str(store))
    try:
        data = s.dump(format=pyoxigraph.RdfFormat.N_QUADS) or b""
    finally:
        del s
    return b"".join(sorted(data.splitlines(keepends=True)))


def by_graph(data: bytes) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = {}
    for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS):
        graphs.setdefault(str(quad.graph_name), set()).add(str(quad))
    return graphs


def documents(store: Path) -> dict[str, str]:
    """``{document IRI: source path}`` of the stored documents."""
    s = pyoxigraph.Store.read_only(str(store))
    try:
        rows = s.query(f"SELECT ?d ?src WHERE {{ GRAPH ?d {{ ?d <{KG}sourcePath> ?src }} }}")
        return {r["d"].value: r["src"].value for r in rows}
    finally:
        del s


def added_documents(before: bytes, store: Path) -> dict[str, str]:
    """Assert the store is ``before`` plus whole new document graphs; return those documents."""
    old, new = by_graph(before), by_graph(nquads(store))
    for graph, lines in old.items():
        assert new.get(graph) == lines, f"graph {graph} changed"
    fresh = {graph for graph in new if graph not in old}
    docs = documents(store)
    assert {f"<{iri}>" for iri in docs} >= fresh
    return {iri: src for iri, src in docs.items() if f"<{iri}>" in fresh}


def errors(*lines: str) -> str:
    return "".join(f"Error: {line}\n" for line in lines)


def run_kg(*args, timeout=300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG_BIN), *map(str, args)], capture_output=True, text=True, timeout=timeout, **kwargs)


@dataclass(frozen=True)
class World:
    root: Path
    base: Path          # a store holding BASE_ARTICLE
    good: Path          # GOOD_ARTICLE, the good input of each input case
    before: bytes       # N-Quads of ``base``
    with_good: bytes    # N-Quads of ``base`` after `kg build good`


@pytest.fixture(scope="session")
def world(tmp_path_factory) -> World:
    root = tmp_path_factory.mktemp("faults")
    (root / "base.txt").write_text(BASE_ARTICLE, encoding="utf-8")
    good = root / "good.txt"
    good.write_text(GOOD_ARTICLE, encoding="utf-8")
    base = root / "base-store"
    assert invoke("build", root / "base.txt", "--store", base, "--jobs", "1").exit_code == 0
    with_good = root / "with-good"
    shutil.copytree(base, with_good)
    assert invoke("build", good, "--store", with_good, "--jobs", "1").exit_code == 0
    return World(root, base, good, nquads(base), nquads(with_good))


@pytest.fixture()
def store(world, tmp_path) -> Path:
    """A copy of the base store this test may change."""
    path = tmp_path / "store"
    shutil.copytree(world.base, path)
    return path


def _without_dac_override() -> None:
    """In a child run as root: drop the capabilities that let root read and write anything.

    Then file modes apply to it as to any user (prctl PR_CAPBSET_DROP; the exec that
    follows leaves root with the reduced set).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


AS_USER = {"preexec_fn": _without_dac_override} if os.geteuid() == 0 else {}


# -- inputs ------------------------------------------------------------------------------------

def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HHI", 2, 62, 1) + bytes(200)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


ARTICLE = "2021年3月，腾讯宣布与京东在物流领域合作。双方表示将共同开发新的小程序，京东物流负责配送。"
BIG5_ARTICLE = "騰訊宣布與京東在物流領域合作，雙方表示將共同開發新的小程式。"
NOT_TEXT = "give .txt, .html, .md or .jsonl articles"
TRUNCATED = "save the complete file again"

# (case, file name, bytes, "what (fix)" of the Error line)
REFUSED = [
    ("empty", "empty.txt", lambda: b"", "empty file (give a file that holds an article)"),
    ("whitespace only", "blank.txt", lambda: b" \t\r\n\n  \n ", "empty file (give a file that holds an article)"),
    ("PNG named .html", "photo.html", _png, f"is a PNG image, not text ({NOT_TEXT})"),
    ("ELF executable", "program.txt", _elf, f"is an executable, not text ({NOT_TEXT})"),
    ("zip archive", "archive.txt", lambda: _zip({"a.txt": ARTICLE.encode()}),
     f"is a ZIP archive (or an Office document), not text ({NOT_TEXT})"),
    ("zip bomb disguised as .html", "bomb.html", lambda: _zip({f"{i}.html": bytes(20_000_000) for i in range(5)}),
     f"is a ZIP archive (or an Office document), not text ({NOT_TEXT})"),
    ("gzip bomb disguised as .html", "page.html", lambda: gzip.compress(b"<p>" + b"0" * 100_000_000, 1),
     f"is a gzip archive, not text ({NOT_TEXT})"),
    ("truncated UTF-8", "cut-utf8.txt", lambda: ARTICLE.encode("utf-8")[:-2],
     f"ends inside a UTF-8 character (truncated file?) ({TRUNCATED})"),
    ("truncated GB18030", "cut-gb.txt", lambda: (ARTICLE * 20).encode("gb18030")[:-1],
     f"ends inside a GB18030 character (truncated file?) ({TRUNCATED})"),
    ("truncated Big5", "cut-big5.txt", lambda: (BIG5_ARTICLE * 20).encode("big5")[:-1],
     f"ends inside a Big5 character (truncated file?) ({TRUNCATED})"),
    ("bytes that are no encoding", "noise.txt", lambda: bytes(range(128, 256)) * 8,
     "is not text in UTF-8, UTF-16, GB18030 or Big5 (undecodable bytes) (convert it to UTF-8, or pass --encoding)"),
    ("10,000-level nested HTML", "deep.html",
     lambda: ("<html><body>" + "<div>" * 10_000 + f"<p>{ARTICLE}</p>" + "</div>" * 10_000 + "</body></html>").encode(),
     "HTML is nested more than 256 elements deep (the parser reads no deeper) (save only the article's part of the page)"),
    ("HTML with only scripts", "scripts.html",
     lambda: ("<html><head><script>var 腾讯 = '京东合作';</script><style>p {}</style></head><body>"
              "<script>document.write('阿里巴巴与腾讯合作。')</script><noscript></noscript></body></html>").encode(),
     "no article text left after clean-up (check that the file holds the article, not only page chrome)"),
    ("NUL bytes throughout", "spaced-out.txt", lambda: "\x00".join(ARTICLE).encode(),
     f"looks like binary data ({len(ARTICLE) - 1} control or unassigned characters) "
     "(give a text file, or pass the right --encoding)"),
    ("private-use characters only", "icons.txt", lambda: "".join(chr(0xE000 + i) for i in range(300)).encode(),
     "looks like binary data (300 control or unassigned characters) (give a text file, or pass the right --encoding)"),
    ("combining characters only", "marks.txt", lambda: ("\u0301\u0302\u0303\u20dd" * 50).encode(),
     "no words in the text (only marks, symbols or punctuation) (check that the file holds the article)"),
    ("front matter that is not YAML", "post.md", lambda: f"---\ntitle: [腾讯\ndate: 2021-03-01\n---\n{ARTICLE}\n".encode(),
     "front matter is not valid YAML (line 2) (fix the header between the --- lines)"),
    ("file over 20 MB", "huge.txt", lambda: ARTICLE.encode() * 200_000,
     f"is {len(ARTICLE.encode()) * 0.2:,.1f} MB, more than the 20 MB one article may be "
     "(split it into articles: one per file, or one per JSONL line)"),
]


@pytest.mark.parametrize("name, data, message", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_bad_file_is_refused_and_the_good_one_built(world, store, tmp_path, name, data, message):
    bad = tmp_path / "in" / name
    bad.parent.mkdir()
    bad.write_bytes(data())
    result = invoke("build", bad, world.good, "--store", store, "--jobs", "1")
    assert (result.exit_code, result.stderr) == (1, errors(f"{bad}: {message}"))
    assert result.stdout.startswith("1 documents: 1 added, 0 replaced, 0 skipped (")
    assert nquads(store) == world.with_good


def _jsonl_case(world, tmp_path, lines: list[bytes], bad: set[int]) -> tuple[Path, bytes]:
    """A JSONL file of ``lines``, and the store its good lines give (bad lines left blank)."""
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\n".join(b"" if i in bad else line for i, line in enumerate(lines, 1)) + b"\n")
    expected = tmp_path / "expected"
    shutil.copytree(world.base, expected)
    assert invoke("build", feed, "--store", expected, "--jobs", "1").exit_code == 0
    feed.write_bytes(b"\n".join(lines) + b"\n")
    return feed, nquads(expected)


def _record(text: str, **fields) -> bytes:
    return json.dumps({"text": text, **fields}, ensure_ascii=False).encode("utf-8")


JSONL_UTF8 = "re-save the file as UTF-8 (JSONL is UTF-8), or pass --encoding"
JSONL_CASES = [
    ("mixed encodings in one JSONL",
     [_record(ARTICLE, url="https://e.com/1"), _record("阿里巴巴旗下的淘宝上线了直播功能。").decode().encode("gb18030"),
      _record("美团宣布接入微信支付，双方将共享用户资源。").decode().encode("big5", "replace"),
      _record(BIG5_ARTICLE, url="https://e.com/4")],
     {2: f"cannot be decoded as utf-8 (bad byte at 10) ({JSONL_UTF8})",
      3: f"cannot be decoded as utf-8 (bad byte at 10) ({JSONL_UTF8})"}),
    ("JSONL lines that are not objects",
     ['["text", "2021年，腾讯与京东合作。"]'.encode(), _record(ARTICLE), '"2021年，腾讯与京东合作。"'.encode(), b"42",
      b"null"],
     {1: "not a JSON object (write one JSON object per line)", 3: "not a JSON object (write one JSON object per line)",
      4: "not a JSON object (write one JSON object per line)", 5: "not a JSON object (write one JSON object per line)"}),
    ("JSONL with a lone surrogate",
     [_record(ARTICLE), b'{"text": "\\u817e\\u8baf\\ud800\\u4e0e\\u4eac\\u4e1c\\u5408\\u4f5c\\u3002"}',
      b'{"text": "\\u817e\\u8baf\\ud83d\\ude00\\u4e0e\\u4eac\\u4e1c\\u5408\\u4f5c\\u3002"}'],
     {2: "holds a lone surrogate \\ud800 (half of a UTF-16 pair, not a character) "
         "(fix the program that wrote the JSON; pairs must stay whole)"}),
    ("one 50 MB line",
     [_record(ARTICLE, url="https://e.com/1"), _record("腾讯与京东合作。" * 2_100_000),
      _record(BIG5_ARTICLE, url="https://e.com/3")],
     {2: "the line is 50.4 MB, more than the 20 MB one article may be "
         "(split it into articles: one per file, or one per JSONL line)"}),
]


@pytest.mark.parametrize("lines, bad", [case[1:] for case in JSONL_CASES], ids=[case[0] for case in JSONL_CASES])
def test_bad_jsonl_lines_are_refused_and_the_good_lines_built(world, store, tmp_path, lines, bad):
    feed, expected = _jsonl_case(world, tmp_path, lines, set(bad))
    result = invoke("build", feed, "--store", store, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr == errors(*(f"{feed}:{n}: {message}" for n, message in sorted(bad.items())))
    good = len(lines) - len(bad)
    assert result.stdout.startswith(f"{good} documents: {good} added, 0 replaced, 0 skipped (")
    assert nquads(store) == expected


# (case, file name, text): odd but good articles, built whole
BUILT = [
    ("a few NUL bytes inside an article", "nul.txt", ARTICLE[:12] + "\x00" + ARTICLE[12:30] + "\x1b" + ARTICLE[30:]),
    ("private-use glyphs inside an article", "glyphs.txt", "\ue600 " + ARTICLE + " \ue601\n"),
    ("combining marks inside an article", "accents.txt", ARTICLE.replace("腾讯", "腾\u0301讯") + " Cafe\u0301 Tencent\u0332。"),
    ("200 KB with no punctuation", "unpunctuated.txt",
     "".join(f"今天我们在这里讨论第{i}个话题大家都说腾讯和京东在物流领域展开合作这件事值得关注" for i in range(1500))),
]


@pytest.mark.parametrize("name, text", [case[1:] for case in BUILT], ids=[case[0] for case in BUILT])
def test_an_odd_but_good_file_is_built_whole(world, store, tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    assert len(text.encode()) < 250_000
    result = invoke("build", path, "--store", store, "--jobs", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    added = added_documents(world.before, store)
    assert list(added.values()) == [str(path)]
    graph = pyoxigraph.NamedNode(next(iter(added)))
    s = pyoxigraph.Store.read_only(str(store))
    try:
        quads = list(s.quads_for_pattern(None, None, None, graph))
    finally:
        del s
    literals = [q.object.value for q in quads if isinstance(q.object, pyoxigraph.Literal)]
    offsets = [int(q.object.value) for q in quads if q.predicate.value in (KG + "startOffset", KG + "endOffset")]
    assert not any(c in value for value in literals for c in "\x00\x1b"), "a control character reached the store"
    assert all(0 <= offset <= len(text) for offset in offsets)
    exported = invoke("export", "--format", "rdfxml", "--store", store)
    import rdflib
    assert len(rdflib.Graph().parse(data=exported.stdout_bytes, format="xml")) > 0  # well-formed XML


def test_a_directory_symlink_loop_is_not_followed(world, store, tmp_path):
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "self").symlink_to(".")
    (folder / "sub" / "up").symlink_to("..")
    # A real process with a time limit: a glob that followed the links would never end.
    for pattern in (folder, f"{folder}/**/*.txt"):
        copy = tmp_path / f"store-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(store, copy)
        result = run_kg("build", pattern, "--store", copy, "--jobs", "1", "--no-tagger", timeout=120)
        assert (result.returncode, result.stderr) == (0, "")
        assert list(added_documents(world.before, copy).values()) == [str(folder / "sub" / "a.txt")]


def test_an_unreadable_file_is_refused_and_the_good_one_built(world, store, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD_ARTICLE.replace("物流", "支付"), encoding="utf-8")
    secret.chmod(0)
    result = run_kg("build", secret, world.good, "--store", store, "--jobs", "1", **AS_USER)
    assert result.returncode == 1
    assert result.stderr == errors(f"{secret}: cannot be read (Permission denied) (check the path and its permissions)")
    assert nquads(store) == world.with_good


def test_paths_with_spaces_and_chinese_are_named_exactly(world, store, tmp_path):
    folder = tmp_path / "新闻 稿件" / "第 1 期"
    folder.mkdir(parents=True)
    bad = folder / "空 白 稿.txt"
    bad.write_bytes(b"\n \n")
    good = folder / "腾讯 与 京东.txt"
    good.write_text(GOOD_ARTICLE, encoding="utf-8")
    result = invoke("build", tmp_path / "新闻 稿件", "--store", store, "--jobs", "1")
    assert (result.exit_code, result.stderr) == (1, errors(f"{bad}: empty file (give a file that holds an article)"))
    assert list(added_documents(world.before, store).values()) == [str(good)]
    removed = invoke("remove", good, "--store", store)
    assert removed.exit_code == 0 and nquads(store) == world.before


@pytest.mark.parametrize("listing, message", [
    ("kg.pipeline", "no such file or directory (check the path)"),  # before the reader lists it
    ("kg.ingest", "is gone (moved or deleted while kg was reading the inputs) (put it back and run the command again)"),
], ids=["after the build listed it", "after the reader listed it"])
def test_a_file_deleted_between_listing_and_reading(world, store, tmp_path, monkeypatch, listing, message):
    import importlib

    module = importlib.import_module(listing)
    victim = tmp_path / "gone.txt"
    victim.write_text(GOOD_ARTICLE.replace("物流", "支付"), encoding="utf-8")
    listed = module.resolve_inputs

    def list_then_delete(paths):
        found = listed(paths)
        if victim.exists():
            victim.unlink()  # really gone from the disk, after kg listed it
        return found

    monkeypatch.setattr(module, "resolve_inputs", list_then_delete)
    result = invoke("build", victim, world.good, "--store", store, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr == errors(f"{victim}: {message}")
    assert nquads(store) == world.with_good


def test_a_dangling_symlink_in_a_directory(world, store, tmp_path):
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "old.txt").symlink_to("../moved-away.txt")
    result = invoke("build", folder, world.good, "--store", store, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr == errors(f"{folder / 'old.txt'}: is a symbolic link to nothing (../moved-away.txt) "
                                   "(fix or remove the link)")
    assert nquads(store) == world.with_good


def test_a_file_name_that_is_not_utf8(world, store, tmp_path):
    folder = tmp_path / "zip-from-windows"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    expected = tmp_path / "expected"
    shutil.copytree(world.base, expected)
    assert invoke("build", folder, "--store", expected, "--jobs", "1").exit_code == 0
    name = "阿里".encode("gbk") + b".txt"  # what unzip makes of a GBK name
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(ARTICLE.encode("utf-8"))
    result = invoke("build", folder, "--store", store, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr == errors(f"{folder}/\\xb0\\xa2\\xc0\\xef.txt: file name is not UTF-8 "
                                   "(rename the file in UTF-8, e.g. convmv -f gbk -t utf-8 --notest)")
    assert nquads(store) == nquads(expected)


@pytest.mark.parametrize("args", [
    ("query", "partners", "--param", "company=阿\udcb0\udca2"),
    ("query", "-e", 'SELECT * WHERE { ?s ?p "\udcb0" }'),
    ("remove", "\udcb0\udca2.txt"),
    ("export", "--graph", "https://kg.example.org/id/doc/\udcff"),
], ids=["--param", "-e", "remove", "export --graph"])
def test_an_argument_that_is_not_utf8(world, store, args):
    shown = [a for a in args if any("\udc80" <= c <= "\udcff" for c in a)][0]
    shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    result = invoke(*args, "--store", store)
    assert result.exit_code == 1
    assert result.stderr == errors(f"{shown}: is not UTF-8 text (type it again in UTF-8, or check the terminal's locale)")
    assert nquads(store) == world.before
