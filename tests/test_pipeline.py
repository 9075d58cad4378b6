"""kg.pipeline: parallel build equals serial build, incremental rebuilds, bad files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import InputError
from kg.pipeline import build, extractor_version
from kg.vocab import BUILDS_GRAPH

KG = "https://kg.example.org/ontology#"


def _quads(store: Path) -> list[pyoxigraph.Quad]:
    s = pyoxigraph.Store.read_only(str(store))
    try:
        return list(s)
    finally:
        del s


def nquads(store: Path) -> list[str]:
    """The store as sorted N-Quads lines, but the builds graph (when each build ran, PROV-O: a build
    that writes a document again is a new activity even when the store's content ends the same)."""
    builds = pyoxigraph.NamedNode(BUILDS_GRAPH)
    return sorted(str(q) + " ." for q in _quads(store) if q.graph_name != builds)


def _graph(quads) -> Graph:
    triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
    return Graph().parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b"",
                         format="nt")


def assert_same_store(a: Path, b: Path) -> None:
    """Equal as quads; graphs holding blank nodes (the schema files) compared as graphs. The builds
    graph is left out: it says when and by which run (PROV-O), not what was built, and a store
    filled by ``kg load`` has none."""
    builds = pyoxigraph.NamedNode(BUILDS_GRAPH)
    quads_a, quads_b = ([q for q in _quads(store) if q.graph_name != builds] for store in (a, b))
    plain_a = sorted(str(q) for q in quads_a if "_:" not in str(q))
    plain_b = sorted(str(q) for q in quads_b if "_:" not in str(q))
    assert plain_a == plain_b
    blank_a = {q.graph_name for q in quads_a if "_:" in str(q)}
    blank_b = {q.graph_name for q in quads_b if "_:" in str(q)}
    assert blank_a == blank_b
    for name in blank_a:
        graph_a = _graph(q for q in quads_a if q.graph_name == name)
        graph_b = _graph(q for q in quads_b if q.graph_name == name)
        if not isomorphic(graph_a, graph_b):
            _, only_a, only_b = graph_diff(to_isomorphic(graph_a), to_isomorphic(graph_b))
            pytest.fail(f"graph {name} differs:\n{only_a.serialize(format='nt')}\n---\n{only_b.serialize(format='nt')}")


def documents(store: Path) -> dict[str, tuple[str, str]]:
    """``{source path: (document IRI, content hash)}`` of the stored documents."""
    s = pyoxigraph.Store.read_only(str(store))
    try:
        rows = s.query(
            f"SELECT ?d ?src ?hash WHERE {{ GRAPH ?d {{ ?d <{KG}sourcePath> ?src ; <{KG}contentHash> ?hash }} }}"
        )
        return {r["src"].value: (r["d"].value, r["hash"].value) for r in rows}
    finally:
        del s


def graph_lines(store: Path, graph: str) -> list[str]:
    return [line for line in nquads(store) if line.endswith(f"<{graph}> .")]


@pytest.fixture()
def seeds_copy(tmp_path, seeds_dir) -> Path:
    """The seeds in a directory the test may edit."""
    target = tmp_path / "articles"
    shutil.copytree(seeds_dir, target)
    return target


def test_jobs_2_builds_the_same_store_as_jobs_1(tmp_path, seeds_dir, seeds_store):
    report = build([str(seeds_dir)], tmp_path / "parallel", jobs=2)
    assert report.errors == ()
    assert report.added == len(list(seeds_dir.glob("*.txt")))
    assert_same_store(seeds_store, tmp_path / "parallel")


def test_a_build_that_reopens_the_store_after_every_document_writes_the_same_store(
        tmp_path, seeds_dir, seeds_store, monkeypatch):
    """The writer closes and opens the store at each flush; with a flush due after every
    document, nothing may be lost or doubled."""
    import kg.store

    reopens = []
    real = kg.store.KgStore.reopen
    monkeypatch.setattr("kg.pipeline._FLUSH_QUADS", 1)
    monkeypatch.setattr(kg.store.KgStore, "reopen", lambda self: (reopens.append(1), real(self)))
    report = build([str(seeds_dir)], tmp_path / "reopened", jobs=1)
    assert report.errors == ()
    assert len(reopens) == report.added == len(list(seeds_dir.glob("*.txt")))
    assert_same_store(seeds_store, tmp_path / "reopened")


def test_rebuild_skips_unchanged_and_edit_replaces_one_document(tmp_path, seeds_copy):
    store = tmp_path / "store"
    first = build([str(seeds_copy)], store, jobs=1)
    files = sorted(seeds_copy.glob("*.txt"))
    assert (first.added, first.replaced, first.unchanged, first.errors) == (len(files), 0, 0, ())
    before = nquads(store)
    docs_before = documents(store)
    assert len(docs_before) == len(files)

    again = build([str(seeds_copy)], store, jobs=1)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, len(files))
    assert again.quads == 0
    assert nquads(store) == before

    edited = files[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n据悉，该公司表示将继续加大投入。\n", encoding="utf-8")
    third = build([str(seeds_copy)], store, jobs=1, prune=True)
    assert third.added + third.replaced == 1 and third.removed == third.added
    assert third.unchanged == len(files) - 1
    docs_after = documents(store)
    assert docs_after.keys() == docs_before.keys()  # the old graph of the edited file is gone
    changed = [src for src in docs_after if docs_after[src] != docs_before[src]]
    assert changed == [src for src in docs_after if src.endswith(edited.name)]
    for src, (iri, _) in docs_before.items():
        if src.endswith(edited.name):
            continue
        assert graph_lines(store, iri), "an unchanged document lost its graph"
        assert graph_lines(store, iri) == [l for l in before if l.endswith(f"<{iri}> .")]


def test_force_re_extracts_every_document(tmp_path, seeds_copy):
    store = tmp_path / "store"
    build([str(seeds_copy)], store, jobs=1)
    before = nquads(store)
    forced = build([str(seeds_copy)], store, jobs=1, force=True)
    assert (forced.added, forced.replaced, forced.unchanged) == (0, len(list(seeds_copy.glob("*.txt"))), 0)
    assert nquads(store) == before


def test_same_content_from_two_paths_is_one_document(tmp_path, seeds_dir):
    articles = tmp_path / "dup"
    articles.mkdir()
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    shutil.copy(seed, articles / "a.txt")
    shutil.copy(seed, articles / "b.txt")
    report = build([str(articles)], tmp_path / "store", jobs=1)
    assert (report.documents, report.added, report.duplicates) == (1, 1, 1)
    assert [Path(src).name for src in documents(tmp_path / "store")] == ["b.txt"]  # the last copy read


def test_bad_file_is_reported_and_good_ones_are_built(tmp_path, seeds_dir):
    articles = tmp_path / "mixed"
    articles.mkdir()
    good = sorted(seeds_dir.glob("*.txt"))[:2]
    for seed in good:
        shutil.copy(seed, articles / seed.name)
    bad = articles / "zz_broken.txt"
    bad.write_bytes(bytes(range(256)) * 8)  # NULs and control bytes: not text in any encoding
    report = build([str(articles)], tmp_path / "store", jobs=2)
    assert report.added == len(good)
    assert len(report.errors) == 1
    assert "zz_broken.txt" in str(report.errors[0])
    assert sorted(Path(src).name for src in documents(tmp_path / "store")) == [p.name for p in good]


def test_missing_input_raises_before_the_store_exists(tmp_path):
    with pytest.raises(InputError) as err:
        build([str(tmp_path / "nosuch")], tmp_path / "store", jobs=1)
    assert "nosuch" in str(err.value)
    assert not (tmp_path / "store").exists()


def test_extractor_version_follows_the_catalogs(tmp_path):
    catalog = tmp_path / "extra.ttl"
    catalog.write_text("@prefix kg: <https://kg.example.org/ontology#> .\n", encoding="utf-8")
    plain = extractor_version()
    with_catalog = extractor_version([catalog])
    assert plain != with_catalog
    catalog.write_text("@prefix kg: <https://kg.example.org/ontology#> .\n# edited\n", encoding="utf-8")
    assert extractor_version([catalog]) not in (plain, with_catalog)
    assert extractor_version() == plain


def test_editing_a_file_without_url_with_prune_drops_its_old_graph(tmp_path):
    articles = tmp_path / "plain"
    articles.mkdir()
    article = articles / "note.txt"
    article.write_text("2020年5月，腾讯宣布与京东在物流领域合作。\n双方表示将共同开发新的小程序。\n", encoding="utf-8")
    other = articles / "other.txt"
    other.write_text("阿里巴巴旗下的淘宝上线了新的直播功能。\n", encoding="utf-8")
    store = tmp_path / "store"
    build([str(articles)], store, jobs=2)
    (old_iri, _), kept = documents(store)[str(article)], documents(store)[str(other)]

    article.write_text("2021年3月，腾讯宣布与京东在支付领域合作。\n", encoding="utf-8")
    report = build([str(articles)], store, jobs=2, prune=True)
    assert (report.added, report.replaced, report.unchanged, report.removed) == (1, 0, 1, 1)
    after = documents(store)
    assert after[str(other)] == kept
    assert after[str(article)][0] != old_iri  # no URL: the IRI follows the content
    assert graph_lines(store, old_iri) == []
    assert len(after) == 2


def test_jsonl_bad_lines_in_the_middle_are_reported_and_the_others_built(tmp_path):
    feed = tmp_path / "feed.jsonl"

    def record(text: str, url: str) -> bytes:
        return json.dumps({"text": text, "url": url}, ensure_ascii=False).encode("utf-8")

    feed.write_bytes(b"\n".join([
        record("2021年3月，腾讯宣布与京东在物流领域合作。", "https://e.com/1"),
        b'{"text": 42}',
        json.dumps({"text": "阿里巴巴旗下的淘宝上线了直播功能。"}, ensure_ascii=False).encode("gb18030"),
        record("美团宣布接入微信支付，双方将共享用户资源。", "https://e.com/4"),
    ]) + b"\n")
    serial = build([str(feed)], tmp_path / "serial", jobs=1)
    parallel = build([str(feed)], tmp_path / "parallel", jobs=2)
    for report in (serial, parallel):
        assert (report.added, report.documents) == (2, 2)
        assert [str(e).split(": ")[0] for e in report.errors] == [f"{feed}:2", f"{feed}:3"]
    assert sorted(documents(tmp_path / "serial")) == [f"{feed}:1", f"{feed}:4"]
    assert_same_store(tmp_path / "serial", tmp_path / "parallel")
    again = build([str(feed)], tmp_path / "serial", jobs=1)
    assert (again.added, again.replaced, again.unchanged, len(again.errors)) == (0, 0, 2, 2)


def test_digests_are_a_set():
    """The writer's record of the IRIs it wrote: a set, also across the merges into its array."""
    from kg.pipeline import _digest, _Digests

    digests, reference = _Digests(batch=64), set()
    iris = [f"https://kg.example.org/doc/{i}" for i in range(1000)]
    for i, iri in enumerate(iris):
        digests.add(_digest(iri))
        reference.add(_digest(iri))
        if i % 3 == 0:
            digests.add(_digest(iris[i // 2]))  # again: no second copy
    assert len(digests) == len(reference) == 1000
    assert len(digests.merged) >= 960
    assert all(_digest(iri) in digests for iri in iris)
    assert not any(_digest(f"https://kg.example.org/other/{i}") in digests for i in range(1000))
    assert list(digests.merged) == sorted(digests.merged)


# -- document identity (issue 29): the URL, else the id field, else the content; never the file --------------

_DAY1 = [
    {"url": "https://news.example.cn/a/101", "text": "2024年3月，青禾资本宣布投资星河科技，双方将在智能物流领域合作。"},
    {"url": "https://news.example.cn/a/102", "text": "云帆网络推出了新的购物应用云帆优选，首批商家已经入驻。"},
    {"url": "https://news.example.cn/a/103", "text": "蓝鲸数据与远川创投签署战略合作协议，共同开拓海外市场。"},
]
_DAY2 = [
    {"url": "https://news.example.cn/a/104", "text": "朗月智能宣布完成新一轮融资，由青禾资本领投。"},
    {"url": "https://news.example.cn/a/102", "text": "云帆网络推出了新的购物应用云帆优选，首批三百家商家已经入驻，平台表示还将扩大招商。"},
    {"url": "https://news.example.cn/a/105", "text": "星河科技旗下的星河出行上线了网约车业务。"},
]


def _feed(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _kg(*args):
    from click.testing import CliRunner

    from kg.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _texts(store: Path) -> dict[str, str]:
    """``{URL: first 12 characters of the stored document's content hash}`` of the stored documents."""
    s = pyoxigraph.Store.read_only(str(store))
    try:
        rows = s.query(f"SELECT ?url ?hash WHERE {{ GRAPH ?d {{ ?d <{KG}url> ?url ; <{KG}contentHash> ?hash }} }}")
        return {r["url"].value: r["hash"].value[:12] for r in rows}
    finally:
        del s


def _hash(text: str) -> str:
    from kg.ingest import document_from_text

    return document_from_text(text, source="x").content_hash[:12]


def test_a_reused_jsonl_file_name_keeps_every_document_of_both_days(tmp_path):
    store, today = tmp_path / "store", tmp_path / "today.jsonl"
    _feed(today, _DAY1)
    first = _kg("build", today, "--store", store, "--jobs", "1", "--no-tagger")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("3 documents: 3 added, 0 replaced, 0 unchanged (")
    _feed(today, _DAY2)  # the same file name, other articles
    second = _kg("build", today, "--store", store, "--jobs", "1", "--no-tagger")
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith("3 documents: 2 added, 1 replaced, 0 unchanged (")
    held = _texts(store)
    assert sorted(held) == [f"https://news.example.cn/a/{n}" for n in range(101, 106)]
    assert held["https://news.example.cn/a/102"] == _hash(_DAY2[1]["text"])  # the edited article
    assert held["https://news.example.cn/a/101"] == _hash(_DAY1[0]["text"])


def test_records_without_url_or_id_are_known_by_their_content(tmp_path):
    store, today = tmp_path / "store", tmp_path / "today.jsonl"
    _feed(today, [{"text": r["text"]} for r in _DAY1])
    _kg("build", today, "--store", store, "--jobs", "1", "--no-tagger")
    _feed(today, [{"text": r["text"]} for r in _DAY2])
    result = _kg("build", today, "--store", store, "--jobs", "1", "--no-tagger")
    assert result.stdout.startswith("3 documents: 3 added, 0 replaced, 0 unchanged (")
    from kg.store import KgStore

    with KgStore.open(store, read_only=True) as s:
        assert len(s.documents()) == 6


def test_an_id_field_is_the_identity_when_there_is_no_url(tmp_path):
    store, feed = tmp_path / "store", tmp_path / "feed.jsonl"
    _feed(feed, [{"id": "wire-7", "text": _DAY1[1]["text"]}, {"guid": "wire-8", "text": _DAY1[0]["text"]}])
    _kg("build", feed, "--store", store, "--jobs", "1", "--no-tagger")
    _feed(feed, [{"id": "wire-7", "text": _DAY2[1]["text"]}])
    result = _kg("build", feed, "--store", store, "--jobs", "1", "--no-tagger")
    assert result.stdout.startswith("1 document: 0 added, 1 replaced, 0 unchanged (")
    from kg.store import KgStore

    with KgStore.open(store, read_only=True) as s:
        docs = {d["id"]: d for d in s.documents()}
    assert sorted(docs) == ["wire-7", "wire-8"]
    removed = _kg("remove", "wire-8", "--store", store)
    assert removed.exit_code == 0 and removed.stdout == f"removed {docs['wire-8']['iri']}\n"


def test_a_prepended_line_adds_one_document_and_drops_none(tmp_path):
    store, feed = tmp_path / "store", tmp_path / "feed.jsonl"
    _feed(feed, _DAY1)
    _kg("build", feed, "--store", store, "--jobs", "2", "--no-tagger")
    before = _texts(store)
    for round_ in range(2):  # the same command again: nothing changes the second time
        _feed(feed, [_DAY2[0], *_DAY1])
        result = _kg("build", feed, "--store", store, "--jobs", "2", "--no-tagger")
        assert result.exit_code == 0, result.output
        expected = "4 documents: 1 added, 0 replaced, 3 unchanged (" if round_ == 0 else \
            "4 documents: 0 added, 0 replaced, 4 unchanged ("
        assert result.stdout.startswith(expected)
    after = _texts(store)
    assert after == {**before, _DAY2[0]["url"]: _hash(_DAY2[0]["text"])}
    # provenance follows the input: the first article now stands on line 2
    from kg.store import KgStore

    with KgStore.open(store, read_only=True) as s:
        sources = {d["url"]: d["source"] for d in s.documents()}
    assert sources[_DAY1[0]["url"]] == f"{feed}:2"


def test_a_catch_up_run_keeps_the_last_copy_of_an_edited_article(tmp_path):
    store, day1, day2 = tmp_path / "store", _feed(tmp_path / "day1.jsonl", _DAY1), _feed(tmp_path / "day2.jsonl", _DAY2)
    result = _kg("build", day1, day2, "--store", store, "--jobs", "2", "--no-tagger")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "5 documents: 5 added, 0 replaced, 0 unchanged, 1 duplicate (the last copy kept) (")
    assert _texts(store)["https://news.example.cn/a/102"] == _hash(_DAY2[1]["text"])
    held = nquads(store)
    # Run again: the day-1 copy differs from the store, the day-2 copy is what the store held,
    # so the last copy is written back and the store ends as it was.
    again = _kg("build", day1, day2, "--store", store, "--jobs", "1", "--no-tagger")
    assert again.stdout.startswith(
        "5 documents: 0 added, 0 replaced, 5 unchanged, 1 duplicate (the last copy kept) (")
    assert nquads(store) == held
    # The other order: the day-1 copy is last now, and wins.
    flipped = _kg("build", day2, day1, "--store", store, "--jobs", "1", "--no-tagger")
    assert flipped.stdout.startswith("5 documents: 0 added, 1 replaced, 4 unchanged, 1 duplicate")
    assert _texts(store)["https://news.example.cn/a/102"] == _hash(_DAY1[1]["text"])


def test_kg_remove_takes_a_url(tmp_path):
    store, feed = tmp_path / "store", _feed(tmp_path / "feed.jsonl", _DAY1)
    _kg("build", feed, "--store", store, "--jobs", "1", "--no-tagger")
    result = _kg("remove", _DAY1[2]["url"], "--store", store)
    assert result.exit_code == 0, result.output
    assert sorted(_texts(store)) == [_DAY1[0]["url"], _DAY1[1]["url"]]


def test_without_prune_an_edited_file_keeps_its_old_document(tmp_path):
    articles = tmp_path / "plain"
    articles.mkdir()
    (articles / "note.txt").write_text(_DAY1[0]["text"], encoding="utf-8")
    store = tmp_path / "store"
    build([str(articles)], store, jobs=1, tagger=False)
    (articles / "note.txt").write_text(_DAY2[0]["text"], encoding="utf-8")
    report = build([str(articles)], store, jobs=1, tagger=False)
    assert (report.added, report.removed) == (1, 0)
    from kg.store import KgStore

    with KgStore.open(store, read_only=True) as s:
        assert [d["source"] for d in s.documents()] == [str(articles / "note.txt")] * 2
