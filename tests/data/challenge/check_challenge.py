"""Check the challenge TSVs and print their counts (python3 tests/data/challenge/check_challenge.py).

Checks: 7 tab-separated fields on every line; ids unique and `<relation>-NN`; every name in
facts/nonfacts occurs in the sentence; relations among the 13; known script and modality
values; non-asserted rows carry nonfacts; >= 40 rows per file. With --catalog
ontology/entities.ttl it also reports any fact/nonfact name that equals or contains a
catalog label (real platforms allowed at the far end are listed in ALLOWED_REAL).
"""
import collections
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
RELATIONS = ['launched', 'partneredWith', 'ownedBy', 'availableOn', 'supportsPayment', 'linksTo',
             'blocked', 'competesWith', 'investedIn', 'divestedFrom', 'acquired', 'leads', 'founded']
MODALITIES = {'asserted', 'planned', 'rumoured', 'denied', 'hypothetical'}
SCRIPTS = {'hans', 'hant'}
HEADER = ['id', 'frame', 'script', 'modality', 'sentence', 'facts', 'nonfacts']
ALLOWED_REAL = {'微信', '支付宝', '微信支付', 'Apple Pay', '云闪付', 'App Store'}


def split_list(cell):
    return [x.strip() for x in cell.split(' ; ') if x.strip()] if cell.strip() else []


def load(rel):
    lines = (HERE / f'{rel}.tsv').read_text(encoding='utf-8').split('\n')
    assert lines[-1] == '', f'{rel}: file must end with a newline'
    return lines[:-1]


def catalog_labels(path):
    text = pathlib.Path(path).read_text(encoding='utf-8')
    return {m for m in re.findall(r'"([^"\n]+)"@[A-Za-z-]+', text) if len(m) >= 2}


def main(argv):
    errors = []
    catalog = None
    if '--catalog' in argv:
        catalog = catalog_labels(argv[argv.index('--catalog') + 1])
    ids = set()
    per_rel, per_frame, per_mod, per_script = {}, collections.Counter(), collections.Counter(), collections.Counter()
    per_rel_mod = collections.defaultdict(collections.Counter)
    n_facts = collections.Counter()
    names = set()
    for rel in RELATIONS:
        lines = load(rel)
        if lines[0].split('\t') != HEADER:
            errors.append(f'{rel}: bad header')
        rows = lines[1:]
        per_rel[rel] = len(rows)
        if len(rows) < 40:
            errors.append(f'{rel}: only {len(rows)} rows')
        for ln, line in enumerate(rows, 2):
            f = line.split('\t')
            if len(f) != 7:
                errors.append(f'{rel}:{ln}: {len(f)} fields')
                continue
            rid, frame, script, mod, sent, facts, non = f
            where = f'{rel}:{ln} {rid}'
            if rid in ids or not re.fullmatch(rf'{rel}-\d\d', rid):
                errors.append(f'{where}: bad or duplicate id')
            ids.add(rid)
            if script not in SCRIPTS:
                errors.append(f'{where}: script {script}')
            if mod not in MODALITIES:
                errors.append(f'{where}: modality {mod}')
            if not frame:
                errors.append(f'{where}: empty frame')
            if '\n' in sent or not sent:
                errors.append(f'{where}: bad sentence')
            per_frame[frame] += 1
            per_mod[mod] += 1
            per_script[script] += 1
            per_rel_mod[rel][mod] += 1
            for t in split_list(facts):
                p = t.split('|')
                if len(p) != 3:
                    errors.append(f'{where}: bad fact {t!r}')
                    continue
                s, r, o = p
                if r not in RELATIONS:
                    errors.append(f'{where}: unknown relation {r}')
                for n in (s, o):
                    names.add(n)
                    if n not in sent:
                        errors.append(f'{where}: name {n!r} not in sentence')
                if s == o:
                    errors.append(f'{where}: reflexive fact {t}')
                n_facts[r] += 1
            pairs = split_list(non)
            if mod != 'asserted' and not pairs:
                errors.append(f'{where}: non-asserted row without nonfacts')
            for t in pairs:
                p = t.split('|')
                if len(p) != 2:
                    errors.append(f'{where}: bad nonfact {t!r}')
                    continue
                for n in p:
                    names.add(n)
                    if n not in sent:
                        errors.append(f'{where}: name {n!r} not in sentence')
    if catalog is not None:
        for n in sorted(names):
            if n in ALLOWED_REAL:
                continue
            hits = [c for c in catalog if c == n or (len(c) >= 2 and c in n) or (len(n) >= 2 and n in c)]
            if hits:
                errors.append(f'name {n!r} overlaps catalog labels {sorted(hits)[:5]}')
    print('rows per relation file:')
    for rel in RELATIONS:
        m = per_rel_mod[rel]
        print(f'  {rel:16s} {per_rel[rel]:3d}  (' + ', '.join(f'{k} {m[k]}' for k in sorted(m)) + ')')
    print(f'  {"total":16s} {sum(per_rel.values()):3d}')
    print('rows per modality:', ', '.join(f'{k} {v}' for k, v in per_mod.most_common()))
    print('rows per script:', ', '.join(f'{k} {v}' for k, v in per_script.most_common()))
    print('rows per frame:', ', '.join(f'{k} {v}' for k, v in per_frame.most_common()))
    print('gold triples per relation (all files):', ', '.join(f'{r} {n_facts[r]}' for r in RELATIONS))
    print('distinct names:', len(names))
    if errors:
        print(f'\n{len(errors)} problem(s):')
        for e in errors:
            print('  ' + e)
        return 1
    print('\nOK')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
