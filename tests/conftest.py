"""Shared fixtures. Module-specific fixtures live in their own test files.

No test skips silently: the stages are imported plainly (an import error inside the
extractor fails every test that needs it), and a skip that is truly about the machine goes
through :func:`platform_skip`, which fails instead under ``CI=true``. When ``CI`` is set
(``.ci/run`` sets it) the run fails if any test was skipped for a reason that is not on
``tests/skips-allowed.txt``.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def platform_skip(reason: str) -> None:
    """Skip a test that needs something this machine lacks; under ``CI=true``, fail instead.

    CI installs everything the suite needs (``make test``), so a missing tool there is a
    broken set-up, not a reason to pass.
    """
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def _allowed_skips() -> list[str]:
    lines = (REPO / "tests" / "skips-allowed.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _unexplained_skips(config) -> list[str]:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    allowed = _allowed_skips()
    found = []
    for report in (reporter.stats.get("skipped", []) if reporter else []):
        reason = str(report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr)
        if not any(text in reason for text in allowed):
            found.append(f"{report.nodeid}: {reason}")
    return found


def pytest_sessionfinish(session, exitstatus):
    """Under CI, a skip whose reason is not on the allow-list fails the run."""
    if IN_CI and (unexplained := _unexplained_skips(session.config)):
        session.config._kg_unexplained_skips = unexplained
        if session.exitstatus == 0:
            session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    unexplained = getattr(config, "_kg_unexplained_skips", [])
    if unexplained:
        terminalreporter.write_sep("=", f"{len(unexplained)} skipped, not on tests/skips-allowed.txt", red=True)
        for line in unexplained:
            terminalreporter.write_line(line)


@pytest.fixture()
def closed_port():
    """A loopback port bound by this test and never listened on: connecting to it is refused
    for as long as the test runs (no other process can take it meanwhile)."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture()
def store_dir(tmp_path) -> Path:
    """A store directory that does not exist yet (``kg build`` creates it)."""
    return tmp_path / "store"


# -- stores for the store/query/export/server tests --------------------------------------------

SAMPLE_ARTICLES = [
    # (source, original, prefix length dropped by cleaning, convert t2s, meta)
    ("sample/a.txt",
     "示例来源\n2021年9月，阿里巴巴与腾讯宣布开放合作。淘宝在微信上线了小程序“淘宝特价小店”，用户可以用微信支付付款。"
     "据传京东将与阿里巴巴合作。",
     5, False, dict(title="阿里与腾讯开放合作", date="2021-09-15", url="https://news.example.com/a")),
    ("sample/b.txt",
     "2013年11月，淘寶屏蔽了微信的外鏈。騰訊首席執行官馬化騰表示歡迎合作。微信否認將接入支付寶。",
     0, True, dict(title="騰訊與阿里", date="2013-11-20")),
    ("sample/c.jsonl:1",
     "天猫计划明年在微信推出小程序“天猫优选”。2014年3月，腾讯投资了京东。",
     0, False, dict()),
]
# (article index, subject, relation, object, modality, sentence number, date, date text, role)
SAMPLE_FACTS = [
    (0, "alibaba-group", "partneredWith", "tencent", "asserted", 0, "2021-09", "2021年9月", None),
    (0, "taobao", "launched", "+淘宝特价小店", "asserted", 1, None, None, None),
    (0, "+淘宝特价小店", "availableOn", "wechat", "asserted", 1, None, None, None),
    (0, "+淘宝特价小店", "supportsPayment", "wechat-pay", "asserted", 1, None, None, None),
    (0, "jd", "partneredWith", "alibaba-group", "rumoured", 2, None, None, None),
    (1, "taobao", "blocked", "wechat", "asserted", 0, "2013-11", "2013年11月", None),
    (1, "pony-ma", "leads", "tencent", "asserted", 1, None, None, "首席执行官"),
    (1, "wechat", "supportsPayment", "alipay", "denied", 2, None, None, None),
    (2, "tmall", "launched", "+天猫优选", "planned", 0, None, "明年", None),
    (2, "+天猫优选", "availableOn", "wechat", "planned", 0, None, None, None),
    (2, "tencent", "investedIn", "jd", "asserted", 1, "2014-03", "2014年3月", None),
]


def sample_extractions():
    """Hand-made extractions of three composed articles (one Traditional, one with a cleaned-away line)."""
    import hashlib

    from kg.catalog import load_catalog, mint_entity
    from kg.normalize import t2s as to_simplified
    from kg.model import Document, Entity, Extraction, Fact, Mention, Meta

    catalog = {e.iri.rsplit("/", 1)[1]: e for e in load_catalog().entities()}

    def entity(key):
        return mint_entity(key[1:], "MiniProgram") if key.startswith("+") else catalog[key]

    extractions = []
    for index, (source, original, cut, convert, meta) in enumerate(SAMPLE_ARTICLES):
        text = original[cut:]
        text = to_simplified(text) if convert else text
        starts = [cut + i for i in range(len(text))]
        ends = [cut + i + 1 for i in range(len(text))]
        key = meta.get("url") or text
        doc = Document(source=source, original=original, text=text, starts=starts, ends=ends,
                       script="traditional" if convert else "simplified", meta=Meta(**meta),
                       iri="https://kg.example.org/id/doc/" + hashlib.sha256(key.encode()).hexdigest()[:16],
                       content_hash=hashlib.sha256(text.encode()).hexdigest())
        bounds, begin = [], 0
        for i, ch in enumerate(text):
            if ch == "。":
                bounds.append((begin, i + 1))
                begin = i + 1
        facts, mentions = [], []
        for art, s, rel, o, modality, sent, date, date_text, role in SAMPLE_FACTS:
            if art != index:
                continue
            subject, obj = entity(s), entity(o)
            a, b = bounds[sent]
            facts.append(Fact(subject, rel, obj, modality, a, b, f"test.{rel}", 0.9, date, date_text, role))
            for ent in (subject, obj):
                at = text.find(ent.label, a, b)
                if at >= 0:
                    mentions.append(Mention(ent, at, at + len(ent.label), ent.label, "test"))
        extractions.append(Extraction(doc, tuple(mentions), tuple(facts)))
    return extractions


def build_sample_store(path) -> None:
    """Write the sample extractions into a new store at ``path`` with the shipped schema."""
    from kg.rdf import document_quads
    from kg.store import KgStore
    from kg.vocab import DEFAULT_BASE_IRI

    with KgStore.open(path, create=True) as store:
        store.ensure_schema()
        for extraction in sample_extractions():
            quads = document_quads(extraction, base_iri=DEFAULT_BASE_IRI, extractor_version="test")
            store.replace_document(extraction.document.iri, quads)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store of three hand-made extractions (known facts); copy it before changing it."""
    path = tmp_path_factory.mktemp("sample") / "store"
    build_sample_store(path)
    return path


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory, seeds_dir) -> Path:
    """``kg build seeds/`` into a temporary store, built once; copy it before changing it."""
    from kg.pipeline import build

    path = tmp_path_factory.mktemp("seeds") / "store"
    report = build([str(seeds_dir)], path, jobs=1)
    assert not report.errors, report.errors
    return path
