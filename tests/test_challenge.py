"""The challenge suite (tests/data/challenge/, composed blind from docs/constructions.md): the
extractor's recall per relation stays above its floor, and few non-facts become facts.

The floors are the last measured scores rounded down (``python tests/challenge.py`` prints the
table docs/development.md shows); raise them when the extractor improves, never lower them to pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from challenge import declared_catalog, read_suite, score, table

#: Recall floor per relation.
RECALL_FLOOR = {
    "acquired": 0.75, "availableOn": 0.90, "blocked": 0.75, "competesWith": 0.75, "divestedFrom": 0.75,
    "founded": 0.80, "investedIn": 0.78, "launched": 0.78, "leads": 0.80, "linksTo": 0.78,
    "ownedBy": 0.75, "partneredWith": 0.85, "supportsPayment": 0.75,
}
PRECISION_FLOOR = 0.92
VIOLATIONS_CEILING = 3  # of 131 non-fact rows


@pytest.fixture(scope="module")
def scores():
    from kg.extract import Extractor

    return score(read_suite(), Extractor())


def test_the_suite_is_whole():
    rows = read_suite()
    assert len(rows) >= 520
    per_relation = {r: sum(row.relation == r for row in rows) for r in RECALL_FLOOR}
    assert min(per_relation.values()) >= 40, per_relation


@pytest.mark.parametrize("relation", sorted(RECALL_FLOOR))
def test_recall_per_relation_stays_above_its_floor(scores, relation):
    assert scores[relation].recall >= RECALL_FLOOR[relation], table(scores)


def test_precision_and_non_facts(scores):
    emitted = sum(s.emitted for s in scores.values())
    correct = sum(s.correct for s in scores.values())
    assert correct / emitted >= PRECISION_FLOOR, table(scores)
    assert sum(s.violated for s in scores.values()) <= VIOLATIONS_CEILING, table(scores)


# -- the suite composed from real news (tests/data/harvest/README.md) -----------------------------

HARVEST = Path(__file__).resolve().parent / "data" / "harvest"
#: With every gold name declared in a catalog of the suite's own, the relation rules alone are
#: measured: recall and precision over the whole suite, and the non-facts that became facts.
HARVEST_RECALL_FLOOR = 0.57
HARVEST_PRECISION_FLOOR = 0.80
HARVEST_VIOLATIONS_CEILING = 5  # of 59 non-fact pairs


#: the second batch (tests/data/harvest2/README.md), scored before it was read
HARVEST2 = Path(__file__).resolve().parent / "data" / "harvest2"
#: the third batch (tests/data/harvest3/README.md), scored before it was read (R 0.40, P 0.77), then read
HARVEST3 = Path(__file__).resolve().parent / "data" / "harvest3"
#: the fourth batch (tests/data/harvest4/README.md), scored before it was read (R 0.44, P 0.82)
HARVEST4 = Path(__file__).resolve().parent / "data" / "harvest4"
#: suite → (recall floor, precision floor, non-facts violated ceiling)
HARVEST_FLOORS = {HARVEST: (HARVEST_RECALL_FLOOR, HARVEST_PRECISION_FLOOR, HARVEST_VIOLATIONS_CEILING),
                  HARVEST2: (0.45, 0.72, 3), HARVEST3: (0.57, 0.80, 2), HARVEST4: (0.45, 0.80, 2)}
#: rows each batch holds at least (the fourth: 292 after two rows that shared text with an article were dropped)
HARVEST_ROWS = {HARVEST: 300, HARVEST2: 300, HARVEST3: 300, HARVEST4: 290}


@pytest.fixture(scope="module", params=sorted(HARVEST_FLOORS), ids=lambda p: p.name)
def harvest_scores(request):
    # in a process of its own: the declared names would stay jieba words in this one and change how
    # every later test's text is cut
    script = Path(__file__).resolve().parent / "challenge.py"
    done = subprocess.run([sys.executable, str(script), "--suite", str(request.param), "--declare-names", "--json"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return request.param, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("suite", sorted(HARVEST_FLOORS), ids=lambda p: p.name)
def test_the_harvested_suite_is_whole(suite):
    rows = read_suite(suite)
    assert len(rows) >= HARVEST_ROWS[suite]
    sources = (suite / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {line.split("\t")[0] for line in sources} == {row.id for row in rows}


def test_harvested_suite_with_its_names_declared(harvest_scores):
    suite, total = harvest_scores
    recall, precision, violations = HARVEST_FLOORS[suite]
    assert total["found"] / total["gold"] >= recall, total
    assert total["correct"] / total["emitted"] >= precision, total
    assert total["violated"] <= violations, total


def test_declared_catalog_names_every_gold_name(tmp_path):
    from kg.catalog import Catalog
    from rdflib import Graph

    rows = read_suite(HARVEST2)
    path = declared_catalog(rows, tmp_path / "declared.ttl")
    catalog = Catalog(Graph().parse(path, format="turtle"))
    names = {n for row in rows for s, _, o in row.facts for n in (s, o)}
    assert all(catalog.lookup(n) is not None for n in names)
    people = [n for row in rows for s, r, _ in row.facts if r == "leads" for n in [s]]
    assert sum(catalog.lookup(n).type == "Person" for n in people) >= 0.8 * len(people)
