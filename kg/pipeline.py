"""``kg build``: read articles, extract, and write one named graph per document.

The pipeline streams. The main process lists the inputs and cuts them into
units (a file, or one line of a JSONL file) and hands them in small batches to
``jobs`` worker processes. Each worker builds its ``Extractor`` once, reads and
normalises its units, skips documents whose content hash and extractor version
match the store (a snapshot taken before the workers start), and returns each
other document's quads as N-Quads text (about 80 times cheaper to move between
processes than pickled ``Quad`` objects). The main process is the only writer:
it writes the documents back in input order, each in one transaction
(``KgStore.replace_document``), so ``--jobs 2`` gives exactly the store
``--jobs 1`` gives, and a killed build leaves every document fully in or out.

Back-pressure: units are streamed (``kg.ingest.iter_units`` reads a JSONL file
line by line) and at most ``_WINDOW_PER_JOB * jobs`` batches are in flight, so
memory stays flat however large the corpus, or one JSONL file of it, is.

The same content read from two paths (same document IRI, as the IRI comes from
the URL or the content hash) is one document: the first path read wins, later
ones count as skipped.
"""

from __future__ import annotations

import array
import bisect
import collections
import hashlib
import heapq
import importlib
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import kg
from kg.errors import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, EXIT_SIGNAL, InputError, Interrupted, KgError
from kg.ingest import Unit, iter_units, read_unit, resolve_inputs
from kg.resources import catalog_paths, package_data
from kg.text import count
from kg.vocab import DEFAULT_BASE_IRI

#: Documents per batch sent to a worker, and the characters that close a batch early.
_BATCH_DOCS = 16
_BATCH_CHARS = 40_000
#: Batches in flight per worker: enough to keep the workers busy while the
#: writer commits, few enough that memory does not grow with the corpus.
_WINDOW_PER_JOB = 4
#: Quads written between two flushes of the store: RocksDB otherwise keeps
#: hundreds of MB of write buffers in memory on a long build. Each flush closes the
#: store and opens it again, which also gives back the block caches and table readers
#: RocksDB fills as the store grows (pyoxigraph has no option to bound them), then
#: ``_return_freed_memory``. Writer peak at 100 MB of input: 265 MB flushing only,
#: 185 MB reopening, in the same time (benchmarks/RESULTS.md, "Dask engine").
_FLUSH_QUADS = 25_000


#: Build engines besides ``"local"`` (this machine's processes): name -> the module that runs it,
#: imported when chosen. A registry (as rdflib's plugins are), so this module never imports an
#: engine built on top of it. The module gives ``Extraction`` (workers as a context manager:
#: ``start``, ``results``, ``close``), ``TASK_DOCS`` and ``TASK_CHARS``; and for
#: ``nquads_out``, ``check_shard_directory``, ``write_shards``, ``SHARD_DOCS`` and ``SHARD_CHARS``.
ENGINES = {"dask": "kg.cluster"}


def engine_module(name: str):
    """The module of the build engine ``name`` (a key of ``ENGINES``).

    Raises:
        InputError: no such engine.
    """
    if name not in ENGINES:
        choices = " or ".join(f"--engine {n}" for n in ("local", *ENGINES))
        raise InputError(f"unknown engine {name!r}", fix=f"use {choices}")
    return importlib.import_module(ENGINES[name])


@dataclass(frozen=True)
class BuildReport:
    """What one ``build`` did.

    ``documents`` counts the distinct documents read (``added`` + ``replaced`` +
    ``unchanged``), compared with the store before the build; ``duplicates`` the inputs
    that repeated a document read earlier in the same run (the last copy is kept);
    ``removed`` the stored documents ``prune`` dropped; ``errors`` the rejected inputs.
    ``chars`` counts the normalised characters of every input read; ``quads`` and
    ``write_seconds`` cover the store writes only (for the benchmarks).
    """

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    documents: int = 0
    chars: int = 0
    seconds: float = 0.0
    errors: tuple[KgError, ...] = ()
    quads: int = 0
    write_seconds: float = 0.0
    interrupted: bool = False
    duplicates: int = 0
    removed: int = 0
    signum: int = 0  # the signal that interrupted the build
    notes: tuple[str, ...] = ()  # what changed in the catalogs (kg.usercatalog.CatalogPlan.notes)

    @property
    def rejected(self) -> int:
        """Inputs that could not be built (each has its error in ``errors``)."""
        return len(self.errors)

    @property
    def signal_name(self) -> str | None:
        """``SIGTERM`` for a build that signal interrupted, else ``None``."""
        return signal.Signals(self.signum).name if self.signum else None

    @property
    def exit_status(self) -> int:
        """0 every input built; 3 partly built (some rejected); 1 nothing built (all rejected);
        128 + the signal's number when interrupted (docs/cli.md).

        >>> BuildReport(2, 0, 0, 2).exit_status, BuildReport(0, 0, 1, 1, errors=(KgError("x"),)).exit_status
        (0, 3)
        >>> BuildReport(errors=(KgError("x"),)).exit_status, BuildReport(interrupted=True, signum=15).exit_status
        (1, 143)
        """
        if self.interrupted:
            return EXIT_SIGNAL + self.signum
        if not self.errors:
            return EXIT_OK
        return EXIT_PARTIAL if self.documents or self.removed else EXIT_ERROR

    @property
    def status(self) -> str:
        """``built``, ``partly built``, ``nothing built`` or ``interrupted``, as ``exit_status`` says."""
        return {EXIT_OK: "built", EXIT_PARTIAL: "partly built", EXIT_ERROR: "nothing built"}.get(
            self.exit_status, "interrupted")

    def summary(self) -> str:
        """One line for the terminal.

        >>> BuildReport(5, 0, 0, 5, 73778, 3.21).summary()
        '5 documents: 5 added, 0 replaced, 0 unchanged (73,778 chars in 3.2 s)'
        >>> BuildReport(0, 1, 0, 1, 120, 0.5, duplicates=1).summary()
        '1 document: 0 added, 1 replaced, 0 unchanged, 1 duplicate (the last copy kept) (120 chars in 0.5 s)'
        """
        text = (f"{_count(self.documents, 'document')}: {self.added:,} added, {self.replaced:,} replaced, "
                f"{self.unchanged:,} unchanged")
        if self.duplicates:
            text += f", {_count(self.duplicates, 'duplicate')} (the last copy kept)"
        if self.removed:
            text += f", {self.removed:,} removed"
        if self.errors:
            text += f", {self.rejected:,} rejected"
        text += f" ({self.chars:,} chars in {self.seconds:.1f} s)"
        return text + ", interrupted" if self.interrupted else text

    def as_dict(self) -> dict:
        """The report as plain JSON values (``kg build --json``)."""
        return {
            "status": self.status, "exit_status": self.exit_status,
            "documents": self.documents, "added": self.added, "replaced": self.replaced,
            "unchanged": self.unchanged, "duplicates": self.duplicates, "removed": self.removed,
            "rejected": [{"input": err.where, "error": err.what, "fix": err.fix} for err in self.errors],
            "chars": self.chars, "seconds": round(self.seconds, 3), "interrupted": self.interrupted,
            "signal": self.signal_name, "notes": list(self.notes),
        }


_count = count


def extractor_version(catalog_files: Sequence[str | os.PathLike] = (), tagger: bool = True) -> str:
    """``kg.__version__`` plus a short hash of the rule data and catalogs.

    A change to any file under ``kg/data/``, to ``ontology/catalog/*.ttl`` or to an
    extra catalog changes the version, so the next build re-extracts everything;
    so does switching the statistical tagger off (``+notagger``).

    >>> extractor_version().startswith(kg.__version__ + "+")
    True
    """
    digest = hashlib.sha256()
    data = package_data("")
    files = sorted(p for p in Path(data).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    named = [(p.relative_to(data).as_posix(), p) for p in files]
    named += [(f"ontology/catalog/{p.name}", p) for p in catalog_paths()]
    named += [(f"catalog:{i}", Path(p)) for i, p in enumerate(catalog_files)]
    for name, path in named:
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{kg.__version__}+{digest.hexdigest()[:12]}" + ("" if tagger else "+notagger")


@dataclass(frozen=True)
class _Result:
    """One unit handled by a worker: a document to write, a skipped one, or an error."""

    iri: str | None
    source: str
    chars: int
    nquads: bytes | None = None  # None: unchanged in the store, nothing to write
    error: KgError | None = None
    shard: str | None = None  # --nquads-out: the shard file a worker wrote the document into
    unit: Unit | None = None  # with nquads None: the unit, should the writer need it extracted after all


class _Worker:
    """Reading and extraction state one process builds once and reuses for every unit."""

    def __init__(self, catalog_files: Sequence[str], base_iri: str, version: str, encoding: str | None,
                 states: dict[str, tuple[str, str]], force: bool, tagger: bool = True):
        from kg.catalog import load_catalog
        from kg.extract import Extractor

        self.extractor = Extractor(catalog=load_catalog(extra_files=tuple(catalog_files)), base_iri=base_iri,
                                   tagger=tagger)
        self.base_iri = base_iri
        self.version = version
        self.encoding = encoding
        self.states = states
        self.force = force

    def run(self, unit: Unit | KgError) -> _Result:
        import pyoxigraph

        from kg.rdf import document_quads

        if isinstance(unit, KgError):  # found while listing the units; passed on to keep input order
            return _Result(None, "", 0, error=unit)
        try:
            doc = read_unit(unit, encoding=self.encoding, base_iri=self.base_iri)
            if not self.force and self.states.get(doc.iri) == (doc.content_hash, self.version):
                return _Result(doc.iri, doc.source, len(doc.text), unit=unit)
            extraction = self.extractor.extract(doc)
            quads = document_quads(extraction, base_iri=self.base_iri, extractor_version=self.version)
        except KgError as err:
            return _Result(None, unit.source, 0, error=err)
        nquads = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
        return _Result(doc.iri, doc.source, len(doc.text), nquads)


_WORKER: _Worker | None = None


def _exit_with(parent: int) -> None:
    """End this worker when its build process is gone (``kill -9`` leaves no one to stop it)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _init_worker(parent: int, *args) -> None:
    global _WORKER
    # Ctrl-C and a closed terminal reach the whole process group; the main process alone
    # decides when to stop, after its current transaction. SIGTERM keeps its default (a
    # quiet end): Pool.terminate stops the workers with it, and the handler the fork copied
    # from the main process would only set a flag nobody reads here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with(parent)
    _WORKER = _Worker(*args)


def _run_batch(units) -> list[_Result]:
    assert _WORKER is not None, "worker not initialised"
    return [_WORKER.run(unit) for unit in units]


def _units(files: Sequence[str], encoding: str | None, stdin_format: str = "auto") -> Iterator[Unit | KgError]:
    """The units of ``files``, with each bad file or line's error in its place among them."""
    found: list[KgError] = []
    for file in files:
        try:
            for unit in iter_units([file], encoding=encoding, errors=found, stdin_format=stdin_format):
                yield from found
                found.clear()
                yield unit
        except InputError as err:  # gone since the build listed it: the others are still built
            found.append(err)
        yield from found
        found.clear()


def _size(unit: Unit | KgError) -> int:
    if isinstance(unit, KgError):
        return 0
    if unit.text is not None:
        return len(unit.text)
    try:
        return os.path.getsize(unit.path) // 3  # UTF-8 Chinese: about 3 bytes a character
    except OSError:
        return 0


def _snapshot(store) -> dict[str, tuple[str, str]]:
    """What the store holds before the build, read once instead of once per document:
    ``{document IRI: (content hash, extractor version)}``, for the workers' unchanged check.
    """
    from pyoxigraph import NamedNode

    from kg.vocab import KG

    found: dict[str, list[str]] = {}
    for slot, predicate in enumerate((KG.contentHash, KG.extractorVersion)):
        for q in store.store.quads_for_pattern(None, NamedNode(str(predicate)), None, None):
            if q.subject == q.graph_name:
                found.setdefault(q.subject.value, ["", ""])[slot] = q.object.value
    return {iri: (h, v) for iri, (h, v) in found.items()}


#: The signals a build stops on after its current document: Ctrl-C, and what schedulers send
#: (systemd and Kubernetes SIGTERM, a closed terminal or session SIGHUP).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _Interrupt:
    """Turns the first stop signal into a flag the build loop checks between documents.

    ``signum`` is the signal that came (0 while none did). A second signal stops at once
    with :class:`Interrupted`: the transaction under way is whole or absent either way.
    """

    def __init__(self):
        self.signum = 0
        self._previous: dict = {}

    @property
    def requested(self) -> bool:
        return self.signum != 0

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def _handle(self, signum, frame):
        if self.signum:
            raise Interrupted(f"stopped at once by a second signal ({signal.Signals(signum).name}); every "
                              "document written is whole", fix="run the same command again to build the rest",
                              signum=signum)
        self.signum = signum

    def __exit__(self, *exc):
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous = {}
        return False


def _batches(units: Iterable, stop: _Interrupt, docs: int = _BATCH_DOCS, chars: int = _BATCH_CHARS
             ) -> Iterator[list]:
    """``units`` cut into lists of at most ``docs`` units, closed early at ``chars`` characters."""
    limit = chars
    batch, chars = [], 0
    for unit in units:
        if stop.requested:
            return
        batch.append(unit)
        chars += _size(unit)
        if len(batch) >= docs or chars >= limit:
            yield batch
            batch, chars = [], 0
    if batch and not stop.requested:
        yield batch


def _extract_serial(batches: Iterable[list], worker: _Worker) -> Iterator[_Result]:
    for batch in batches:
        yield from (worker.run(unit) for unit in batch)


def _extract_parallel(batches: Iterable[list], pool, window: int, stop: _Interrupt) -> Iterator[_Result]:
    """Results in input order, with at most ``window`` batches in flight.

    Waiting for a batch gives way to Ctrl-C within a tenth of a second: the batches
    still in the workers are dropped, the documents already written stay.
    """
    pending: collections.deque = collections.deque()

    def ready():
        head = pending.popleft()
        while not head.ready():
            if stop.requested:
                return []
            head.wait(0.1)
        return head.get()

    for batch in batches:
        pending.append(pool.apply_async(_run_batch, (batch,)))
        if len(pending) >= window:
            yield from ready()
    while pending and not stop.requested:
        yield from ready()


#: Without a terminal, a log line at least this often while documents come in, and at
#: every ``_LOG_DOCUMENTS`` documents.
_LOG_SECONDS = 10.0
_LOG_DOCUMENTS = 1_000


def _jsonl_records(path: str) -> int | None:
    """The lines of a JSONL file (a byte count of newlines: about 1 s a GB), for a progress total."""
    from kg.ingest import _kind

    if path == "-" or _kind(path) != "jsonl":
        return None
    lines, last = 0, b"\n"
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return None
    return lines + (last != b"\n")


class _Progress:
    """How a build shows its progress on stderr: a rich bar on a terminal, log lines elsewhere.

    The bar counts input files, or the documents (lines) of a single JSONL file. ``log``
    (a function taking a line) gets ``kg build: N documents, …`` every ``_LOG_SECONDS``
    while documents come in and at every ``_LOG_DOCUMENTS`` documents.
    """

    def __init__(self, bar: bool, files: Sequence[str], log=None, *, log_seconds: float = _LOG_SECONDS,
                 log_documents: int = _LOG_DOCUMENTS):
        self.bar = None
        self.log = log
        self.log_seconds = log_seconds
        self.log_documents = log_documents
        self.records = _jsonl_records(files[0]) if len(files) == 1 and bar else None
        if bar:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            unit = "docs" if self.records is not None or files == ["-"] else "files"
            self.bar = Progress(
                TextColumn("[bold]building"), BarColumn(), TextColumn(f"{{task.completed:,}}/{{task.total:,}} {unit}"),
                TextColumn("{task.fields[docs]:,} docs"), TextColumn("{task.fields[rate]} chars/s"),
                TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                transient=False, console=Console(stderr=True),
            )
            total = None if files == ["-"] else self.records if self.records is not None else len(files)
            self.task = self.bar.add_task("build", total=total, docs=0, rate="-")
        self.started = time.perf_counter()
        self.logged_at = None  # the clock of the log lines starts at the first document (models load before)
        self.logged_documents = 0
        self.file = None
        self.files = 0
        self.seen = 0

    def __enter__(self):
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False

    def document(self, source: str, counts: collections.Counter, rejected: int = 0) -> None:
        """One input handled (a document written, skipped or repeated): ``counts`` of the build so far."""
        self.seen += 1
        docs = counts["added"] + counts["replaced"] + counts["unchanged"]
        now = time.perf_counter()
        rate = counts["chars"] / max(now - self.started, 1e-9)
        if self.logged_at is None:
            self.logged_at = now
        if self.log is not None and (docs // self.log_documents > self.logged_documents // self.log_documents
                                     or now - self.logged_at >= self.log_seconds):
            self.logged_at, self.logged_documents = now, docs
            self.log(f"kg build: {_count(docs, 'document')}, {counts['added']:,} added, {counts['replaced']:,} replaced, "
                     f"{counts['unchanged']:,} unchanged, {rejected:,} rejected, {rate:,.0f} chars/s")
        if not self.bar:
            return
        if self.records is not None or self.bar.tasks[0].total is None:
            completed = self.seen
        else:
            # A JSONL record's source is "file.jsonl:N": the file is done when the next one starts.
            file = source.rsplit(":", 1)[0] if ":" in source and not os.path.exists(source) else source
            if file != self.file:
                if self.file is not None:
                    self.files += 1
                self.file = file
            completed = self.files
        self.bar.update(self.task, completed=completed, docs=docs, rate=f"{rate:,.0f}")

    def done(self) -> None:
        if self.bar:
            self.bar.update(self.task, completed=self.bar.tasks[0].total or self.seen)


def build(
    paths: Sequence[str],
    store_dir: str | os.PathLike,
    *,
    catalog_files: Sequence[str] = (),
    base_iri: str = DEFAULT_BASE_IRI,
    jobs: int | None = None,
    encoding: str | None = None,
    force: bool = False,
    progress: bool = False,
    tagger: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    nquads_out: str | os.PathLike | None = None,
    prune: bool = False,
    stdin_format: str = "auto",
    log=None,
) -> BuildReport:
    """Build (or update) the store at ``store_dir`` from articles.

    Args:
        paths: files, directories, globs, JSONL files, or ``-`` for stdin.
        store_dir: the store directory, created when missing.
        catalog_files: extra entity catalogs in Turtle.
        base_iri: base of minted IRIs.
        jobs: extraction processes (default: all cores); 1 extracts in-process. With
            ``engine="dask"`` and no ``scheduler``: the workers of the ``LocalCluster``.
        encoding: force the input encoding.
        force: re-extract documents even when unchanged.
        progress: show a progress bar on stderr (on a terminal).
        tagger: run the statistical name tagger (LAC) on sentences that may hold a relation.
        engine: ``"local"`` (processes of this machine) or ``"dask"`` (``kg.cluster``).
        scheduler: a Dask scheduler address (``tcp://HOST:PORT``) instead of a ``LocalCluster``.
        nquads_out: with ``engine="dask"``, write one N-Quads shard per partition into this
            directory instead of a store (``store_dir`` is not touched; see ``kg.cluster``).
        prune: also remove the stored documents last read from a source this build read
            (a file, or a JSONL file's line) that no input of this build produced: for a
            folder of files edited in place. Without it no document is ever removed, since a
            document is known by its URL, ``id`` or content, never by where it was read.
        stdin_format: how to read ``-``: ``auto`` (JSONL when its first line is a JSON
            article), ``jsonl`` or ``article`` (``kg.ingest.stdin_units``).
        log: a function given a progress line (``kg build: N documents, …``) every few
            seconds and every 1,000 documents; for a log when there is no terminal.

    SIGINT, SIGTERM and SIGHUP stop the build after the document being written: the report
    says ``interrupted`` and which signal (``signum``); a second signal stops at once
    (``Interrupted``). Each document is whole either way.

    Returns:
        A ``BuildReport``; bad files are in ``errors``, the good ones are built.

    Raises:
        InputError: a path is missing or a directory is empty (nothing is written), or ``base_iri``
            is not the configured base (``KG_BASE_IRI``, ``kg.toml``; kg.vocab).
        StoreError: the store cannot be opened or written (``StoreLockedError``: another
            process holds it).
        Interrupted: a second stop signal.
    """
    started = time.perf_counter()
    if engine != "local":
        engine_module(engine)  # an unknown engine fails before anything is written
    if engine == "local" and (scheduler or nquads_out is not None):
        raise InputError("--scheduler and --nquads-out need the Dask engine", fix="add --engine dask")
    if base_iri != DEFAULT_BASE_IRI:
        # the graph names and the catalog's entities follow the base kg started with (kg.vocab)
        raise InputError(f"differs from the configured base IRI {DEFAULT_BASE_IRI}", where=f"--base-iri {base_iri}",
                         fix=f"set KG_BASE_IRI={base_iri} (or base_iri in kg.toml) for every kg command on "
                             "this store, so graph names and catalog entities move too")
    files = resolve_inputs(paths)  # raises before anything is written
    plan = None
    if nquads_out is None:  # a store: its remembered catalogs and its user catalog too
        from kg.usercatalog import build_catalogs

        plan = build_catalogs(store_dir, catalog_files)
        catalog_files, versioned = plan.files, plan.versioned
    else:
        catalog_files = versioned = tuple(str(p) for p in catalog_files)
    # The user catalog is not in the version: a merge re-extracts only the documents it touches.
    version = extractor_version(versioned, tagger)
    jobs = max(1, jobs or os.cpu_count() or 1)
    errors: list[KgError] = []
    counts = collections.Counter()
    try:
        with _Interrupt() as stop:  # from here a stop signal ends the build after whole documents
            return _build(files, store_dir, catalog_files, base_iri, version, encoding, stdin_format, tagger, jobs,
                          force, progress, engine, scheduler, nquads_out, prune, log, errors, counts, started, stop,
                          plan)
    except Interrupted as err:  # a second signal: the handler does not know the store
        raise Interrupted(err.what, where=str(store_dir), fix=err.fix, signum=err.signum) from None


def _build(files, store_dir, catalog_files, base_iri, version, encoding, stdin_format, tagger, jobs, force, progress,
           engine, scheduler, nquads_out, prune, log, errors, counts, started, stop, plan=None,
           declare=True) -> BuildReport:
    """The body of :func:`build`, run while ``stop`` turns stop signals into a flag."""
    from kg.store import KgStore, utc_now

    if nquads_out is not None:
        _build_shards(engine, files, Path(nquads_out), catalog_files, base_iri, version, encoding, stdin_format,
                      tagger, scheduler, jobs, errors, counts, _Progress(progress, files, log), stop)
        return _report(counts, errors, started, stop.signum)

    pool = dask = None
    if engine != "local":  # connect before the store is touched: an unreachable scheduler changes nothing
        cluster = engine_module(engine)
        dask = cluster.Extraction(scheduler, jobs, catalog_files)
    try:
        notes: list[str] = []
        with KgStore.open(store_dir, create=True) as store:
            if plan is not None:
                from kg.usercatalog import remember

                notes = plan.notes() if len(store) else []
                notes += _merges_changed(store, store_dir, base_iri)
            store.ensure_schema(catalog_files=catalog_files)
            if plan is not None:
                remember(store_dir, plan.versioned)
            states = _snapshot(store)
        worker_args = (catalog_files, base_iri, version, encoding, states, force, tagger)
        if dask is not None:
            dask.start(base_iri, version, encoding, states, force, tagger)
    except BaseException:
        if dask is not None:
            dask.close()
        raise
    if dask is None and jobs > 1 and not stop.requested:
        # Forked while no store is open, so no child inherits its threads or lock;
        # the workers inherit the states snapshot without copying it.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = multiprocessing.get_context(method).Pool(
            jobs, initializer=_init_worker, initargs=(os.getpid(), *worker_args))
    try:
        with KgStore.open(store_dir) as store, _Progress(progress, files, log) as bar:
            units = _units(files, encoding, stdin_format)
            if dask is not None:
                results = dask.results(_batches(units, stop, docs=cluster.TASK_DOCS, chars=cluster.TASK_CHARS),
                                       stop)
            elif pool is None:
                results = _extract_serial(_batches(units, stop), _Worker(*worker_args))
            else:
                results = _extract_parallel(_batches(units, stop), pool, _WINDOW_PER_JOB * jobs, stop)

            def redo(units: list[Unit]) -> Iterator[_Result]:
                forced = _Worker(catalog_files, base_iri, version, encoding, {}, True, tagger)
                return map(forced.run, units)

            begun = utc_now()
            _write(store, results, errors, counts, bar, stop, redo=redo, prune=prune)
            store.record_build(begun, base_iri=base_iri, extractor_version=version)
            if not stop.requested:
                bar.done()
    finally:
        if pool is not None:
            _stop_pool(pool)
        if dask is not None:
            dask.close()
    if plan is not None and declare and not stop.requested:
        declared, stale = _declared_merges(store_dir)
        if stale and "-" not in files:  # stdin cannot be read twice: its documents wait for their next build
            from kg.usercatalog import build_catalogs

            again = collections.Counter()
            plan = build_catalogs(store_dir)
            # a few documents: extracted in this process, not worth starting workers for
            _build(files, store_dir, plan.files, base_iri, version, encoding, stdin_format, tagger,
                   1 if stale <= 100 else jobs, False, False, engine, scheduler, None, False, None, [], again,
                   started, stop, plan, declare=False)
            counts["write_ns"] += again["write_ns"]
            counts["quads"] += again["quads"]
            notes.append(f"{declared:,} names declared in another script (名称（English name）) joined their "
                         f"entities in the user catalog; {again['replaced']:,} documents naming them were "
                         "extracted again")
        elif declared:
            notes.append(f"{declared:,} names declared in another script joined their entities in the user "
                         f"catalog; {stale:,} documents naming them are extracted again at their next build")
    return _report(counts, errors, started, stop.signum, notes)


def _declared_merges(store_dir) -> tuple[int, int]:
    """Record in the user catalog the merges the articles declare: the entity an English (or
    Chinese) name would be alone is merged into the entity an article gives that name in brackets
    or with 以下简称 (``kg:aliasEntity``), unless the user kept them apart (``kg split``) or the merge
    would close a loop. The store's catalog graph takes the new user catalog, and the documents
    that mention a merged entity are marked for extraction.

    Returns:
        How many merges were added, and how many stored documents mention the merged entities.
    """
    from kg.catalog import _roots
    from kg.store import KgStore
    from kg.usercatalog import Merges, build_catalogs, read_merges, write_merges

    with KgStore.open(store_dir, read_only=True) as store:
        rows = store.store.query(
            "PREFIX kg: <https://kg.example.org/ontology#> "
            "SELECT DISTINCT ?entity ?alone ?doc WHERE { GRAPH ?doc { ?c kg:about ?entity ; kg:aliasEntity ?alone } } "
            "ORDER BY ?doc ?entity ?alone")
        pairs = [(row["alone"].value, row["entity"].value, row["doc"].value) for row in rows]
    if not pairs:
        return 0, 0
    merges = read_merges(store_dir)
    merged = dict(merges.merged)
    apart = {frozenset(pair) for pair in merges.apart}
    roots = _roots({g: k for g, (k, _) in merged.items()})
    added = []
    for alone, entity, doc in pairs:
        if alone in merged or frozenset((alone, entity)) in apart or roots.get(entity, entity) == alone:
            continue
        merged[alone] = (entity, f"declared in {doc}")
        added.append(alone)
        roots = _roots({g: k for g, (k, _) in merged.items()})
    if not added:
        return 0, 0
    write_merges(store_dir, Merges(merged, merges.separate, merges.apart))
    with KgStore.open(store_dir) as store:
        stale = store.mark_stale(added)
        store.ensure_schema(catalog_files=build_catalogs(store_dir).files)
    return len(added), stale


def _merges_changed(store, store_dir, base_iri: str) -> list[str]:
    """Mark the stored documents a changed user catalog touches (``kg merge``, ``kg split``, a
    hand edit) for extraction, and say so: those that mention an entity of a merge made or undone,
    or the entity a separated name joined or leaves."""
    from kg.catalog import _roots, minted_iri, normalize_name
    from kg.usercatalog import read_merges

    old, old_separate = store.held_merges()
    merges = read_merges(store_dir)
    new, new_separate = merges.pairs(), frozenset(merges.separate)
    if old == new and old_separate == new_separate:
        return []
    old_roots, new_roots = _roots(old), _roots(new)
    touched: set[str] = set()
    for gone, kept in set(new.items()) - set(old.items()):  # a merge made: what named ``gone`` changes
        touched |= {gone, old_roots.get(gone, gone)}
    for gone, kept in set(old.items()) - set(new.items()):  # undone: what was named ``gone`` is under its keeper
        touched |= {gone, kept, old_roots.get(kept, kept), new_roots.get(kept, kept)}
    for name in old_separate ^ new_separate:
        for type in ("Company", "Person"):
            for keep in (frozenset(), frozenset({normalize_name(name)})):
                iri = minted_iri(name, type, base_iri, keep)
                touched |= {iri, old_roots.get(iri, iri), new_roots.get(iri, iri)}
    marked = store.mark_stale(touched)
    return [f"the user catalog changed ({len(set(new.items()) - set(old.items()))} merges made, "
            f"{len(set(old.items()) - set(new.items()))} undone, {len(new_separate ^ old_separate)} names separated "
            f"or joined): {marked:,} stored documents name the entities and are extracted again "
            f"(those not among these inputs when next built)"]


def _report(counts: collections.Counter, errors: list, started: float, signum: int, notes=()) -> BuildReport:
    return BuildReport(
        added=counts["added"], replaced=counts["replaced"], unchanged=counts["unchanged"],
        documents=counts["added"] + counts["replaced"] + counts["unchanged"], chars=counts["chars"],
        duplicates=counts["duplicates"], removed=counts["removed"],
        seconds=time.perf_counter() - started, errors=tuple(errors),
        quads=counts["quads"], write_seconds=counts["write_ns"] / 1e9, interrupted=bool(signum), signum=signum,
        notes=tuple(notes),
    )


def _build_shards(engine: str, files, directory: Path, catalog_files, base_iri, version, encoding, stdin_format,
                  tagger, scheduler, jobs, errors, counts, progress: "_Progress", stop: _Interrupt) -> None:
    """``build(..., nquads_out=directory)``: partitions to shards on the engine's workers, no store."""
    cluster = engine_module(engine)

    cluster.check_shard_directory(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with cluster.Extraction(scheduler, jobs, catalog_files) as dask, progress as bar:
        dask.start(base_iri, version, encoding, {}, True, tagger)
        partitions = _batches(_units(files, encoding, stdin_format), stop, docs=cluster.SHARD_DOCS, chars=cluster.SHARD_CHARS)
        cluster.write_shards(dask, partitions, directory, stop, errors, counts, bar)
        if not stop.requested:
            bar.done()


def _stop_pool(pool, patience: float = 3.0) -> None:
    """Terminate the workers, also when a build stops with batches in flight (an error, Ctrl-C).

    ``Pool.terminate`` can wait for ever then: its result thread stops reading while a worker
    is still writing a large result into the full pipe, holding the lock terminate needs.
    After ``patience`` seconds the workers are killed and the stuck terminate is left behind
    (a daemon thread, gone when the process exits).
    """
    stopper = threading.Thread(target=pool.terminate, name="kg-pool-stop", daemon=True)
    stopper.start()
    stopper.join(patience)
    if stopper.is_alive():
        for worker in multiprocessing.active_children():
            worker.kill()
            worker.join()
    else:
        pool.join()


def _return_freed_memory() -> None:
    """Give the heap's free pages back to the system (glibc ``malloc_trim``), after a flush.

    RocksDB frees its memtables when they are flushed, but glibc keeps the freed pages in
    the process: without this the writer's RSS climbs by about 2.5 KB per document written
    (100 MB at 55,000 documents) although nothing is in use. Elsewhere it does nothing.
    """
    global _malloc_trim
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


class _Digests:
    """A set of 64-bit digests at about 8 bytes each, where a ``set`` of ints takes about 60.

    The digests live in a sorted ``array('Q')``; new ones wait in a small set that is merged
    into the array once it holds ``batch`` of them. At 559,109 documents (the 1 GB benchmark
    corpus) that is 7.5 MB instead of 37 MB for a set of ints (tracemalloc).
    """

    def __init__(self, batch: int = 1 << 16):
        self.batch = batch
        self.merged = array.array("Q")
        self.recent: set[int] = set()

    def __contains__(self, digest: int) -> bool:
        if digest in self.recent:
            return True
        i = bisect.bisect_left(self.merged, digest)
        return i < len(self.merged) and self.merged[i] == digest

    def __len__(self) -> int:
        return len(self.merged) + len(self.recent)

    def add(self, digest: int) -> None:
        if digest in self:
            return
        self.recent.add(digest)
        if len(self.recent) >= self.batch:
            self.merged = array.array("Q", heapq.merge(self.merged, sorted(self.recent)))
            self.recent = set()


def _digest(iri: str) -> int:
    """A 64-bit digest of ``iri``, the same in every process (``hash()`` of a str is not)."""
    return int.from_bytes(hashlib.blake2b(iri.encode("utf-8"), digest_size=8).digest(), "little")


def _write(store, results: Iterable[_Result], errors: list, counts: collections.Counter, bar, stop, *,
           redo=None, prune: bool = False) -> None:
    """The single writer: one transaction per document, in input order.

    A document is known by its IRI (URL, ``id`` field or content hash), never by the path it
    was read from: no document is removed because another now stands at its file and line
    (unless ``prune``). When a run reads a document twice, the last copy wins: a later copy
    replaces the earlier one, and a later copy equal to what the store held before the run
    (so the worker did not extract it) is extracted by ``redo`` and written back.

    What the store already holds is looked up in the store per document, not mirrored in
    memory: the writer's memory stays flat however many documents a build writes. What this
    build did to each IRI is remembered as 8-byte digests (:class:`_Digests`), one set per
    outcome; only IRIs met twice get an entry in a small dict.
    """
    import pyoxigraph

    from kg.vocab import KG

    source_path = pyoxigraph.NamedNode(str(KG.sourcePath))

    def stored(iri: str) -> bool:
        node = pyoxigraph.NamedNode(iri)
        return next(store.store.quads_for_pattern(node, source_path, None, node), None) is not None

    def graphs_of(source: str) -> set[str]:
        return {q.subject.value for q in store.store.quads_for_pattern(None, source_path, pyoxigraph.Literal(source))
                if q.subject == q.graph_name}

    def write(result: _Result) -> None:
        begin = time.perf_counter_ns()
        quads = list(pyoxigraph.parse(result.nquads, format=pyoxigraph.RdfFormat.N_QUADS))
        drop = sorted(graphs_of(result.source) - {result.iri}) if prune else []
        store.replace_document(result.iri, quads, drop=drop)
        counts["removed"] += len(drop)
        counts["quads"] += len(quads)
        counts["unflushed"] += len(quads)
        if counts["unflushed"] >= _FLUSH_QUADS:
            store.reopen()
            _return_freed_memory()
            counts["unflushed"] = 0
        counts["write_ns"] += time.perf_counter_ns() - begin

    def refresh_source(result: _Result) -> None:
        """An unchanged document read from another path: its provenance follows."""
        node = pyoxigraph.NamedNode(result.iri)
        held = [q for q in store.store.quads_for_pattern(node, source_path, None, node)]
        if [q.object.value for q in held] != [result.source]:
            store.set_source_path(result.iri, result.source)

    outcomes = {"added": _Digests(), "replaced": _Digests(), "unchanged": _Digests()}
    moved: dict[int, str] = {}  # IRIs met twice whose outcome changed

    def outcome(digest: int) -> str | None:
        if digest in moved:
            return moved[digest]
        return next((name for name, held in outcomes.items() if digest in held), None)

    def settle(digest: int, before: str | None, after: str) -> None:
        if before is None:
            outcomes[after].add(digest)
        else:
            counts[before] -= 1
            moved[digest] = after
        counts[after] += 1

    pending: list[Unit] = []  # last copies to extract after all (see above)
    for result in results:
        if result.error is not None:
            errors.append(result.error)
            bar.document(result.source, counts, len(errors))
            if stop.requested:
                break
            continue
        counts["chars"] += result.chars
        digest = _digest(result.iri)
        before = outcome(digest)
        if before is not None:
            counts["duplicates"] += 1
        if result.nquads is None:
            if before in ("added", "replaced"):  # this run wrote an earlier copy over the stored one
                pending.append(result.unit)
                settle(digest, before, "unchanged")
            elif before is None:
                refresh_source(result)
                settle(digest, None, "unchanged")
            else:
                refresh_source(result)
        else:
            if before is None:
                after = "replaced" if stored(result.iri) else "added"
            else:
                after = "replaced" if before == "unchanged" else before
            write(result)
            settle(digest, before, after)
        bar.document(result.source, counts, len(errors))
        if stop.requested:
            break
    if pending and redo is not None and not stop.requested:
        for result in redo(pending):
            if result.error is not None:
                errors.append(result.error)
            else:
                write(result)
