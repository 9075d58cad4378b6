"""Entity resolution before and after (issue 26, items 2-4): duplicates among the entities of the
dev store, the share of gold facts whose two names are recognised (dev and check apart), and the
build's start-up time.

"Before" is another revision of ``kg`` (default ``main``), unpacked with ``git archive`` into a
temporary directory and run in its own processes (``PYTHONPATH``); "after" is this tree. The texts
are those of ``benchmarks/real_eval.py`` (``.eval-real/``, or ``--texts``); the check set is built
and scored for its numbers only. Duplicates are counted in both dev stores by this tree's
:func:`kg.duplicates.find_duplicates`.

    python benchmarks/resolution.py                      # prints the tables
    python benchmarks/resolution.py --write benchmarks/RESOLUTION.md
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
CHECK = [line.strip() for line in (ROOT / "benchmarks" / "check-set.txt").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]
TINY = "星澜科技完成融资\n\n2026年1月5日，星澜科技宣布完成1亿元A轮融资，由腾讯领投。\n"


def _subset(source: Path, keep, target: Path) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.startswith("#") or not line.strip() or keep(line.split("\t", 1)[0])]
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def child(texts: Path, out: Path) -> None:
    """In the process of one revision: build the dev and check stores and score the names."""
    import kg
    from kg.evaluation import evaluate
    from kg.pipeline import build

    files = sorted(texts.glob("*.txt"))
    sets = {"dev": ([f for f in files if f.stem not in CHECK], lambda d: d not in CHECK),
            "check": ([f for f in files if f.stem in CHECK], lambda d: d in CHECK)}
    numbers = {"kg": kg.__file__}
    for name, (members, keep) in sets.items():
        store = out / name
        started = time.perf_counter()
        report = build([str(f) for f in members], store, jobs=2)
        seconds = time.perf_counter() - started
        if report.errors:
            sys.exit("\n".join(str(e) for e in report.errors))
        gold = _subset(SHARED / "real" / "gold.tsv", keep, out / f"{name}-gold.tsv")
        scored = evaluate(gold, store)
        numbers[name] = {"documents": len(members), "gold": scored.gold, "names_known": scored.names_known,
                         "found": scored.found, "build_seconds": round(seconds, 1)}
    (out / "numbers.json").write_text(json.dumps(numbers), encoding="utf-8")


def _run(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root), CI="true")
    return subprocess.run([sys.executable, *args], cwd=root, env=env, check=True, capture_output=True, text=True,
                          **kwargs)


def startup(roots: dict[str, Path], work: Path, runs: int = 5) -> dict[str, float]:
    """Median wall time of ``kg build`` of one short article into a new store, per revision: one
    warm-up run each (the compiled catalog cache), then the revisions in turn, so a busy moment of
    the shared machine falls on both."""
    article = work / "tiny" / "1.txt"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(TINY, encoding="utf-8")
    times: dict[str, list[float]] = {label: [] for label in roots}
    for i in range(runs + 1):
        for label, root in roots.items():
            store = work / f"tiny-{label}-{i}"
            started = time.perf_counter()
            _run(root, "-c", "from kg.cli import cli; cli()", "build", str(article.parent), "--store", str(store),
                 "--jobs", "1", "--quiet")
            if i:
                times[label].append(time.perf_counter() - started)
    return {label: round(statistics.median(values), 2) for label, values in times.items()}


def duplicates(store: Path) -> dict:
    from pyoxigraph import NamedNode

    from kg.duplicates import find_duplicates
    from kg.store import KgStore
    from kg.vocab import CATALOG_GRAPH, ENTITIES_GRAPH, KG, RDF

    found = find_duplicates(store)
    with KgStore.open(store, read_only=True) as kg_store:
        counts = {q.subject.value for q in kg_store.store.quads_for_pattern(
            None, NamedNode(str(KG.documentCount)), None, NamedNode(ENTITIES_GRAPH)) if int(q.object.value) > 0}
        catalog = {q.subject.value for q in kg_store.store.quads_for_pattern(
            None, NamedNode(str(RDF.type)), None, NamedNode(CATALOG_GRAPH))}
    involved = {d.entity for d in found} | {d.other for d in found}
    return {"entities": len(counts), "new": len(counts - catalog), "pairs": len(found),
            "by_reason": dict(collections.Counter(d.reason for d in found)), "entities_in_pairs": len(involved & counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=Path, default=ROOT / ".eval-real", help="the real articles (<id>.txt)")
    parser.add_argument("--before", default="main", help="the revision to compare with (default main)")
    parser.add_argument("--write", type=Path, help="write the results as Markdown here")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.texts.resolve(), args.child)
        return
    if not list(args.texts.glob("*.txt")):
        sys.exit(f"{args.texts}: no texts (fetch them as {SHARED / 'real' / 'README.md'} says)")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.before], check=True,
                            capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="kg-resolution-"))
    before = work / "before-src"
    before.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(before)
    results = {}
    for label, root in (("before", before), ("after", ROOT)):
        out = work / label
        out.mkdir()
        _run(root, str(Path(__file__).resolve()), "--child", str(out), "--texts", str(args.texts.resolve()))
        numbers = json.loads((out / "numbers.json").read_text(encoding="utf-8"))
        assert numbers["kg"].startswith(str(root)), numbers["kg"]
        numbers["duplicates"] = duplicates(out / "dev")
        results[label] = numbers
    for label, seconds in startup({"before": before, "after": ROOT}, work).items():
        results[label]["startup"] = seconds
    text = report(results, commit, head)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


def report(results: dict, before: str, after: str) -> str:
    b, a = results["before"], results["after"]

    def share(n: dict) -> str:
        return f"{n['names_known'] / n['gold']:.3f} ({n['names_known']}/{n['gold']})"

    lines = [
        "# Entity resolution: before and after (issue 26, items 2-4)",
        "",
        f"Written by `python benchmarks/resolution.py --write benchmarks/RESOLUTION.md`: before = `{before}` "
        f"(main), after = `{after}` plus the working tree. Dev = the real articles not in "
        "`benchmarks/check-set.txt`, check = those in it (scored for numbers only). Duplicates are counted "
        "in both dev stores by the after tree's `kg query entities --duplicates` (`kg.duplicates`): pairs of "
        "entities, at least one mentioned by a document, with the same name, the same name key, or a new "
        "name that is another's name or key with up to four characters more; pairs of two catalog entities "
        "are not counted.",
        "",
        "| measure | before | after |",
        "|---|---:|---:|",
        f"| dev: entities mentioned (new ones) | {b['duplicates']['entities']} ({b['duplicates']['new']}) | "
        f"{a['duplicates']['entities']} ({a['duplicates']['new']}) |",
        f"| dev: likely duplicate pairs | {b['duplicates']['pairs']} | {a['duplicates']['pairs']} |",
    ]
    for reason in ("same name", "same key", "prefix"):
        lines.append(f"| &nbsp;&nbsp;{reason} | {b['duplicates']['by_reason'].get(reason, 0)} | "
                     f"{a['duplicates']['by_reason'].get(reason, 0)} |")
    lines += [
        f"| dev: mentioned entities in a pair | {b['duplicates']['entities_in_pairs']} | "
        f"{a['duplicates']['entities_in_pairs']} |",
        f"| dev: gold facts with both names recognised | {share(b['dev'])} | {share(a['dev'])} |",
        f"| check: gold facts with both names recognised | {share(b['check'])} | {share(a['check'])} |",
        f"| dev: facts found | {b['dev']['found']}/{b['dev']['gold']} | {a['dev']['found']}/{a['dev']['gold']} |",
        f"| check: facts found | {b['check']['found']}/{b['check']['gold']} | "
        f"{a['check']['found']}/{a['check']['gold']} |",
        f"| build start-up: `kg build` of one short article, new store, `--jobs 1` (median of 5, taken in turn, s) | "
        f"{b['startup']:.2f} | {a['startup']:.2f} |",
        f"| dev build, `--jobs 2` (s; 2 cores shared with others) | {b['dev']['build_seconds']} | "
        f"{a['dev']['build_seconds']} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
