"""The page of ``kg view`` in a real browser: headless Chromium (Debian's, ``make chromium``).

Chromium opens the file, lays out and draws the graph; the tests read what it drew, click an
edge, read the timeline, list the requests the page made and save a screenshot.
"""

from __future__ import annotations

import rdflib
import pytest

from kg import queries
from kg.web.browser import Chromium, find_chromium
from kg.resources import catalog_paths
from kg.store import KgStore
from kg.web.view import View, gather, page
from kg.vocab import ONTOLOGY_NS, RELATIONS, SYMMETRIC

from conftest import platform_skip

FOUND = find_chromium()


@pytest.fixture(autouse=True)
def _chromium():
    """Every test here needs Chromium: without it, a skip here, a failure under CI."""
    if isinstance(FOUND, str):
        platform_skip(FOUND)

# Pixels of the graph's canvas that are not background.
_INKED = """
const canvas = document.querySelector('#graph canvas');
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let inked = 0;
for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && pixels[i] + pixels[i + 1] + pixels[i + 2] < 600) inked++;
return inked;
"""


@pytest.fixture(scope="module")
def chromium():
    with Chromium() as browser:
        yield browser


def view_of(store, **options) -> View:
    with queries.connect(store) as backend:
        return gather(backend, **options)


def write_page(path, store, **options) -> View:
    html, view = page(store_dir=store, **options)
    path.write_text(html, encoding="utf-8")
    return view


def expected_counts(store) -> tuple[int, int]:
    """Entities and edges of the whole-store page, counted from the store and the catalog file."""
    result = queries.run(expression="""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX kg: <https://kg.example.org/ontology#>
        SELECT DISTINCT ?statement ?s ?p ?o ?m WHERE {
          ?statement a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:modality ?m }""",
        store_dir=store)
    entities, edges = set(), set()
    for _, s, p, o, m in result.rows:
        relation = p.value[len(ONTOLOGY_NS):]
        s, o = (sorted([s.value, o.value]) if relation in SYMMETRIC else (s.value, o.value))
        entities |= {s, o}
        edges.add((s, relation, o, m.value[len(ONTOLOGY_NS):]))
    catalog = rdflib.Graph()
    for path in catalog_paths():
        catalog.parse(path)
    for relation in RELATIONS:
        for s, o in catalog.subject_objects(rdflib.URIRef(ONTOLOGY_NS + relation)):
            s, o = str(s), str(o)
            if s in entities and o in entities and s != o:
                s, o = sorted([s, o]) if relation in SYMMETRIC else (s, o)
                edges.add((s, relation, o, "asserted"))
    return len(entities), len(edges)


def test_whole_store_draws_every_entity_and_edge_of_the_store(chromium, seeds_store, tmp_path):
    path = tmp_path / "all.html"
    write_page(path, seeds_store)
    rendered = chromium.open(path)
    assert (rendered.nodes, rendered.edges) == expected_counts(seeds_store)
    assert rendered.nodes > 30 and rendered.edges > 60


def test_ali_page_draws_the_graph_offline(chromium, seeds_store, tmp_path):
    path = tmp_path / "ali.html"
    view = write_page(path, seeds_store, entity="阿里")
    rendered = chromium.open(path)
    assert (rendered.nodes, rendered.edges) == (len(view.nodes), len(view.edges))
    assert chromium.requests() == [path.resolve().as_uri()]  # the page itself, nothing else
    assert chromium.console_errors() == []
    assert chromium.script(_INKED) > 20_000  # nodes, edges and labels drawn, not a blank canvas
    shot = chromium.screenshot(tmp_path / "ali.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    assert chromium.text("#title") == "阿里巴巴集团（Alibaba Group）"
    assert chromium.text("#counts").startswith(f"{len(view.nodes)} 个实体 entities · {len(view.edges)} 条边 edges")


def test_edges_are_styled_by_modality_and_nodes_coloured_by_class(chromium, seeds_store, tmp_path):
    path = tmp_path / "all.html"
    view = write_page(path, seeds_store)
    chromium.open(path)
    drawn = chromium.script("""
        const body = window.kgView.network.body;
        return body.edgeIndices.map((id) => ({id: id, dashes: body.edges[id].options.dashes,
            label: body.edges[id].options.label, arrow: body.edges[id].options.arrows.to.enabled}));""")
    edges = {e.id: e for e in view.edges}
    assert {e.modality for e in view.edges} >= {"asserted", "rumoured", "denied", "hypothetical"}
    for item in drawn:
        edge = edges[item["id"]]
        assert bool(item["dashes"]) == (edge.modality != "asserted"), edge
        assert item["arrow"] == (not edge.symmetric)
        marked = item["label"].endswith(("（计划）", "（传闻）", "（否认）", "（假设）"))
        assert marked == (edge.modality != "asserted"), item["label"]
    colours = chromium.script("""
        return window.kgView.nodes.get().map((n) => [n.id, n.color.background]);""")
    kinds = {n.id: n.kind for n in view.nodes}
    by_kind = {}
    for iri, colour in colours:
        by_kind.setdefault(kinds[iri], set()).add(colour)
    assert all(len(c) == 1 for c in by_kind.values())
    assert len({c.pop() for c in by_kind.values()}) == len(by_kind) > 5


def test_clicking_an_edge_shows_its_evidence(chromium, seeds_store, tmp_path):
    path = tmp_path / "ali.html"
    view = write_page(path, seeds_store, entity="阿里")
    chromium.open(path)
    # An edge stated by a dated sentence, the only edge between its two entities (drawn straight).
    pairs = {}
    for edge in view.edges:
        pairs.setdefault(frozenset((edge.source, edge.target)), []).append(edge)
    candidates = [e for e in view.edges if len(pairs[frozenset((e.source, e.target))]) == 1
                  and any(x.date for x in e.evidence)]
    # Edges may cross: click candidates until one's midpoint is its own (the page says which it shows).
    for edge in candidates:
        point = chromium.edge_point(edge.id)
        if not point:
            continue
        chromium.click_at("#graph", point["x"], point["y"])
        if chromium.script("return document.getElementById('details').dataset.edge") == edge.id:
            break
    else:
        pytest.fail("no dated edge could be clicked clear of the nodes and of the other edges")
    text = chromium.text("#details")
    for evidence in edge.evidence:
        assert evidence.sentence in text
        assert evidence.source.path in text
    dated = next(x for x in edge.evidence if x.date)
    assert f"日期 date: {dated.date}" in text
    assert "情态 modality: " in text
    # Clicking the background clears the panel again.
    chromium.click_at("#graph", 3, 3)
    assert chromium.script("return document.getElementById('details').dataset.edge") is None


def test_timeline_is_grouped_by_year(chromium, seeds_store, tmp_path):
    path = tmp_path / "ali-tencent.html"
    write_page(path, seeds_store, entity="阿里", partner="腾讯")
    chromium.open(path)
    rows = queries.run(name="timeline", params={"a": "阿里", "b": "腾讯"}, store_dir=seeds_store).rows
    years = {}
    for row in rows:
        if row[0] is not None:
            years[row[0].value[:4]] = years.get(row[0].value[:4], 0) + 1
    shown = chromium.script("""
        return [...document.querySelectorAll('#timeline section.year')].map(
            (s) => [s.dataset.year, s.querySelector('h3').textContent, s.querySelectorAll('li').length]);""")
    assert len(years) > 1
    assert shown == [[year, year, count] for year, count in sorted(years.items())]


def test_a_store_without_statements_renders_an_empty_graph(chromium, tmp_path):
    store = tmp_path / "empty"
    with KgStore.open(store, create=True) as kg_store:
        kg_store.ensure_schema()
    path = tmp_path / "empty.html"
    write_page(path, store)
    rendered = chromium.open(path)
    assert (rendered.nodes, rendered.edges) == (0, 0)
    assert "没有有日期的陈述" in chromium.text("#timeline-body")
