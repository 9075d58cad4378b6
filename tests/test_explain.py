"""`kg explain`: the names, facts and silences of each sentence, through the CLI (issue 27 item 3).

Every sentence here is composed, with names no list knows.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli

ARTICLE = (
    "星河科技推出青禾支付\n"
    "2024年3月,星河科技宣布推出青禾支付。\n"        # a fact, and the rule that found it
    "星河科技计划推出青禾App。\n"        # a planned fact: stored as planned
    "星河科技表示,此次合作意义重大。\n"              # a trigger word and one name
    "青禾资本投资了陈立。\n"                          # the names are there, the types do not fit
    "今天天气很好。\n"                                # no trigger: nothing to explain
)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explain")
    path = folder / "星河.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def explained(article, tmp_path_factory):
    result = invoke("explain", str(article), "--store", str(tmp_path_factory.mktemp("none") / "no-store"), "--json")
    assert result.exit_code == 0, result.stderr
    [report] = json.loads(result.stdout)
    return {s["text"]: s for s in report["sentences"]}


def test_a_fact_is_shown_with_its_rule_and_its_names_with_what_found_them(explained):
    s = explained["2024年3月,星河科技宣布推出青禾支付。"]
    assert {(n["label"], n["type"]) for n in s["names"]} == {("星河科技", "Company"), ("青禾支付", "PaymentService")}
    assert all(n["how"] for n in s["names"])
    launched = [f for f in s["facts"] if f["relation"] == "launched"]
    assert launched and launched[0]["subject"] == "星河科技" and launched[0]["object"] == "青禾支付"
    assert launched[0]["rule"] and launched[0]["date"] == "2024-03" and not s["why"]


def test_a_planned_fact_says_so(explained):
    facts = explained["星河科技计划推出青禾App。"]["facts"]
    assert [(f["relation"], f["modality"]) for f in facts] == [("launched", "planned")]


def test_one_name_is_not_enough(explained):
    s = explained["星河科技表示,此次合作意义重大。"]
    triggers = dict(s["triggers"])
    assert s["facts"] == [] and "partneredWith" in triggers["合作"].split("/")
    assert s["why"] == ["only one name (星河科技): a relation needs two"]


def test_types_that_do_not_fit_name_the_rule_and_the_type(explained):
    s = explained["青禾资本投资了陈立。"]
    assert s["facts"] == []
    assert any("陈立 is a Person" in why and "investedIn" in why for why in s["why"]), s["why"]


def test_a_sentence_without_a_trigger_has_nothing_to_explain(explained):
    s = explained["今天天气很好。"]
    assert (s["triggers"], s["facts"], s["why"]) == ([], [], [])


def test_the_text_report_and_silent_only(article, tmp_path):
    result = invoke("explain", str(article), "--store", str(tmp_path / "no-store"), "--silent-only")
    assert result.exit_code == 0
    assert "6 sentences" in result.stdout.splitlines()[1]
    assert "why no fact: only one name (星河科技): a relation needs two" in result.stdout
    assert "[2] 2024年3月" not in result.stdout  # a sentence with a fact is left out


def test_a_jsonl_line_and_a_stored_document(tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [{"text": "云杉网络宣布与松果出行达成战略合作。", "url": "https://e.com/a"},
               {"text": "松果出行公司表示,此次合作意义重大。", "url": "https://e.com/b", "title": "松果出行谈合作"}]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    line = invoke("explain", f"{feed}:2", "--store", str(tmp_path / "none"))
    assert line.exit_code == 0 and line.stdout.startswith(f"{feed}:2")
    assert "only one name (松果出行公司)" in line.stdout
    store = tmp_path / "store"
    assert invoke("build", str(feed), "--store", str(store), "--jobs", "1").exit_code == 0
    for name in ("https://e.com/a", "松果出行谈合作"):  # by URL, by title: read again from feed.jsonl
        stored = invoke("explain", name, "--store", str(store))
        assert stored.exit_code == 0, stored.stderr
    assert "partneredWith" in invoke("explain", "https://e.com/a", "--store", str(store)).stdout


def test_an_unknown_target_is_a_clear_error(tmp_path):
    store = tmp_path / "store"
    article = tmp_path / "a.txt"
    article.write_text("云杉网络宣布与松果出行达成战略合作。\n", encoding="utf-8")
    assert invoke("build", str(article), "--store", str(store), "--jobs", "1").exit_code == 0
    result = invoke("explain", "没有这篇", "--store", str(store))
    assert result.exit_code == 1
    assert result.stderr == ("Error: 没有这篇: no file, and no stored document with this IRI, URL, id, source path "
                             "or title (list the documents with `kg query documents`)\n")
    article.unlink()
    gone = invoke("explain", str(article), "--store", str(store))
    assert gone.exit_code == 1 and "which is not on disk now" in gone.stderr


def test_eval_misses_shows_the_sentences_of_jsonl_documents(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "云杉网络的联合创始人陈默此前在松果出行任职。", "url": "https://e.com/c"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert invoke("build", str(feed), "--store", str(store), "--jobs", "1").exit_code == 0
    gold = tmp_path / "gold.tsv"
    gold.write_text("feed.jsonl:1\t松果出行\tacquired\t云杉网络\n", encoding="utf-8")
    result = invoke("eval", str(gold), "--misses", "--store", str(store))
    assert result.exit_code == 0
    assert "| 云杉网络的联合创始人陈默此前在松果出行任职。" in result.stdout
