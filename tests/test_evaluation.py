"""``kg eval`` over a real pyoxigraph store written by hand per the RDF layout contract."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, Store

from kg.cli import cli
from kg.errors import InputError, StoreError
from kg.evaluation import evaluate

PREFIXES = """
@prefix kg: <https://kg.example.org/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix e: <https://kg.example.org/id/entity/> .
@prefix d: <https://kg.example.org/id/doc/> .
@prefix s: <https://kg.example.org/id/stmt/> .
"""

CATALOG = """
<https://kg.example.org/graph/catalog> {
  e:alibaba a kg:Company ; skos:prefLabel "阿里巴巴集团"@zh-hans ;
    rdfs:label "Alibaba Group"@en, "阿里巴巴集团"@zh-hans ;
    skos:altLabel "阿里巴巴"@zh-hans, "阿里"@zh-hans, "阿裡巴巴"@zh-hant .
  e:tencent a kg:Company ; skos:prefLabel "腾讯"@zh-hans ; skos:altLabel "騰訊"@zh-hant .
  e:wechat a kg:App ; skos:prefLabel "微信"@zh-hans .
  e:wechat-pay a kg:PaymentService ; skos:prefLabel "微信支付"@zh-hans .
  e:taobao a kg:App ; skos:prefLabel "淘宝"@zh-hans .
  e:douyin a kg:App ; skos:prefLabel "抖音"@zh-hans .
}
"""


def statement(name, subj, rel, obj, *, modality="asserted", date=None, evidence="……"):
    date_line = f"kg:date {date} ;" if date else ""
    return f"""
  s:{name} a rdf:Statement, kg:Statement ; rdf:subject {subj} ; rdf:predicate kg:{rel} ;
    rdf:object {obj} ; kg:modality kg:{modality} ; {date_line}
    kg:evidence "{evidence}"@zh ; kg:rule "test.rule" ."""


def document(name, path, plain, statements, extra=""):
    triples = "\n".join(f"  {s} kg:{r} {o} ." for s, r, o in plain)
    return f"""
d:{name} {{
  d:{name} a kg:Document ; kg:sourcePath "{path}" .
{triples}
{''.join(statements)}
{extra}
}}
"""


# doc 000: three triples that gold accepts, one extra, one reversed ownedBy, one planned statement.
DOC_000 = document(
    "a", "seeds/000_aaaa.txt",
    [("e:alibaba", "launched", "e:new"), ("e:new", "supportsPayment", "e:wechat-pay"),
     ("e:tencent", "partneredWith", "e:douyin"), ("e:alibaba", "blocked", "e:wechat"),
     ("e:wechat", "ownedBy", "e:tencent")],
    [statement("1", "e:alibaba", "launched", "e:new", date='"2017-11-11"^^xsd:date'),
     statement("2", "e:new", "supportsPayment", "e:wechat-pay", date='"2021"^^xsd:gYear'),
     statement("3", "e:tencent", "partneredWith", "e:douyin"),
     statement("4", "e:alibaba", "blocked", "e:wechat", evidence="阿里關閉了微信的通道"),
     statement("5", "e:wechat", "ownedBy", "e:tencent"),
     statement("6", "e:taobao", "linksTo", "e:wechat", modality="planned")],
    # a new entity whose only labels are Traditional: the gold names it in Simplified
    extra='  e:new a kg:MiniProgram ; rdfs:label "天貓優品"@zh-hant ; skos:prefLabel "天貓優品"@zh-hant .',
)
DOC_001 = document("b", "seeds/001_bbbb.txt", [("e:tencent", "competesWith", "e:alibaba")],
                   [statement("7", "e:tencent", "competesWith", "e:alibaba")])
# not in the gold file: its triples are not scored, and do not help doc 000
DOC_002 = document("c", "seeds/002_cccc.txt", [("e:tencent", "investedIn", "e:douyin")],
                   [statement("8", "e:tencent", "investedIn", "e:douyin")])

GOLD = """# doc\tsubject\trelation\tobject\tdate\tevidence
000\t阿里巴巴|阿里\tlaunched\t天猫优品\t2017\t阿里在2017年推出
000\t天猫优品\tsupportsPayment\t微信支付\t2021-05\t支持微信支付
000\t抖音\tpartneredWith\t腾讯\t\t抖音和腾讯合作

000\t淘宝\tlinksTo\t微信\t\t淘宝将跳转微信
000\t腾讯\tinvestedIn\t抖音\t\t腾讯投资抖音
000\t腾讯\townedBy\t微信\t\t微信是腾讯的
001\t阿里巴巴集团\tcompetesWith\t腾讯\t\t竞争
003\t阿里\tacquired\t淘宝\t\t收购
"""

NEGATIVES = """# doc\ta\tb\twhy\tevidence
001\t阿里|阿里巴巴\t腾讯\tdenied\t被否认
000\t淘宝\t微信\tplanned only\t将
"""


@pytest.fixture()
def built_store(store_dir):
    store = Store(str(store_dir))
    store.load(PREFIXES + CATALOG + DOC_000 + DOC_001 + DOC_002, format=RdfFormat.TRIG)
    store.flush()
    del store
    gc.collect()  # releases the RocksDB lock
    return store_dir


@pytest.fixture()
def files(tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text(GOLD, encoding="utf-8")
    negatives = tmp_path / "neg.tsv"
    negatives.write_text(NEGATIVES, encoding="utf-8")
    return gold, negatives


def test_precision_recall_f1(built_store, files):
    gold, negatives = files
    report = evaluate(gold, built_store, negatives=negatives)
    # 6 distinct triples emitted in the gold documents (doc 002 is not scored), 4 correct
    assert (report.correct, report.emitted) == (4, 6)
    # 8 gold rows, 4 found
    assert (report.found, report.gold) == (4, 8)
    assert report.precision == pytest.approx(4 / 6)
    assert report.recall == pytest.approx(0.5)
    assert report.f1 == pytest.approx(2 * (4 / 6) * 0.5 / (4 / 6 + 0.5))
    assert report.documents == ("000", "001")
    assert report.missing_documents == ("003",)


def test_per_relation_counts(built_store, files):
    report = evaluate(files[0], built_store)
    pr = report.per_relation
    assert (pr["launched"].gold, pr["launched"].found, pr["launched"].emitted) == (1, 1, 1)
    assert (pr["ownedBy"].gold, pr["ownedBy"].found, pr["ownedBy"].emitted, pr["ownedBy"].correct) == (1, 0, 1, 0)
    assert pr["blocked"].precision == 0.0 and pr["blocked"].recall is None
    assert pr["investedIn"].emitted == 0 and pr["investedIn"].precision is None
    # the rows whose two names are among the mentions, per relation, add up to the report's count
    assert sum(r.names_known for r in pr.values()) == report.names_known
    assert all(r.names_known <= r.gold for r in pr.values())


def test_symmetric_relations_match_either_direction_and_others_do_not(built_store, files):
    report = evaluate(files[0], built_store)
    missed = {(m.row.doc, m.row.relation) for m in report.misses}
    assert ("000", "partneredWith") not in missed  # gold 抖音→腾讯, emitted 腾讯→抖音
    assert ("001", "competesWith") not in missed
    assert ("000", "ownedBy") in missed  # gold 腾讯→微信 against emitted 微信→腾讯
    assert ("腾讯", "ownedBy", "微信") not in {(e.subject, e.relation, e.object) for e in report.extras}
    assert ("微信", "ownedBy", "腾讯") in {(e.subject, e.relation, e.object) for e in report.extras}


def test_traditional_store_label_matches_simplified_gold(built_store, files):
    report = evaluate(files[0], built_store)
    assert "launched" not in {m.row.relation for m in report.misses}
    assert report.per_relation["supportsPayment"].correct == 1


def test_dates_are_right_by_prefix_only(built_store, files):
    report = evaluate(files[0], built_store)
    # 2017 is a prefix of 2017-11-11; 2021-05 is not a prefix of the coarser 2021
    assert (report.dates_right, report.dates_total) == (1, 2)
    assert report.date_accuracy == 0.5
    assert [(d.row.date, d.found) for d in report.date_errors] == [("2021-05", ("2021",))]


def test_misses_name_held_modality_and_ignore_other_documents(built_store, files):
    report = evaluate(files[0], built_store)
    by_relation = {m.row.relation: m for m in report.misses}
    assert by_relation["linksTo"].held_as == ("planned",)
    # doc 002 has 腾讯 investedIn 抖音, but the gold row is for doc 000
    assert by_relation["investedIn"].held_as == ()
    assert by_relation["acquired"].row.doc == "003"
    assert len(report.misses) == 4


def test_extras_carry_labels_and_evidence(built_store, files):
    report = evaluate(files[0], built_store)
    blocked = [e for e in report.extras if e.relation == "blocked"]
    assert [(e.doc, e.subject, e.object, e.evidence) for e in blocked] == [
        ("000", "阿里巴巴集团", "微信", "阿里關閉了微信的通道")]


def test_negatives(built_store, files):
    gold, negatives = files
    report = evaluate(gold, built_store, negatives=negatives)
    assert report.negatives_checked == 2
    # 腾讯 competesWith 阿里 connects the first pair (in the other direction); the planned
    # statement 淘宝 linksTo 微信 has no plain triple, so the second pair holds
    assert [(v.row.line, v.subject, v.relation, v.object) for v in report.negatives_violated] == [
        (2, "腾讯", "competesWith", "阿里巴巴集团")]


def test_cli_prints_the_report(built_store, files):
    gold, negatives = files
    result = CliRunner().invoke(
        cli, ["eval", str(gold), "--negatives", str(negatives), "--store", str(built_store)],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    names = evaluate(gold, built_store).per_relation["ownedBy"].names_known
    assert "precision  0.667  (4/6 emitted triples correct)" in lines
    assert "recall     0.500  (4/8 gold rows found)" in lines
    assert "F1         0.571" in lines
    assert "dates      1/2 right (0.500)" in lines
    assert "negatives  1/2 violated" in lines
    header = next(line for line in lines if line.startswith("relation"))
    row = next(line for line in lines if line.startswith("ownedBy"))
    assert row.split() == ["ownedBy", "1", "0", "1", "0", "0.000", "0.000", str(names)]
    # numbers are right-aligned under their headers
    assert header.index("names") + len("names") == len(row)
    assert "misses (4):" in lines and "extras (2):" in lines
    assert any("[held as planned]" in line for line in lines)


def test_cli_missing_store(tmp_path, files):
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(cli, ["eval", str(files[0]), "--store", str(missing)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: {missing}: no store here (run `kg build` first)"


def test_bad_gold_relation(built_store, tmp_path):
    gold = tmp_path / "bad.tsv"
    gold.write_text("# header\n000\t阿里\tlaunchd\t淘宝\t\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv: line 2: unknown relation 'launchd'"):
        evaluate(gold, built_store)
    result = CliRunner().invoke(cli, ["eval", str(gold), "--store", str(built_store)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert "Error:" in result.output and "line 2: unknown relation 'launchd' (use one of launched," in result.output


def test_gold_with_too_few_columns(tmp_path, built_store):
    gold = tmp_path / "short.tsv"
    gold.write_text("000\t阿里\tlaunched\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: expected at least 4 tab-separated columns"):
        evaluate(gold, built_store)


def test_store_error_is_a_store_error(tmp_path, files):
    with pytest.raises(StoreError):
        evaluate(files[0], tmp_path / "none")


def test_labels_in_the_default_graph_count(store_dir, tmp_path):
    default_catalog = CATALOG.replace("<https://kg.example.org/graph/catalog> {", "").rsplit("}", 1)[0]
    store = Store(str(store_dir))
    store.load(PREFIXES + default_catalog + DOC_001, format=RdfFormat.TRIG)
    store.flush()
    del store
    gc.collect()
    gold = tmp_path / "gold.tsv"
    gold.write_text("001\t腾讯\tcompetesWith\t阿里\n", encoding="utf-8")
    report = evaluate(gold, store_dir)
    assert (report.found, report.correct, report.emitted) == (1, 1, 1)


TESTS = Path(__file__).resolve().parent
SHARED_EVAL = TESTS.parents[1] / "shared" / "eval"
SEEDS_GOLD, SEEDS_NEGATIVES = TESTS / "data" / "seeds-gold.tsv", TESTS / "data" / "seeds-negatives.tsv"


def _rows(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_the_seed_gold_copies_are_the_shared_files():
    """The copies in tests/data let the seed checks run on any clone; where the team's shared
    folder sits beside the clone, they must say what it says."""
    for copy in (SEEDS_GOLD, SEEDS_NEGATIVES):
        assert _rows(copy), copy
        shared = SHARED_EVAL / copy.name
        if shared.is_file():
            assert _rows(copy) == _rows(shared), f"{copy} differs from {shared}: copy it again"


def test_the_seeds_meet_the_extractor_targets(seeds_store):
    """Issue 25's bar on the seeds: precision ≥ 0.93, recall ≥ 0.85, dates ≥ 80 %, no negative."""
    report = evaluate(SEEDS_GOLD, seeds_store, negatives=SEEDS_NEGATIVES)
    assert report.precision >= 0.93, report.text()
    assert report.recall >= 0.85, report.text()
    assert report.date_accuracy >= 0.80, report.text()
    assert report.negatives_violated == (), report.text()


REAL = TESTS.parent / ".eval-real"
CHECK_SET = {line.strip() for line in (TESTS.parent / "benchmarks" / "check-set.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")}
#: The dev set's floor: a little under its last measured score, raised as the extractor improves
#: (benchmarks/real_eval.py prints the scores; the check set is never scored here).
DEV_FLOOR = {"precision": 0.82, "recall": 0.47}


def test_the_dev_articles_stay_above_their_floor(tmp_path):
    """The real dev articles (fetched by hand into .eval-real/, never committed) keep their score."""
    texts = [t for t in sorted(REAL.glob("*.txt")) if t.stem not in CHECK_SET]
    if not texts or not (SHARED_EVAL / "real" / "gold.tsv").is_file():
        pytest.skip("the real articles are not fetched (see docs/development.md)")
    from kg.pipeline import build

    report = build([str(t) for t in texts], tmp_path / "dev", jobs=2)
    assert report.errors == ()
    gold = tmp_path / "gold.tsv"
    gold.write_text("\n".join(line for line in (SHARED_EVAL / "real" / "gold.tsv").read_text(encoding="utf-8")
                              .splitlines() if line.split("\t", 1)[0] not in CHECK_SET) + "\n", encoding="utf-8")
    result = evaluate(gold, tmp_path / "dev")
    assert result.precision >= DEV_FLOOR["precision"], result.text()
    assert result.recall >= DEV_FLOOR["recall"], result.text()


def test_misses_show_the_sentences_that_name_both_entities(tmp_path):
    """``kg eval --misses`` reads the built article again and prints, under each miss, the
    sentences that name both sides; extras come with their rule and evidence."""
    article = tmp_path / "017_news.txt"
    article.write_text("腾讯与京东达成战略合作。\n据悉，腾讯此前曾在多个场合称赞京东的物流。\n"
                       "字节跳动今天没有发布新品。\n", encoding="utf-8")
    store = tmp_path / "store"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(article), "--store", str(store), "--jobs", "1"],
                          catch_exceptions=False)
    assert built.exit_code == 0, built.output
    gold = tmp_path / "gold.tsv"
    gold.write_text("017\t腾讯\tinvestedIn\t京东\t\n017\t腾讯\tpartneredWith\t京东\t\n"
                    "017\t字节跳动\tlaunched\t抖音\t\n", encoding="utf-8")
    result = runner.invoke(cli, ["eval", str(gold), "--misses", "--store", str(store)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "misses (2):"
    at = lines.index("  017  腾讯 investedIn 京东")
    assert lines[at + 1:at + 3] == ["      | 腾讯与京东达成战略合作。",
                                    "      | 据悉，腾讯此前曾在多个场合称赞京东的物流。"]
    assert lines[lines.index("  017  字节跳动 launched 抖音") + 1] == "      | (no sentence names both)"
    assert "extras (0):" in lines
