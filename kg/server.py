"""Run the real Oxigraph server on a store, and push a store into a running server."""

from __future__ import annotations

import functools
import hashlib
import http.client
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, serialize

from kg.errors import Interrupted, KgError, ServerError, StoreError
from kg.store import KgStore, canonical, is_store
from kg.text import count
from kg.vocab import KG, PUSHED_GRAPH


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


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def listening_ports(pid: int) -> set[int]:
    """The TCP ports process ``pid`` listens on (Linux: its sockets' inodes in ``/proc/net/tcp*``).

    ``oxigraph serve --bind HOST:0`` takes a free port the kernel chooses but prints ``:0``;
    this reads the port back, so a port is never probed, closed and bound again later (a
    race with any other process looking for a free port). Empty where ``/proc`` is missing.
    """
    try:
        inodes = {os.readlink(fd)[8:-1] for fd in Path(f"/proc/{pid}/fd").iterdir()
                  if os.readlink(fd).startswith("socket:[")}
    except OSError:
        return set()
    ports = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


#: The signals that stop ``kg serve`` and ``kg api`` (Ctrl-C, systemd's stop, a closed terminal).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextmanager
def signals_deferred():
    """Hold the stop signals until the block ends, then raise the first one received.

    Stopping the Oxigraph server takes a moment; a second Ctrl-C or a SIGTERM in that moment
    would otherwise end this process first and leave the server running. Only the main thread
    can set handlers; elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: received.append(signum))
                for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            signal.raise_signal(received[0])


def _die_with_parent(parent: int) -> None:
    """In the Oxigraph child, before exec: SIGINT when the process that started it dies, even by
    SIGKILL (Linux's PR_SET_PDEATHSIG), so no server outlives ``kg``. A parent that died between
    the fork and the ``prctl`` is never signalled for: then the child ends before the exec."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG; SIGINT, which it stops on at once
        if os.getppid() != parent:
            os._exit(1)


class OxigraphServer:
    """A running ``oxigraph serve`` process; a context manager that stops it."""

    def __init__(self, store_dir, *, bind: str = "127.0.0.1:7878", read_only: bool = False,
                 timeout: float | None = None):
        self.store_dir = Path(store_dir)
        self.host, self.port = split_bind(bind)
        self.read_only = read_only
        #: seconds a SPARQL query may run on the server (Oxigraph's --timeout-s; whole seconds)
        self.timeout = timeout
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Base URL (``http://HOST:PORT``)."""
        return f"http://{url_host(self.host)}:{self.port}"

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
        chosen = self.port == 0  # the kernel chooses a free port; read back from /proc below
        if not chosen:
            with socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET) as probe:
                try:
                    probe.bind((self.host, self.port))
                except OSError as err:
                    raise ServerError(f"cannot listen on {self.host}:{self.port}: {err.strerror}",
                                      where="--bind", fix="choose a free port, e.g. --bind 127.0.0.1:7879") from err
        command = [oxigraph_binary(), "serve-read-only" if self.read_only else "serve",
                   "--location", str(self.store_dir), "--bind", f"{url_host(self.host)}:{self.port}",
                   "--union-default-graph"]
        if self.timeout:
            command += ["--timeout-s", str(max(1, round(self.timeout)))]
        # PDEATHSIG fires when the starting *thread* ends, so only the main thread asks for it
        tie = (functools.partial(_die_with_parent, os.getpid())
               if threading.current_thread() is threading.main_thread() else None)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=tie)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = self.process.stderr.read().decode("utf-8", "replace").strip()
                raise ServerError(f"oxigraph exited: {message or self.process.returncode}",
                                  where=str(self.store_dir), fix="see the message above")
            if chosen:
                ports = listening_ports(self.process.pid)
                if not ports:
                    time.sleep(0.02)
                    continue
                self.port = min(ports)
                chosen = False
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
        """Stop the server (SIGINT, then SIGKILL after 10 s); a stop signal meanwhile waits for it."""
        if self.process is None or self.process.poll() is not None:
            return
        with signals_deferred():
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


#: Seconds a query may run on a server ``kg serve`` or ``kg api`` starts.
SERVER_TIMEOUT = 60


def serve(store_dir, *, bind: str = "127.0.0.1:7878", read_only: bool = False, echo=print,
          timeout: float | None = SERVER_TIMEOUT) -> int:
    """Serve ``store_dir`` with Oxigraph until Ctrl-C; print the SPARQL endpoint.

    A query still running after ``timeout`` seconds is stopped by the server (an HTTP error).
    A directory that does not exist or is empty becomes an empty store with the ontology,
    shapes and catalog graphs (not with ``read_only``), for ``kg push`` to fill.
    """
    store_dir = Path(store_dir)
    if not read_only and not is_store(store_dir) and (not store_dir.exists() or
                                                      (store_dir.is_dir() and not any(store_dir.iterdir()))):
        store_dir.mkdir(parents=True, exist_ok=True)
        with KgStore.open(store_dir, create=True) as store:
            store.ensure_schema()
        echo(f"kg serve: a new, empty store in {store_dir}")
    server = OxigraphServer(store_dir, bind=bind, read_only=read_only, timeout=timeout)
    if not is_loopback(server.host):
        echo(f"warning: listening on {server.host}, reachable from other machines")
    # SIGTERM and SIGHUP end this process as SystemExit, so the server below is stopped, not orphaned;
    # Ctrl-C at any moment (even before the wait) stops it too.
    previous = {signum: signal.signal(signum, exit_on_signal) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        server.start()
        limit = f"queries stop after {server.timeout:g} s; " if server.timeout else ""
        echo(f"SPARQL endpoint: {server.endpoint}  ({'read-only' if read_only else 'read-write'}, "
             f"store {store_dir}; {limit}Ctrl-C stops)")
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# -- push -------------------------------------------------------------------------------------


@dataclass
class PushReport:
    """What ``push`` sent: ``graphs`` changed graphs with ``quads`` quads; ``unchanged`` graphs
    the server already held as the store does; ``removed`` document graphs it dropped."""

    endpoint: str
    graphs: int
    quads: int
    seconds: float
    removed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        gone = f", removed {count(self.removed, 'document')} no longer in the store" if self.removed else ""
        return (f"pushed {count(self.graphs, 'graph')} ({count(self.quads, 'quad')}) to {self.endpoint} "
                f"in {self.seconds:.2f}s, {self.unchanged} unchanged{gone}")

    def as_dict(self) -> dict:
        """The report as plain JSON values (``kg push --json``)."""
        return {"endpoint": self.endpoint, "pushed": self.graphs, "quads": self.quads, "unchanged": self.unchanged,
                "removed": self.removed, "seconds": round(self.seconds, 3)}


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


def http_detail(body: bytes) -> str:
    """The gist of an HTTP answer for an error line: tags dropped, white space squeezed, short.

    >>> http_detail(b"<html><body><h1>500 Internal Server Error</h1>\\n<p>oops</p></body></html>")
    '500 Internal Server Error oops'
    """
    text = " ".join(re.sub(r"<[^>]*>", " ", body[:4000].decode("utf-8", "replace")).split())
    return text if len(text) <= 160 else text[:159] + "…"


def connection_error(err: BaseException, url: str, *, timeout: float,
                     fix: str = "start it with `kg serve` or check --endpoint") -> ServerError:
    """A ``ServerError`` for a request to ``url`` that got no usable HTTP answer.

    ``fix`` is for an endpoint nobody answers at; a lost connection, a timeout and an
    answer that is not HTTP each get their own.
    """
    where = url.split("?", 1)[0]
    reason = getattr(err, "reason", err)  # URLError wraps the socket's error
    if isinstance(reason, TimeoutError):
        return ServerError(f"no answer within {timeout:g} s", where=where,
                           fix="check that the server is not stuck, or allow more time with --timeout")
    if isinstance(err, http.client.IncompleteRead):
        return ServerError(f"the answer was cut off after {len(err.partial)} bytes", where=where,
                           fix="check that the server is still running, then run the command again")
    if isinstance(err, http.client.HTTPException) and not isinstance(err, ConnectionError):
        return ServerError(f"the answer is not HTTP ({type(err).__name__}: {http_detail(str(err).encode())})",
                           where=where, fix="check --endpoint: it should be a SPARQL server's URL")
    if isinstance(reason, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                           http.client.RemoteDisconnected)):
        return ServerError("the server closed the connection before it answered", where=where,
                           fix="check that the server is still running, then run the command again")
    return ServerError(f"cannot reach the endpoint: {reason}", where=where, fix=fix)


def not_results(body: bytes, url: str) -> ServerError:
    """A ``ServerError`` for an answer that is not SPARQL results (an HTML page, a proxy's error)."""
    return ServerError(f"the answer is not SPARQL results: {http_detail(body) or 'empty'}",
                       where=url.split("?", 1)[0],
                       fix="check --endpoint: it should be a SPARQL server's URL, e.g. http://127.0.0.1:7878")


_TIMEOUT = 600


def _send(url: str, *, method: str, body=None, accept: str | None = None,
          content_type: str = "application/n-triples", length: int | None = None) -> bytes:
    headers = {"Content-Type": content_type} if body is not None else {}
    if length is not None:
        headers["Content-Length"] = str(length)
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        detail = http_detail(err.read())
        if err.code >= 500:
            what, fix = "the server failed", "see the server's log, then run the command again"
        else:
            what, fix = "the server refused the request", "check that the endpoint accepts writes (not serve-read-only)"
        raise ServerError(f"{what}: HTTP {err.code} {detail}".rstrip(), where=url.split("?", 1)[0], fix=fix,
                          status=err.code) from err
    except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
        raise connection_error(err, url, timeout=_TIMEOUT) from err


#: Graphs dropped (or their digests recorded) per SPARQL Update request.
_DROP_BATCH = 500


def graph_digests(store) -> dict[str, str]:
    """``{graph IRI: SHA-256 of its quads}`` for every named graph of a pyoxigraph store.

    The quads are read in the store's index order, which depends on their content only, and
    blank nodes are named canonically (``kg.store.canonical``): a graph with the same content
    has the same digest in any store.
    """
    digests = {}
    for graph in store.named_graphs():
        if not isinstance(graph, NamedNode):
            continue
        digest = hashlib.sha256()
        for q in canonical(list(store.quads_for_pattern(None, None, None, graph))):
            digest.update(f"{q.subject} {q.predicate} {q.object}\n".encode("utf-8"))
        digests[graph.value] = digest.hexdigest()
    return digests


def push(store_dir, endpoint: str, *, everything: bool = False) -> PushReport:
    """Load the store into a running server: the named graphs that changed since the last push.

    The server keeps what was pushed in its graph ``PUSHED_GRAPH``: each graph's SHA-256
    (``graph_digests``) as sent. A graph is sent when the server lacks it or its digest
    differs (every graph with ``everything``): it is dropped there (SPARQL Update, in batches),
    then the changed graphs go up as N-Quads in one streamed POST to the Graph Store endpoint
    with Oxigraph's ``no_transaction`` bulk path, then their digests are recorded. Document
    graphs the server holds but the store no longer does (``kg remove``, an older version of
    an article) are dropped too. Pushing twice equals pushing once, and a push that fails
    half-way is repaired by pushing again (a graph is recorded only once sent); a reader may
    see a changed document missing while a push runs. A server that takes no dataset on POST
    gets one PUT per graph, the plain Graph Store Protocol.

    Raises:
        StoreError: the store is missing or locked.
        ServerError: the endpoint cannot be reached or refuses the data.
        Interrupted: Ctrl-C stopped the push (the local store is only read, so it is as before).
    """
    target = endpoint_url(endpoint, "store")
    started = time.perf_counter()
    with KgStore.open(store_dir, read_only=True) as kg_store, tempfile.TemporaryDirectory() as tmp:
        store = kg_store.store
        try:
            local = graph_digests(store)
            served = _served_graphs(endpoint)
            recorded = {} if everything else _pushed_digests(endpoint)
            changed = sorted(iri for iri, digest in local.items()
                             if iri not in served or recorded.get(iri) != digest)
            stale = sorted(iri for iri, is_document in served.items() if is_document and iri not in local)
            _drop(endpoint, sorted((set(changed) & served.keys()) | set(stale)))
            dump = Path(tmp) / "store.nq"
            if len(changed) == len(local):
                store.dump(str(dump), format=RdfFormat.N_QUADS)
                quads = len(store)
            else:
                quads = 0
                with dump.open("wb") as out:
                    for iri in changed:
                        graph = list(store.quads_for_pattern(None, None, None, NamedNode(iri)))
                        quads += len(graph)
                        serialize(graph, out, format=RdfFormat.N_QUADS)
            if changed and not _post_dataset(target, dump):
                for iri in changed:
                    body = store.dump(format=RdfFormat.N_TRIPLES, from_graph=NamedNode(iri)) or b""
                    _send(f"{target}?graph={urllib.parse.quote(iri, safe='')}", method="PUT", body=body)
            _record(endpoint, {iri: local[iri] for iri in changed}, stale)
        except KeyboardInterrupt:
            raise Interrupted("push interrupted; the server may hold only part of the store", where=target,
                              fix="run the same kg push again: it sends what is missing") from None
    return PushReport(endpoint=target, graphs=len(changed), quads=quads,
                      seconds=time.perf_counter() - started, removed=len(stale),
                      unchanged=len(local) - len(changed))


def _pushed_digests(endpoint: str) -> dict[str, str]:
    """What the server's ``PUSHED_GRAPH`` says each graph held when it was pushed."""
    query = f"SELECT ?g ?digest WHERE {{ GRAPH <{PUSHED_GRAPH}> {{ ?g <{KG.pushedDigest}> ?digest }} }}"
    url = endpoint_url(endpoint, "query") + "?" + urllib.parse.urlencode({"query": query})
    body = _send(url, method="GET", accept="application/sparql-results+json")
    try:
        rows = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise not_results(body, url) from None
    return {row["g"]["value"]: row["digest"]["value"] for row in rows}


def _record(endpoint: str, sent: dict[str, str], removed: list[str]) -> None:
    """Replace the digests of the ``sent`` and ``removed`` graphs in the server's ``PUSHED_GRAPH``."""
    url = endpoint_url(endpoint, "update")
    graphs = sorted(set(sent) | set(removed))
    predicate = f"<{KG.pushedDigest}>"
    for i in range(0, len(graphs), _DROP_BATCH):
        batch = graphs[i:i + _DROP_BATCH]
        values = " ".join(f"<{iri}>" for iri in batch)
        update = (f"DELETE {{ GRAPH <{PUSHED_GRAPH}> {{ ?g {predicate} ?d }} }} "
                  f"WHERE {{ VALUES ?g {{ {values} }} GRAPH <{PUSHED_GRAPH}> {{ ?g {predicate} ?d }} }}")
        inserts = [f"<{iri}> {predicate} {Literal(sent[iri])} ." for iri in batch if iri in sent]
        if inserts:
            update += f" ;\nINSERT DATA {{ GRAPH <{PUSHED_GRAPH}> {{\n" + "\n".join(inserts) + "\n} }"
        _send(url, method="POST", body=update.encode("utf-8"), content_type="application/sparql-update")


def _served_graphs(endpoint: str) -> dict[str, bool]:
    """The server's named graphs, each with whether it is a document graph (holds its ``kg:Document``)."""
    query = (f"SELECT ?g (EXISTS {{ GRAPH ?g {{ ?g a <{KG.Document}> }} }} AS ?document) "
             "WHERE { GRAPH ?g { } }")
    url = endpoint_url(endpoint, "query") + "?" + urllib.parse.urlencode({"query": query})
    body = _send(url, method="GET", accept="application/sparql-results+json")
    try:
        rows = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise not_results(body, url) from None
    return {row["g"]["value"]: row.get("document", {}).get("value") == "true" for row in rows}


def _drop(endpoint: str, graphs: list[str]) -> None:
    url = endpoint_url(endpoint, "update")
    for i in range(0, len(graphs), _DROP_BATCH):
        update = " ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri in graphs[i:i + _DROP_BATCH])
        _send(url, method="POST", body=update.encode(), content_type="application/sparql-update")


def _post_dataset(target: str, dump: Path) -> bool:
    """POST N-Quads to the store endpoint; False when the server takes no dataset there."""
    for url in (target + "?no_transaction", target):
        try:
            with dump.open("rb") as body:
                _send(url, method="POST", body=body, content_type="application/n-quads",
                      length=dump.stat().st_size)
            return True
        except ServerError as err:
            if err.status not in (400, 405, 415, 501):
                raise
    return False


def exit_on_signal(signum, frame) -> None:
    """A signal handler: end the process as ``SystemExit(128 + signum)``, so ``finally`` blocks run."""
    raise SystemExit(128 + signum)
