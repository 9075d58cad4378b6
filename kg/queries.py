"""Stored SPARQL queries (``queries/*.rq``): list, bind parameters, run, format.

Queries follow grlc's conventions: ``#+ summary:``, ``#+ tags:`` and ``#+ defaults:``
decorators at the top, and parameters named by their variables: ``?_name`` a
required literal, ``?__name`` an optional one, ``?_name_iri`` (or ``?__name_iri``) an
entity. An entity parameter takes an IRI or any name of the entity (alias, script,
English); the name is resolved to IRIs here (catalog and store labels, compared
after ``normalize_name``). Every parameter is bound with a ``VALUES`` block of RDF
terms written by pyoxigraph (N-Triples syntax), never by pasting the value into the
query text.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import multiprocessing
import os
import re
import signal
import threading
import time
import traceback
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pyoxigraph import (
    BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QueryTriples, Store,
    parse_query_results,
)

from kg.errors import Interrupted, KgError, QueryError, ServerError
from kg.resources import data_dir
from kg.server import connection_error, endpoint_url, http_detail, not_results
from kg.store import PREFIXES, KgStore
from kg.vocab import CATALOG_GRAPH, ENTITIES_GRAPH, ENTITY_TYPES, MEASURES, MODALITIES, RELATIONS, rebase

#: Seconds a query may take, on the store or over HTTP (``kg query --timeout``).
HTTP_TIMEOUT = QUERY_TIMEOUT = 60.0

_PARAM = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9_]*)")
_ABSOLUTE_IRI = re.compile(r"<?([A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+)>?")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Read for WHERE clauses, braces and variables; comments, strings and IRIs are skipped (they may
# hold braces and question marks).
_TOKENS = re.compile(
    r'#[^\n]*|"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|(?i:\bWHERE\s*\{)|\{|\}|[?$][A-Za-z_][A-Za-z0-9_]*",
)
_NAME_KEY_QUERY = "SELECT DISTINCT ?entity WHERE { ?entity <https://kg.example.org/ontology#nameKey> ?key }"
_HAS_INDEX = "ASK { ?entity <https://kg.example.org/ontology#nameKey> ?key }"
_LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?label WHERE { ?entity rdfs:label|skos:prefLabel|skos:altLabel ?label }
"""


@dataclass(frozen=True)
class Param:
    """One query parameter: ``name`` as the user types it (``company``)."""

    name: str
    variable: str
    required: bool
    entity: bool


#: What a parameter listed under ``#+ enumerate:`` may be: the ontology's closed sets, by the
#: parameter's name (grlc lists enumerated parameters the same way; it asks the endpoint for
#: the values, kg takes them from its vocabulary).
ENUMERATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "type": ("a type", ENTITY_TYPES),
    "modality": ("a modality", MODALITIES),
    "measure": ("a measure", MEASURES),
    "relation": ("a relation", RELATIONS),
}


@dataclass(frozen=True)
class StoredQuery:
    """A ``.rq`` file with its grlc decorators."""

    name: str
    path: Path
    summary: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    defaults: dict[str, str]
    text: str
    enumerate: tuple[str, ...] = ()


@dataclass
class QueryResult:
    """Rows of pyoxigraph terms (``None`` = unbound), or the boolean of an ASK."""

    variables: list[str]
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    seconds: float = 0.0


def _params(text: str) -> tuple[Param, ...]:
    found: dict[str, Param] = {}
    for underscores, name in _PARAM.findall(text):
        variable = underscores + name
        entity = name.endswith("_iri")
        user_name = name[: -len("_iri")] if entity else name
        found.setdefault(variable, Param(user_name, variable, underscores == "_", entity))
    return tuple(found.values())


def _quote_summary(line: str) -> str:
    # grlc summaries are free text (colons included), not YAML scalars.
    key, sep, value = line.partition(":")
    if sep and key.strip() == "summary" and not line.startswith("  "):
        return f"{key}: {json.dumps(value.strip(), ensure_ascii=False)}"
    return line


def load_query(path: Path) -> StoredQuery:
    """Read one ``.rq`` file and its ``#+`` decorators.

    Raises:
        QueryError: the file cannot be read or its decorators are not YAML.
    """
    try:
        # a stored query's graph names are relative to the shipped graph base: the configured one here
        text = rebase(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"cannot read: {err}", where=str(path), fix="give a UTF-8 .rq file") from err
    header = [_quote_summary(line[2:]) for line in text.splitlines() if line.startswith("#+")]
    try:
        decorators = yaml.safe_load("\n".join(header)) or {} if header else {}
    except yaml.YAMLError as err:
        raise QueryError(f"bad #+ decorators: {err}", where=str(path),
                         fix="write them as YAML, e.g. '#+ summary: …'") from err
    if not isinstance(decorators, dict):
        raise QueryError("bad #+ decorators", where=str(path), fix="write them as YAML mappings")
    defaults: dict[str, str] = {}
    for item in decorators.get("defaults") or []:
        if isinstance(item, dict):
            defaults.update({str(k): str(v) for k, v in item.items()})
    enumerated = tuple(str(name) for name in decorators.get("enumerate") or ())
    unknown = [name for name in enumerated if name not in ENUMERATIONS]
    if unknown:
        raise QueryError(f"#+ enumerate: no values known for {unknown[0]!r}", where=str(path),
                         fix="enumerate one of: " + ", ".join(ENUMERATIONS))
    return StoredQuery(
        name=path.stem, path=path, summary=str(decorators.get("summary", "")).strip(),
        tags=tuple(str(t) for t in decorators.get("tags") or ()), params=_params(text),
        defaults=defaults, text=text, enumerate=enumerated,
    )


def list_queries() -> list[StoredQuery]:
    """Every stored query shipped in ``queries/``, by name."""
    return [load_query(path) for path in sorted(data_dir("queries").glob("*.rq"))]


def format_listing(queries: list[StoredQuery]) -> str:
    """One line per query (name, parameters, summary), aligned."""
    rows = []
    for q in queries:
        params = " ".join(
            (f"{p.name}=" if p.required and p.name not in q.defaults else f"[{p.name}=]")
            + ("ENTITY" if p.entity else "VALUE")
            for p in q.params
        )
        rows.append((q.name, params, q.summary))
    width = [max((_width(r[i]) for r in rows), default=0) for i in range(2)]
    return "\n".join(
        f"{_pad(name, width[0])}  {_pad(params, width[1])}  {summary}".rstrip()
        for name, params, summary in rows
    )


def parse_params(pairs) -> dict[str, str]:
    """Turn ``["company=阿里", …]`` into a dict.

    >>> parse_params(["company=阿里", "year=2021"])
    {'company': '阿里', 'year': '2021'}

    Raises:
        QueryError: an item is not ``NAME=VALUE``.
    """
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter {pair!r}", where="--param", fix="write it as NAME=VALUE")
        params[name] = value
    return params


def _find_query(name: str) -> StoredQuery:
    path = Path(name)
    if name.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError("no such query file", where=name, fix="check the path")
        return load_query(path)
    stored = data_dir("queries") / f"{name}.rq"
    if "/" not in name and stored.is_file():
        return load_query(stored)
    names = sorted(p.stem for p in data_dir("queries").glob("*.rq"))
    raise QueryError(f"no stored query named {name!r}", where="kg query",
                     fix="choose one of: " + ", ".join(names))


# -- entity names -----------------------------------------------------------------------------


def _normalizer():
    try:
        from kg.catalog import normalize_name
        return normalize_name
    except ImportError:  # the catalog module is optional for ad-hoc use
        return lambda name: unicodedata.normalize("NFKC", name).casefold().strip()


def _catalog_iris(name: str) -> set[str]:
    try:
        from kg.catalog import load_catalog
        entity = load_catalog().lookup(name)
    except Exception:  # noqa: BLE001 - a broken catalog must not hide store labels
        return set()
    return {entity.iri} if entity is not None else set()


class _Backend:
    """Where queries run: a local store or a SPARQL endpoint."""

    def __init__(self, store: Store | None = None, endpoint: str | None = None, timeout: float = HTTP_TIMEOUT):
        self.store = store
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, text: str):
        if self.store is not None:
            return self.store.query(text, use_default_graph_as_union=True)
        return _http_query(self.endpoint, text, self.timeout)


def resolve_entity(backend: _Backend, value: str) -> list[str]:
    """IRIs of the entities named ``value`` (an IRI, or any label after normalisation).

    The store's name index (``kg:nameKey``, in the catalog and entities graphs) is one lookup;
    a store written before the index existed is scanned label by label instead.
    """
    match = _ABSOLUTE_IRI.fullmatch(value.strip())
    if match:
        return [match.group(1)]
    normalize = _normalizer()
    wanted = normalize(value)
    iris = _catalog_iris(value)
    if not wanted:
        return sorted(iris)
    found = backend.select(_NAME_KEY_QUERY.replace("?key", str(Literal(wanted)), 1))
    iris |= {row["entity"].value for row in found}
    if not backend.select(_HAS_INDEX):
        for row in backend.select(_LABELS_QUERY):
            if normalize(row["label"].value) == wanted:
                iris.add(row["entity"].value)
    return sorted(iris)


# -- binding and running ----------------------------------------------------------------------


def _where_groups(text: str) -> tuple[list[tuple[int, int]], dict[str, list[int]]]:
    """Every WHERE clause body as (after its ``{``, at its ``}``), and where each variable is used."""
    groups, stack, uses = [], [], {}
    for token in _TOKENS.finditer(text):
        value = token.group()
        if value[0] in "#\"'<":
            continue
        if value[0] in "?$":
            uses.setdefault(value[1:], []).append(token.start())
        elif value == "}":
            if stack:
                is_where, start = stack.pop()
                if is_where:
                    groups.append((start, token.start()))
        else:
            stack.append((value != "{", token.end()))
    return groups, uses


def _where_brace(text: str) -> int:
    first_brace = None
    for token in _TOKENS.finditer(text):
        value = token.group()
        if value[0] in "#\"'<?$" or value == "}":
            continue
        if value != "{":
            return token.end()
        if first_brace is None:
            first_brace = token.end()
    if first_brace is None:
        raise QueryError("no WHERE clause to bind parameters in", where="query",
                         fix="write the query as SELECT … WHERE { … }")
    return first_brace


def _values_block(bindings: dict[str, list]) -> str:
    blocks = []
    for variable, terms in bindings.items():
        blocks.append(f"VALUES ?{variable} {{ " + " ".join(str(t) for t in terms) + " }")
    return "\n  ".join(blocks)


def bind(text: str, bindings: dict[str, list]) -> str:
    """Add a ``VALUES`` block for each binding at the top of every WHERE clause that uses it.

    A subquery does not see its parent's ``VALUES``, so a subquery that uses a parameter
    gets its own block and is evaluated for the bound values only; a parameter used
    outside every subquery is bound at the top of the query's WHERE clause.
    Terms are written in N-Triples syntax by pyoxigraph, so a value cannot escape its literal.

    >>> bind('SELECT ?x WHERE { ?x ?p ?_v }', {"_v": [Literal('x" } DROP ALL #')]})
    'SELECT ?x WHERE {\\n  VALUES ?_v { "x\\\\" } DROP ALL #" }\\n ?x ?p ?_v }'
    >>> print(bind('SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?_v } } ?x ?q ?o }', {"_v": [Literal("v")]}))
    SELECT ?x WHERE { { SELECT ?x WHERE {
      VALUES ?_v { "v" }
     ?x ?p ?_v } } ?x ?q ?o }
    """
    if not bindings:
        return text
    groups, uses = _where_groups(text)
    outer = _where_brace(text)
    at: dict[int, dict[str, list]] = {}
    for variable, terms in bindings.items():
        starts = set()
        for position in uses.get(variable, []):
            # The innermost WHERE clause around this use; outside every clause, the query's own.
            inner = [group for group in groups if group[0] <= position < group[1]]
            starts.add(max(inner)[0] if inner else outer)
        for start in starts or {outer}:
            at.setdefault(start, {})[variable] = terms
    for start in sorted(at, reverse=True):
        text = text[:start] + "\n  " + _values_block(at[start]) + "\n" + text[start:]
    return text


_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^<>\s]*>|BASE\s*<[^<>\s]*>)*", re.I)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def _check_syntax(text: str) -> None:
    try:
        Store().query(text)
    except SyntaxError as err:
        # An update is told by its first word, never by running it: LOAD <url> would fetch the URL.
        if _UPDATE.match(text, _PROLOGUE.match(text).end()):
            raise QueryError("updates are not allowed here", where="query",
                             fix="`kg query` only reads; change the store with `kg build` or `kg remove`") from err
        raise QueryError(f"SPARQL syntax error: {err}", where="query", fix="fix the query text") from err


def _bindings(query: StoredQuery, params: dict[str, str], backend: _Backend) -> dict[str, list]:
    known = {p.name for p in query.params}
    unknown = sorted(set(params) - known)
    if unknown:
        raise QueryError(f"unknown parameter {unknown[0]!r}", where=query.name,
                         fix="this query takes: " + (", ".join(sorted(known)) or "no parameters"))
    bindings: dict[str, list] = {}
    for param in query.params:
        value = params.get(param.name, query.defaults.get(param.name))
        if value is None:
            if param.required:
                raise QueryError(f"missing parameter {param.name!r}", where=query.name,
                                 fix=f"add --param {param.name}=VALUE")
            continue
        if param.entity:
            iris = resolve_entity(backend, value)
            if not iris:
                shown = value if len(value) <= 60 else value[:59] + "…"  # a 100 KB value stays one short line
                raise QueryError(f"no entity named {shown!r}", where=f"--param {param.name}",
                                 fix="look names up with `kg query entities`")
            bindings[param.variable] = [NamedNode(iri) for iri in iris]
        else:
            if param.name in query.enumerate:
                _check_enumerated(param.name, value)
            bindings[param.variable] = [Literal(value)]
    return bindings


def _check_enumerated(name: str, value: str) -> None:
    """Raise unless ``value`` is one of the values the parameter ``name`` may take.

    >>> _check_enumerated("modality", "denied")
    >>> _check_enumerated("type", "Compny")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: --param type=Compny: not a type (one of: AIModel, AdPlatform, App, Chip, Company, Feature, GovernmentAgency, InvestmentFirm, MiniProgram, Organization, PaymentService, Person, Platform, Product)
    """
    what, values = ENUMERATIONS[name]
    if value not in values:
        shown = value if len(value) <= 60 else value[:59] + "…"
        shown = shown if shown.isprintable() else repr(shown)  # one line, however the value is made
        raise QueryError(f"not {what}", where=f"--param {name}={shown}", fix="one of: " + ", ".join(sorted(values)))


def run(*, name: str | None = None, expression: str | None = None, params: dict[str, str] | None = None,
        store_dir=None, endpoint: str | None = None, timeout: float | None = None, limit: int | None = None,
        offset: int | None = None) -> QueryResult:
    """Run a stored query (by name or ``.rq`` path) or an ad-hoc expression.

    Locally the default graph is the union of all graphs; over HTTP the same is asked
    of the endpoint (``union-default-graph``). Either way the answer is waited for at most
    ``timeout`` seconds (default ``QUERY_TIMEOUT``): locally the query runs in a child process
    (pyoxigraph cannot cancel a query), which is killed when the time is up or on Ctrl-C.
    ``limit`` and ``offset`` page the rows (in the query's own order).

    Raises:
        QueryError: unknown query, missing or unknown parameter, unknown entity name,
            syntax error, an update instead of a query, or no answer in time.
        StoreError: the store is missing or locked.
        ServerError: the endpoint cannot be reached or rejects the query.
        Interrupted: Ctrl-C.
    """
    params = params or {}
    if (name is None) == (expression is None):
        raise QueryError("give a query name or -e EXPRESSION, not both", where="kg query",
                         fix="see `kg query --help`")
    if expression is not None:
        query = StoredQuery("-e", Path("-e"), "", (), _params(expression), {}, expression)
    else:
        query = _find_query(name)
    _check_syntax(query.text)
    page = Page(limit, offset)
    if endpoint is not None:
        return _run(query, params, _Backend(endpoint=endpoint, timeout=timeout or HTTP_TIMEOUT), page=page)
    return _run_in_child(query, params, store_dir, page, timeout or QUERY_TIMEOUT)


def _child(conn, query: StoredQuery, params: dict[str, str], store_dir, page: "Page", parent: int) -> None:
    """In the child process: open the store, run the query, send back the result or the error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and kills this process
    _die_with_parent(parent)
    try:
        with KgStore.open(store_dir, read_only=True) as kg_store:
            conn.send(("result", _run(query, params, _Backend(store=kg_store.store), page=page)))
    except KgError as err:
        conn.send(("error", type(err), err.what, err.where, err.fix))
    except BaseException:  # noqa: BLE001 - a bug: its traceback goes to the parent
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``): a
    ``kill -9`` of ``kg query`` leaves no query running on.

    The parent may die between the fork and the ``prctl`` (the kernel then never signals): the
    child checks afterwards that ``parent`` is still its parent, and ends at once if not.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


class _StopSignals:
    """While a child query runs: SIGTERM and SIGHUP end the wait as Ctrl-C does (main thread only)."""

    def __enter__(self):
        self.previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGHUP):
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    @staticmethod
    def _handle(signum, frame):
        raise Interrupted(f"query interrupted by {signal.Signals(signum).name}", fix="run it again", signum=signum)

    def __exit__(self, *exc):
        for signum, previous in self.previous.items():
            signal.signal(signum, previous)
        return False


def _run_in_child(query: StoredQuery, params: dict[str, str], store_dir, page: "Page", timeout: float
                  ) -> QueryResult:
    """``_run`` on the store in a child process, killed after ``timeout`` seconds or on Ctrl-C.

    pyoxigraph has no way to cancel a query, and a thread cannot be stopped: a child
    process is (SIGKILL), and the store it opened read-only holds no lock. Forking costs
    about 10 ms here; the child opens the store itself.
    """
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, query, params, store_dir, page, os.getpid()), daemon=True,
                            name="kg-query")
    started = time.monotonic()
    child.start()
    send.close()
    try:
        with _StopSignals():
            message = _wait(receive, child, query, started, timeout)
    except Interrupted as err:  # from the signal handler, which does not know the query's name
        raise Interrupted(err.what, where=query.name, fix=err.fix, signum=err.signum) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if message[0] == "error":
        _, kind, what, where, fix = message
        raise kind(what, where=where, fix=fix)
    if message[0] == "bug":
        raise RuntimeError("the query process failed:\n" + message[1])
    return message[1]


def _wait(receive, child, query: StoredQuery, started: float, timeout: float):
    try:
        while not receive.poll(0.05):
            if not child.is_alive() and not receive.poll(0):
                raise QueryError(f"the query process ended without an answer (exit {child.exitcode})",
                                 where=query.name, fix="run it again; if it ends the same way, report a bug")
            if time.monotonic() - started > timeout:
                raise QueryError(f"no answer within {timeout:g} s", where=query.name,
                                 fix="make the query more selective (a LIMIT, a bound parameter), "
                                     "or allow more time with --timeout")
        return receive.recv()
    except KeyboardInterrupt:
        raise Interrupted("query interrupted by SIGINT", where=query.name, fix="run it again") from None
    except EOFError:
        raise QueryError("the query process ended without an answer", where=query.name,
                         fix="run it again; if it ends the same way, report a bug") from None


#: Where a stored query wants its page: a comment line ``#page`` after the ORDER BY of the
#: subquery that selects the rows (the outer query then reads details for that page only).
_PAGE_MARK = re.compile(r"^[ \t]*#page[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """Which rows of a SELECT to return: ``limit`` rows from ``offset`` (``None``: all)."""

    limit: int | None = None
    offset: int | None = None

    def apply(self, text: str, where: str) -> str:
        r"""``text`` with ``LIMIT``/``OFFSET`` after its solution modifiers, or in place of a
        ``#page`` line (the ordered subquery that selects the page's rows).

        >>> Page(100, 200).apply("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x", "q")
        'SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\nLIMIT 100 OFFSET 200'
        >>> Page(10).apply("SELECT * WHERE { { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n#page\n} }", "q")
        'SELECT * WHERE { { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\nLIMIT 10\n} }'

        Raises:
            QueryError: a negative value, or a query that has its own LIMIT or OFFSET.
        """
        if self.limit is None and self.offset is None:
            return text
        for name, value in (("limit", self.limit), ("offset", self.offset)):
            if value is not None and value < 0:
                raise QueryError(f"{name} {value} is negative", where=f"--{name}", fix="give 0 or more")
        tail = ((f"LIMIT {self.limit}" if self.limit is not None else "")
                + (f" OFFSET {self.offset}" if self.offset else "")).strip()
        if _PAGE_MARK.search(text):
            # the query pages an inner, ordered selection and looks details up for that page only
            return _PAGE_MARK.sub(tail, text)
        body = _TOKENS.sub(lambda m: " " if m.group()[0] in "#\"'<" else m.group(), text)
        if re.search(r"\b(?:LIMIT|OFFSET)\s+\d+\s*$", body, re.IGNORECASE):
            raise QueryError("the query has its own LIMIT or OFFSET", where=where,
                             fix="drop --limit/--offset, or the query's own LIMIT")
        return text.rstrip() + "\n" + tail


@contextmanager
def connect(store_dir=None, endpoint: str | None = None) -> Iterator[_Backend]:
    """Where several queries run in a row: the store opened once (read-only), or an endpoint.

    Raises:
        StoreError: the store is missing or locked.
    """
    if endpoint is not None:
        yield _Backend(endpoint=endpoint)
        return
    with KgStore.open(store_dir, read_only=True) as kg_store:
        yield _Backend(store=kg_store.store)


def run_stored(backend: _Backend, name: str, params: dict[str, str] | None = None,
               bindings: dict[str, list] | None = None, page: Page = Page()) -> QueryResult:
    """Run the stored query ``name`` on ``backend`` (from :func:`connect`).

    ``params`` are bound as ``kg query --param`` binds them (entity names resolved);
    ``bindings`` maps a parameter's variable (``__entity_iri``) to RDF terms directly,
    for a caller that already holds IRIs.

    Raises:
        QueryError: unknown query or parameter, or the query fails.
    """
    query = _find_query(name)
    return _run(query, params or {}, backend, bindings or {}, page)


def _run(query: StoredQuery, params: dict[str, str], backend: _Backend,
         extra: dict[str, list] | None = None, page: Page = Page()) -> QueryResult:
    bindings = {**_bindings(query, params, backend), **(extra or {})}
    started = time.perf_counter()
    # One binding mechanism for both backends (pyoxigraph substitutions only reach
    # projected variables), so a query gives the same rows locally and over HTTP.
    text = page.apply(bind(query.text, bindings), query.name)
    if backend.store is not None:
        try:
            result = _collect(backend.store.query(text, use_default_graph_as_union=True))
        except (SyntaxError, OSError, RuntimeError, ValueError) as err:
            raise QueryError(f"query failed: {err}", where=query.name, fix="fix the query") from err
    else:
        result = _collect(_http_query(backend.endpoint, text, backend.timeout))
    if query.name != "-e":  # an expression keeps the columns its author wrote
        result = with_labels(result, backend)
    result.seconds = time.perf_counter() - started
    return result


# -- labels beside IRIs ------------------------------------------------------------------------

#: IRIs per label lookup (each is one query with a VALUES block).
_LABEL_BATCH = 400
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def _label_rank(predicate: str, label: Literal) -> tuple:
    """Sort key of a label: ``skos:prefLabel`` before ``rdfs:label``, Simplified Chinese first.

    >>> _label_rank(_SKOS_PREF, Literal("阿里巴巴", language="zh-hans")) < _label_rank(_SKOS_PREF, Literal("Alibaba", language="en"))
    True
    """
    language = (label.language or "").lower()
    script = (0 if language in ("zh-hans", "zh-cn", "zh") else 1 if language.startswith("zh") else
              2 if not language else 3)
    return (predicate != _SKOS_PREF, script, language, label.value)


def labels(backend: _Backend, iris) -> dict[str, str]:
    """The preferred label of each entity IRI that has one: its ``skos:prefLabel`` in Simplified
    Chinese, else any ``skos:prefLabel`` or ``rdfs:label`` (catalog and entities graphs only, so a
    document, a statement or an ontology term gets none)."""
    iris = sorted(set(iris))
    best: dict[str, tuple] = {}
    for start in range(0, len(iris), _LABEL_BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + _LABEL_BATCH])
        text = (f"SELECT ?e ?p ?l WHERE {{ VALUES ?e {{ {values} }} "
                f"VALUES ?g {{ <{CATALOG_GRAPH}> <{ENTITIES_GRAPH}> }} "
                f"VALUES ?p {{ <{_SKOS_PREF}> <http://www.w3.org/2000/01/rdf-schema#label> }} "
                "GRAPH ?g { ?e ?p ?l } }")
        for row in backend.select(text):
            label = row["l"]
            if not isinstance(label, Literal):
                continue
            rank = _label_rank(row["p"].value, label)
            iri = row["e"].value
            if iri not in best or rank < best[iri][0]:
                best[iri] = (rank, label.value)
    return {iri: label for iri, (_, label) in best.items()}


def _label_column(variables: list[str], i: int) -> int | None:
    """The index of the column a query already gives as the label of column ``i``, if any."""
    name = variables[i]
    if f"{name}Label" in variables:
        return variables.index(f"{name}Label")
    after = variables[i + 1] if i + 1 < len(variables) else ""
    if after in ("label", "name") or (after.endswith("Label") and after[:-5] not in variables):
        return i + 1
    return None


def with_labels(result: QueryResult, backend: _Backend) -> QueryResult:
    """The rows with each entity's preferred label just before its IRI (names first).

    A column counts as an entity column when one of its IRIs has a label (:func:`labels`). A new
    column is named after the IRI's (``launcher`` → ``launcherLabel``); a label column the query
    already had moves before its IRI and gets the label where its own pattern found none.
    """
    if result.boolean is not None or not result.rows:
        return result
    variables = result.variables
    iri_columns = [i for i, v in enumerate(variables) if not v.endswith("Label") and v not in ("label", "name")
                   and any(isinstance(row[i], NamedNode) for row in result.rows)]
    found = labels(backend, {row[i].value for row in result.rows for i in iri_columns
                             if isinstance(row[i], NamedNode)})
    pairs = {}  # IRI column -> its label column (an index, or None: a new one)
    for i in iri_columns:
        if any(isinstance(row[i], NamedNode) and row[i].value in found for row in result.rows):
            pairs[i] = _label_column(variables, i)
    if not pairs:
        return result
    taken = {j for j in pairs.values() if j is not None}
    order: list[tuple[str, int | None, int | None]] = []  # (name, column of the query, IRI column it labels)
    for i, name in enumerate(variables):
        if i in taken:
            continue
        if i in pairs:
            j = pairs[i]
            order.append((variables[j] if j is not None else f"{name}Label", j, i))
        order.append((name, i, None))
    rows = []
    for row in result.rows:
        cells = []
        for _, column, labelled in order:
            cell = row[column] if column is not None else None
            if labelled is not None and cell is None and isinstance(row[labelled], NamedNode):
                text = found.get(row[labelled].value)
                cell = Literal(text) if text is not None else None
            cells.append(cell)
        rows.append(tuple(cells))
    return QueryResult(variables=[name for name, _, _ in order], rows=rows, boolean=None, seconds=result.seconds)


def _collect(results) -> QueryResult:
    if isinstance(results, QueryBoolean):
        return QueryResult(variables=[], boolean=bool(results))
    if isinstance(results, (QueryTriples, list)):
        rows = [(t.subject, t.predicate, t.object) for t in results]
        return QueryResult(variables=["subject", "predicate", "object"], rows=rows)
    variables = [v.value for v in results.variables]
    rows = [tuple(solution[v] for v in variables) for solution in results]
    return QueryResult(variables=variables, rows=rows)


# -- HTTP ------------------------------------------------------------------------------------


def _http_query(endpoint: str, text: str, timeout: float = HTTP_TIMEOUT):
    url = endpoint_url(endpoint, "query") + "?union-default-graph"
    request = urllib.request.Request(
        url, data=text.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query; charset=utf-8",
                 "Accept": "application/sparql-results+json, application/n-triples;q=0.5"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            media = response.headers.get_content_type()
    except urllib.error.HTTPError as err:
        detail = http_detail(err.read())
        if err.code >= 500:
            raise ServerError(f"the server failed: HTTP {err.code} {detail}".rstrip(), where=url.split("?")[0],
                              fix="see the server's log, then run the command again", status=err.code) from err
        raise QueryError(f"the endpoint rejected the query: HTTP {err.code} {detail}".rstrip(),
                         where=url.split("?")[0], fix="fix the query") from err
    except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
        raise connection_error(err, url, timeout=timeout,
                               fix="start the server with `kg serve` or check --endpoint") from err
    if body.rstrip().endswith(b"The SPARQL operation has been cancelled"):  # Oxigraph's --timeout-s
        raise QueryError("the server stopped the query at its time limit", where=url.split("?")[0],
                         fix="make the query more selective (a LIMIT, a bound parameter), or serve "
                             "with a longer --timeout")
    try:
        if media == "application/n-triples":
            from pyoxigraph import RdfFormat, parse
            return list(parse(body, format=RdfFormat.N_TRIPLES))
        if media in ("application/sparql-results+json", "application/json"):
            # read once to the end here: the parser is lazy, and a body cut short fails on its last row
            checked = parse_query_results(body, format=QueryResultsFormat.JSON)
            if not isinstance(checked, QueryBoolean):
                for _ in checked:
                    pass
            return parse_query_results(body, format=QueryResultsFormat.JSON)
    except SyntaxError:
        pass
    raise not_results(body, url)


# -- formatting -------------------------------------------------------------------------------


def _compact(term) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    if isinstance(term, BlankNode):
        return str(term)
    return term.value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _json_term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        value["datatype"] = term.datatype.value
    return value


def format_result(result: QueryResult, fmt: str) -> str:
    """Render as ``table`` (aligned text), or W3C SPARQL 1.1 results ``csv``, ``tsv``, ``json``."""
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    variables = result.variables
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None}
                    for row in result.rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in result.rows:
            writer.writerow(["" if t is None else t.value for t in row])
        return out.getvalue().rstrip("\r\n")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
        return "\n".join(lines)
    if fmt == "table":
        cells = [[_compact(t) for t in row] for row in result.rows]
        widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(variables)]
        lines = ["  ".join(_pad(v, w) for v, w in zip(variables, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
        lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
        return "\n".join(lines)
    raise QueryError(f"unknown format {fmt!r}", where="--format", fix="use table, csv, tsv or json")
