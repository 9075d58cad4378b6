"""The ``kg`` command line end to end: help, build → query → export, error paths."""

from __future__ import annotations

import re
import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import __version__
from kg.cli import cli

COMMANDS = ["build", "clean", "query", "export", "serve", "api", "push", "validate", "eval", "stats", "remove", "view", "load"]


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
