"""Find evaluation text in the project: any run of 14 characters shared with a real article.

Tests, doctests, comments and rule data use sentences composed for them with invented
names; none may share a run of ``--run`` characters with an evaluation article (issue 28).
The articles are not in the repository, so this runs before a stop, not in CI:

    python benchmarks/eval_text_scan.py            # scans kg/ tests/ docs/ ontology/ queries/ README.md
    python benchmarks/eval_text_scan.py --run 10   # a stricter look

Both sides are compared as written and after OpenCC t2s with white space removed, so a
Traditional sentence retyped in Simplified is found too. Exit status 1 when anything is found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / ".eval-real"
SCANNED = ("kg", "tests", "docs", "ontology", "queries", "benchmarks", "README.md")
CHECK = {line.strip() for line in (ROOT / "benchmarks" / "check-set.txt").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")}
SUFFIXES = {".py", ".md", ".tsv", ".txt", ".ttl", ".rq", ".json", ".jsonl", ".html", ".js", ".cfg", ".toml"}


def _forms(text: str) -> list[str]:
    from kg.normalize import t2s

    squeezed = "".join(text.split())
    return [text, squeezed, t2s(squeezed)]


def _runs(text: str, n: int) -> set[str]:
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", type=int, default=14, help="characters in a shared run (default 14)")
    args = parser.parse_args()
    articles = sorted(TEXTS.glob("*.txt"))
    if not articles:
        print(f"{TEXTS}: no texts to scan against (fetch them first)", file=sys.stderr)
        return 2
    index: dict[str, str] = {}
    for article in articles:
        for form in _forms(article.read_text(encoding="utf-8")):
            for run in _runs(form, args.run):
                # Runs of Latin letters, digits and punctuation only (URLs, markup) are not prose.
                if sum("\u3400" <= c <= "\u9fff" for c in run) >= args.run // 2:
                    index.setdefault(run, article.stem)
    found = 0
    for top in SCANNED:
        base = ROOT / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.suffix in SUFFIXES)
        for path in files:
            if {"corpus", "work"} & set(path.relative_to(ROOT).parts) or path.name.startswith("seeds-"):
                continue  # the seed gold copies quote seeds/, which is not scanned either
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), 1):
                # A check-set article is named, never quoted: its text stays unread.
                hits = {index[run] + ": " + (run if index[run] not in CHECK else "(check set)")
                        for form in _forms(line) for run in _runs(form, args.run) if run in index}
                for hit in sorted(hits):
                    found += 1
                    print(f"{path.relative_to(ROOT)}:{number}: {hit}")
    print(f"{found} shared runs of {args.run} characters", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
