"""Precision of minted names: of the entities a build makes for names no catalog holds, how many
are names (issue 25: ≥ 0.90 on the dev articles and on a sample of People's Daily).

A reader judges each minted name once; judgments live in ``benchmarks/minted-judged.tsv``
(``name<TAB>type<TAB>ok|junk<TAB>note``) and are reused, so a later run only asks about new names.

    python benchmarks/minted_names.py dev          # the dev articles of .eval-real/ (never the check set)
    python benchmarks/minted_names.py pd --sample 100   # 100 People's Daily articles (seed 25)
    python benchmarks/minted_names.py seeds

Prints every minted name with its rule and the sentence it came from, marks the judged ones,
and the precision over the judged names; unjudged names are listed for a reader to add.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
JUDGED = HERE / "minted-judged.tsv"


def _judged() -> dict[tuple[str, str], str]:
    if not JUDGED.is_file():
        return {}
    out = {}
    for line in JUDGED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, cls, verdict, *_ = line.split("\t")
            out[(name, cls)] = verdict
    return out


def _documents(which: str, sample: int) -> list[tuple[str, str]]:
    """``(source, text)`` pairs of the set to read."""
    if which == "seeds":
        return [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").iterdir())]
    if which == "dev":
        check = {line.strip() for line in (HERE / "check-set.txt").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")}
        texts = sorted((ROOT / ".eval-real").glob("*.txt"))
        if not texts:
            sys.exit(".eval-real/ holds no texts (fetch them first)")
        return [(p.name, p.read_text(encoding="utf-8")) for p in texts if p.stem not in check]
    sys.path.insert(0, str(HERE))
    from run import pd1998_articles  # the benchmark's People's Daily reader

    articles = pd1998_articles()
    return random.Random(25).sample(articles, min(sample, len(articles)))


def minted(which: str, sample: int) -> list[dict]:
    """Every minted entity of the set: name, type, rule, the document and sentence it first came from."""
    from kg.extract import Extractor, split_sentences
    from kg.ingest import document_from_text

    extractor = Extractor()
    found: dict[tuple[str, str], dict] = {}
    for source, text in _documents(which, sample):
        try:
            doc = document_from_text(text, source=source)
        except Exception:  # noqa: BLE001 - a text that is not an article is not this measure's business
            continue
        extraction = extractor.extract(doc)
        spans = split_sentences(extraction.document.text)
        for m in extraction.mentions:
            if m.entity.in_catalog or m.rule.startswith("ref:"):
                continue
            key = (m.entity.label, m.entity.type)
            if key in found:
                continue
            sentence = next((extraction.document.text[a:b] for a, b in spans if a <= m.start < b), "")
            found[key] = {"name": key[0], "type": key[1], "rule": m.rule, "source": source,
                          "sentence": " ".join(sentence.split())[:160]}
    return sorted(found.values(), key=lambda r: (r["rule"], r["name"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("which", choices=["dev", "pd", "seeds"])
    parser.add_argument("--sample", type=int, default=100, help="People's Daily articles to read (default 100)")
    parser.add_argument("--json", action="store_true", help="print the names as JSON")
    args = parser.parse_args()
    rows = minted(args.which, args.sample)
    judged = _judged()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    ok = junk = 0
    unjudged = []
    for row in rows:
        verdict = judged.get((row["name"], row["type"]))
        mark = {"ok": "+", "junk": "-"}.get(verdict, "?")
        ok += verdict == "ok"
        junk += verdict == "junk"
        if verdict is None:
            unjudged.append(row)
        print(f"{mark} {row['name']}\t{row['type']}\t{row['rule']}\t{row['source']}\t{row['sentence']}")
    judged_n = ok + junk
    print(f"\n{len(rows)} minted names; judged {judged_n}: {ok} names, {junk} not names; "
          f"precision {ok / judged_n:.3f}" if judged_n else f"\n{len(rows)} minted names; none judged yet",
          file=sys.stderr)
    if unjudged:
        print(f"{len(unjudged)} not judged yet: add them to {JUDGED.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    tempfile.tempdir = None
    sys.exit(main())
