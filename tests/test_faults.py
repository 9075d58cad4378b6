"""Faults and bad inputs (issue 15): every failure gives a clear error and loses nothing.

Each case runs the real thing: ``kg`` through its CLI on a real store on disk, real ``kg``
processes stopped with real signals, the real Oxigraph server on a free 127.0.0.1 port, and
a small real HTTP server of our own (``_Endpoint``) for endpoints that misbehave. Each case
asserts the exact ``Error: <where>: <what> (<fix>)`` line, the exit status, the store's
N-Quads against the store before the run (or before plus the good documents of the run), and
that the good inputs of the run were built. docs/reliability.md lists them.
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
from kg.indexes import NUMBERING, derive
from kg.vocab import CATALOG_GRAPH, ENTITIES_GRAPH, FACTS_GRAPH

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
    """The graphs' lines, without what the store derives from the documents (store layout 3):
    the entities and facts graphs and the numbers given in write order (``kg.indexes``), which
    ``_assert_derived`` checks against a recount instead."""
    graphs: dict[str, set[str]] = {}
    for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS):
        if quad.graph_name.value in (ENTITIES_GRAPH, FACTS_GRAPH) or quad.predicate.value in NUMBERING:
            continue
        graphs.setdefault(str(quad.graph_name), set()).add(str(quad))
    return graphs


def _assert_derived(store: Path) -> None:
    """The entities and facts graphs of ``store`` equal a recount from its document graphs, and
    its statement numbers are unique."""
    quads = list(pyoxigraph.parse(nquads(store), format=pyoxigraph.RdfFormat.N_QUADS))
    fixed = {ENTITIES_GRAPH, FACTS_GRAPH, CATALOG_GRAPH} | {q.graph_name.value for q in quads
                                                          if q.graph_name.value.startswith("https://kg.example.org/graph/")}
    docs: dict[str, list] = {}
    for q in quads:
        if q.graph_name.value not in fixed:
            docs.setdefault(q.graph_name.value, []).append(q)
    expected = derive(docs.values(), [q for q in quads if q.graph_name.value == CATALOG_GRAPH])
    for graph in (ENTITIES_GRAPH, FACTS_GRAPH):
        want = {str(q) for q in expected if q.graph_name.value == graph}
        held = {str(q) for q in quads if q.graph_name.value == graph and q.subject.value != FACTS_GRAPH}
        assert held == want, f"the derived graph {graph} is not the recount of the documents in"
    numbers = [q.object.value for q in quads if q.predicate.value == KG + "statementNumber"]
    assert len(numbers) == len(set(numbers)), "two statements share a number"


def documents(store: Path) -> dict[str, str]:
    """``{document IRI: source path}`` of the stored documents."""
    s = pyoxigraph.Store.read_only(str(store))
    try:
        rows = s.query(f"SELECT ?d ?src WHERE {{ GRAPH ?d {{ ?d <{KG}sourcePath> ?src }} }}")
        return {r["d"].value: r["src"].value for r in rows}
    finally:
        del s


# Kept from the document graphs (the new entities they describe): it grows with them.
ENTITIES = f"<{ENTITIES_GRAPH}>"  # by_graph leaves it out; _assert_derived checks it


def added_documents(before: bytes, store: Path) -> dict[str, str]:
    """Assert the store is ``before`` plus whole new document graphs (and the entities they
    describe); return those documents."""
    old, new = by_graph(before), by_graph(nquads(store))
    for graph, lines in old.items():
        if graph == ENTITIES:
            assert lines <= new.get(graph, set()), "an entity was lost"
        else:
            assert new.get(graph) == lines, f"graph {graph} changed"
    fresh = {graph for graph in new if graph not in old and graph != ENTITIES}
    _assert_derived(store)
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
    assert (result.exit_code, result.stderr) == (3, errors(f"{bad}: {message}"))
    assert result.stdout.startswith("1 document: 1 added, 0 replaced, 0 unchanged, 1 rejected (")
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
    assert result.exit_code == 3  # partly built
    assert result.stderr == errors(*(f"{feed}:{n}: {message}" for n, message in sorted(bad.items())))
    good = len(lines) - len(bad)
    noun = "document" if good == 1 else "documents"
    assert result.stdout.startswith(f"{good} {noun}: {good} added, 0 replaced, 0 unchanged, {len(bad)} rejected (")
    assert nquads(store) == expected


UNPUNCTUATED = "".join(f"今天我们在这里讨论第{i}个话题大家都说腾讯和京东在物流领域展开合作这件事值得关注" for i in range(1500))
# (case, file name, text): odd but good articles, built whole
BUILT = [
    ("a few NUL bytes inside an article", "nul.txt", ARTICLE[:12] + "\x00" + ARTICLE[12:30] + "\x1b" + ARTICLE[30:]),
    ("private-use glyphs inside an article", "glyphs.txt", "\ue600 " + ARTICLE + " \ue601\n"),
    ("combining marks inside an article", "accents.txt", ARTICLE.replace("腾讯", "腾\u0301讯") + " Cafe\u0301 Tencent\u0332。"),
    ("200 KB with no punctuation", "unpunctuated.txt", UNPUNCTUATED),
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
    result = invoke("build", folder, "--store", store, "--jobs", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert list(added_documents(world.before, store).values()) == [str(folder / "sub" / "a.txt")]
    # A glob, in a real process with a time limit: one that followed the links would never end.
    copy = tmp_path / "glob-store"
    shutil.copytree(world.base, copy)
    result = run_kg("build", f"{folder}/**/*.txt", "--store", copy, "--jobs", "1", timeout=120)
    assert (result.returncode, result.stderr) == (0, "")
    assert nquads(copy) == nquads(store)


def test_an_unreadable_file_is_refused_and_the_good_one_built(world, store, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD_ARTICLE.replace("物流", "支付"), encoding="utf-8")
    secret.chmod(0)
    result = run_kg("build", secret, world.good, "--store", store, "--jobs", "1", **AS_USER)
    assert result.returncode == 3  # partly built
    assert result.stderr == errors(f"{secret}: cannot be read (Permission denied) (check the path and its permissions)")
    assert nquads(store) == world.with_good


def test_pipes_sockets_and_devices_are_reported_and_skipped(world, store, tmp_path):
    """A named pipe with no writer would block a reader for ever: kg names it and goes on."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "feed.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "sock.jsonl"))
    named_pipe = tmp_path / "one.html"
    os.mkfifo(named_pipe)
    try:
        # A real process with a time limit: a build that opened the pipe would never end.
        result = run_kg("build", folder, named_pipe, "/dev/zero", world.good, "--store", store,
                        "--jobs", "1", timeout=120)
    finally:
        listener.close()
    fix = "(save what it gives into a file, or pipe it in as `kg build -`)"
    assert result.returncode == 3  # partly built
    assert result.stderr == errors(f"{folder / 'feed.txt'}: is a named pipe, not a regular file {fix}",
                                   f"{folder / 'sock.jsonl'}: is a socket, not a regular file {fix}",
                                   f"{named_pipe}: is a named pipe, not a regular file {fix}",
                                   f"/dev/zero: is a character device, not a regular file {fix}")
    assert nquads(store) == world.with_good


def test_a_pipe_put_in_a_files_place_after_listing_is_refused(tmp_path):
    """Between listing and reading, a file replaced by a named pipe: refused on the open descriptor."""
    from kg.ingest import read_document

    path = tmp_path / "swapped.txt"
    os.mkfifo(path)
    with pytest.raises(InputError) as caught:
        read_document(str(path))  # would block for ever if it opened the pipe for reading
    assert str(caught.value).startswith(f"{path}: is a named pipe, not a regular file")


def test_paths_with_spaces_and_chinese_are_named_exactly(world, store, tmp_path):
    folder = tmp_path / "新闻 稿件" / "第 1 期"
    folder.mkdir(parents=True)
    bad = folder / "空 白 稿.txt"
    bad.write_bytes(b"\n \n")
    good = folder / "腾讯 与 京东.txt"
    good.write_text(GOOD_ARTICLE, encoding="utf-8")
    result = invoke("build", tmp_path / "新闻 稿件", "--store", store, "--jobs", "1")
    assert (result.exit_code, result.stderr) == (3, errors(f"{bad}: empty file (give a file that holds an article)"))
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
    assert result.exit_code == 3  # partly built
    assert result.stderr == errors(f"{victim}: {message}")
    assert nquads(store) == world.with_good


def test_a_dangling_symlink_in_a_directory(world, store, tmp_path):
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "old.txt").symlink_to("../moved-away.txt")
    result = invoke("build", folder, world.good, "--store", store, "--jobs", "1")
    assert result.exit_code == 3  # partly built
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
    assert result.exit_code == 3  # partly built
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


# -- processes and stores ----------------------------------------------------------------------

# The process cases build without the statistical tagger: it changes what is found, not how a
# build starts, writes or stops, and each `kg build` process starts a second sooner.
FAST = ("--no-tagger",)
COMPANIES = ["腾讯", "京东", "阿里巴巴", "美团", "百度", "字节跳动", "拼多多", "小米"]
FIELDS = ["物流", "支付", "广告", "云计算", "外卖", "零售", "出行", "游戏"]


@dataclass(frozen=True)
class Corpus:
    folder: Path
    count: int
    reference: bytes     # N-Quads of the base store after building the whole folder
    graphs: dict         # ``by_graph(reference)``
    seconds: float       # a full `kg build` of the folder as a process, start-up included


@pytest.fixture(scope="session")
def corpus(world) -> Corpus:
    """48 short articles, and the store the base store becomes when they are built."""
    folder = world.root / "corpus"
    folder.mkdir()
    rng = random.Random(15)
    for i in range(48):
        a, b = rng.sample(COMPANIES, 2)
        field = rng.choice(FIELDS)
        text = (f"{2010 + i % 14}年{1 + i % 12}月，{a}宣布与{b}在{field}领域展开第{i}轮合作。\n"
                f"{b}表示，双方将共同推出小程序“{field}助手{i}号”，用户可以用微信支付付款。\n"
                f"据悉，{a}还计划在明年投资{rng.choice(COMPANIES)}旗下的{field}业务。\n")
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    reference = world.root / "corpus-store"
    shutil.copytree(world.base, reference)
    started = time.monotonic()
    result = run_kg("build", folder, "--store", reference, *FAST)
    assert result.returncode == 0, result.stderr
    data = nquads(reference)
    return Corpus(folder, 48, data, by_graph(data), time.monotonic() - started)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _assert_every_document_whole(store: Path, corpus: Corpus) -> int:
    """Each graph of ``store`` is exactly its graph in the reference; returns the corpus documents in."""
    graphs = by_graph(nquads(store))
    _assert_derived(store)
    for graph, lines in graphs.items():
        if graph == ENTITIES:  # what the documents in describe: part of what all of them do
            assert lines <= corpus.graphs.get(graph, set()), "an entity no document describes"
        else:
            assert lines == corpus.graphs.get(graph), f"graph {graph} is not whole"
    assert graphs.keys() <= corpus.graphs.keys()
    return sum(1 for src in documents(store).values() if src.startswith(str(corpus.folder)))


def _wait_for_documents(store: Path, process: subprocess.Popen, at_least: int = 1) -> None:
    """Poll the store (read-only) until the running build has written ``at_least`` corpus documents."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if sum(1 for src in documents(store).values() if "corpus" in src) >= at_least:
                return
        except (OSError, RuntimeError):  # opened just as the build compacted: look again
            pass
        time.sleep(0.05)
    pytest.fail(f"the build wrote no document in time (exit {process.poll()})")


def test_kill_9_at_ten_points_of_a_build(store, corpus):
    """Ten builds of the corpus, each killed with SIGKILL once the store holds four more of its
    documents than before (polled, not slept for): every document stays whole each time."""
    landed = []
    for round_ in range(10):
        process = subprocess.Popen([str(KG_BIN), "build", str(corpus.folder), "--store", str(store), *FAST],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_for_documents(store, process, at_least=4 * (round_ + 1))
        workers = _children(process.pid)
        process.send_signal(signal.SIGKILL)  # the build process only, as `kill -9 PID` does
        process.wait()
        process.stderr.close()
        landed.append(process.returncode == -signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers)), "worker processes outlived the killed build"
        _assert_every_document_whole(store, corpus)
    assert sum(landed) >= 8, f"only {sum(landed)} of 10 kills landed while the build ran"
    result = run_kg("build", corpus.folder, "--store", store, *FAST)
    assert (result.returncode, result.stderr) == (0, "")
    assert nquads(store) == corpus.reference


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_stop_signal_during_a_build_stops_after_whole_documents(store, corpus, tmp_path, signum):
    """What a scheduler sends (Ctrl-C, systemd's SIGTERM, a closed session's SIGHUP), to the build
    process and, as a terminal or a process-group kill does, to its extraction workers too."""
    slow = tmp_path / "slow"  # a long last article keeps the build going after the first ones are in
    slow.mkdir()
    (slow / "long.txt").write_text(UNPUNCTUATED, encoding="utf-8")
    process = subprocess.Popen([str(KG_BIN), "build", str(corpus.folder), str(slow), "--store", str(store),
                                "--jobs", "2", *FAST], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    _wait_for_documents(store, process)
    os.killpg(process.pid, signum)  # the build and its workers, as a terminal or `kill -- -PGID` does
    out, err = process.communicate(timeout=60)
    written = _assert_every_document_whole(store, corpus)
    assert process.returncode == 128 + signum, err
    assert 0 < written <= corpus.count
    assert err == errors(f"{store}: build interrupted by {signum.name}; {written} document{'s were' if written != 1 else ' was'} written, "
                         "each whole (run the same command again to build the rest)")
    assert out.startswith(f"{written} document{'s' * (written != 1)}: {written} added, ") and out.endswith(", interrupted\n")
    again = run_kg("build", corpus.folder, slow, "--store", store, "--jobs", "2", *FAST)
    assert (again.returncode, again.stderr) == (0, "")
    total = corpus.count + 1
    assert again.stdout.startswith(f"{total} documents: {total - written} added, 0 replaced, {written} unchanged")
    assert list(added_documents(corpus.reference, store).values()) == [str(slow / "long.txt")]


def _holder(pid: int, argv: list[str]) -> str:
    command = " ".join(["kg", *argv])
    return f"pid {pid}: " + (command if len(command) <= 80 else command[:79] + "…")


def test_a_second_build_on_a_store_in_use_says_who_holds_it(world, store, corpus):
    # The first build reads the corpus, then an article from a pipe that stays open: it holds
    # the store for as long as the test keeps the pipe open, as `curl … | kg build -` does.
    argv = ["build", str(corpus.folder), "-", "--store", str(store), "--jobs", "1", *FAST]
    first = subprocess.Popen([sys.executable, str(KG_BIN), *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    _wait_for_documents(store, first, at_least=corpus.count)
    second = run_kg("build", world.good, "--store", store, "--jobs", "1")
    out, err = first.communicate(BASE_ARTICLE.replace("淘宝", "天猫"), timeout=300)
    assert (first.returncode, err) == (0, "")
    assert second.returncode == 4  # locked: worth a retry
    assert second.stderr == errors(f"{store}: the store is locked by another process ({_holder(first.pid, argv)}) "
                                   "(stop that process or let it finish, then run this command again)")
    assert second.stdout == ""
    # the first build whole, with its article from the pipe; nothing of the second
    assert list(added_documents(corpus.reference, store).values()) == ["<stdin>"]


def test_a_build_on_a_store_served_by_oxigraph_names_the_server(world, store):
    with OxigraphServer(store, bind="127.0.0.1:0") as server:
        result = invoke("build", world.good, "--store", store, "--jobs", "1")
        command = (f"oxigraph serve --location {store} --bind 127.0.0.1:{server.port} --union-default-graph")
        holder = f"pid {server.process.pid}: " + (command if len(command) <= 80 else command[:79] + "…")
    assert result.exit_code == 4
    assert result.stderr == errors(f"{store}: the store is locked by another process ({holder}) "
                                   "(stop that process or let it finish, then run this command again)")
    assert nquads(store) == world.before


def _data_files(store: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.iterdir()) if not p.name.startswith("LOG")}


DAMAGED = "restore it from a copy, or move it away and run `kg build` again"


@pytest.mark.parametrize("damage", ["CURRENT", "CURRENT without a newline", "SST file cut in half"])
def test_a_damaged_store_is_named_and_left_as_it_is(world, store, damage):
    if damage == "CURRENT":
        (store / "CURRENT").write_text("MANIFEST-garbage\n")
        what = "Corruption: CURRENT file corrupted"
    elif damage == "CURRENT without a newline":
        (store / "CURRENT").write_text("")
        what = "Corruption: CURRENT file does not end with newline"
    else:
        victim = min(store.glob("*.sst"), key=lambda p: (p.stat().st_size, p.name))
        data = victim.read_bytes()
        victim.write_bytes(data[: len(data) // 2])
        manifest = next(store.glob("MANIFEST-*"))
        what = (f"Corruption: Sst file size mismatch between expected {len(data)} and file system "
                f"{len(data) // 2} sstable: {victim}  The file {manifest} may be corrupted.")
    files = _data_files(store)
    for args in (("build", world.good), ("query", "documents"), ("stats",)):
        result = invoke(*args, "--store", store)
        assert (result.exit_code, result.stderr) == (1, errors(f"{store}: the store is damaged: {what} ({DAMAGED})"))
    assert _data_files(store) == files


def test_a_directory_that_is_not_a_store_is_not_taken_over(world, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("买菜\n", encoding="utf-8")
    result = invoke("build", world.good, "--store", folder, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr == errors(f"{folder}: exists and is not a kg store (choose another --store directory)")
    assert [p.name for p in folder.iterdir()] == ["todo.txt"]
    assert (folder / "todo.txt").read_text(encoding="utf-8") == "买菜\n"


def test_a_read_only_store_refuses_builds_and_still_answers_queries(world, store):
    modes = {}
    for path in [store, *store.iterdir()]:
        modes[path] = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        built = run_kg("build", world.good, "--store", store, "--jobs", "1", **AS_USER)
        queried = run_kg("query", "documents", "--format", "tsv", "--store", store, **AS_USER)
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert built.returncode == 1
    assert built.stderr == errors(f"{store}: the store directory is read-only (make it writable, or copy it "
                                  "elsewhere; queries and exports still read it)")
    assert (queried.returncode, queried.stderr) == (0, "")
    assert "base.txt" in queried.stdout
    assert nquads(store) == world.before


@pytest.fixture()
def small_disk(tmp_path, world):
    """A directory on a file system with little room left: a small tmpfs when this runs as root,
    else ``None`` (the test then limits the size of the files the build may write)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    size = sum(p.stat().st_size for p in world.base.iterdir()) + 900_000
    if os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                                            capture_output=True).returncode == 0:
        try:
            yield mount
        finally:
            subprocess.run(["umount", "-l", str(mount)], check=True)
    else:
        yield None


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_keeps_every_document_whole(world, corpus, small_disk, tmp_path):
    store = (small_disk or tmp_path) / "store"
    shutil.copytree(world.base, store)
    limits = {} if small_disk else {"preexec_fn": _limit_file_size}
    result = run_kg("build", corpus.folder, "--store", store, *FAST, **limits)
    assert result.returncode == 1
    assert result.stderr == errors(f"{store}: the disk is full (free some space, then run the command again; "
                                   "the documents written so far are kept)")
    written = _assert_every_document_whole(store, corpus)
    assert written < corpus.count
    if small_disk:  # make room, then the same build finishes
        subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    again = run_kg("build", corpus.folder, "--store", store, *FAST)
    assert (again.returncode, again.stderr) == (0, "")
    assert nquads(store) == corpus.reference


# -- network -----------------------------------------------------------------------------------

class _Endpoint(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """A small real HTTP server on a free 127.0.0.1 port that misbehaves as ``mode`` says.

    ``500``: an HTML error page; ``html``: a 200 web page; ``dies``: answers the graph list,
    then closes the connection in the middle of the upload; ``cut``: closes in the middle of
    its answer; ``garbage``: answers without HTTP; ``hang``: never answers.
    """

    daemon_threads = True

    def __init__(self, mode: str):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.requests: list[str] = []
        self.asked = threading.Event()
        self.release = threading.Event()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


ERROR_PAGE = b"<html><head><title>500</title></head><body><h1>500 Internal Server Error</h1>" + b"x" * 5000 + b"</body></html>"
# the page as an error line shows it: tags dropped, white space squeezed, 160 characters at most
ERROR_GIST = ("500 500 Internal Server Error " + "x" * 5000)[:159] + "…"
WEB_PAGE = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status: int, media: str, body: bytes, length: int | None = None):
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self):
        server = self.server
        server.requests.append(f"{self.command} {self.path.split('?')[0]}")
        server.asked.set()
        if server.mode == "500":
            self._send(500, "text/html", ERROR_PAGE)
        elif server.mode == "html":
            self._send(200, "text/html", WEB_PAGE)
        elif server.mode == "dies" and self.command == "GET":
            self._send(200, "application/sparql-results+json", b'{"head": {"vars": ["g"]}, "results": {"bindings": []}}')
        elif server.mode == "dies":
            self.rfile.read(100)  # the first bytes of the upload, then the server is gone
            self.connection.shutdown(socket.SHUT_RDWR)
        elif server.mode == "cut":
            self._send(200, "application/sparql-results+json", b'{"head": ', length=1000)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        elif server.mode == "garbage":
            self.wfile.write(b"garbage\r\n\r\n")
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        elif server.mode == "hang":
            server.release.wait(120)

    do_GET = do_POST = do_PUT = _answer


@pytest.fixture()
def endpoint(request):
    server = _Endpoint(request.param)
    yield server
    server.stop()


AGAIN = "check that the server is still running, then run the command again"
SPARQL_URL = "check --endpoint: it should be a SPARQL server's URL"
# (mode, command, "what (fix)" after "Error: <url>/<service>: ")
ENDPOINT_CASES = [
    ("500", "push", "query", f"the server failed: HTTP 500 {ERROR_GIST} (see the server's log, then run the command again)"),
    ("500", "query", "query", f"the server failed: HTTP 500 {ERROR_GIST} (see the server's log, then run the command again)"),
    ("html", "push", "query", f"the answer is not SPARQL results: Welcome to nginx! ({SPARQL_URL}, e.g. http://127.0.0.1:7878)"),
    ("html", "query", "query", f"the answer is not SPARQL results: Welcome to nginx! ({SPARQL_URL}, e.g. http://127.0.0.1:7878)"),
    ("dies", "push", "store", f"the server closed the connection before it answered ({AGAIN})"),
    ("cut", "push", "query", f"the answer was cut off after 9 bytes ({AGAIN})"),
    ("cut", "query", "query", f"the answer was cut off after 9 bytes ({AGAIN})"),
    ("garbage", "push", "query", f"the answer is not HTTP (BadStatusLine: garbage) ({SPARQL_URL})"),
    ("garbage", "query", "query", f"the answer is not HTTP (BadStatusLine: garbage) ({SPARQL_URL})"),
]


@pytest.mark.parametrize("endpoint, command, service, message", ENDPOINT_CASES, indirect=["endpoint"],
                         ids=[f"{c[1]} to an endpoint that {c[0]}" for c in ENDPOINT_CASES])
def test_an_endpoint_that_misbehaves(world, store, endpoint, command, service, message):
    args = ("push", "--endpoint", endpoint.url) if command == "push" else ("query", "documents", "--endpoint", endpoint.url)
    result = invoke(*args, "--store", store)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == errors(f"{endpoint.url}/{service}: {message}")
    assert nquads(store) == world.before


def test_push_to_a_closed_port(world, store, closed_port):
    url = f"http://127.0.0.1:{closed_port}"
    result = invoke("push", "--endpoint", url, "--store", store)
    assert result.exit_code == 1
    assert result.stderr == errors(f"{url}/query: cannot reach the endpoint: [Errno 111] Connection refused "
                                   "(start it with `kg serve` or check --endpoint)")
    assert nquads(store) == world.before


@pytest.mark.parametrize("endpoint", ["hang"], indirect=True)
def test_query_over_http_gives_up_after_its_timeout(world, endpoint):
    started = time.monotonic()
    result = invoke("query", "documents", "--endpoint", endpoint.url, "--timeout", "1.5")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert result.stderr == errors(f"{endpoint.url}/query: no answer within 1.5 s "
                                   "(check that the server is not stuck, or allow more time with --timeout)")


@pytest.mark.parametrize("endpoint", ["hang"], indirect=True)
def test_sigint_during_a_push(world, store, endpoint):
    process = subprocess.Popen([str(KG_BIN), "push", "--endpoint", endpoint.url, "--store", str(store)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert endpoint.asked.wait(60), "kg push never reached the endpoint"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out) == (130, "")
    assert err == errors(f"{endpoint.url}/store: push interrupted; the server may hold only part of the store "
                         "(run the same kg push again: it sends what is missing)")
    assert nquads(store) == world.before


@pytest.fixture()
def oxigraph(store, tmp_path):
    """The real Oxigraph server, read-write, on a copy of the base store."""
    served = tmp_path / "served"
    shutil.copytree(store, served)
    with OxigraphServer(served, bind="127.0.0.1:0") as server:
        yield server


def _served(server) -> bytes:
    import urllib.request

    request = urllib.request.Request(server.url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return b"".join(sorted(response.read().splitlines(keepends=True)))


def test_push_to_a_read_only_server(world, store, tmp_path):
    served = tmp_path / "read-only"
    shutil.copytree(world.base, served)
    with OxigraphServer(served, bind="127.0.0.1:0", read_only=True) as server:
        before = _served(server)
        shutil.rmtree(store)
        shutil.copytree(world.root / "with-good", store)
        result = invoke("push", "--endpoint", server.url, "--store", store)
        after = _served(server)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {server.url}/update: the server refused the request: HTTP ")
    assert result.stderr.endswith(" (check that the endpoint accepts writes (not serve-read-only))\n")
    assert after == before
    assert nquads(store) == world.with_good


# -- queries -----------------------------------------------------------------------------------

HOSTILE = {
    "SPARQL injection": 'x" } ; DROP ALL ; INSERT DATA { <a:b> <a:b> "c" } ; SELECT * WHERE { "',
    "quotes": "阿里'\"''' \"\"\" \\\" \\'",
    "newlines": 'x"\n} ; DROP ALL ;\r\n{ #\n',
    "a very long value": "阿里巴巴" * 50_000,
    "an IRI with >": "<https://kg.example.org/id/entity/alibaba-group> } ; DROP ALL ; { <x:y>",
    "an IRI with > inside": "https://kg.example.org/id/entity/alibaba-group>DROP",
}


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:59] + "…")


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_values_for_every_parameter_of_every_stored_query(world, store, value):
    tried = 0
    for query in list_queries():
        for param in query.params:
            others = [f"{p.name}=阿里" for p in query.params
                      if p.name != param.name and p.required and p.name not in query.defaults]
            args = ["query", query.name, "--param", f"{param.name}={value}",
                    *(a for o in others for a in ("--param", o)), "--format", "tsv", "--store", store]
            result = invoke(*args)
            if param.entity:  # resolved to an IRI first: no entity has such a name
                assert (result.exit_code, result.stdout) == (1, ""), (query.name, param.name)
                assert result.stderr == errors(f"--param {param.name}: no entity named {_shown(value)} "
                                               "(look names up with `kg query entities`)")
            elif param.name in query.enumerate:  # not one of the values it may take: refused, one line
                assert (result.exit_code, result.stdout) == (1, ""), (query.name, param.name)
                assert result.stderr.startswith(f"Error: --param {param.name}=") and result.stderr.count("\n") == 1
            else:  # bound as one literal: it matches nothing, and nothing else runs
                assert (result.exit_code, result.stderr) == (0, ""), (query.name, param.name)
                assert len(result.stdout.splitlines()) == 1, (query.name, param.name)
            tried += 1
    assert tried == sum(len(q.params) for q in list_queries()) >= 10
    assert nquads(store) == world.before


UPDATES = [
    "DROP ALL",
    "CLEAR DEFAULT",
    'INSERT DATA { <https://e.org/a> <https://e.org/b> "c" }',
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <https://kg.example.org/graph/catalog> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
]
REFUSED_UPDATE = ("query: updates are not allowed here "
                  "(`kg query` only reads; change the store with `kg build` or `kg remove`)")


@pytest.mark.parametrize("update", UPDATES)
def test_an_update_is_refused_on_the_read_query_path(world, store, oxigraph, tmp_path, update):
    before = _served(oxigraph)
    for where in (("--store", store), ("--endpoint", oxigraph.url)):
        result = invoke("query", "-e", update, *where)
        if update.startswith("SELECT"):  # not one query, not one update: a syntax error
            assert result.exit_code == 1 and result.stderr.startswith("Error: query: SPARQL syntax error")
        else:
            assert (result.exit_code, result.stderr) == (1, errors(REFUSED_UPDATE))
    stored = tmp_path / "evil.rq"
    stored.write_text("#+ summary: looks like a query\n" + update + "\n", encoding="utf-8")
    result = invoke("query", stored, "--store", store)
    assert result.exit_code == 1 and result.stderr.startswith("Error: query: ")
    assert nquads(store) == world.before
    assert _served(oxigraph) == before


# -- property tests: `kg clean` over any text --------------------------------------------------

# Any text, weighted towards what pages hold: Chinese in both scripts, punctuation, markup,
# entities, front matter, header lines, pinyin glosses, and any other character but surrogates.
TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("腾讯騰訊阿里巴巴與与京东京東合作發展乾隆後面。，、！？；：“”「」（）()《》\n\r\t  \u3000")),
        st.sampled_from(["<p>", "</p>", "<div>", "<br>", "<script>", "</script>", "&amp;", "&#x4e00;", "&nbsp;",
                         "---\n", "title: 标题\n", "文|某报 张三\n", "来源：", "(lǐng)", "**", "# ", "[链接](http://e.com)"]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=200,
).map("".join)
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(data=st.binary(max_size=600))
def test_decoding_any_bytes_gives_text_or_an_input_error(data):
    try:
        text = decode(data, "any.txt")
    except InputError as err:
        assert str(err).startswith("any.txt: ") and str(err).endswith(")")
    else:
        assert isinstance(text, str) and text.strip()


@PROPERTY
@given(original=TEXT, kind=st.sampled_from(["txt", "md", "html"]))
def test_clean_maps_every_character_into_the_original(original, kind):
    try:
        doc = document_from_text(original, source="any.txt", kind=kind)
    except InputError as err:
        assert str(err).startswith("any.txt: ")
        return
    assert len(doc.starts) == len(doc.ends) == len(doc.text) > 0
    for i in range(len(doc.text)):
        assert 0 <= doc.starts[i] < doc.ends[i] <= len(doc.original), (i, doc.text[i])


@PROPERTY
@given(original=TEXT)
def test_normalising_twice_changes_nothing(original):
    once, _ = to_simplified(MappedText.identity(original))
    twice, _ = to_simplified(MappedText.identity(once.text))
    assert twice.text == once.text


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), TEXT.map(lambda t: t.encode("utf-8"))))
def test_kg_clean_on_any_file_prints_text_or_one_error_line(tmp_path, data):
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    result = invoke("clean", path)  # a bug would raise here (catch_exceptions=False)
    if result.exit_code == 0:
        assert result.stderr == "" and result.stdout.strip()
    else:
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith(f"Error: {path}: ") and result.stderr.count("\n") == 1
