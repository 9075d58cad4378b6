"""Run the real Oxigraph server on a store, and push a store into a running server."""

from __future__ import annotations

import ipaddress
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat

from kg.errors import ServerError, StoreError
from kg.store import KgStore, is_store
from kg.vocab import KG


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` executable of the ``oxigraph`` package.

    Raises:
        ServerError: it is not installed.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError("the oxigraph server binary is not installed", where="oxigraph",
                      fix="pip install oxigraph")


def split_bind(bind: str) -> tuple[str, int]:
    """``"127.0.0.1:7878"`` → ``("127.0.0.1", 7878)``; IPv6 as ``[::1]:7878``.

    >>> split_bind("[::1]:7878")
    ('::1', 7878)
    """
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise ServerError("not HOST:PORT", where=f"--bind {bind}", fix="e.g. --bind 127.0.0.1:7878")
    return host.strip("[]"), int(port)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class OxigraphServer:
    """A running ``oxigraph serve`` process; a context manager that stops it."""

    def __init__(self, store_dir, *, bind: str = "127.0.0.1:7878", read_only: bool = False):
        self.store_dir = Path(store_dir)
        self.host, self.port = split_bind(bind)
        self.read_only = read_only
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Base URL (``http://HOST:PORT``)."""
        return f"http://{_url_host(self.host)}:{self.port}"

    @property
    def endpoint(self) -> str:
        """The SPARQL query endpoint."""
        return self.url + "/query"

    def start(self, timeout: float = 30.0) -> "OxigraphServer":
        """Start the server and wait until it answers.

        Raises:
            StoreError: no store at ``store_dir``, or it is locked by another process.
            ServerError: the port is taken or the server exits.
        """
        if not is_store(self.store_dir):
            raise StoreError("no store here", where=str(self.store_dir), fix="run `kg build` first")
        # Opening for writing is the only way to see the lock before the server fails on it.
        KgStore.open(self.store_dir).close()
        with socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET) as probe:
            try:
                probe.bind((self.host, self.port))
            except OSError as err:
                raise ServerError(f"cannot listen on {self.host}:{self.port}: {err.strerror}",
                                  where="--bind", fix="choose a free port, e.g. --bind 127.0.0.1:7879") from err
        command = [oxigraph_binary(), "serve-read-only" if self.read_only else "serve",
                   "--location", str(self.store_dir), "--bind", f"{_url_host(self.host)}:{self.port}",
                   "--union-default-graph"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = self.process.stderr.read().decode("utf-8", "replace").strip()
                raise ServerError(f"oxigraph exited: {message or self.process.returncode}",
                                  where=str(self.store_dir), fix="see the message above")
            if _answers(self.url):
                return self
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"oxigraph did not answer within {timeout:.0f}s", where=self.url,
                          fix="check the store and the port")

    def wait(self) -> int:
        """Block until the server exits; Ctrl-C stops it."""
        try:
            return self.process.wait()
        except KeyboardInterrupt:
            self.stop()
            return 0

    def stop(self) -> None:
        """Stop the server (SIGINT, then SIGKILL after 10 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def serve(store_dir, *, bind: str = "127.0.0.1:7878", read_only: bool = False, echo=print) -> int:
    """Serve ``store_dir`` with Oxigraph until Ctrl-C; print the SPARQL endpoint."""
    server = OxigraphServer(store_dir, bind=bind, read_only=read_only)
    if not is_loopback(server.host):
        echo(f"warning: listening on {server.host}, reachable from other machines")
    server.start()
    echo(f"SPARQL endpoint: {server.endpoint}  ({'read-only' if read_only else 'read-write'}, "
         f"store {store_dir}; Ctrl-C stops)")
    return server.wait()


# -- push -------------------------------------------------------------------------------------


@dataclass
class PushReport:
    """What ``push`` sent."""

    endpoint: str
    graphs: int
    triples: int
    seconds: float
    removed: int = 0

    def summary(self) -> str:
        gone = f", removed {self.removed} documents no longer in the store" if self.removed else ""
        return (f"pushed {self.graphs} graphs ({self.triples} triples) to {self.endpoint} "
                f"in {self.seconds:.2f}s{gone}")


def endpoint_url(endpoint: str, service: str) -> str:
    """The URL of an Oxigraph ``service`` (query, store, update) from any of its URLs.

    >>> endpoint_url("http://127.0.0.1:7878/", "query")
    'http://127.0.0.1:7878/query'
    >>> endpoint_url("http://127.0.0.1:7878/query", "store")
    'http://127.0.0.1:7878/store'
    """
    base = endpoint.rstrip("/")
    for suffix in ("/query", "/store", "/update"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return f"{base}/{service}"


def _put(url: str, body: bytes) -> None:
    _send(url, method="PUT", body=body)


def _send(url: str, *, method: str, body: bytes | None = None, accept: str | None = None) -> bytes:
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip()
        raise ServerError(f"the server refused the graph: HTTP {err.code} {detail}", where=url,
                          fix="check that the endpoint accepts writes (not serve-read-only)") from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise ServerError(f"cannot reach the endpoint: {reason}", where=url,
                          fix="start it with `kg serve` or check --endpoint") from err


def push(store_dir, endpoint: str) -> PushReport:
    """PUT every named graph of the store to a Graph Store Protocol endpoint (replace semantics).

    Raises:
        StoreError: the store is missing or locked.
        ServerError: the endpoint cannot be reached or refuses a graph.
    """
    target = endpoint_url(endpoint, "store")
    started = time.perf_counter()
    graphs = triples = 0
    with KgStore.open(store_dir, read_only=True) as kg_store:
        store = kg_store.store
        pushed: set[str] = set()
        for graph in sorted(store.named_graphs(), key=lambda g: g.value):
            if not isinstance(graph, NamedNode):
                continue
            body = store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b""
            _put(f"{target}?graph={urllib.parse.quote(graph.value, safe='')}", body)
            graphs += 1
            triples += body.count(b"\n")
            pushed.add(graph.value)
    # A document removed locally (kg remove, or replaced by a new version) must not linger on
    # the server, or the server would answer with facts the store no longer holds.
    stale = sorted(_served_documents(target) - pushed)
    for iri in stale:
        _send(f"{target}?graph={urllib.parse.quote(iri, safe='')}", method="DELETE")
    return PushReport(endpoint=target, graphs=graphs, triples=triples,
                      seconds=time.perf_counter() - started, removed=len(stale))


def _served_documents(target: str) -> set[str]:
    """IRIs of the document graphs (graphs holding their own ``kg:Document`` node) on the server."""
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{KG.Document}> }} }}"
    url = endpoint_url(target, "query") + "?" + urllib.parse.urlencode({"query": query})
    body = _send(url, method="GET", accept="application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    return {row["g"]["value"] for row in rows}
