"""``kg api``: the stored queries over HTTP, in front of the real Oxigraph server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
import uvicorn
from openapi_spec_validator import validate

from kg import queries
from kg.web.api import create_app, openapi
from kg.server import OxigraphServer
from kg.vocab import DEFAULT_BASE_IRI, KG
from kg.web.serve import bound_socket


@pytest.fixture(scope="module")
def served(seeds_store, tmp_path_factory):
    """A copy of the seeds store served by Oxigraph, the API in front of it, and a second copy
    for the CLI (a store has one lock)."""
    root = tmp_path_factory.mktemp("api")
    served_copy, cli_copy = root / "served", root / "cli"
    shutil.copytree(seeds_store, served_copy)
    shutil.copytree(seeds_store, cli_copy)
    with OxigraphServer(served_copy, bind="127.0.0.1:0") as oxigraph:
        listener = bound_socket("127.0.0.1", 0)  # bound here, so no other process can take the port
        port = listener.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(oxigraph.endpoint), log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", oxigraph, cli_copy
        server.should_exit = True
        thread.join(10)
        listener.close()


def get(base, path, params=None, accept=None):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read().decode("utf-8")


def rows_of(results: dict) -> list[tuple]:
    variables = results["head"]["vars"]
    return sorted(tuple(json.dumps(b.get(v), sort_keys=True, ensure_ascii=False) for v in variables)
                  for b in results["results"]["bindings"])


def test_the_openapi_document_validates_and_lists_every_query(served):
    base, _, _ = served
    status, media, body = get(base, "/api/openapi.json")
    assert status == 200 and media == "application/json"
    spec = json.loads(body)
    validate(spec)  # raises on an invalid OpenAPI 3 document
    names = {q.name for q in queries.list_queries()}
    assert {p.rsplit("/", 1)[-1] for p in spec["paths"]} == names
    partners = spec["paths"]["/api/partners"]["get"]
    assert partners["summary"] and partners["tags"]
    company = next(p for p in partners["parameters"] if p["name"] == "company")
    assert company["schema"]["default"] == queries.load_query(
        next(q.path for q in queries.list_queries() if q.name == "partners")).defaults["company"]
    assert spec == openapi()


def _required(name: str) -> dict[str, str]:
    """Values for the parameters a query needs and has no default for."""
    q = next(q for q in queries.list_queries() if q.name == name)
    return {p.name: "阿里" for p in q.params if p.required and p.name not in q.defaults}


@pytest.mark.parametrize("name", sorted(q.name for q in queries.list_queries()))
def test_the_api_and_the_cli_give_the_same_rows(served, name):
    base, _, cli_store = served
    params = _required(name)
    status, media, body = get(base, f"/api/{name}", {**params, "limit": "10000"})  # every row: one page
    assert status == 200, body
    assert media == "application/sparql-results+json"
    api_rows = rows_of(json.loads(body))
    cli = json.loads(queries.format_result(queries.run(name=name, params=params, store_dir=cli_store), "json"))
    assert api_rows == rows_of(cli)


def test_results_by_accept_header_and_format(served):
    base, _, _ = served
    params = {"company": "阿里"}
    _, _, as_json = get(base, "/api/launches", params)
    n = len(json.loads(as_json)["results"]["bindings"])
    assert n > 0
    status, media, csv_body = get(base, "/api/launches", params, accept="text/csv")
    assert (status, media) == (200, "text/csv")
    assert len(csv_body.strip().splitlines()) == n + 1
    status, media, tsv_body = get(base, "/api/launches", {**params, "format": "tsv"})
    assert (status, media) == (200, "text/tab-separated-values")
    assert tsv_body.splitlines()[0].startswith("?launcherLabel\t?launcher\t")  # names first
    assert len(tsv_body.strip().splitlines()) == n + 1


def test_paging(served):
    base, _, _ = served
    _, _, whole = get(base, "/api/documents")
    every = json.loads(whole)["results"]["bindings"]
    _, _, page = get(base, "/api/documents", {"limit": 2, "offset": 1})
    assert json.loads(page)["results"]["bindings"] == every[1:3]


@pytest.mark.parametrize("path, params, status, message", [
    ("/api/nosuch", {}, 404, "no stored query named 'nosuch'"),
    ("/api/partners", {"nosuch": "x"}, 400, "unknown parameter 'nosuch'"),
    ("/api/partners", {"company": "不存在的公司"}, 400, "no entity named '不存在的公司'"),
    ("/api/partners", {"limit": "-1"}, 400, "limit '-1' is not a whole number"),
    ("/api/partners", {"format": "xml"}, 400, "unknown format 'xml'"),
])
def test_bad_requests_are_clear_errors(served, path, params, status, message):
    base, _, _ = served
    got, media, body = get(base, path, params)
    assert (got, media) == (status, "application/json")
    error = json.loads(body)["error"]
    assert error.startswith("Error: ") and message in error


INJECTIONS = [
    '阿里" } UNION { ?s ?p ?o } #',
    "x' } ; DROP ALL ; #",
    '<https://kg.example.org/id/entity/tencent> } UNION { ?s ?p ?o }',
    "https://kg.example.org/id/entity/x> } UNION { ?s ?p ?o } #",
    "阿里\n} DELETE WHERE { ?s ?p ?o } #",
    "阿" * 5000,
]


def _dump(oxigraph) -> bytes:
    request = urllib.request.Request(oxigraph.url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return b"\n".join(sorted(response.read().splitlines()))


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_injection_through_any_parameter_returns_no_extra_data_and_changes_nothing(served, value):
    base, oxigraph, _ = served
    before = _dump(oxigraph)
    for q in queries.list_queries():
        for p in q.params:
            others = {k: v for k, v in _required(q.name).items() if k != p.name}
            status, _, body = get(base, f"/api/{q.name}", {**others, p.name: value})
            if status == 200:
                # a value is one RDF term: at most the rows of a query that matches nothing else
                nothing = "无此名称" if not p.entity else "https://kg.example.org/id/entity/none"
                baseline = json.loads(get(base, f"/api/{q.name}", {**others, p.name: nothing})[2])
                assert len(json.loads(body)["results"]["bindings"]) <= len(baseline["results"]["bindings"]), \
                    (q.name, p.name)
            else:
                assert status == 400, (q.name, p.name, body)
    assert _dump(oxigraph) == before


def test_kg_api_starts_oxigraph_on_the_store_and_serves_in_front_of_it(seeds_store, tmp_path):
    """The command as a user runs it: a real `kg api` process, its own Oxigraph server, one call."""
    import subprocess
    import sys
    from pathlib import Path

    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    kg = Path(sys.executable).with_name("kg")
    process = subprocess.Popen([str(kg), "api", "--store", str(store), "--bind", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # the port the kernel chose, as kg api reports it
        match = re.match(r"kg api: (http://127\.0\.0\.1:\d+)/api ", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        base = match.group(1)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _, body = get(base, "/api")
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert status == 200
        assert "partners" in {q["name"] for q in json.loads(body)["queries"]}
        status, media, csv_body = get(base, "/api/partners", {"company": "Alibaba"}, accept="text/csv")
        assert (status, media) == (200, "text/csv")
        assert len(csv_body.splitlines()) > 1
        servers = _oxigraph_serving(store)
        assert servers, "kg api started no Oxigraph server on the store"
    finally:
        process.terminate()
        process.wait(20)
    # the Oxigraph server it started has stopped too, and the store's lock is free again
    deadline = time.monotonic() + 10
    while _oxigraph_serving(store) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _oxigraph_serving(store), "kg api left its Oxigraph server running"
    from kg.store import KgStore
    KgStore.open(store).close()


def _oxigraph_serving(store) -> list[int]:
    """PIDs of live Oxigraph server processes on ``store`` (from /proc)."""
    from pathlib import Path
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
            state = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X") and any(a.endswith(b"oxigraph") for a in args[:1]) and str(store).encode() in args:
            found.append(int(cmdline.parent.name))
    return found


def get_with_headers(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read()), response.headers.get("Link")


def test_a_page_is_100_rows_by_default_with_a_link_to_the_next(served):
    base, _, cli_copy = served
    whole = queries.run(name="entities", store_dir=cli_copy)
    assert len(whole.rows) > 200
    page, link = get_with_headers(base + "/api/entities")
    assert len(page["results"]["bindings"]) == 100
    assert link == f'<{base}/api/entities?limit=100&offset=100>; rel="next"'


def test_following_next_links_gives_every_row_once_in_order(served):
    base, _, cli_copy = served
    whole = queries.run(name="entities", params={"type": "Company"}, store_dir=cli_copy)
    url, seen, pages = base + "/api/entities?type=Company&limit=150", [], 0
    while url:
        page, link = get_with_headers(url)
        seen += [b["entity"]["value"] for b in page["results"]["bindings"]]
        pages += 1
        url = re.fullmatch(r'<(.+)>; rel="next"', link).group(1) if link else None
        assert url is None or "type=Company" in url
    assert seen == [row[whole.variables.index("entity")].value for row in whole.rows]
    assert pages == len(whole.rows) // 150 + 1


def test_a_limit_over_the_maximum_is_a_400(served):
    base = served[0]
    status, _, body = get(base, "/api/entities", {"limit": "10001"})
    assert status == 400
    assert json.loads(body)["error"] == ("Error: limit: limit 10001 is over the maximum 10000 "
                                         "(page with limit=10000 or less and offset)")
    status, _, body = get(base, "/api/documents", {"limit": "10000"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5


def test_an_entity_iri_dereferences_as_turtle_and_as_a_page(served):
    base, _, _ = served
    alibaba = DEFAULT_BASE_IRI + "entity/alibaba-group"
    path = "/" + alibaba.split("/", 3)[3]
    status, media, body = get(base, path, accept="text/turtle")
    assert (status, media) == (200, "text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    subject = rdflib.URIRef(alibaba)
    assert rdflib.Literal("阿里巴巴集团", lang="zh-hans") in set(graph.objects(subject, rdflib.SKOS.prefLabel))
    assert rdflib.URIRef("http://www.wikidata.org/entity/Q1359568") in set(graph.objects(subject, rdflib.SKOS.exactMatch))
    assert rdflib.URIRef("https://schema.org/Corporation") in set(graph.objects(subject, rdflib.RDF.type))
    # what points at it in the facts graph: 淘天集团 is owned by it
    assert (rdflib.URIRef(DEFAULT_BASE_IRI + "entity/taotian-group"), rdflib.URIRef(str(KG.ownedBy)), subject) in graph
    status, media, page = get(base, path, accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert (status, media) == (200, "text/html")
    assert "<title>阿里巴巴集团</title>" in page and "/id/entity/taotian-group" in page
    status, _, _ = get(base, "/id/entity/no-such-entity", accept="text/turtle")
    assert status == 404


def test_the_json_ld_context_is_served(served):
    from kg.store import jsonld_context

    status, media, body = get(served[0], "/context.jsonld")
    assert (status, media) == (200, "application/ld+json")
    assert json.loads(body) == jsonld_context() and json.loads(body)["@context"]["kg"] == str(KG)
