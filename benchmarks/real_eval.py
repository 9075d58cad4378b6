"""Score the extractor on the real articles: the dev set and the check set apart, and the seeds.

The texts are not in the repository: fetch them into ``.eval-real/`` as
``../shared/eval/real/README.md`` says. The check set (``benchmarks/check-set.txt``) is
built into its own store and scored for its numbers only: this script never prints its
misses, extras or rows, and refuses ``--misses`` for it.

    python benchmarks/real_eval.py                 # dev, check and seeds: one line each
    python benchmarks/real_eval.py --table dev     # the per-relation table of the dev set
    python benchmarks/real_eval.py --misses        # dev misses and extras, with sentences
    python benchmarks/real_eval.py --json          # the numbers as JSON (for notes and RESULTS)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
TEXTS = ROOT / ".eval-real"
CHECK = [line.strip() for line in (ROOT / "benchmarks" / "check-set.txt").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


def _subset(source: Path, keep, target: Path) -> Path:
    """``source`` TSV with only the rows whose ``doc`` column ``keep`` accepts (comments kept)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.startswith("#") or not line.strip() or keep(line.split("\t", 1)[0])]
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def _build(files: list[Path], store: Path, tagger: bool) -> None:
    from kg.pipeline import build

    report = build([str(f) for f in files], store, jobs=2, tagger=tagger)
    if report.errors:
        sys.exit("\n".join(str(e) for e in report.errors))


def _numbers(report) -> dict:
    return {
        "precision": round(report.precision, 3), "recall": round(report.recall, 3), "f1": round(report.f1, 3),
        "correct": report.correct, "emitted": report.emitted, "found": report.found, "gold": report.gold,
        "names_known": report.names_known, "names_known_found": report.names_known_found,
        "negatives_violated": len(report.negatives_violated), "negatives": report.negatives_checked,
        "dates": f"{report.dates_right}/{report.dates_total}",
    }


def _line(name: str, n: dict) -> str:
    share = n["names_known"] / n["gold"] if n["gold"] else 0
    of_those = n["names_known_found"] / n["names_known"] if n["names_known"] else 0
    return (f"{name:6} P {n['precision']:.3f} ({n['correct']}/{n['emitted']})  R {n['recall']:.3f} "
            f"({n['found']}/{n['gold']})  F1 {n['f1']:.3f}  both names {share:.2f} ({n['names_known']}), "
            f"relation found for {of_those:.2f} of those  negatives {n['negatives_violated']}/{n['negatives']} "
            f"dates {n['dates']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", choices=["dev", "check", "seeds"],
                        help="print the per-relation table of this set (of the check set: its counts only)")
    parser.add_argument("--misses", action="store_true", help="print the dev set's misses and extras")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--no-tagger", action="store_true", help="build without the statistical tagger")
    parser.add_argument("--keep", type=Path, help="keep the stores under this directory (dev/, check/, seeds/)")
    args = parser.parse_args()

    from kg.evaluation import evaluate

    texts = sorted(TEXTS.glob("*.txt"))
    if not texts:
        sys.exit(f"{TEXTS}: no texts (fetch them as {SHARED / 'real' / 'README.md'} says)")
    check_files = [t for t in texts if t.stem in CHECK]
    dev_files = [t for t in texts if t.stem not in CHECK]
    work = Path(tempfile.mkdtemp(prefix="kg-real-eval-"))
    out: dict[str, dict] = {}
    try:
        sets = {
            "dev": (dev_files, lambda doc: doc not in CHECK, SHARED / "real"),
            "check": (check_files, lambda doc: doc in CHECK, SHARED / "real"),
            "seeds": (sorted((SHARED.parent / "seeds").glob("*")), lambda doc: True, SHARED),
        }
        for name, (files, keep, folder) in sets.items():
            store = (args.keep / name) if args.keep else work / name
            if args.keep and store.exists():
                shutil.rmtree(store)
            _build(files, store, tagger=not args.no_tagger)
            gold_file = "gold.tsv" if name != "seeds" else "seeds-gold.tsv"
            neg_file = "negatives.tsv" if name != "seeds" else "seeds-negatives.tsv"
            gold = _subset(folder / gold_file, keep, work / f"{name}-gold.tsv")
            negatives = _subset(folder / neg_file, keep, work / f"{name}-negatives.tsv")
            report = evaluate(gold, store, negatives=negatives, sentences=args.misses and name == "dev")
            out[name] = _numbers(report)
            if args.table == name == "check":  # counts per relation only, never a row
                print("check\n" + "\n".join(report.relation_table()))
            if name != "check":  # the check set's rows and misses are never shown
                if args.table == name:
                    print(report.text().split("\nnegatives violated")[0])
                if args.misses and name == "dev":
                    print(report.misses_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for name, numbers in out.items():
            print(_line(name, numbers))


if __name__ == "__main__":
    main()
