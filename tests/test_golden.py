"""The seeds store, quad for quad: a change to what ``kg build seeds/`` writes fails here.

Thresholds (``test_evaluation.py``) let a refactor change the output as long as the scores
hold; this test does not. When a change to the extractor is meant, regenerate the file with
``make golden`` and say in the commit what changed and why (see ``tests/golden.py``).
"""

from __future__ import annotations

import difflib

from golden import GOLDEN, normalised


def test_the_seeds_store_is_the_golden_one(seeds_store):
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    actual = normalised(seeds_store)
    if actual != expected:
        diff = list(difflib.unified_diff(expected, actual, "tests/data/seeds-golden.nq", "kg build seeds/",
                                         lineterm="", n=0))
        shown = "\n".join(diff[:200]) + (f"\n… {len(diff) - 200} more lines" if len(diff) > 200 else "")
        raise AssertionError(f"the seeds store differs from the golden one (make golden regenerates it):\n{shown}")
