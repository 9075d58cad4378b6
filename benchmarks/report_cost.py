"""What the per-run report of issue 29 (document identity, last copy wins) costs a build.

Builds the benchmark corpus (``run.py``'s People's Daily JSONL, 10 or 100 MB) into a fresh store
and then again (every document unchanged), with this tree's ``kg.pipeline`` and with the one
before item 1 (commit 756b488, extracted with ``git archive``), alternately, ``--jobs 2
--no-tagger`` (the tagger changes what is extracted, not what the writer does). Prints one JSON
line per build; the figures of the last run are in RESULTS.md ("Per-run report").

    .venv/bin/python benchmarks/report_cost.py --size 100 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BEFORE = "756b488"

_BUILD = r"""
import json, shutil, sys, time, glob
root, label, store, corpus = sys.argv[1:5]
sys.path.insert(0, root)
import kg.pipeline
assert kg.pipeline.__file__.startswith(root), kg.pipeline.__file__
files = sorted(glob.glob(corpus + "/part-*.jsonl"))
for run in ("build", "rebuild"):
    started = time.perf_counter()
    r = kg.pipeline.build(files, store, jobs=2, tagger=False)
    print(json.dumps({"writer": label, "run": run, "seconds": round(time.perf_counter() - started, 2),
                      "write_seconds": round(r.write_seconds, 2), "quads": r.quads, "documents": r.documents}),
          flush=True)
shutil.rmtree(store, ignore_errors=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10, help="corpus size in MB (10 or 100)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import run

    corpus, _, _ = run.write_corpus(args.size * run.MB)
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", BEFORE, "kg", "ontology", "queries"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        for _ in range(args.rounds):
            for label, root in (("before item 1", old), ("now", REPO)):
                subprocess.run([sys.executable, "-c", _BUILD, str(root), label, str(Path(tmp) / "store"),
                                str(corpus)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
