"""Every stored query answers alike on three SPARQL engines, none with a union default graph.

The seeds store is asked three ways: ``kg query`` (pyoxigraph on the store), a plain
``oxigraph serve`` (no ``--union-default-graph``) loaded from ``kg export --format nq`` and
asked over the SPARQL protocol, and rdflib's ``Dataset`` (``default_union=False``) over
``kg export --format trig``. A query that leans on the union default graph loses rows or
columns on the last two.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.queries import _bindings, bind, connect, list_queries, run
from kg.server import listening_ports, oxigraph_binary
from kg.store import KgStore, export_bytes

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}

#: The parameters each query runs with: its required ones, plus optional ones that take a
#: different path through the query (a bound entity, a type).
_EXTRA = {
    "entities": {"type": "Company"},
    "statements": {"entity": "阿里"},
    "metrics": {"entity": "微信"},
    "evidence": {"subject": "阿里", "object": "微信"},
}


def _params(query) -> dict[str, str]:
    params = {p.name: "阿里" for p in query.params if p.required and p.name not in query.defaults}
    if query.name == "timeline":
        params.update(a="阿里", b="腾讯")
    for name, value in _EXTRA.get(query.name, {}).items():
        if any(p.name == name for p in query.params):
            params[name] = value
    return params


def _key(term) -> tuple:
    """A term as the three engines agree to write it (language tags case-folded, numbers by value)."""
    if term is None:
        return ("unbound",)
    if isinstance(term, (NamedNode, rdflib.URIRef)):
        return ("iri", str(term) if isinstance(term, rdflib.URIRef) else term.value)
    if isinstance(term, (BlankNode, rdflib.BNode)):
        return ("bnode",)
    if isinstance(term, rdflib.Literal):
        value, language = str(term), term.language
        datatype = str(term.datatype) if term.datatype else (None if language else XSD + "string")
    elif isinstance(term, Literal):
        value, language, datatype = term.value, term.language, term.datatype.value
        datatype = None if language else datatype
    else:  # a SPARQL JSON result term
        value, language = term["value"], term.get("xml:lang")
        if term["type"] == "uri":
            return ("iri", value)
        if term["type"] == "bnode":
            return ("bnode",)
        datatype = None if language else term.get("datatype", XSD + "string")
    if datatype in _NUMERIC:
        return ("number", Decimal(value).normalize())
    return ("literal", value, (language or "").lower(), datatype)


def _rows(variables, rows) -> list[tuple]:
    return sorted((tuple(_key(cell) for cell in row) for row in rows), key=repr)


@pytest.fixture(scope="module")
def plain_server(seeds_store, tmp_path_factory):
    """``oxigraph serve`` as anyone would run it, on the N-Quads export: no union default graph."""
    work = tmp_path_factory.mktemp("plain-oxigraph")
    with KgStore.open(seeds_store, read_only=True) as kg_store:
        (work / "seeds.nq").write_bytes(export_bytes(kg_store.store, "nq"))
    location = work / "db"
    subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(work / "seeds.nq")],
                   check=True, capture_output=True)
    process = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(location),
                                "--bind", "127.0.0.1:0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not (ports := listening_ports(process.pid)):
            assert process.poll() is None and time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{min(ports)}/query"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def rdflib_dataset(seeds_store):
    with KgStore.open(seeds_store, read_only=True) as kg_store:
        trig = export_bytes(kg_store.store, "trig")
    dataset = rdflib.Dataset(default_union=False)
    dataset.parse(data=trig, format="trig")
    return dataset


def _protocol(endpoint: str, text: str):
    """A SPARQL 1.1 protocol request as curl would send it: the query as written, nothing added."""
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    variables = answer["head"]["vars"]
    return variables, [tuple(b.get(v) for v in variables) for b in answer["results"]["bindings"]]


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_a_stored_query_answers_alike_on_three_engines(query, seeds_store, plain_server, rdflib_dataset):
    params = _params(query)
    with connect(seeds_store) as backend:
        text = bind(query.text, _bindings(query, params, backend))
    kg = run(name=query.name, params=params, store_dir=seeds_store)
    variables, oxigraph_rows = _protocol(plain_server, text)
    answer = rdflib_dataset.query(text)
    rdflib_rows = [tuple(row) for row in answer]

    columns = [kg.variables.index(v) for v in variables]
    kg_rows = _rows(variables, [tuple(row[i] for i in columns) for row in kg.rows])
    assert kg_rows, f"{query.name}: no rows on the seeds with {params}; the test would prove nothing"
    assert _rows(variables, oxigraph_rows) == kg_rows, f"{query.name}: plain oxigraph serve differs"
    assert [str(v) for v in answer.vars] == variables
    assert _rows(variables, rdflib_rows) == kg_rows, f"{query.name}: rdflib Dataset differs"

