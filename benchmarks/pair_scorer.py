"""Would a learned scorer over candidate pairs find what the rules miss? (issue 25, item 4)

For every sentence of the development articles that holds two or more entity mentions, every
ordered pair of mentions is a candidate for each of the 13 relations. A candidate is positive when
the article's gold rows hold that fact (names compared as ``kg eval`` compares them). Each candidate
is described by general features only: the trigger families of ``kg/data/triggers.tsv`` found before,
between and after the two names, the words between them (other names masked), the word before and
after, their order, distance, the names and punctuation between, and the two classes. One logistic
regression per relation (numpy, L2, batch gradient descent) is trained and scored in five folds by
article, so no article scores a model that saw it.

The report compares the scorer with the rules on the same candidates: how many right and wrong facts
it adds beyond what the rules assert, and what it finds alone. The check set is never touched: its
articles are skipped and its gold rows never read.

    python benchmarks/pair_scorer.py          # needs .eval-real/ (benchmarks/real_eval.py says how)

Measured 2026-12-07 (rules of that day): at a threshold of 0.5 the scorer adds 23 facts beyond the
rules, 2 of them right (at 0.3: 132, 11 right); alone it asserts 72 facts, 49 right, where the rules
assert 254, 227 right (on their own development data). It does not beat the rules on the data it was
trained on, so it was not tried on the check set and the extractor does not use it.
"""

from __future__ import annotations

import collections
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402
import numpy as np  # noqa: E402

from kg.catalog import load_catalog, normalize_name  # noqa: E402
from kg.evaluation import read_gold  # noqa: E402
from kg.extract import Extractor  # noqa: E402
from kg.extract.extractor import split_sentences  # noqa: E402
from kg.extract.relations import triggers  # noqa: E402
from kg.ingest import read_document  # noqa: E402
from kg.vocab import RELATIONS, SYMMETRIC  # noqa: E402

TEXTS = ROOT / ".eval-real"
GOLD = ROOT.parent / "shared" / "eval" / "real" / "gold.tsv"
CHECK = {line.strip() for line in (ROOT / "benchmarks" / "check-set.txt").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")}
PARTIES = {"Organization", "Company", "InvestmentFirm", "GovernmentAgency"}
PUNCT = set("，,、；;：:（）()“”\"《》")


def _family_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile("|".join(map(re.escape, words)))) for name, words in triggers().items()
            if name != "carry" and words]


def features(sentence: str, a, b, mentions, families) -> list[str]:
    """The general features of subject mention ``a`` and object mention ``b`` (start, end, entity)."""
    first, second = (a, b) if a[0] < b[0] else (b, a)
    order = "sf" if first is a else "of"
    group = lambda t: "P" if t in PARTIES else "H" if t == "Person" else "X"  # noqa: E731
    out = [f"dir:{order}", f"types:{order}:{group(a[2].type)}{group(b[2].type)}", f"ts:{a[2].type}", f"to:{b[2].type}"]
    between = sentence[first[1]:second[0]]
    inside = [m for m in mentions if m[0] >= first[1] and m[1] <= second[0]]
    size = len(between)
    out.append(f"nb:{min(len(inside), 3)}")
    out.append("dist:" + ("0" if size == 0 else "1-3" if size <= 3 else "4-10" if size <= 10 else "11-25" if size <= 25
                          else "26+"))
    out += [f"punc:{ch}" for ch in set(between) & PUNCT]
    before, after = sentence[max(0, first[0] - 12):first[0]], sentence[second[1]:second[1] + 12]
    for where, text in (("btw", between), ("pre", before), ("post", after)):
        out += [f"fam:{where}:{name}:{order}" for name, rx in families if rx.search(text)]
    masked = between
    for m in sorted(inside, key=lambda m: -m[0]):
        masked = masked[:m[0] - first[1]] + "Ｅ" + masked[m[1] - first[1]:]
    if len(masked) <= 30:
        out += [f"w:btw:{w}:{order}" for w in jieba.lcut(masked) if w.strip()]
    out += [f"w:pre:{w}" for w in jieba.lcut(before)[-2:]] + [f"w:post:{w}" for w in jieba.lcut(after)[:2]]
    return out


def candidates():
    """(article, relation, subject IRI, object IRI, features, gold?, asserted by the rules?) of every pair."""
    catalog = load_catalog()
    extractor = Extractor(catalog=catalog)
    families = _family_patterns()
    rows = collections.defaultdict(list)
    for row in read_gold(GOLD):
        if row.doc not in CHECK:
            rows[row.doc].append(row)
    out = []
    for path in sorted(TEXTS.glob("*.txt")):
        if path.stem in CHECK:
            continue
        x = extractor.extract(read_document(str(path)))
        text = x.document.text
        names = collections.defaultdict(set)
        for m in x.mentions:
            names[m.entity.iri] |= {normalize_name(m.text), normalize_name(m.entity.label)}
            if m.entity.in_catalog:
                names[m.entity.iri] |= {normalize_name(label) for label in catalog.labels(m.entity.iri)}
        gold = [(r.relation, {normalize_name(n) for n in r.subject}, {normalize_name(n) for n in r.object})
                for r in rows[path.stem]]

        def is_gold(relation: str, s: str, o: str) -> bool:
            return any(r == relation and (names[s] & gs and names[o] & go or relation in SYMMETRIC
                                          and names[o] & gs and names[s] & go) for r, gs, go in gold)

        asserted = {(f.relation, f.subject.iri, f.object.iri) for f in x.facts if f.modality == "asserted"}
        for start, end in split_sentences(text):
            mentions = [(m.start - start, m.end - start, m.entity) for m in x.mentions if start <= m.start and m.end <= end]
            if len({m[2].iri for m in mentions}) < 2:
                continue
            sentence = text[start:end]
            for a in mentions:
                for b in mentions:
                    if a[2].iri == b[2].iri or not (a[1] <= b[0] or b[1] <= a[0]):
                        continue
                    feats = features(sentence, a, b, mentions, families)
                    for relation in RELATIONS:
                        ruled = (relation, a[2].iri, b[2].iri) in asserted or (
                            relation in SYMMETRIC and (relation, b[2].iri, a[2].iri) in asserted)
                        out.append((path.stem, relation, a[2].iri, b[2].iri, feats, is_gold(relation, a[2].iri, b[2].iri),
                                    ruled))
    return out


def fit(rows, epochs: int = 60, l2: float = 1.0, rate: float = 5.0):
    vocab: dict[str, int] = {}
    for r in rows:
        for f in r[4]:
            vocab.setdefault(f, len(vocab))
    x = np.zeros((len(rows), len(vocab) + 1), dtype=np.float32)
    for k, r in enumerate(rows):
        x[k, [vocab[f] for f in r[4]]] = 1
        x[k, -1] = 1
    y = np.array([r[5] for r in rows], dtype=np.float32)
    w = np.zeros(x.shape[1], dtype=np.float32)
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-x @ w))
        w -= rate * (x.T @ (p - y) + l2 * w) / len(y)
    return vocab, w


def score(model, feats) -> float:
    vocab, w = model
    return float(1 / (1 + np.exp(-(w[-1] + sum(w[vocab[f]] for f in feats if f in vocab)))))


def main() -> None:
    if not any(TEXTS.glob("*.txt")):
        sys.exit(f"{TEXTS}: no texts (fetch them as ../shared/eval/real/README.md says)")
    rows = candidates()
    articles = sorted({r[0] for r in rows})
    random.Random(1).shuffle(articles)
    folds = [set(articles[k::5]) for k in range(5)]
    best: dict[tuple, float] = collections.defaultdict(float)
    truth: dict[tuple, bool] = {}
    ruled: set[tuple] = set()
    for fold in folds:
        for relation in RELATIONS:
            train = [r for r in rows if r[1] == relation and r[0] not in fold]
            if sum(r[5] for r in train) < 3:
                continue
            model = fit(train)
            for r in rows:
                if r[1] == relation and r[0] in fold:
                    pair = (r[2], r[3]) if relation not in SYMMETRIC else tuple(sorted((r[2], r[3])))
                    key = (r[0], relation) + pair
                    best[key] = max(best[key], score(model, r[4]))
                    truth[key] = truth.get(key, False) or r[5]
                    if r[6]:
                        ruled.add(key)
    print(f"candidate facts {len(truth)}, gold among them {sum(truth.values())}; "
          f"the rules assert {len(ruled)}, {sum(truth[k] for k in ruled)} right")
    print("threshold  added beyond the rules (right/all)  the scorer alone (right/all)")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        added = [k for k, v in best.items() if v >= threshold and k not in ruled]
        alone = [k for k, v in best.items() if v >= threshold]
        print(f"{threshold:9.1f}  {sum(truth[k] for k in added):>5}/{len(added):<5}"
              f"{'':26}{sum(truth[k] for k in alone):>5}/{len(alone)}")


if __name__ == "__main__":
    main()
