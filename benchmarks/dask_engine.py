"""``kg build --engine dask`` against ``--jobs 2`` and raw jieba, its scheduler overhead, and memory at 1 GB.

Run ``make bench-dask`` (or ``python benchmarks/dask_engine.py``). Every figure comes from this
run: raw ``jieba.lcut`` and ``--jobs 2`` on the same corpus are measured beside each Dask
build. Rewrites the ``## Dask engine`` section of ``benchmarks/RESULTS.md``; the raw figures
go to ``benchmarks/work/dask.json``. ``--sizes 10`` runs one size, ``--no-big`` skips the 1 GB build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402  (benchmarks/run.py: corpus, baseline, build snippet)

RESULTS = bench.HERE / "RESULTS.md"
SECTION = "## Dask engine"


def _tree(proc) -> dict[int, int]:
    """``{pid: RSS bytes}`` over the process and its descendants."""
    import psutil

    out = {}
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return out
    for p in procs:
        try:
            out[p.pid] = p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return out


def build(corpus: Path, store: Path, jobs: int, engine: str, tagger: bool = True) -> dict:
    """``kg.pipeline.build`` in a fresh process, RSS sampled every 0.1 s per process.

    The driver process is the writer (and, with a ``LocalCluster``, its scheduler and the two
    nannies, which live in that process); every other process of the tree is a worker."""
    import psutil

    if store.exists():
        shutil.rmtree(store)
    begin = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", bench._BUILD_SNIPPET,
         json.dumps({"paths": [str(corpus)], "store": str(store), "jobs": jobs, "engine": engine,
                     "tagger": tagger})],
        stdout=subprocess.PIPE, cwd=bench.REPO)
    watched = psutil.Process(proc.pid)
    peak_sum = peak_driver = 0
    peak_by_pid: dict[int, int] = {}
    timeline = []
    last = 0.0
    while proc.poll() is None:
        rss = _tree(watched)
        if rss:
            peak_sum = max(peak_sum, sum(rss.values()))
            peak_driver = max(peak_driver, rss.get(proc.pid, 0))
            for pid, value in rss.items():
                peak_by_pid[pid] = max(peak_by_pid.get(pid, 0), value)
            now = time.perf_counter() - begin
            if now - last >= 10:
                timeline.append((round(now), rss.get(proc.pid, 0), sum(rss.values())))
                last = now
        time.sleep(0.1)
    wall = time.perf_counter() - begin
    out = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"build failed (exit {proc.returncode}) on {corpus}, engine {engine}")
    report = json.loads(out.decode().strip().splitlines()[-1])
    # the largest non-driver processes: the workers (a resource tracker, if any, is a few MB)
    workers = sorted((v for pid, v in peak_by_pid.items() if pid != proc.pid), reverse=True)[:jobs]
    report.update(wall=wall, jobs=jobs, engine=engine, peak_rss_sum=peak_sum, peak_rss_driver=peak_driver,
                  peak_rss_workers=workers, timeline=timeline, chars_per_s=report["chars"] / report["seconds"])
    return report


def _noop(units):
    return [None] * len(units)


def scheduler_overhead(corpus: Path, workers: int = 2) -> dict:
    """Round trips of the build's own batches through Dask and through ``--jobs`` processes,
    each task returning at once: what moving one document costs beside extracting it."""
    import multiprocessing
    from types import SimpleNamespace

    from kg import cluster, pipeline

    stop = SimpleNamespace(requested=False)
    units = list(pipeline._units(bench_files(corpus), None))
    docs = len(units)
    out = {"documents": docs}
    with cluster.DaskExtraction(None, workers) as dask:
        dask.client.submit(_noop, [1]).result()  # the workers are up before the clock starts

        def run(index, first, batch):
            return dask.client.submit(_noop, batch, pure=False)

        tasks = list(pipeline._batches(iter(units), stop, docs=cluster.TASK_DOCS, chars=cluster.TASK_CHARS))
        begin = time.perf_counter()
        returned = sum(len(r) for r in dask._ordered(iter(tasks), stop, run))
        out["dask_seconds"] = time.perf_counter() - begin
        assert returned == docs
        out["tasks"] = len(tasks)
        # the same documents in the 16-document batches of --jobs, for comparison
        begin = time.perf_counter()
        returned = sum(len(r) for r in dask._ordered(pipeline._batches(iter(units), stop), stop, run))
        out["dask_small_seconds"] = time.perf_counter() - begin
        assert returned == docs
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_noop, [[1]] * workers)
        begin = time.perf_counter()
        returned = sum(len(r) for r in pool.imap(_noop, pipeline._batches(iter(units), stop)))
        out["pool_seconds"] = time.perf_counter() - begin
        assert returned == docs
    out["dask_us_per_doc"] = out["dask_seconds"] / docs * 1e6
    out["pool_us_per_doc"] = out["pool_seconds"] / docs * 1e6
    out["dask_small_us_per_doc"] = out["dask_small_seconds"] / docs * 1e6
    return out


def bench_files(corpus: Path) -> list:
    from kg.ingest import resolve_inputs

    return resolve_inputs([str(corpus)])


def render(results: dict) -> str:
    m = results["machine"]
    lines = [
        SECTION, "",
        f"Measured by `python benchmarks/dask_engine.py` on {m['date']} ({m['cores']} cores, "
        f"{m['memory_gb']} GB; load average {m['load'][0]:.2f} at start); distributed {results['distributed']}. "
        "`--engine dask` starts a `LocalCluster` of 2 worker processes (1 thread each) on this machine, "
        "as `kg build --engine dask --jobs 2` does; `--jobs 2` and raw `jieba.lcut` run on the same corpus "
        "in the same run. chars/s counts normalised characters over the build's own time (which includes "
        "starting the cluster and loading the extractor on each worker).", "",
        "| size | documents | jieba chars/s | `--jobs 2` chars/s | dask chars/s | dask × `--jobs 2` | dask × jieba "
        "| dask wall s | `--jobs 2` wall s | peak RSS dask (sum) | peak RSS `--jobs 2` (sum) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for size, row in results["sizes"].items():
        d, j, b = row["dask"], row["jobs2"], row["baseline"]
        mark = ""
        if row.get("note"):
            notes.append(row["note"])
            mark = "*" * len(notes)
        lines.append(
            f"| {size} MB{mark} | {d['documents']:,} | {b['chars_per_s']:,.0f} | {j['chars_per_s']:,.0f} | "
            f"{d['chars_per_s']:,.0f} | {d['chars_per_s'] / j['chars_per_s']:.2f} | "
            f"{d['chars_per_s'] / b['chars_per_s']:.2f} | {d['wall']:.1f} | {j['wall']:.1f} | "
            f"{d['peak_rss_sum'] / 1e6:,.0f} MB | {j['peak_rss_sum'] / 1e6:,.0f} MB |")
    for i, note in enumerate(notes, 1):
        lines += ["", "*" * i + " " + note]
    o = results.get("overhead")
    if o:
        lines += [
            "", f"Scheduler overhead: the {o['documents']:,} documents of the 10 MB corpus in the Dask build's own "
            f"tasks ({o['tasks']:,} tasks of up to 64 documents or 160,000 characters, 8 in flight), each task "
            f"returning at once: Dask {o['dask_seconds']:.2f} s = **{o['dask_us_per_doc']:,.0f} µs per document** "
            f"(in the 16-document batches of `--jobs`: {o['dask_small_us_per_doc']:,.0f} µs; one task's round trip "
            f"is about 14 ms, which is why Dask tasks are 4 × larger); "
            f"a `--jobs 2` process pool, 16-document batches: {o['pool_seconds']:.2f} s = "
            f"{o['pool_us_per_doc']:,.0f} µs per document. "
            f"The 10 MB Dask build takes {results['build_us_per_doc']:,.0f} µs of wall time per document, "
            f"so moving documents costs {o['dask_us_per_doc'] / results['build_us_per_doc']:.1%} of it "
            "(the tasks overlap extraction, so the build is slowed by less).",
        ]
    big = results.get("big")
    if big:
        workers = " + ".join(f"{w / 1e6:,.0f}" for w in big["report"]["peak_rss_workers"])
        lines += [
            "", f"1 GB{' (run on ' + big['date'] + ', kept with `--merge`)' if big.get('date', m['date']) != m['date'] else ''}: "
            f"the benchmark corpus repeated to {big['bytes']:,} bytes of UTF-8 text, {big['documents']:,} "
            f"documents (each copy its own URL), built with `--engine dask`"
            f"{' (the default build, with the LAC tagger)' if big['report'].get('tagger', True) else ' --no-tagger'}"
            " into a fresh store: "
            f"{big['report']['added']:,} added, {big['report']['quads']:,} quads, {big['report']['wall']:.0f} s "
            f"({big['report']['chars_per_s']:,.0f} chars/s). **Peak RSS summed over the writer and the two workers: "
            f"{big['report']['peak_rss_sum'] / 1e6:,.0f} MB** (sampled every 0.1 s; the sum of simultaneous "
            f"samples). Peaks per process: writer (with the scheduler and both nannies, which a "
            f"`LocalCluster` runs in the driver process) {big['report']['peak_rss_driver'] / 1e6:,.0f} MB, "
            f"workers {workers} MB.", "",
            "Writer RSS during the 1 GB build (every 10 s of its first minutes, then the end):", "",
            "| s | writer RSS | sum RSS |", "|---:|---:|---:|",
        ]
        timeline = big["report"]["timeline"]
        picks = timeline[:6] + timeline[6::max(1, (len(timeline) - 6) // 8)][1:] + timeline[-1:]
        for t, driver, total in dict.fromkeys(map(tuple, picks)):
            lines.append(f"| {t} | {driver / 1e6:,.0f} MB | {total / 1e6:,.0f} MB |")
    j1 = results.get("jobs1")
    if j1:
        lines += [
            "", "`--jobs 1` peak RSS (the writer's growth found and fixed: the build kept, per document "
            "written, its IRI, its source path and two one-element sets mirroring the store — about "
            "0.8 KB a document — and now looks those up in the store, keeping 8-byte digests of the IRIs it "
            "wrote; glibc also kept the pages RocksDB frees when it flushes its memtables, now handed back "
            "with `malloc_trim` after each flush, every 25,000 quads. The rest of the rise was RocksDB's "
            "own memory in use (mallinfo: about 2 KB a document early on): the block caches and table "
            "readers it fills as the store grows, which pyoxigraph has no option to bound. The writer now "
            "closes the store and opens it again at each flush, which gives them back (at 100 MB the Dask "
            "writer's peak fell from 265 to 185 MB, in the same time). `now`: `--no-tagger`, as the "
            "`before` builds of the table above ran an extractor without the LAC tagger):", "",
            "| size | documents | before (RESULTS.md above) | now |", "|---|---:|---:|---:|",
        ]
        for size, row in j1.items():
            lines.append(f"| {size} MB | {row['documents']:,} | {row['before']} | {row['peak_rss_sum'] / 1e6:,.0f} MB |")
    return "\n".join(lines) + "\n"


def write_section(text: str, output: Path = RESULTS) -> None:
    """Replace the ``## Dask engine`` section of ``output`` (or append it)."""
    old = output.read_text(encoding="utf-8") if output.exists() else ""
    start = old.find(SECTION + "\n")
    if start < 0:
        output.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    end = old.find("\n## ", start + len(SECTION))
    output.write_text(old[:start] + text + ("\n" + old[end + 1:] if end >= 0 else ""), encoding="utf-8")


_BEFORE_JOBS1 = {10: "328 MB", 100: "429 MB"}


def main(argv=None) -> int:
    import distributed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="corpus sizes in MB (default 10,100)")
    parser.add_argument("--no-big", action="store_true", help="skip the 1 GB build")
    parser.add_argument("--baseline-sizes", default="", help="sizes (MB) to measure raw jieba on, without builds")
    parser.add_argument("--no-jobs1", action="store_true", help="skip the --jobs 1 memory rows")
    parser.add_argument("--no-tagger-big", action="store_true",
                        help="run the 1 GB build --no-tagger (quicker; default: the default build, with the LAC tagger)")
    parser.add_argument("--merge", action="store_true",
                        help="keep what work/dask.json holds of the parts not run now")
    parser.add_argument("--render-only", action="store_true", help="rewrite the section from work/dask.json")
    args = parser.parse_args(argv)
    saved = bench.WORK_DIR / "dask.json"
    if args.render_only:
        write_section(render(json.loads(saved.read_text())))
        return 0
    bench.WORK_DIR.mkdir(parents=True, exist_ok=True)
    results = json.loads(saved.read_text()) if args.merge and saved.exists() else {}
    results.update({"machine": bench.machine(), "distributed": distributed.__version__})
    results.setdefault("sizes", {})
    for size in [int(s) for s in args.sizes.split(",") if s]:
        corpus, documents, nbytes = bench.write_corpus(size * bench.MB)
        row = {"baseline": bench.baseline(corpus)}
        for name, jobs, engine in (("jobs2", 2, "local"), ("dask", 2, "dask")):
            row[name] = build(corpus, bench.WORK_DIR / f"store-{size}mb-{name}", jobs, engine)
            bench.log(f"{size} MB {name}: {row[name]['chars_per_s']:,.0f} chars/s, wall {row[name]['wall']:.1f} s, "
                      f"peak RSS sum {row[name]['peak_rss_sum'] / 1e6:,.0f} MB")
            shutil.rmtree(bench.WORK_DIR / f"store-{size}mb-{name}", ignore_errors=True)
        results["sizes"][str(size)] = row
    for size in [int(s) for s in args.baseline_sizes.split(",") if s]:
        corpus, documents, nbytes = bench.write_corpus(size * bench.MB)
        results.setdefault("baselines", {})[str(size)] = bench.baseline(corpus)
        bench.log(f"{size} MB jieba baseline: {results['baselines'][str(size)]['chars_per_s']:,.0f} chars/s")
    if "10" in results["sizes"]:
        row = results["sizes"]["10"]
        results["build_us_per_doc"] = row["dask"]["seconds"] / row["dask"]["documents"] * 1e6
        corpus, _, _ = bench.write_corpus(10 * bench.MB)
        results["overhead"] = scheduler_overhead(corpus)
        bench.log(f"overhead: {results['overhead']}")
    if not args.no_jobs1:
        results["jobs1"] = {}
        for size in (10, 100):
            corpus, documents, _ = bench.write_corpus(size * bench.MB)
            # --no-tagger, like the builds the "before" figures come from
            report = build(corpus, bench.WORK_DIR / f"store-{size}mb-j1", 1, "local", tagger=False)
            report["before"] = _BEFORE_JOBS1[size]
            results["jobs1"][str(size)] = report
            bench.log(f"{size} MB --jobs 1: peak RSS {report['peak_rss_sum'] / 1e6:,.0f} MB")
            shutil.rmtree(bench.WORK_DIR / f"store-{size}mb-j1", ignore_errors=True)
    if not args.no_big:
        corpus, documents, nbytes = bench.write_corpus(1000 * bench.MB)
        report = build(corpus, bench.WORK_DIR / "store-1gb-dask", 2, "dask", tagger=not args.no_tagger_big)
        results["big"] = {"documents": documents, "bytes": nbytes, "report": report, "date": bench.machine()["date"]}
        bench.log(f"1 GB dask: {report['wall']:.0f} s, peak RSS sum {report['peak_rss_sum'] / 1e6:,.0f} MB")
        shutil.rmtree(bench.WORK_DIR / "store-1gb-dask", ignore_errors=True)
    saved.write_text(json.dumps(results, indent=1, default=str))
    write_section(render(results))
    bench.log(f"wrote the Dask section of {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
