"""The ``kg`` command line end to end: help, build → query → export, error paths."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import __version__
from kg.cli import cli

COMMANDS = ["build", "clean", "query", "facts", "export", "serve", "api", "push", "validate", "eval", "stats", "remove",
            "view", "load", "merge", "split", "catalog", "explain"]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_every_command():
    result = invoke("--help")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert sorted(listed) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_its_options_and_a_runnable_example(name):
    command = cli.commands[name]
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="kg", catch_exceptions=False)
    assert result.exit_code == 0
    text = result.output
    assert text.startswith(f"Usage: kg {name} ")
    summary = " ".join(command.help.split("\n\n", 1)[0].split())
    assert summary[:40] in " ".join(text.split()), "the docstring's first paragraph is the help"
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert opt in text, f"{opt} is missing from kg {name} --help"
    example = re.split(r"Examples?:", text, maxsplit=1)[1].split("Options:", 1)[0]
    lines = [line.strip() for line in example.splitlines() if line.strip()]
    assert lines and all(line.startswith("kg ") or line.startswith("curl ") for line in lines), lines
    assert any(f"kg {name}" in line for line in lines), f"no example runs kg {name}"


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory, seeds_dir):
    """``kg build seeds/`` through the CLI, once for this module."""
    store = tmp_path_factory.mktemp("cli") / "store"
    result = invoke("build", str(seeds_dir), "--store", str(store), "--jobs", "1")
    assert result.exit_code == 0, result.output
    return store, result


def test_build_prints_the_summary(cli_store, seeds_dir):
    _, result = cli_store
    files = len(list(seeds_dir.glob("*.txt")))
    assert result.stdout.startswith(f"{files} documents: {files} added, 0 replaced, 0 unchanged (")
    assert result.stderr == ""


def test_query_prints_rows_from_the_store(cli_store):
    store, _ = cli_store
    result = invoke("query", "partners", "--param", "company=阿里", "--format", "tsv", "--store", str(store))
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.strip().splitlines()
    assert rows, "a stored query over the seeds returned no rows"
    assert all(len(row.split("\t")) == len(header.split("\t")) for row in rows)


def test_export_turtle_is_the_store_as_a_graph(cli_store):
    store, _ = cli_store
    result = invoke("export", "--format", "ttl", "--store", str(store))
    assert result.exit_code == 0
    exported = Graph().parse(data=result.stdout_bytes.decode("utf-8"), format="turtle")

    s = pyoxigraph.Store.read_only(str(store))
    try:
        # Triple formats export the union of all graphs.
        triples = list(dict.fromkeys(pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in s))
    finally:
        del s
    union = Graph().parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")
    assert len(exported) == len(union)
    if not isomorphic(exported, union):
        _, only_export, only_store = graph_diff(to_isomorphic(exported), to_isomorphic(union))
        pytest.fail(f"export differs from the store:\n{only_export.serialize(format='nt')[:2000]}\n---\n"
                    f"{only_store.serialize(format='nt')[:2000]}")


def test_missing_input_exits_1_and_creates_no_store(tmp_path):
    store = tmp_path / "X"
    result = invoke("build", str(tmp_path / "nosuch"), "--store", str(store))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nosuch'}: no such file or directory (check the path)\n"
    assert not store.exists()


def test_empty_directory_exits_1_and_creates_no_store(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    store = tmp_path / "X"
    result = invoke("build", str(empty), "--store", str(store))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {empty}: ")
    assert not store.exists()


def test_unknown_option_is_a_usage_error_and_writes_nothing(tmp_path, seeds_dir):
    store = tmp_path / "X"
    result = invoke("build", str(seeds_dir), "--store", str(store), "--no-such-option")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: No such option '--no-such-option'.\n")
    assert not store.exists()


def test_build_reads_an_article_from_stdin(tmp_path):
    store = tmp_path / "X"
    article = "2019年8月，腾讯与京东宣布扩大在零售领域的合作。\n京东表示，双方将在微信小程序上推出新的购物入口。\n"
    result = CliRunner().invoke(cli, ["build", "-", "--store", str(store), "--jobs", "2"], input=article,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 document: 1 added, 0 replaced, 0 unchanged (")
    s = pyoxigraph.Store.read_only(str(store))
    try:
        sources = [r["src"].value for r in s.query(
            "SELECT ?src WHERE { GRAPH ?d { ?d <https://kg.example.org/ontology#sourcePath> ?src } }")]
    finally:
        del s
    assert sources == ["<stdin>"]


def test_build_without_the_tagger_and_back(tmp_path):
    """--no-tagger finds fewer names; switching it back re-extracts the unchanged article."""
    article = tmp_path / "a.txt"
    article.write_text("茶小满、米多多、湘味堂等餐馆是最早登上微信京东小程序的一批商户。\n", encoding="utf-8")
    store = str(tmp_path / "store")

    def labels():
        rows = invoke("query", "-e", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                      "SELECT ?l WHERE { GRAPH ?g { ?e rdfs:label ?l } }", "--format", "tsv", "--store", store)
        return {line.strip('"').split('"@')[0] for line in rows.output.splitlines()[1:]}

    assert invoke("build", str(article), "--store", store, "--jobs", "1", "--no-tagger").exit_code == 0
    assert "湘味堂" not in labels()
    rebuilt = invoke("build", str(article), "--store", store, "--jobs", "1")
    assert "1 replaced" in rebuilt.output
    assert {"湘味堂", "茶小满", "米多多"} <= labels()


# -- runs a scheduler can read (issue 29) ------------------------------------------------------


KG_BIN = Path(sys.executable).parent / "kg"
GOOD = "2021年3月，腾讯宣布与京东在物流领域展开合作。\n双方表示将共同开发新的小程序。\n"


def _record(text: str, **fields) -> str:
    return json.dumps({"text": text, **fields}, ensure_ascii=False)


def _sources(store: Path) -> list[str]:
    s = pyoxigraph.Store.read_only(str(store))
    try:
        return sorted(r["src"].value for r in s.query(
            "SELECT ?src WHERE { GRAPH ?d { ?d <https://kg.example.org/ontology#sourcePath> ?src } }"))
    finally:
        del s


def test_exit_statuses_tell_built_partly_built_and_nothing_built(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_bytes(b"")
    store = str(tmp_path / "store")
    partly = invoke("build", str(bad), str(good), "--store", store, "--jobs", "1")
    assert (partly.exit_code, partly.stderr) == (3, f"Error: {bad}: empty file (give a file that holds an article)\n")
    nothing = invoke("build", str(bad), "--store", store, "--jobs", "1")
    assert nothing.exit_code == 1 and nothing.stdout.startswith("0 documents: ")
    again = invoke("build", str(good), "--store", store, "--jobs", "1")
    assert (again.exit_code, again.stderr) == (0, "")  # unchanged is built


def test_a_locked_store_exits_4(tmp_path):
    from kg.store import KgStore

    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    store = tmp_path / "store"
    with KgStore.open(store, create=True):  # this process holds the lock, as a running build does
        result = subprocess.run([str(KG_BIN), "build", str(good), "--store", str(store), "--jobs", "1"],
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 4
    assert result.stderr.startswith(f"Error: {store}: the store is locked by another process (pid {os.getpid()}")
    assert result.stdout == ""


def test_build_json_is_one_object_and_errors_stay_on_stderr(tmp_path):
    feed = "\n".join([_record(GOOD, url="https://e.com/1"), "not json", _record("阿里巴巴旗下的淘宝上线了直播功能。")]) + "\n"
    result = CliRunner().invoke(cli, ["build", "-", "--store", str(tmp_path / "s"), "--jobs", "1", "--json"],
                                input=feed, catch_exceptions=False)
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert (report["status"], report["exit_status"], report["documents"], report["added"]) == ("partly built", 3, 2, 2)
    assert report["rejected"] == [{"input": "<stdin>:2", "error": "not valid JSON (Expecting value at column 1)",
                                   "fix": "write one JSON object per line"}]
    assert result.stderr == ("Error: <stdin>:2: not valid JSON (Expecting value at column 1) "
                             "(write one JSON object per line)\n")


def test_quiet_prints_only_errors(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_bytes(b"")
    result = invoke("build", str(good), str(bad), "--store", str(tmp_path / "s"), "--jobs", "1", "--quiet")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"Error: {bad}: empty file (give a file that holds an article)\n"


def test_stats_validate_and_push_json(cli_store, tmp_path):
    store, _ = cli_store
    stats = json.loads(invoke("stats", "--store", str(store), "--json").stdout)
    assert stats["documents"] == 5 and stats["quads"] > 0 and set(stats["modalities"]) >= {"asserted"}
    validated = json.loads(invoke("validate", "--store", str(store), "--json").stdout)
    assert validated["conforms"] is True and validated["violations"] == 0


def test_eval_json(cli_store, repo_root):
    store, _ = cli_store
    gold = repo_root / "tests" / "data" / "seeds-gold.tsv"
    text = invoke("eval", str(gold), "--store", str(store))
    result = invoke("eval", str(gold), "--store", str(store), "--json")
    assert result.exit_code == text.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"precision", "recall", "f1", "per_relation", "misses", "extras"}
    assert f"{report['recall']:.3f}" in text.stdout
    metrics = invoke("eval", str(repo_root / "tests" / "data" / "seeds-metrics-gold.tsv"), "--metrics", "--json",
                     "--store", str(store))
    assert metrics.exit_code == 0 and set(json.loads(metrics.stdout)) >= {"precision", "recall", "per_measure"}


def test_without_a_terminal_a_long_build_logs_progress_lines_on_stderr(tmp_path):
    feed = tmp_path / "tiny.jsonl"
    feed.write_text("".join(_record(f"今天是第{i}天，天气很好。", id=f"n{i}") + "\n" for i in range(2100)),
                    encoding="utf-8")
    result = subprocess.run([str(KG_BIN), "build", str(feed), "--store", str(tmp_path / "s"), "--no-tagger"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2,100 documents: 2,100 added, ")
    lines = result.stderr.splitlines()
    assert lines and all(re.fullmatch(r"kg build: [\d,]+ documents, [\d,]+ added, 0 replaced, 0 unchanged, "
                                      r"0 rejected, [\d,]+ chars/s", line) for line in lines), lines
    assert any(line.startswith("kg build: 1,000 documents, 1,000 added") for line in lines)
    assert any(line.startswith("kg build: 2,000 documents, 2,000 added") for line in lines)
    quiet = subprocess.run([str(KG_BIN), "build", str(feed), "--store", str(tmp_path / "s"), "--no-tagger", "-q"],
                           capture_output=True, text=True, timeout=600)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_the_progress_bar_counts_the_documents_of_a_single_jsonl_file(tmp_path):
    import collections

    from kg.pipeline import _Progress

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(_record(f"第{i}篇。") + "\n" for i in range(7)), encoding="utf-8")
    counts = collections.Counter()
    with _Progress(True, [str(feed)]) as bar:
        assert bar.bar.tasks[0].total == 7
        for i in range(1, 5):
            counts["added"] += 1
            bar.document(f"{feed}:{i}", counts)
        assert bar.bar.tasks[0].completed == 4  # not 0/1 files
        bar.done()
        assert bar.bar.tasks[0].completed == 7


def test_jsonl_on_stdin_is_one_document_a_line(tmp_path):
    store = tmp_path / "s"
    feed = "\n".join([_record(GOOD, url="https://e.com/1"), "", _record("阿里巴巴旗下的淘宝上线了直播功能。", url="https://e.com/2")])
    result = subprocess.run([str(KG_BIN), "build", "-", "--store", str(store), "--jobs", "1", "--no-tagger"],
                            input=feed, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("2 documents: 2 added, ")
    assert _sources(store) == ["<stdin>:1", "<stdin>:3"]


def test_format_says_how_to_read_stdin(tmp_path):
    record = _record(GOOD, url="https://e.com/1") + "\n"
    as_article = CliRunner().invoke(cli, ["build", "-", "--store", str(tmp_path / "a"), "--jobs", "1",
                                          "--format", "article"], input=record, catch_exceptions=False)
    assert as_article.exit_code == 0 and _sources(tmp_path / "a") == ["<stdin>"]
    forced = CliRunner().invoke(cli, ["build", "-", "--store", str(tmp_path / "j"), "--jobs", "1",
                                      "--format", "jsonl"], input="一篇文章。\n" + record, catch_exceptions=False)
    assert forced.exit_code == 3
    assert forced.stderr.startswith("Error: <stdin>:1: not valid JSON")
    assert _sources(tmp_path / "j") == ["<stdin>:2"]
