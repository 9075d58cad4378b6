"""Serve the web tier: the page of ``kg view`` (a small ``http.server``) and the API (uvicorn)."""

from __future__ import annotations

import http.server
import signal
import socket
import threading
import urllib.parse

from kg.errors import KgError, ServerError
from kg.server import SERVER_TIMEOUT, OxigraphServer, url_host, exit_on_signal, is_loopback, split_bind
from kg.web.api import create_app
from kg.web.view import page


# -- the page of `kg view`, served ------------------------------------------------------------


class ViewServer:
    """An HTTP server for the page of ``kg view``: ``/?entity=阿里&with=腾讯&depth=1``.

    Each request builds its page afresh, from the store (opened read-only for the
    request) or, next to a running ``kg serve``, from its SPARQL endpoint. A context
    manager: it serves from a thread until stopped.
    """

    def __init__(self, store_dir=None, *, bind: str = "127.0.0.1:7879", endpoint: str | None = None):
        self.store_dir = store_dir
        self.endpoint = endpoint
        self.host, self.port = split_bind(bind)
        handler = _view_handler(self)
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        server_class = type("_Server", (http.server.HTTPServer,), {"address_family": family})
        try:
            self.httpd = server_class((self.host, self.port), handler)
        except OSError as err:
            raise ServerError(f"cannot listen on {self.host}:{self.port}: {err.strerror}",
                              where="--bind", fix="choose a free port, e.g. --bind 127.0.0.1:7880") from err
        self.port = self.httpd.server_address[1]
        self._thread = None

    @property
    def url(self) -> str:
        """Base URL (``http://HOST:PORT/``)."""
        return f"http://{url_host(self.host)}:{self.port}/"

    def start(self) -> "ViewServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> "ViewServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _view_handler(server: ViewServer):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            url = urllib.parse.urlsplit(self.path)
            if url.path not in ("/", "/view"):
                return self._reply(404, "text/plain", "not found: the page is at /?entity=NAME\n")
            args = urllib.parse.parse_qs(url.query)
            first = {key: values[0] for key, values in args.items() if values and values[0]}
            try:
                depth = int(first.get("depth", "1"))
                html, _ = page(store_dir=server.store_dir, endpoint=server.endpoint,
                               entity=first.get("entity"), partner=first.get("with"), depth=depth,
                               served=True)
            except ValueError:
                return self._reply(400, "text/plain", "Error: depth: not a number (use depth=1)\n")
            except KgError as err:
                return self._reply(400, "text/plain", f"Error: {err}\n")
            self._reply(200, "text/html", html)

        def _reply(self, status: int, media: str, text: str) -> None:
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{media}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # quiet: the terminal shows the banner only
            pass

    return Handler


def serve_view(store_dir=None, *, bind: str = "127.0.0.1:7879", endpoint: str | None = None,
               echo=print) -> None:
    """Serve the page of ``kg view`` until Ctrl-C; print its URL.

    Raises:
        ServerError: the address is taken.
    """
    server = ViewServer(store_dir, bind=bind, endpoint=endpoint)
    if not is_loopback(server.host):
        echo(f"warning: listening on {server.host}, reachable from other machines")
    source = f"SPARQL endpoint {endpoint}" if endpoint else f"store {store_dir}"
    echo(f"kg view: {server.url}?entity=NAME  (reads the {source}; Ctrl-C stops)")
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


def bound_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``0``: a free port the kernel chooses), for uvicorn.

    Raises:
        ServerError: the address is taken or cannot be bound.
    """
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)
    except OSError as err:
        listener.close()
        raise ServerError(f"cannot listen on {host}:{port}: {err.strerror}", where="--bind",
                          fix="choose a free port, e.g. --bind 127.0.0.1:8081") from err
    return listener


def serve_api(store_dir=None, *, bind: str = "127.0.0.1:8080", endpoint: str | None = None, echo=print,
              timeout: float | None = SERVER_TIMEOUT) -> None:
    """Serve the stored queries as a web API (:mod:`kg.web.api`) until Ctrl-C.

    Without ``endpoint`` the real Oxigraph server is started on the store (read-only, on a free
    loopback port, stopping a query after ``timeout`` seconds) and the API runs in front of it;
    the API waits ``timeout`` seconds for any endpoint's answer.

    Raises:
        ServerError: the address is taken, or the Oxigraph server does not start.
        StoreError: no store, or it is locked.
    """
    import uvicorn

    host, port = split_bind(bind)
    oxigraph = None
    listener = bound_socket(host, port)  # held from here, so --bind HOST:0 gets a port for good
    # From here SIGTERM and SIGHUP end this process as SystemExit, so the Oxigraph server below is
    # stopped, not orphaned (also while it starts). While uvicorn runs it takes SIGINT and SIGTERM
    # itself, shuts down, then raises the signal again with the handler it found (this one).
    previous = {signum: signal.signal(signum, exit_on_signal) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        if endpoint is None:
            oxigraph = OxigraphServer(store_dir, bind="127.0.0.1:0", read_only=True, timeout=timeout).start()
            endpoint = oxigraph.endpoint
        port = listener.getsockname()[1]
        if not is_loopback(host):
            echo(f"warning: listening on {host}, reachable from other machines")
        echo(f"kg api: http://{url_host(host)}:{port}/api  (OpenAPI: /api/openapi.json; queries {endpoint}; "
             "Ctrl-C stops)")
        server = uvicorn.Server(uvicorn.Config(create_app(endpoint, timeout=timeout), log_level="warning"))
        hung_up = []

        def on_sighup(signum, frame) -> None:  # uvicorn does not handle SIGHUP: shut down as on SIGTERM
            hung_up.append(signum)
            server.should_exit = True

        signal.signal(signal.SIGHUP, on_sighup)
        server.run(sockets=[listener])
        if hung_up:
            raise SystemExit(128 + signal.SIGHUP)
    finally:
        listener.close()
        if oxigraph is not None:
            oxigraph.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
