"""``kg build --engine dask``: read, clean, normalise and extract on Dask workers.

Two ways out of one machine, both on ``distributed`` (a local ``LocalCluster``, or an
existing cluster given as ``--scheduler tcp://HOST:PORT``):

- ``DaskExtraction``: the workers do what ``--jobs`` processes do and the results come
  back, in input order, to the one writer in ``kg.pipeline`` — the store is the same,
  quad for quad, as a ``--jobs 1`` build.
- ``write_shards`` (``--nquads-out DIR``): no store and no writer; each partition of the
  input becomes one N-Quads file written by the worker that extracted it, for
  ``kg load`` (or ``oxigraph load`` followed by ``kg load`` without files).

Each worker builds its ``Extractor`` once, in a worker plugin that travels with the
build (with the extra catalogs' bytes, so a remote worker needs no copy of them) and is
set up again on a worker that joins or restarts. A worker checks that its ``kg`` and
rule data give the driver's extractor version before it takes any work, so a cluster
with another ``kg`` installed fails at once instead of writing a different graph.

A worker that dies (``kill -9``, out of memory) loses nothing: Dask gives its tasks to
another worker. A batch that kills ``distributed.scheduler.allowed-failures`` workers in
a row is split into one task per document, and the document that still kills its worker
is reported as an error; every other document is built once.

File inputs are read by the workers, at the path given: on a remote cluster, give paths
every worker sees (a shared filesystem). JSONL lines travel inside the tasks, so a JSONL
corpus needs nothing shared. Shards are written into ``DIR`` by the workers, so ``DIR``
too must be shared on a remote cluster.
"""

from __future__ import annotations

import collections
import logging
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from kg.errors import InputError, KgError
from kg.pipeline import _Digests, _digest, _Result, _Worker, extractor_version

try:
    import distributed
except ImportError:  # the dask extra is optional; ``client`` says how to get it
    distributed = None

#: Batches in flight per worker thread (as ``kg.pipeline._WINDOW_PER_JOB``).
_WINDOW_PER_THREAD = 4
#: Documents per task, and input characters at most: a Dask task's round trip costs about
#: 14 ms here, so the 16 documents of a ``--jobs`` batch would pay 760 µs each; 64 pay 280.
TASK_DOCS = 64
TASK_CHARS = 160_000
#: Input characters per shard of ``--nquads-out``, and documents at most.
SHARD_CHARS = 1_000_000
SHARD_DOCS = 2_000
#: ``kg:documentNumber`` written into a shard: partition × this + position (``write_shards``).
_ORDER_STRIDE = 1_000_000
#: Messages each Dask comm keeps for debugging (``distributed.admin.low-level-log-length``).
_LOG_LENGTH = 16
#: How long ``client`` tries to reach a ``--scheduler``.
CONNECT_TIMEOUT = "10s"


def client(scheduler: str | None, workers: int):
    """A ``distributed.Client`` of ``scheduler``, or of a new ``LocalCluster`` of ``workers`` processes.

    Raises:
        KgError: Dask is not installed, or the scheduler cannot be reached.
    """
    if distributed is None:
        raise KgError("--engine dask needs Dask", fix="pip install 'kg[dask]' (dask and distributed)")
    import dask

    # Every comm keeps its last low-level-log-length messages under 1 MB for debugging (1000
    # by default): with the documents inside the tasks, that kept 400 MB in this process at
    # 100 MB of input (the client's and the LocalCluster scheduler's logs). Set before any comm
    # opens; the LocalCluster's workers get it too.
    dask.config.set({"distributed.admin.low-level-log-length": _LOG_LENGTH})
    if scheduler:
        try:
            return distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as err:
            raise KgError(f"cannot reach the Dask scheduler: {err}", where=scheduler,
                          fix="start one (dask scheduler) or check --scheduler tcp://HOST:PORT") from None
    return distributed.Client(local_cluster(workers))


def local_cluster(workers: int):
    """A ``distributed.LocalCluster`` of ``workers`` processes of one thread each on this machine.

    One thread a worker: the extractor is Python code that holds the GIL. No dashboard; the
    scheduler's small HTTP server (health, metrics) listens on a free loopback port, not on
    8787, which a second build running at the same time would find taken (a warning)."""
    return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    dashboard_address=None, silence_logs=logging.ERROR,
                                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


def close(dask_client) -> None:
    """Close the client and, when this build started it, its ``LocalCluster``."""
    cluster = dask_client.cluster
    dask_client.close()
    if cluster is not None:
        cluster.close()


_Base = distributed.WorkerPlugin if distributed is not None else object


class _ExtractorPlugin(_Base):
    """Builds a ``kg.pipeline._Worker`` on each Dask worker, once, for one build."""

    def __init__(self, name: str, catalogs: Sequence[tuple[str, bytes]], version: str, base_iri: str,
                 encoding: str | None, states: dict[str, tuple[str, str]], force: bool, tagger: bool):
        self.name = name
        self.catalogs = list(catalogs)
        self.version = version
        self.settings = (base_iri, version, encoding, states, force, tagger)
        self.worker: _Worker | None = None
        self._folder: str | None = None

    def setup(self, worker) -> None:
        self._folder = tempfile.mkdtemp(prefix="kg-catalog-")
        paths = []
        for i, (name, data) in enumerate(self.catalogs):
            path = Path(self._folder, f"{i}-{name}")
            path.write_bytes(data)
            paths.append(str(path))
        tagger = self.settings[-1]
        found = extractor_version(paths, tagger)
        if found != self.version:
            raise KgError(f"this worker's kg gives extractor version {found}, the build's is {self.version}",
                          where=getattr(worker, "address", None),
                          fix="install the same kg (and rule data) on every Dask worker")
        self.worker = _Worker(paths, *self.settings)

    def teardown(self, worker) -> None:
        self.worker = None
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)


def _worker(plugin: str) -> _Worker:
    found = distributed.get_worker().plugins[plugin].worker
    assert found is not None, "kg worker plugin not set up"
    return found


def _extract(plugin: str, units) -> list[_Result]:
    """A task: the units' results, as ``kg.pipeline._run_batch`` gives them."""
    worker = _worker(plugin)
    return [worker.run(unit) for unit in units]


def _write_shard(plugin: str, directory: str, name: str, first_key: int, units) -> list[_Result]:
    """A task: extract ``units`` into the N-Quads file ``directory/name``; their results, ``shard`` set.

    Each document graph gets ``kg:documentNumber`` = ``first_key`` + its position, so that
    ``kg load`` numbers the documents in input order, as a build would. The file appears
    whole or not at all (written aside, then renamed), so a worker killed half-way leaves
    only a ``.tmp`` file, and the task run again writes the same shard.
    """
    import dataclasses

    import pyoxigraph

    from kg import indexes

    worker = _worker(plugin)
    final = Path(directory, name)
    aside = final.with_name(f".{name}.{os.getpid()}.tmp")
    results = [worker.run(unit) for unit in units]
    # The last copy of a document wins, at the position of its first copy (as in a build).
    last: dict[str, int] = {}
    first: dict[str, int] = {}
    for position, result in enumerate(results):
        if result.nquads is not None:
            last[result.iri] = position
            first.setdefault(result.iri, position)
    with open(aside, "wb") as out:
        for iri, position in sorted(first.items(), key=lambda item: item[1]):
            doc = pyoxigraph.NamedNode(iri)
            key = pyoxigraph.Quad(doc, indexes.DOCUMENT_NUMBER, indexes.integer(first_key + position), doc)
            out.write(results[last[iri]].nquads)
            out.write(pyoxigraph.serialize([key], format=pyoxigraph.RdfFormat.N_QUADS) or b"")
    os.replace(aside, final)
    return [dataclasses.replace(result, nquads=None, unit=None,
                                shard=name if result.nquads is not None and last[result.iri] == position else None)
            for position, result in enumerate(results)]


class DaskExtraction:
    """The workers of one build: ``results`` yields every unit's ``_Result`` in input order.

    Use as a context manager; leaving it unregisters the plugin (the workers drop their
    extractors) and closes a ``LocalCluster`` this build started.
    """

    def __init__(self, scheduler: str | None, workers: int, catalog_files: Sequence[str] = ()):
        self.catalogs = []
        for path in catalog_files:
            try:
                self.catalogs.append((Path(path).name, Path(path).read_bytes()))
            except OSError as err:
                raise InputError(f"cannot read the catalog: {err.strerror}", where=str(path),
                                 fix="check the --catalog path") from None
        self.plugin = f"kg-extractor-{uuid.uuid4().hex}"
        self.client = client(scheduler, workers)
        self.closed = False
        self.started = False

    def start(self, base_iri: str, version: str, encoding: str | None, states: dict, force: bool,
              tagger: bool) -> None:
        """Build the extractor on every worker (and on each that joins later).

        Raises:
            KgError: a worker's ``kg`` gives another extractor version than ``version``.
        """
        self.started = True
        try:
            self.client.register_plugin(
                _ExtractorPlugin(self.plugin, self.catalogs, version, base_iri, encoding, states, force, tagger),
                name=self.plugin)
        except BaseException:
            self.close()  # the scheduler keeps a plugin that failed: unregister it too
            raise

    def __enter__(self) -> "DaskExtraction":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Drop the workers' extractors and close a ``LocalCluster`` this build started (once)."""
        if self.closed:
            return
        self.closed = True
        if self.started:
            try:
                self.client.unregister_worker_plugin(self.plugin)
            except Exception:  # a cluster already gone has nothing left to unregister
                pass
        close(self.client)

    def window(self) -> int:
        return _WINDOW_PER_THREAD * max(1, sum(self.client.nthreads().values()))

    def results(self, batches: Iterable[list], stop) -> Iterator[_Result]:
        """Every unit's result, in input order, with at most ``window()`` batches in flight.

        Waiting gives way to Ctrl-C (``stop.requested``) within a tenth of a second; the
        batches still in flight are cancelled.
        """
        def run(index, first, units):
            return self.client.submit(_extract, self.plugin, units, pure=False)

        for results in self._ordered(batches, stop, run):
            yield from results

    def shards(self, batches: Iterable[list], directory: Path, stop) -> Iterator[_Result]:
        """Write each batch as an N-Quads shard in ``directory`` (on the workers); yield every
        unit's result in input order, ``shard`` naming the file that holds it (``write_shards``)."""
        def run(index, first, units):
            name = f"part-{index:06d}.nq" if first is None else f"part-{index:06d}.{first:04d}.nq"
            return self.client.submit(_write_shard, self.plugin, str(directory), name,
                                      index * _ORDER_STRIDE + (first or 0), units, pure=False)

        for results in self._ordered(batches, stop, run):
            yield from results

    def _ordered(self, batches: Iterable[list], stop, run) -> Iterator[list]:
        """The lists ``run(index, None, batch)`` gives, in batch order, ``window()`` in flight."""
        pending: collections.deque = collections.deque()
        window = self.window()
        try:
            for index, batch in enumerate(batches):
                pending.append((index, batch, run(index, None, batch)))
                if len(pending) >= window:
                    yield self._collect(*pending.popleft(), stop, run)
            while pending and not stop.requested:
                yield self._collect(*pending.popleft(), stop, run)
        finally:
            if pending:
                self.client.cancel([future for *_, future in pending])

    def _collect(self, index: int, batch: list, future, stop, run) -> list:
        done = _wait(future, stop)
        if done is not None or stop.requested:
            return done or []
        # Dask already gave this batch to allowed-failures workers that all died: run its units
        # one a task, to build the others and name the one that kills its worker.
        results = []
        for position, unit in enumerate(batch):
            single = _wait(run(index, position, [unit]), stop)
            if single is None:
                if stop.requested:
                    return results
                single = [_killed(unit)]
            results.extend(single)
        return results


def _wait(future, stop):
    """The future's result; ``None`` when the workers running it died or ``stop`` was requested.

    Waits on a done-callback, not on ``future.result(timeout=…)``: under load that polling can
    lose the race between its timeout and the result, and distributed then raises
    ``UnboundLocalError`` out of its ``sync`` (seen once 19 minutes into a 1 GB build).
    """
    done = threading.Event()
    future.add_done_callback(lambda _: done.set())
    while not done.wait(0.1):
        if stop.requested:
            return None
    try:
        return future.result()
    except distributed.KilledWorker:
        return None


def _killed(unit) -> _Result:
    source = getattr(unit, "source", str(unit))
    return _Result(None, source, 0, error=KgError(
        "a Dask worker died each time it extracted this document (out of memory, or a crash in a native library)",
        where=source, fix="check the workers' logs and memory limit; the other documents were built"))


#: The name ``kg.pipeline.ENGINES`` looks for.
Extraction = DaskExtraction


def write_shards(dask_extraction: DaskExtraction, batches: Iterable[list], directory: Path, stop,
                 errors: list, counts: collections.Counter, bar) -> None:
    """Drive ``--nquads-out``: every partition becomes a shard; count what was written.

    A document read twice (the same URL, ``id`` or content from a second input) is kept once,
    as in a build: the last copy's graph, under the number of the first. Within a partition
    the worker does this; across shards the earlier copies are taken out at the end.
    """
    later: dict[str, str] = {}  # IRI read again in a later partition -> the shard of its last copy
    seen = _Digests()  # 64-bit digests of the IRIs met, 8 bytes each
    for result in dask_extraction.shards(batches, directory, stop):
        if result.error is not None:
            errors.append(result.error)
            continue
        counts["chars"] += result.chars
        key = _digest(result.iri)
        if key in seen:
            counts["duplicates"] += 1
            if result.shard is not None:
                later[result.iri] = result.shard
        else:
            counts["added"] += 1
            seen.add(key)
        bar.document(result.source, counts, len(errors))
    if later:
        _keep_last_copies(directory, later)
    for aside in directory.glob(".part-*.tmp"):  # left by workers that died
        aside.unlink(missing_ok=True)


def _keep_last_copies(directory: Path, later: dict[str, str]) -> None:
    """Take the earlier copies of ``later``'s documents out of their shards; the last copy
    takes the document number of the first."""
    import pyoxigraph

    from kg import indexes

    numbers: dict[str, pyoxigraph.Quad] = {}
    shards = sorted(directory.glob("part-*.nq"))
    for path in shards:
        quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS))
        kept = []
        for q in quads:
            iri = q.graph_name.value if isinstance(q.graph_name, pyoxigraph.NamedNode) else None
            if iri not in later:
                kept.append(q)
            elif q.predicate == indexes.DOCUMENT_NUMBER and q.subject == q.graph_name:
                numbers.setdefault(iri, q)  # the first copy's number
                if later[iri] == path.name:
                    kept.append(numbers[iri])
            elif later[iri] == path.name:
                kept.append(q)
        if kept == quads:
            continue
        aside = path.with_name(f".{path.name}.tmp")
        aside.write_bytes(pyoxigraph.serialize(kept, format=pyoxigraph.RdfFormat.N_QUADS) or b"")
        os.replace(aside, path)


def check_shard_directory(directory: Path) -> None:
    """Refuse a directory that already holds shards: loading them with the new ones would mix builds.

    Raises:
        InputError: ``directory`` is a file, or holds ``part-*.nq`` files.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError("is not a directory", where=str(directory), fix="give a directory for --nquads-out")
    if directory.is_dir() and next(directory.glob("part-*.nq"), None) is not None:
        raise InputError("already holds N-Quads shards of an earlier build", where=str(directory),
                         fix="give an empty directory, or remove its part-*.nq files")
