"""The real Oxigraph server on 127.0.0.1: stored queries over HTTP, push, serve errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import NamedNode
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.errors import QueryError, ServerError, StoreError
from kg.queries import list_queries, run
from kg.server import OxigraphServer, push
from kg.store import KgStore
from kg.vocab import BUILDS_GRAPH, PUSHED_GRAPH



@pytest.fixture(scope="module")
def served(sample_store, tmp_path_factory):
    """Oxigraph serving a copy of the sample store (the server holds its lock)."""
    copy = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(sample_store, copy)
    with OxigraphServer(copy, bind="127.0.0.1:0", read_only=True) as server:
        yield server


@pytest.fixture()
def empty_server(tmp_path):
    path = tmp_path / "empty"
    KgStore.open(path, create=True).close()
    with OxigraphServer(path, bind="127.0.0.1:0") as server:
        yield server


def _params(query):
    return {p.name: "阿里" for p in query.params if p.required and p.name not in query.defaults}


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_stored_queries_give_the_same_rows_over_http(served, sample_store, query):
    params = _params(query)
    local = run(name=query.name, params=params, store_dir=sample_store)
    remote = run(name=query.name, params=params, endpoint=served.endpoint)
    assert remote.variables == local.variables
    assert remote.rows == local.rows


def test_cli_query_over_http_prints_the_same(served, sample_store):
    def invoke(*extra):
        return CliRunner().invoke(cli, ["query", "timeline", "--format", "tsv", *extra], catch_exceptions=False).stdout
    assert invoke("--endpoint", served.url) == invoke("--store", str(sample_store))


def _dataset_graphs(nquads: bytes) -> dict[str, rdflib.Graph]:
    dataset = rdflib.Dataset()
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def test_push_twice_holds_exactly_the_export(sample_store, empty_server):
    expected = _dataset_graphs(CliRunner().invoke(
        cli, ["export", "--format", "nq", "--store", str(sample_store)], catch_exceptions=False).stdout_bytes)
    result = CliRunner().invoke(cli, ["push", "--endpoint", empty_server.url, "--store", str(sample_store)],
                                catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.startswith(f"pushed {len(expected)} graphs")
    again = push(sample_store, empty_server.url + "/store")  # again, endpoint given as …/store
    assert (again.graphs, again.quads, again.unchanged) == (0, 0, len(expected))
    request = urllib.request.Request(empty_server.url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as response:
        served = _dataset_graphs(response.read())
    record = served.pop(PUSHED_GRAPH)  # the digest of each graph pushed, and nothing else
    assert set(map(str, record.subjects())) == expected.keys()
    assert served.keys() == expected.keys()
    for iri, graph in expected.items():
        assert len(served[iri]) == len(graph), iri
        assert isomorphic(served[iri], graph), iri  # schema graphs hold blank nodes


def test_push_to_nothing_names_the_url_and_the_fix(sample_store, closed_port):
    url = f"http://127.0.0.1:{closed_port}"
    with pytest.raises(ServerError) as err:
        push(sample_store, url)
    assert str(err.value).startswith(f"{url}/query: cannot reach the endpoint") and "kg serve" in str(err.value)


def test_serving_a_store_held_by_a_writing_server_is_a_clear_error(empty_server):
    with pytest.raises(StoreError, match="locked by another process"):
        OxigraphServer(empty_server.store_dir, bind="127.0.0.1:0").start()


def test_serving_on_a_taken_port_is_a_clear_error(sample_store, tmp_path, served):
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    with pytest.raises(ServerError, match="cannot listen on 127.0.0.1"):
        OxigraphServer(copy, bind=f"127.0.0.1:{served.port}").start()


def test_serving_nothing_read_only_says_build_first(tmp_path):
    # read-write, a new directory becomes an empty store (test_kg_serve_on_a_new_directory_…)
    result = CliRunner().invoke(cli, ["serve", "--read-only", "--store", str(tmp_path / "none")],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'none'}: no store here (run `kg build` first)"
    assert not (tmp_path / "none").exists()


def test_kg_serve_prints_the_endpoint_and_stops_on_ctrl_c(sample_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    kg_script = str(Path(sys.executable).parent / "kg")
    process = subprocess.Popen([kg_script, "serve", "--store", str(copy), "--bind", "127.0.0.1:0", "--read-only"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # the port the kernel chose, as kg serve reports it
        match = re.match(r"SPARQL endpoint: (http://127\.0\.0\.1:(\d+)/query) ", line)
        assert match and match.group(2) != "0", (line, process.stderr.read())
        result = run(name="documents", endpoint=match.group(1))
        assert len(result.rows) == 3
    finally:
        process.send_signal(2)
        process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the server is gone and the lock released
        try:
            KgStore.open(copy).close()
            break
        except StoreError:
            time.sleep(0.1)
    else:
        pytest.fail("the store stayed locked after Ctrl-C")


def test_stored_queries_on_the_seeds_give_the_same_rows_over_http(seeds_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(seeds_store, copy)
    with OxigraphServer(copy, bind="127.0.0.1:0", read_only=True) as server:
        for query in list_queries():
            params = _params(query)
            local = run(name=query.name, params=params, store_dir=seeds_store)
            remote = run(name=query.name, params=params, endpoint=server.endpoint)
            assert (remote.variables, remote.rows) == (local.variables, local.rows), query.name


def _served_graphs(server) -> dict[str, rdflib.Graph]:
    request = urllib.request.Request(server.url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return _dataset_graphs(response.read())


def test_push_after_a_local_remove_drops_that_document_on_the_server(sample_store, empty_server, tmp_path):
    from kg.store import remove

    push(sample_store, empty_server.url)
    copy = tmp_path / "copy"
    shutil.copytree(sample_store, copy)
    with KgStore.open(copy, read_only=True) as store:
        gone = store.documents()[0]["iri"]
    remove(copy, gone)
    report = push(copy, empty_server.url)
    assert report.removed == 1 and "removed 1 document " in report.summary()
    expected = _dataset_graphs(CliRunner().invoke(
        cli, ["export", "--format", "nq", "--store", str(copy)], catch_exceptions=False).stdout_bytes)
    served = _served_graphs(empty_server)
    assert gone not in served and gone not in map(str, served.pop(PUSHED_GRAPH).subjects())
    assert served.keys() == expected.keys()


# -- push only what changed; the servers' time limit (issue 29) ---------------------------------

def test_push_sends_only_the_graphs_that_changed(sample_store, empty_server, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(sample_store, copy)
    first = push(copy, empty_server.url)
    assert (first.unchanged, first.removed) == (0, 0) and first.graphs == len(_served_graphs(empty_server)) - 1
    article = tmp_path / "new.txt"
    article.write_text("2021年3月，腾讯宣布与京东在物流领域展开合作。\n", encoding="utf-8")
    built = CliRunner().invoke(cli, ["build", str(article), "--store", str(copy), "--jobs", "1", "--no-tagger"],
                               catch_exceptions=False)
    assert built.exit_code == 0, built.stderr
    result = CliRunner().invoke(cli, ["push", "--endpoint", empty_server.url, "--store", str(copy), "--json"],
                                catch_exceptions=False)
    report = json.loads(result.stdout)
    # the new document, the derived entities and facts graphs and the builds graph (new: the sample
    # store was written without kg build); the rest is as the server holds it
    assert (report["pushed"], report["unchanged"], report["removed"]) == (4, first.graphs - 2, 0)
    expected = _dataset_graphs(CliRunner().invoke(
        cli, ["export", "--format", "nq", "--store", str(copy)], catch_exceptions=False).stdout_bytes)
    served = _served_graphs(empty_server)
    assert set(map(str, served.pop(PUSHED_GRAPH).subjects())) == expected.keys() == served.keys()
    for iri, graph in expected.items():
        assert isomorphic(served[iri], graph), iri
    everything = push(copy, empty_server.url, everything=True)
    assert (everything.graphs, everything.unchanged) == (len(expected), 0)


def test_a_store_built_again_from_the_same_input_pushes_nothing(seeds_store, tmp_path, empty_server, seeds_dir):
    again = tmp_path / "again"
    assert CliRunner().invoke(cli, ["build", str(seeds_dir), "--store", str(again), "--jobs", "2"],
                              catch_exceptions=False).exit_code == 0
    push(seeds_store, empty_server.url)
    report = push(again, empty_server.url)  # blank nodes named apart, the same graphs: nothing to send
    # but the builds graph: the second build is another prov:Activity, at another time
    with KgStore.open(again, read_only=True) as kg_store:
        provenance = len(list(kg_store.store.quads_for_pattern(None, None, None, NamedNode(BUILDS_GRAPH))))
    assert (report.graphs, report.quads) == (1, provenance)


def test_kg_serve_stops_a_runaway_query_at_its_timeout(sample_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    with OxigraphServer(copy, bind="127.0.0.1:0", read_only=True, timeout=1) as server:
        assert server.process.args[-2:] == ["--timeout-s", "1"]
        # Oxigraph checks its deadline between rows of the outer pattern: a cross product of two
        # patterns (10^9 rows here, minutes of work) stops at the deadline; one of three would run
        # minutes past it, since each outer row costs 10^9 inner ones.
        started = time.monotonic()
        with pytest.raises(QueryError) as err:
            run(expression="SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
                endpoint=server.endpoint, timeout=600)
        assert time.monotonic() - started < 120
        assert str(err.value).startswith(f"{server.url}/query: the server stopped the query at its time limit")
        assert len(run(name="documents", endpoint=server.endpoint).rows) == 3  # and it still answers


@pytest.mark.parametrize("signum", [2, 15, 1], ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_kg_serve_says_its_time_limit_and_stops_its_server_on_a_signal(sample_store, tmp_path, signum):
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    kg_script = str(Path(sys.executable).parent / "kg")
    process = subprocess.Popen([kg_script, "serve", "--store", str(copy), "--bind", "127.0.0.1:0", "--timeout", "5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
    finally:
        process.send_signal(signum)  # at once, before kg serve is waiting on the server
        process.wait(timeout=30)
    assert "queries stop after 5 s" in line, line
    assert process.returncode == (0 if signum == 2 else 128 + signum)
    KgStore.open(copy).close()  # the Oxigraph server is gone: its lock is free


# -- stopping cleanly (issue 27, item 5) ----------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:\t", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def _start(command: str, store: Path) -> tuple[subprocess.Popen, list[int]]:
    """``kg serve`` or ``kg api`` on ``store``, once its banner is out, and its Oxigraph child."""
    kg_script = str(Path(sys.executable).parent / "kg")
    process = subprocess.Popen([kg_script, command, "--store", str(store), "--bind", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    banner = process.stdout.readline()
    assert banner.startswith({"serve": "SPARQL endpoint: ", "api": "kg api: "}[command]), banner
    children = _children(process.pid)
    assert len(children) == 1 and "oxigraph" in Path(f"/proc/{children[0]}/cmdline").read_text()
    return process, children


STOPS = {"SIGINT": ([2], 130), "SIGTERM": ([15], 143), "SIGHUP": ([1], 129), "SIGINT then SIGTERM": ([2, 15], None)}


@pytest.mark.parametrize("command", ["serve", "api"])
@pytest.mark.parametrize("stop", list(STOPS))
def test_a_stop_signal_stops_kg_and_its_oxigraph_server(sample_store, tmp_path, command, stop):
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    process, children = _start(command, copy)
    signals, status = STOPS[stop]
    for signum in signals:
        process.send_signal(signum)
        time.sleep(0.1)
    process.wait(timeout=30)
    expected = status if not (command == "serve" and signals == [2]) else 0  # kg serve: Ctrl-C is a clean end
    if expected is not None:
        assert process.returncode == expected, process.stderr.read()
    assert not any(_alive(pid) for pid in children), f"left running: {children}"
    KgStore.open(copy).close()  # the store's lock is free


@pytest.mark.parametrize("command", ["serve", "api"])
def test_an_oxigraph_server_does_not_outlive_a_killed_kg(sample_store, tmp_path, command):
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    process, children = _start(command, copy)
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in children), f"left running: {children}"


def test_kg_serve_on_a_new_directory_starts_an_empty_store_that_takes_a_push(seeds_store, tmp_path):
    target = tmp_path / "new" / "store"
    kg_script = str(Path(sys.executable).parent / "kg")
    process = subprocess.Popen([kg_script, "serve", "--store", str(target), "--bind", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == f"kg serve: a new, empty store in {target}\n"
        endpoint = re.match(r"SPARQL endpoint: (\S+)", process.stdout.readline()).group(1)
        graphs = run(expression="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=endpoint)
        assert {"https://kg.example.org/graph/ontology", "https://kg.example.org/graph/shapes"} <= {
            row[0].value for row in graphs.rows}
        assert run(name="documents", endpoint=endpoint).rows == []
        pushed = CliRunner().invoke(cli, ["push", "--store", str(seeds_store), "--endpoint",
                                          endpoint.rsplit("/", 1)[0]], catch_exceptions=False)
        assert pushed.exit_code == 0, pushed.stderr
        assert len(run(name="documents", endpoint=endpoint).rows) == 5
    finally:
        process.send_signal(15)
        process.wait(timeout=30)


def test_kg_serve_refuses_a_directory_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path), "--bind", "127.0.0.1:0"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path}: no store here (run `kg build` first)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_kg_serve_answers_a_sparql_service_description(served):
    """SPARQL 1.1 Service Description: the query endpoint, GET without a query, as RDF."""
    request = urllib.request.Request(served.endpoint, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get_content_type() == "text/turtle"
        graph = rdflib.Graph().parse(data=response.read(), format="turtle", publicID=served.endpoint)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(None, rdflib.RDF.type, sd.Service)
    assert service is not None
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(served.endpoint)
    assert sd.SPARQL11Query in set(graph.objects(service, sd.supportedLanguage))
    # kg serve's default graph is the union of the named graphs, and says so
    assert sd.UnionDefaultGraph in set(graph.objects(service, sd.feature))
