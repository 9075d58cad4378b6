"""Linked Data: an IRI kg minted, dereferenced over HTTP (``kg api``).

``GET /id/entity/alibaba-group`` (the path of an IRI under the configured base) answers what
the store says of that IRI — its types, names and links in the catalog, entities and facts
graphs, its description in a document's graph, and the relations pointing at it in the facts
graph — as Turtle for ``Accept: text/turtle`` (and any other RDF client) or as a readable HTML
page for ``Accept: text/html`` (a browser). 404 when the store says nothing of it.
"""

from __future__ import annotations

import html
import urllib.error
import urllib.parse
import urllib.request

from pyoxigraph import Literal, NamedNode, RdfFormat, parse, serialize

from kg.server import http_detail
from kg.store import PREFIXES
from kg.errors import ServerError
from kg.vocab import DEFAULT_BASE_IRI, FACTS_GRAPH, SKOS

#: The path under which minted IRIs live on the server (``/id/`` for the default base).
ID_PATH = urllib.parse.urlsplit(DEFAULT_BASE_IRI).path or "/"


def iri_for(path: str) -> str | None:
    """The minted IRI a request path names, or ``None`` when the path is not under the base.

    >>> iri_for("/id/entity/alibaba-group") == DEFAULT_BASE_IRI + "entity/alibaba-group"
    True
    """
    if not path.startswith(ID_PATH) or path == ID_PATH:
        return None
    return DEFAULT_BASE_IRI + path[len(ID_PATH):]


def describe(endpoint: str, iri: str, timeout: float = 60.0) -> list:
    """The triples the store holds about ``iri``: every triple with it as subject, in any graph
    (an index lookup), and the facts graph's triples with it as object."""
    node = str(NamedNode(iri))
    query = (f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} WHERE {{ "
             f"{{ GRAPH ?g {{ {node} ?p ?o }} }} UNION {{ GRAPH <{FACTS_GRAPH}> {{ ?s ?q {node} }} }} }}")
    request = urllib.request.Request(
        endpoint, data=query.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as err:
        raise ServerError(f"the server failed: HTTP {err.code} {http_detail(err.read())}".rstrip(), where=endpoint,
                          fix="see the server's log") from err
    except (urllib.error.URLError, OSError) as err:
        raise ServerError(f"cannot reach the SPARQL endpoint: {err}", where=endpoint,
                          fix="start it with `kg serve`") from err
    return sorted(set(parse(body, format=RdfFormat.N_TRIPLES)), key=str)


def turtle(triples: list) -> bytes:
    """The triples as Turtle with kg's prefixes."""
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def wants_html(accept: str) -> bool:
    """Whether the ``Accept`` header prefers HTML to Turtle (a browser's does; an RDF client's not).

    >>> wants_html("text/html,application/xhtml+xml,*/*;q=0.8"), wants_html("text/turtle"), wants_html("*/*")
    (True, False, False)
    """
    def quality(media: str) -> float:
        best = 0.0
        for part in accept.split(","):
            name, *params = [p.strip() for p in part.split(";")]
            if name == media:
                q = next((float(p[2:]) for p in params if p.startswith("q=") and _number(p[2:])), 1.0)
                best = max(best, q)
        return best

    return quality("text/html") > max(quality("text/turtle"), quality("application/n-triples"))


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _term(term) -> str:
    if isinstance(term, NamedNode):
        shown = term.value
        for prefix, namespace in PREFIXES.items():
            if shown.startswith(namespace) and len(shown) > len(namespace):
                shown = f"{prefix}:{shown[len(namespace):]}"
                break
        href = term.value
        if href.startswith(DEFAULT_BASE_IRI):
            href = ID_PATH + href[len(DEFAULT_BASE_IRI):]  # follow it on this server
        return f'<a href="{html.escape(href)}">{html.escape(shown)}</a>'
    if isinstance(term, Literal):
        tag = f' <small>@{html.escape(term.language)}</small>' if term.language else ""
        return html.escape(term.value) + tag
    return html.escape(str(term))


def page(iri: str, triples: list) -> str:
    """A readable HTML page of what the store says about ``iri``."""
    names = [t.object for t in triples if t.subject.value == iri and t.predicate.value == str(SKOS.prefLabel)
             and isinstance(t.object, Literal)]
    title = names[0].value if names else iri
    rows = "\n".join(f"<tr><td>{_term(t.subject) if t.subject.value != iri else ''}</td>"
                     f"<td>{_term(t.predicate)}</td><td>{_term(t.object)}</td></tr>" for t in triples)
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>"
            f'<link rel="alternate" type="text/turtle" href="{html.escape(iri)}"></head>\n'
            f"<body><h1>{html.escape(title)}</h1><p><code>{html.escape(iri)}</code></p>\n"
            f"<table><tr><th>subject</th><th>property</th><th>value</th></tr>\n{rows}\n</table></body></html>\n")
