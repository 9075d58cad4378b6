"""The stored queries as a web API, in front of a SPARQL endpoint (the real Oxigraph server).

Every file of ``queries/`` is ``GET /api/<name>?<param>=…``, as grlc serves a folder of
decorated SPARQL files: the ``#+ summary``, ``#+ tags`` and ``#+ defaults`` decorators and the
``?_name`` / ``?__name`` / ``?_name_iri`` parameters become an OpenAPI 3 document
(``GET /api/openapi.json``). Parameters are bound exactly as ``kg query`` binds them — an
entity parameter takes any name, alias, script or IRI, and every value becomes an RDF term in
a ``VALUES`` block, never text pasted into the query — so the API and the CLI give the same
rows, and a value cannot change the query. ``limit`` and ``offset`` page the rows: a page is
``DEFAULT_LIMIT`` rows unless ``limit`` says otherwise (at most ``MAX_LIMIT``), and when more rows
follow, a ``Link: <…>; rel="next"`` header (RFC 8288) gives the URL of the next page.

The answer is W3C SPARQL 1.1 results: JSON (``application/sparql-results+json``, the
default), CSV (``text/csv``) or TSV (``text/tab-separated-values``), by ``Accept`` or by
``?format=json|csv|tsv``. A bad request is a 400 (404 for an unknown query, 502 when the
endpoint fails) whose JSON body holds the same ``Error:`` line the CLI prints.

An IRI kg minted dereferences on the same server (``kg.web.linked``): ``GET /id/entity/…`` is
Turtle for RDF clients and an HTML page for browsers. ``GET /context.jsonld`` is the JSON-LD
context of ``kg export --format jsonld``.

The app is Starlette (ASGI); ``kg api`` runs it with uvicorn.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kg import __version__, queries
from kg.errors import KgError, QueryError, ServerError
from kg.server import endpoint_url
from kg.store import jsonld_context
from kg.web import linked

#: Parameters every query takes besides its own: paging and the result format.
RESERVED = ("limit", "offset", "format")
MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Rows of a page when the request gives no ``limit``, and the most a ``limit`` may ask for.
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
_ACCEPTED = {"application/sparql-results+json": "json", "application/json": "json",
             "text/csv": "csv", "text/tab-separated-values": "tsv", "*/*": "json"}


def openapi(base: str = "") -> dict:
    """The OpenAPI 3.0 document of every stored query (from its decorators and parameters)."""
    paths = {}
    for q in queries.list_queries():
        parameters = []
        for p in q.params:
            description = ("an entity: any name, alias, script (阿里, 阿裡巴巴, Alibaba) or IRI"
                           if p.entity else "a value, bound as a plain literal")
            item = {"name": p.name, "in": "query", "required": p.required and p.name not in q.defaults,
                    "description": description, "schema": {"type": "string"}}
            if p.name in q.defaults:
                item["schema"]["default"] = q.defaults[p.name]
            if p.name in q.enumerate:
                item["schema"]["enum"] = sorted(queries.ENUMERATIONS[p.name][1])
            parameters.append(item)
        parameters += [
            {"name": "limit", "in": "query", "required": False, "description": f"at most this many rows (default {DEFAULT_LIMIT}); a Link header "
                                           "with rel=\"next\" gives the next page when there are more",
             "schema": {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
            {"name": "offset", "in": "query", "required": False, "description": "skip this many rows first",
             "schema": {"type": "integer", "minimum": 0}},
            {"name": "format", "in": "query", "required": False,
             "description": "result format, instead of the Accept header",
             "schema": {"type": "string", "enum": list(MEDIA)}},
        ]
        paths[f"{base}/api/{q.name}"] = {"get": {
            "operationId": q.name,
            "summary": q.summary or q.name,
            "tags": list(q.tags) or ["queries"],
            "parameters": parameters,
            "responses": {
                "200": {"description": "W3C SPARQL 1.1 query results",
                        "content": {MEDIA["json"]: {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
                                    MEDIA["csv"]: {"schema": {"type": "string"}},
                                    MEDIA["tsv"]: {"schema": {"type": "string"}}}},
                "400": _error_response("a bad parameter: unknown, missing, or an entity no name matches"),
                "404": _error_response("no stored query of that name"),
                "502": _error_response("the SPARQL endpoint cannot be reached or fails"),
            },
        }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "kg stored queries", "version": __version__,
                 "description": "The stored SPARQL queries of kg (queries/*.rq) over the knowledge graph."},
        "paths": paths,
        "components": {"schemas": {
            "SparqlResults": {"type": "object", "required": ["head"], "properties": {
                "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
                "results": {"type": "object", "properties": {"bindings": {"type": "array", "items": {
                    "type": "object", "additionalProperties": {"$ref": "#/components/schemas/Term"}}}}},
                "boolean": {"type": "boolean"}}},
            "Term": {"type": "object", "required": ["type", "value"], "properties": {
                "type": {"type": "string", "enum": ["uri", "literal", "bnode"]},
                "value": {"type": "string"}, "xml:lang": {"type": "string"}, "datatype": {"type": "string"}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        }},
    }


def _error_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _format(request: Request) -> str:
    chosen = request.query_params.get("format")
    if chosen:
        if chosen not in MEDIA:
            raise QueryError(f"unknown format {chosen!r}", where="format", fix="use json, csv or tsv")
        return chosen
    for part in request.headers.get("accept", "*/*").split(","):
        media = part.split(";")[0].strip().lower()
        if media in _ACCEPTED:
            return _ACCEPTED[media]
    return "json"


def _page_value(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise QueryError(f"{name} {value!r} is not a whole number", where=name, fix=f"use e.g. {name}=100")
    return int(value)


def _limit(request: Request) -> int:
    limit = _page_value(request, "limit")
    if limit is None:
        return DEFAULT_LIMIT
    if limit > MAX_LIMIT:
        raise QueryError(f"limit {limit} is over the maximum {MAX_LIMIT}", where="limit",
                         fix=f"page with limit={MAX_LIMIT} or less and offset")
    return limit


def _next_link(request: Request, limit: int, offset: int) -> str:
    """The ``Link`` header value of the page after this one (RFC 8288)."""
    url = request.url.include_query_params(limit=limit, offset=offset + limit)
    return f'<{url}>; rel="next"'


def _error(err: KgError, status: int) -> JSONResponse:
    return JSONResponse({"error": f"Error: {err}"}, status_code=status)


def create_app(endpoint: str, timeout: float | None = None) -> Starlette:
    """The API over the SPARQL endpoint ``endpoint`` (e.g. ``http://127.0.0.1:7878/query``), waiting
    ``timeout`` seconds (default ``kg.queries.QUERY_TIMEOUT``) for each answer."""

    async def listing(request: Request) -> JSONResponse:
        return JSONResponse({"queries": [
            {"name": q.name, "summary": q.summary, "tags": list(q.tags), "path": f"/api/{q.name}",
             "parameters": [p.name for p in q.params]} for q in queries.list_queries()]})

    async def spec(request: Request) -> JSONResponse:
        return JSONResponse(openapi())

    def run(request: Request) -> Response:
        name = request.path_params["name"]
        known = {q.name for q in queries.list_queries()}
        if name not in known:
            return _error(QueryError(f"no stored query named {name!r}", where=request.url.path,
                                     fix="see /api for the list"), 404)
        try:
            fmt = _format(request)
            params = {k: v for k, v in request.query_params.items() if k not in RESERVED}
            limit, offset = _limit(request), _page_value(request, "offset") or 0
            # one row more than the page: whether a next page exists, without counting the rows
            result = queries.run(name=name, params=params, endpoint=endpoint, timeout=timeout,
                                 limit=limit + 1, offset=offset)
        except ServerError as err:
            return _error(err, 502)
        except KgError as err:
            return _error(err, 400)
        headers = {}
        if len(result.rows) > limit:
            result.rows = result.rows[:limit]
            headers["Link"] = _next_link(request, limit, offset)
        body = queries.format_result(result, fmt)
        return Response(body + ("\n" if fmt != "json" else ""), media_type=MEDIA[fmt] + "; charset=utf-8",
                        headers=headers)

    def dereference(request: Request) -> Response:
        iri = linked.iri_for(request.url.path)
        try:
            triples = linked.describe(sparql, iri, timeout=timeout or queries.QUERY_TIMEOUT) if iri else []
        except ServerError as err:
            return _error(err, 502)
        if not triples:
            return Response(f"not found: the store says nothing of {request.url.path}\n", status_code=404,
                            media_type="text/plain; charset=utf-8")
        if linked.wants_html(request.headers.get("accept", "")):
            return Response(linked.page(iri, triples), media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
        return Response(linked.turtle(triples), media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})

    async def context(request: Request) -> JSONResponse:
        return JSONResponse(jsonld_context(), media_type="application/ld+json")

    sparql = endpoint_url(endpoint, "query")
    return Starlette(routes=[
        Route("/context.jsonld", context),
        Route(linked.ID_PATH + "{rest:path}", dereference),
        Route("/api", listing),
        Route("/api/", listing),
        Route("/api/openapi.json", spec),
        Route("/api/{name}", run),
    ])
