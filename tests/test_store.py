"""kg.store: opening, schema graphs, atomic document replacement, remove, stats, builds."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad

from kg.cli import cli
from kg.errors import InputError, OntologyError, StoreError
from kg.catalog import mint_entity
from kg.model import Entity, Mention
from kg.store import KgStore, remove, stats
from kg.vocab import CATALOG_GRAPH, DEFAULT_BASE_IRI, ENTITIES_GRAPH, KG, ONTOLOGY_GRAPH, SHAPES_GRAPH

DOC = "https://kg.example.org/id/doc/"


def _doc_quads(iri: str, source: str, content: str, statements: int) -> list[Quad]:
    d = NamedNode(iri)
    quads = [Quad(d, NamedNode(str(KG.sourcePath)), Literal(source), d),
             Quad(d, NamedNode(str(KG.contentHash)), Literal(content), d),
             Quad(d, NamedNode(str(KG.extractorVersion)), Literal("v"), d)]
    for i in range(statements):
        quads.append(Quad(NamedNode(f"{iri}/s{i}"), NamedNode(str(KG.rule)), Literal(content), d))
    return quads


def _graph_len(store: KgStore, iri: str) -> int:
    """The document's own quads in its graph (not the store's numbers, kg.indexes)."""
    from kg.indexes import NUMBERING

    return sum(1 for q in store.store.quads_for_pattern(None, None, None, NamedNode(iri))
               if q.predicate.value not in NUMBERING)


def test_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError) as err:
        KgStore.open(tmp_path / "nothing")
    assert str(err.value) == f"{tmp_path / 'nothing'}: no store here (run `kg build` first)"


def test_a_directory_of_other_files_is_not_taken_over(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a kg store"):
        KgStore.open(tmp_path, create=True)


def _hold(store_dir, seconds=None):
    """A process that holds the store's lock until its stdin closes (or for ``seconds``)."""
    wait = f"import time; time.sleep({seconds})" if seconds else "sys.stdin.read()"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); {wait}",
         str(store_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_a_store_locked_by_another_process_names_the_fix(store_dir):
    KgStore.open(store_dir, create=True).close()
    holder = _hold(store_dir)
    try:
        with pytest.raises(StoreError) as err:
            KgStore.open(store_dir)
        assert str(store_dir) in str(err.value) and "stop that process" in str(err.value)
        with KgStore.open(store_dir, read_only=True) as reader:  # readers still work
            assert len(reader) == 0
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_reopen_keeps_what_was_written_and_waits_for_a_brief_lock(store_dir):
    store = KgStore.open(store_dir, create=True)
    try:
        store.ensure_schema()
        count = len(store)
        store.close()
        holder = _hold(store_dir, seconds=1)  # takes the lock between close and open
        store.reopen()
        holder.wait(timeout=30)
        assert len(store) == count
        store.reopen()  # and again, with nobody in between
        assert len(store) == count
    finally:
        store.close()


def test_reopen_names_the_fix_when_another_process_keeps_the_lock(store_dir, monkeypatch):
    monkeypatch.setattr("kg.store._REOPEN_WAIT", 0.3)
    store = KgStore.open(store_dir, create=True)
    store.close()
    holder = _hold(store_dir)
    try:
        with pytest.raises(StoreError) as err:
            store.reopen()
        assert str(err.value).startswith(f"{store_dir}: could not open the store again while writing")
        assert "let no other process open the store during a build" in str(err.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    store.reopen()  # the lock is free again: the same store object writes on
    store.close()


def test_schema_is_loaded_once_and_replaced_when_a_catalog_changes(store_dir, tmp_path):
    with KgStore.open(store_dir, create=True) as store:
        assert store.ensure_schema() == [ONTOLOGY_GRAPH, SHAPES_GRAPH, CATALOG_GRAPH]
        count = len(store)
        assert store.ensure_schema() == []
        assert len(store) == count
        extra = tmp_path / "extra.ttl"
        extra.write_text('@prefix kg: <https://kg.example.org/ontology#> .\n'
                         '<https://example.net/e/x> a kg:Company ; '
                         '<http://www.w3.org/2004/02/skos/core#prefLabel> "某某科技"@zh-hans .\n', encoding="utf-8")
        assert store.ensure_schema([extra]) == [CATALOG_GRAPH]
        # the new entity, its schema.org types (Corporation, Organization), its name key and its
        # kg:documentRank (no document mentions it yet); the version triple is replaced, not added
        assert len(store) == count + 6
        assert any(store.store.quads_for_pattern(NamedNode("https://example.net/e/x"), NamedNode(str(KG.documentRank)),
                                                 None, NamedNode(ENTITIES_GRAPH)))
        assert store.ensure_schema() == [CATALOG_GRAPH]
        assert len(store) == count
        extra.write_text("this is not turtle", encoding="utf-8")
        with pytest.raises(OntologyError, match="extra.ttl: not valid Turtle"):
            store.ensure_schema([extra])
        assert len(store) == count


def test_replace_document_swaps_graphs_and_drops_old_versions(store_dir):
    with KgStore.open(store_dir, create=True) as store:
        store.replace_document(DOC + "1", _doc_quads(DOC + "1", "a.txt", "h1", 5))
        store.replace_document(DOC + "2", _doc_quads(DOC + "2", "b.txt", "h2", 3))
        assert store.document_state(DOC + "1") == ("h1", "v")
        assert store.documents_for_source("a.txt") == [DOC + "1"]
        store.replace_document(DOC + "1", _doc_quads(DOC + "1", "a.txt", "h1", 5))
        assert _graph_len(store, DOC + "1") == 8  # replaced, not doubled
        # a.txt edited: its new content gets a new IRI and the old graph goes in the same write
        store.replace_document(DOC + "3", _doc_quads(DOC + "3", "a.txt", "h3", 2), drop=[DOC + "1"])
        assert store.documents_for_source("a.txt") == [DOC + "3"]
        assert store.document_state(DOC + "1") is None
        assert _graph_len(store, DOC + "2") == 6
        assert _graph_len(store, DOC + "3") == 5
        # nothing else is left: the two graphs, each with its number (kg.indexes)
        assert {q.graph_name.value for q in store.store} == {DOC + "2", DOC + "3"}
        assert len(store) == 6 + 5 + 2


KILLED_WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from test_store import _doc_quads
    from kg.store import KgStore
    with KgStore.open(sys.argv[1], create=True) as store:
        for round_ in range(1000):
            for i in range(40):
                iri = f"https://kg.example.org/id/doc/{i}"
                store.replace_document(iri, _doc_quads(iri, f"{i}.txt", f"r{round_}", 50 + 37 * (round_ % 3)))
            print(round_, flush=True)
""")


@pytest.mark.parametrize("rounds", [1, 2, 5])
def test_kill_9_leaves_every_document_fully_in_or_fully_out(store_dir, rounds, repo_root):
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(store_dir), str(repo_root / "tests")],
                              stdout=subprocess.PIPE, text=True)
    for _ in range(rounds):  # killed as the next round of writes is under way
        writer.stdout.readline()
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with KgStore.open(store_dir) as store:  # openable for writing again
        documents = 0
        for i in range(40):
            iri = f"{DOC}{i}"
            state = store.document_state(iri)
            if state is None:
                assert _graph_len(store, iri) == 0
                continue
            documents += 1
            round_ = int(state[0][1:])
            assert _graph_len(store, iri) == 3 + 50 + 37 * (round_ % 3), (iri, state)
            rules = {q.object.value for q in store.store.quads_for_pattern(None, NamedNode(str(KG.rule)), None,
                                                                           NamedNode(iri))}
            assert rules == {state[0]}  # no statement from another version
        assert documents == 40


def _copy(path, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(path, target)
    return target


def test_remove_by_iri_source_or_title(sample_store, tmp_path):
    path = _copy(sample_store, tmp_path)
    before = stats(path)
    with KgStore.open(path, read_only=True) as store:
        docs = {d["source"]: d for d in store.documents()}
    assert remove(path, "./sample/b.txt") == docs["sample/b.txt"]["iri"]
    assert remove(path, "阿里与腾讯开放合作") == docs["sample/a.txt"]["iri"]
    assert remove(path, docs["sample/c.jsonl:1"]["iri"]) == docs["sample/c.jsonl:1"]["iri"]
    after = stats(path)
    assert after.documents == 0 and after.statements == 0 and after.new_entities == 0
    assert after.catalog_entities == before.catalog_entities


def test_remove_unknown_document_is_a_clear_error(sample_store):
    before = stats(sample_store).quads
    result = CliRunner().invoke(cli, ["remove", "no/such.txt", "--store", str(sample_store)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: no/such.txt: no document with this IRI, URL, id, source path or title "
                                     "(list the documents with `kg query documents`)")
    assert stats(sample_store).quads == before
    with pytest.raises(InputError):
        remove(sample_store, "")


def test_stats_count_what_the_sample_holds(sample_store):
    from conftest import SAMPLE_FACTS
    found = stats(sample_store)
    assert found.documents == 3
    assert found.statements == len(SAMPLE_FACTS)
    assert found.new_entities == 2
    assert found.modalities["asserted"] == sum(f[4] == "asserted" for f in SAMPLE_FACTS)
    assert found.relations["blocked"] == 1 and found.relations["partneredWith"] == 1
    with KgStore.open(sample_store, read_only=True) as store:
        assert found.quads == len(store)
    text = CliRunner().invoke(cli, ["stats", "--store", str(sample_store)], catch_exceptions=False).stdout
    assert text.splitlines()[0].split() == ["documents", "3"]
    assert f"quads       {found.quads}" in text


# -- whole builds (need the pipeline) -----------------------------------------------------------


@pytest.fixture()
def pipeline_build():
    from kg.pipeline import build
    return build


def test_building_twice_changes_nothing(pipeline_build, seeds_dir, store_dir):
    first = pipeline_build([str(seeds_dir)], store_dir, jobs=1)
    count = stats(store_dir).quads
    second = pipeline_build([str(seeds_dir)], store_dir, jobs=1)
    assert second.unchanged == second.documents == first.documents
    assert stats(store_dir).quads == count


def test_editing_one_file_replaces_only_its_graph(pipeline_build, seeds_dir, tmp_path, store_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    pipeline_build([str(corpus)], store_dir, jobs=1)
    with KgStore.open(store_dir, read_only=True) as store:
        before = {d["source"]: (d["iri"], _graph_len(store, d["iri"])) for d in store.documents()}
    edited = sorted(corpus.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n腾讯与京东宣布合作。\n", encoding="utf-8")
    report = pipeline_build([str(corpus)], store_dir, jobs=1, prune=True)
    assert report.unchanged == len(before) - 1
    with KgStore.open(store_dir, read_only=True) as store:
        after = {d["source"]: (d["iri"], _graph_len(store, d["iri"])) for d in store.documents()}
    assert set(after) == set(before)
    changed = [source for source in before if before[source] != after[source]]
    assert [source.endswith(edited.name) for source in changed] == [True]


def test_remove_by_title_in_another_script(seeds_store, tmp_path):
    path = _copy(seeds_store, tmp_path)
    with KgStore.open(path, read_only=True) as store:
        (doc,) = [d for d in store.documents() if d["source"].endswith("002_b7e961d9c5b10cc7.txt")]
    # 002 is written in Traditional script; its title is given here in Simplified.
    assert remove(path, "这个618,阿里腾讯又要“联手”了?") == doc["iri"]


# -- the entities graph: each new entity's types and labels once (issue 12) --

def _describing(doc_iri: str, *entities: Entity) -> list[Quad]:
    from kg.model import Document, Extraction, Meta
    from kg.rdf import document_quads

    doc = Document(source=doc_iri, original="x", text="x", starts=[0], ends=[1], script="simplified",
                   meta=Meta(), iri=doc_iri, content_hash="h", cleaned_original="x")
    mentions = tuple(Mention(entity, 0, 1, "x", "test") for entity in entities)
    return document_quads(Extraction(doc, mentions), base_iri=DEFAULT_BASE_IRI, extractor_version="v")


def _entity_graph(store: KgStore) -> set[tuple[str, str]]:
    """What the entities graph says of the types and names of entities (not their counts)."""
    graph = NamedNode(ENTITIES_GRAPH)
    return {(q.predicate.value.rsplit("#", 1)[-1], q.object.value)
            for q in store.store.quads_for_pattern(None, None, None, graph)
            if q.predicate not in (NamedNode(str(KG.documentCount)), NamedNode(str(KG.documentRank)))}


def test_the_entities_graph_keeps_what_each_document_says_and_no_more(store_dir):
    """Two articles give one new entity two classes; removing one removes only what it alone said."""
    company = mint_entity("星云科技", "Company")
    product = Entity(company.iri, "星云科技", "Product", in_catalog=False)
    with KgStore.open(store_dir, create=True) as store:
        store.replace_document(DOC + "1", _describing(DOC + "1", company))
        company_types = {str(KG.Company), "https://schema.org/Corporation", "https://schema.org/Organization"}
        assert _entity_graph(store) == {*(("type", t) for t in company_types), ("label", "星云科技"),
                                        ("prefLabel", "星云科技"), ("nameKey", "星云科技")}
        store.replace_document(DOC + "2", _describing(DOC + "2", product))
        types = {o for p, o in _entity_graph(store) if p == "type"}
        assert types == company_types | {str(KG.Product), "https://schema.org/Product"}
        # every triple once, however many documents say it
        assert len(list(store.store.quads_for_pattern(None, NamedNode(str(KG.nameKey)), None,
                                                      NamedNode(ENTITIES_GRAPH)))) == 1
        store.remove_documents([DOC + "2"])
        assert {o for p, o in _entity_graph(store) if p == "type"} == company_types
        # replacing a document with one that no longer names the entity removes it
        store.replace_document(DOC + "1", _doc_quads(DOC + "1", "a.txt", "h9", 1))
        assert _entity_graph(store) == set()


def _stating(doc_iri: str, entities, facts) -> list[Quad]:
    from kg.model import Document, Extraction, Meta
    from kg.rdf import document_quads

    text = "星云科技与云帆数据合作。" * 80
    doc = Document(source=doc_iri, original=text, text=text, starts=list(range(len(text))),
                   ends=list(range(1, len(text) + 1)), script="simplified", meta=Meta(), iri=doc_iri,
                   content_hash="h", cleaned_original=text)
    mentions = tuple(Mention(entity, 0, 1, "x", "test") for entity in entities)
    return document_quads(Extraction(doc, mentions, tuple(facts)), base_iri=DEFAULT_BASE_IRI,
                          extractor_version="v")


def _graph(store: KgStore, iri: str) -> set:
    return {(q.subject, q.predicate, q.object) for q in store.store.quads_for_pattern(None, None, None, NamedNode(iri))}


def test_the_derived_graphs_equal_a_recount_after_any_sequence_of_writes(store_dir):
    """Adds, replacements (also under another IRI) and removals in a seeded random order: after
    each write the entities and facts graphs hold exactly what the remaining documents and the
    catalog say (``kg.indexes.derive``), and every statement has a number of its own."""
    from kg.indexes import CATALOG, derive
    from kg.model import Fact
    from kg.vocab import FACTS_GRAPH

    names = ["星云科技", "星云", "云帆数据", "蓝鲸互娱"]
    kinds = ["Company", "Product", "MiniProgram"]
    pool = [Entity(mint_entity(n, "Company").iri, label, kind, in_catalog=False)
            for n in names[:2] for label in names[:2] for kind in kinds[:2]]
    pool += [Entity(mint_entity(n, "Company").iri, n, kind, in_catalog=False)
             for n in names[2:] for kind in kinds]
    wechat = Entity(DEFAULT_BASE_IRI + "entity/wechat", "微信", "Product", in_catalog=True)
    tencent = Entity(DEFAULT_BASE_IRI + "entity/tencent", "腾讯", "Company", in_catalog=True)
    ends = [*pool[:3], pool[-1], wechat, tencent]
    # each claim in a sentence of its own (a statement's IRI comes from its sentence and rule)
    claims = [Fact(a, relation, b, modality, 0, 6, "r1", date=date)
              for a, b in [(ends[0], ends[1]), (ends[2], ends[3]), (wechat, tencent), (ends[3], wechat)]
              for relation in ("partneredWith", "ownedBy")
              for modality in ("asserted", "rumoured")
              for date in (None, "2020-05")]
    claims = [Fact(f.subject, f.relation, f.object, f.modality, 12 * i, 12 * i + 6, "r1", date=f.date)
              for i, f in enumerate(claims)]
    rng = random.Random(12)
    docs = [DOC + str(i) for i in range(6)]
    with KgStore.open(store_dir, create=True) as store:
        store.ensure_schema()
        # the catalog says 微信 is owned by 腾讯: that plain triple outlives every article
        assert (NamedNode(wechat.iri), NamedNode(str(KG.ownedBy)), NamedNode(tencent.iri)) in _graph(store, FACTS_GRAPH)
        for step in range(80):
            doc = rng.choice(docs)
            if rng.random() < 0.25:
                store.remove_documents([doc])
            else:
                other = rng.choice(docs)
                drop = [other] if other != doc and rng.random() < 0.3 else []
                facts = rng.sample(claims, rng.randint(0, 5))
                # an article that states a claim twice (pasted twice) counts two statements
                facts += [Fact(f.subject, f.relation, f.object, f.modality, f.sent_start + 480,
                               f.sent_end + 480, "r1", date=f.date) for f in facts[:1]]
                store.replace_document(doc, _stating(doc, rng.sample(pool, rng.randint(0, 4)), facts), drop=drop)
            documents = {}
            for q in store.store.quads_for_pattern(None, None, None, None):
                if q.graph_name.value.startswith(DOC):
                    documents.setdefault(q.graph_name.value, []).append(q)
            expected = derive(documents.values(), store.store.quads_for_pattern(None, None, None, CATALOG))
            for graph in (ENTITIES_GRAPH, FACTS_GRAPH):
                want = {(q.subject, q.predicate, q.object) for q in expected if q.graph_name.value == graph}
                kept = _graph(store, graph) - {(NamedNode(FACTS_GRAPH), q.predicate, q.object)
                                               for q in store.store.quads_for_pattern(NamedNode(FACTS_GRAPH), None, None, None)}
                assert kept == want, f"step {step}: {graph}"
            numbers = [q.object.value for q in store.store.quads_for_pattern(
                None, NamedNode(str(KG.statementNumber)), None, None)]
            statements = list(store.store.quads_for_pattern(None, NamedNode(str(KG.fact)), None, None))
            assert len(numbers) == len(set(numbers)) == len(statements)
            stated = [q.object.value for q in store.store.quads_for_pattern(None, NamedNode(str(KG.stated)), None, None)]
            assert sorted(stated) == sorted(numbers)
        assert sum(1 for q in expected if q.object == NamedNode(str(KG.Fact))) > 3, "the sequence never kept facts"


def test_building_and_removing_articles_keeps_the_entities_graph(tmp_path):
    """End to end with kg build and kg remove: the entities graph follows the articles."""
    from click.testing import CliRunner

    from kg.cli import cli

    one = tmp_path / "one.txt"
    two = tmp_path / "two.txt"
    one.write_text("2023年，腾讯投资了游戏公司沐瞳科技。\n", encoding="utf-8")
    two.write_text("沐瞳科技宣布与网易达成合作。\n", encoding="utf-8")
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(one), str(two), "--store", store, "--jobs", "1"],
                         catch_exceptions=False).exit_code == 0

    def names():
        with KgStore.open(store, read_only=True) as kg_store:
            return {q.object.value for q in kg_store.store.quads_for_pattern(
                None, NamedNode(str(KG.nameKey)), None, NamedNode(ENTITIES_GRAPH))}

    assert "沐瞳科技" in names()
    assert runner.invoke(cli, ["remove", str(one), "--store", store], catch_exceptions=False).exit_code == 0
    assert "沐瞳科技" in names()  # the other article still names it
    assert runner.invoke(cli, ["remove", str(two), "--store", store], catch_exceptions=False).exit_code == 0
    assert "沐瞳科技" not in names()
