"""The golden seeds store: what ``kg build seeds/`` writes, pinned as sorted N-Quads.

``tests/data/seeds-golden.nq`` holds the document graphs and the derived graphs (entities,
facts) of a build of ``seeds/``; the schema graphs (ontology, shapes, catalog) are the files
under ``ontology/`` and are left out, and so is the builds graph (when the build ran). Two
things that say nothing of extraction are normalised: the extractor version (a hash of the rule
data) and the write-order numbers (``kg.indexes.NUMBERING``); and the checkout's folder is taken off each ``kg:sourcePath``.
``tests/test_golden.py`` compares a fresh build with it exactly.

Regenerate on purpose, and say why in the commit::

    make golden        # .venv/bin/python tests/golden.py --write
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "data" / "seeds-golden.nq"


def normalised(store_dir) -> list[str]:
    """The store's document and derived graphs as sorted, normalised N-Quads lines."""
    import pyoxigraph

    from kg import indexes
    from kg.vocab import BUILDS_GRAPH, CATALOG_GRAPH, KG, ONTOLOGY_GRAPH, SHAPES_GRAPH

    # the builds graph is when and by which run (PROV-O), not what was extracted
    schema = {CATALOG_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, BUILDS_GRAPH}
    version = str(KG.extractorVersion)
    source = str(KG.sourcePath)
    root = str(TESTS.parent) + "/"
    store = pyoxigraph.Store.read_only(str(store_dir))
    try:
        lines = []
        for quad in store:
            if quad.graph_name.value in schema:
                continue
            line = str(quad) + " ."
            predicate = quad.predicate.value
            if predicate in indexes.NUMBERING and isinstance(quad.object, pyoxigraph.Literal):
                line = line.replace(str(quad.object), '"#"', 1)
            elif predicate == version:
                line = line.replace(str(quad.object), '"VERSION"', 1)
            elif predicate == source and quad.object.value.startswith(root):
                # the checkout's folder is not the extractor's output: seeds/NAME wherever it is
                line = line.replace(str(quad.object), str(pyoxigraph.Literal(quad.object.value[len(root):])), 1)
            lines.append(line)
        return sorted(lines)
    finally:
        del store


def build_seeds(store_dir) -> list[str]:
    from kg.pipeline import build

    report = build([str(TESTS.parent / "seeds")], store_dir, jobs=1)
    if report.errors:
        raise SystemExit("\n".join(map(str, report.errors)))
    return normalised(store_dir)


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        lines = build_seeds(Path(tmp) / "store")
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{GOLDEN}: {len(lines):,} quads")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
