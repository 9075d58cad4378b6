"""kg.cluster: ``kg build --engine dask`` on a real LocalCluster of two worker processes.

The store a Dask build writes equals a ``--jobs 1`` build quad for quad; a worker killed
with SIGKILL mid-build loses no document; ``--nquads-out`` shards load into the same store.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import distributed
import pytest
from click.testing import CliRunner

from kg import cluster
from kg.cli import cli  # noqa: E402
from kg.errors import InputError, KgError  # noqa: E402
from kg.pipeline import build, extractor_version  # noqa: E402
from kg.server import oxigraph_binary  # noqa: E402

from test_pipeline import assert_same_store, documents  # noqa: E402

BASE = "https://kg.example.org/"


@pytest.fixture(scope="module")
def local_cluster():
    """Two worker processes of one thread each, restarted by their nannies when killed."""
    with cluster.local_cluster(2) as found:
        with distributed.Client(found) as client:
            client.wait_for_workers(2, timeout=120)
            yield SimpleNamespace(cluster=found, client=client, address=found.scheduler_address)


def _workers_back(local_cluster) -> None:
    local_cluster.client.wait_for_workers(2, timeout=120)


def _seed_feed(path: Path, seeds_dir: Path, copies: int) -> Path:
    """A JSONL feed of ``copies`` copies of each seed, each copy its own URL (its own document)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(copies):
            for i, text in enumerate(texts):
                out.write(json.dumps({"text": text, "url": f"https://copies.example.org/{copy}/{i}"},
                                     ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def feed(tmp_path_factory, seeds_dir):
    """40 documents, and the store a ``--jobs 1`` build writes of them."""
    folder = tmp_path_factory.mktemp("feed")
    path = _seed_feed(folder / "feed.jsonl", seeds_dir, copies=8)
    report = build([str(path)], folder / "serial", jobs=1)
    assert (report.added, report.errors) == (40, ())
    return SimpleNamespace(path=path, store=folder / "serial", documents=40)


def test_dask_build_equals_jobs_1_and_a_rebuild_skips_every_document(tmp_path, seeds_dir, seeds_store,
                                                                     local_cluster):
    store = tmp_path / "store"
    report = build([str(seeds_dir)], store, engine="dask", scheduler=local_cluster.address)
    seeds = len(list(seeds_dir.glob("*.txt")))
    assert (report.added, report.unchanged, report.errors) == (seeds, 0, ())
    assert_same_store(seeds_store, store)

    again = build([str(seeds_dir)], store, engine="dask", scheduler=local_cluster.address)
    assert (again.added, again.replaced, again.unchanged, again.quads) == (0, 0, seeds, 0)
    assert_same_store(seeds_store, store)
    # the build unregistered its plugin: the workers hold no extractor of finished builds
    assert not [name for name in local_cluster.cluster.scheduler.worker_plugins if name.startswith("kg-")]


def test_cli_engine_dask_starts_a_local_cluster_and_builds_the_jobs_1_store(tmp_path, seeds_dir, seeds_store):
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--store", str(store), "--engine", "dask",
                                      "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output
    assert_same_store(seeds_store, store)


def test_a_worker_killed_mid_build_loses_no_document(tmp_path, feed, local_cluster, monkeypatch):
    monkeypatch.setattr(cluster, "TASK_DOCS", 8)  # five tasks: some done, some in flight when the worker dies
    client = local_cluster.client
    _workers_back(local_cluster)
    store = tmp_path / "store"
    outcome = {}

    def run():
        try:
            outcome["report"] = build([str(feed.path)], store, engine="dask", scheduler=local_cluster.address)
        except BaseException as err:  # noqa: BLE001 - surfaced by the assertion below
            outcome["error"] = err

    builder = threading.Thread(target=run)
    builder.start()
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and builder.is_alive():
        busy = [address for address, keys in client.processing().items()
                if any("_extract" in str(key) for key in keys)]
        if busy:
            victim = busy[0]
        else:
            time.sleep(0.05)
    assert victim is not None, "no extraction task was seen running"
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    builder.join(timeout=300)
    assert not builder.is_alive()
    assert "error" not in outcome, outcome.get("error")
    report = outcome["report"]
    assert report.errors == ()
    assert (report.added, report.documents) == (feed.documents, feed.documents)
    assert victim not in client.scheduler_info()["workers"]  # the worker really died
    assert_same_store(feed.store, store)  # every document exactly once, as --jobs 1 wrote it
    _workers_back(local_cluster)


def test_a_document_that_kills_every_worker_is_reported_and_the_others_are_built(local_cluster):
    """The batch that dies is split into one task per unit; the unit that still kills is named."""
    scheduler = local_cluster.cluster.scheduler
    _workers_back(local_cluster)
    saved, scheduler.allowed_failures = scheduler.allowed_failures, 0
    dask = cluster.DaskExtraction(local_cluster.address, 2)
    try:
        def run(index, first, units):
            def extract(units):
                if "poison" in units:
                    os._exit(1)  # as a segfault in a native library would
                return [unit.upper() for unit in units]
            return dask.client.submit(extract, units, pure=False)

        batches = [["a", "b"], ["c", "poison", "d"], ["e"]]
        out = list(dask._ordered(iter(batches), SimpleNamespace(requested=False), run))
    finally:
        scheduler.allowed_failures = saved
        dask.close()
    assert [out[0], out[1][0], out[1][2], out[2]] == [["A", "B"], "C", "D", ["E"]]
    error = out[1][1].error
    assert error is not None and error.where == "poison"
    assert "a Dask worker died each time it extracted this document" in str(error)
    _workers_back(local_cluster)


def test_a_worker_with_another_kg_refuses_the_build_and_leaves_no_plugin(tmp_path, local_cluster):
    dask = cluster.DaskExtraction(local_cluster.address, 2)
    with pytest.raises(KgError, match="install the same kg"):
        dask.start(BASE, "0" * 16, None, {}, False, True)
    assert dask.closed
    assert not [name for name in local_cluster.cluster.scheduler.worker_plugins if name.startswith("kg-")]


def test_unreachable_scheduler_is_a_clear_error_and_creates_no_store(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--store", str(store), "--engine", "dask",
                                      "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "Error: tcp://127.0.0.1:9: cannot reach the Dask scheduler" in result.output
    assert "--scheduler tcp://HOST:PORT" in result.output
    assert not store.exists()


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path, seeds_dir):
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--store", str(tmp_path / "s"),
                                      "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "need --engine dask" in result.output
    assert not (tmp_path / "s").exists()


@pytest.fixture()
def inputs_with_a_duplicate(tmp_path, seeds_dir) -> list[str]:
    """The seeds, then a later folder holding a copy of one of them (the copy a build keeps)."""
    later = tmp_path / "later"
    later.mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[2], later / "again.txt")
    return [str(seeds_dir), str(later)]


def test_nquads_shards_load_into_the_store_a_jobs_1_build_writes(tmp_path, inputs_with_a_duplicate,
                                                                 local_cluster, monkeypatch):
    monkeypatch.setattr(cluster, "SHARD_DOCS", 2)  # six documents: three shards
    serial = build(inputs_with_a_duplicate, tmp_path / "serial", jobs=1)
    assert (serial.added, serial.duplicates) == (5, 1)
    shards = tmp_path / "shards"
    result = CliRunner().invoke(cli, ["build", *inputs_with_a_duplicate, "--engine", "dask",
                                      "--scheduler", local_cluster.address, "--nquads-out", str(shards),
                                      "--store", str(tmp_path / "never")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "5 added, 0 replaced, 0 unchanged, 1 duplicate (the last copy kept)" in result.output
    files = sorted(shards.glob("part-*.nq"))
    assert [f.name for f in files] == ["part-000000.nq", "part-000001.nq", "part-000002.nq"]
    assert not list(shards.glob(".*"))  # no file left aside
    assert not (tmp_path / "never").exists()  # --nquads-out writes no store

    loaded = tmp_path / "loaded"
    result = CliRunner().invoke(cli, ["load", *map(str, files), "--store", str(loaded)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{loaded}: 5 documents from 3 shards" in result.output
    assert_same_store(tmp_path / "serial", loaded)
    assert sorted(documents(loaded)) == sorted(documents(tmp_path / "serial"))

    # the same shards through the Oxigraph server's own loader, then indexed by kg load
    raw = tmp_path / "raw"
    for file in files:
        subprocess.run([oxigraph_binary(), "load", "--location", str(raw), "--file", str(file)],
                       check=True, capture_output=True)
    result = CliRunner().invoke(cli, ["load", "--store", str(raw)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_same_store(tmp_path / "serial", raw)


def test_nquads_out_refuses_a_folder_of_earlier_shards(tmp_path, seeds_dir):
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "part-000000.nq").write_text("")
    with pytest.raises(InputError, match="already holds N-Quads shards"):
        build([str(seeds_dir)], tmp_path / "s", engine="dask", nquads_out=shards)
    assert [p.name for p in shards.iterdir()] == ["part-000000.nq"]
    assert not (tmp_path / "s").exists()


def test_load_refuses_a_store_that_holds_documents_and_leaves_it_as_it_was(tmp_path, seeds_store):
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    before = sorted(p.name for p in store.iterdir())
    shard = tmp_path / "part-000000.nq"
    shard.write_text("<https://e.org/a> <https://e.org/b> <https://e.org/c> <https://e.org/g> .\n")
    result = CliRunner().invoke(cli, ["load", str(shard), "--store", str(store)])
    assert result.exit_code == 1
    assert f"Error: {store}: exists and is not empty; kg load fills a new store" in result.output
    assert sorted(p.name for p in store.iterdir()) == before
    assert_same_store(seeds_store, store)


def test_load_of_a_broken_shard_names_it_and_leaves_no_store(tmp_path):
    good = tmp_path / "part-000000.nq"
    good.write_text("<https://e.org/a> <https://e.org/b> <https://e.org/c> <https://e.org/g> .\n")
    bad = tmp_path / "part-000001.nq"
    bad.write_text("<https://e.org/a> <https://e.org/b> \"unterminated .\n")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["load", str(good), str(bad), "--store", str(store)])
    assert result.exit_code == 1
    assert f"Error: {bad}: is not N-Quads" in result.output
    assert not store.exists()


def test_workers_build_with_the_drivers_extractor_version(local_cluster):
    """The version check compares like with like: a worker's own kg gives the driver's version."""
    found = local_cluster.client.run(extractor_version, (), True)
    assert set(found.values()) == {extractor_version((), True)}
