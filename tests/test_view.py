"""``kg view``: what the page holds, that it is self-contained, the CLI and the served page.

The page in a real browser is tested in ``test_view_browser.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import replace

import lxml.html
import pytest
from click.testing import CliRunner

from kg import queries
from kg.cli import cli
from kg.errors import InputError, QueryError
from kg.resources import static_file
from kg.server import OxigraphServer
from kg.web.serve import ViewServer
from kg.web.view import Edge, Evidence, Node, Source, View, gather, page, render, view_data

E = "https://kg.example.org/id/entity/"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)



def view_of(store, **options) -> View:
    with queries.connect(store) as backend:
        return gather(backend, **options)


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def edge_keys(view: View) -> set[tuple[str, str, str, str]]:
    return {(short(e.source), e.relation, short(e.target), e.modality) for e in view.edges}


def page_data(html: str) -> dict:
    (script,) = lxml.html.fromstring(html).xpath('//script[@id="kg-data"]')
    return json.loads(script.text)


# -- what the page holds ----------------------------------------------------------------------


def test_neighbourhood_is_the_entity_what_it_owns_and_one_statement_further(sample_store):
    view = view_of(sample_store, entity="阿里")
    by_label = {n.label: n for n in view.nodes}
    # 淘宝 and 天猫 are mentioned and owned through 淘天集团, which joins them to the group.
    assert {n.label for n in view.nodes if n.focus} == {"阿里巴巴集团", "淘天集团", "淘宝", "天猫"}
    # One statement away: the partners, what 淘宝 blocked and launched, what 天猫 plans.
    assert {"腾讯", "京东", "微信", "淘宝特价小店", "天猫优选"} <= set(by_label)
    # Two statements away (马化腾 leads 腾讯; 微信 denied 支付宝) only at depth 2.
    assert "马化腾" not in by_label and "支付宝" not in by_label
    deeper = {n.label for n in view_of(sample_store, entity="阿里", depth=2).nodes}
    assert {"马化腾", "支付宝", "微信支付"} <= deeper


def test_edges_are_statements_and_catalog_relations_between_the_entities_shown(sample_store):
    keys = edge_keys(view_of(sample_store, entity="阿里"))
    assert ("taobao", "blocked", "wechat", "asserted") in keys
    assert ("alibaba-group", "partneredWith", "jd", "rumoured") in keys
    assert ("tmall", "launched", next(k[2] for k in keys if k[1] == "launched" and k[0] == "tmall"),
            "planned") in keys
    # From the catalog, not from any sentence: 淘宝 ownedBy 淘天集团, 微信 ownedBy 腾讯.
    assert ("taobao", "ownedBy", "taotian-group", "asserted") in keys
    assert ("wechat", "ownedBy", "tencent", "asserted") in keys
    # 腾讯 investedIn 京东 joins two neighbours; 马化腾 is not shown, so neither is his edge.
    assert ("tencent", "investedIn", "jd", "asserted") in keys
    assert not any("pony-ma" in (k[0], k[2]) for k in keys)


def test_an_edge_carries_its_evidence_date_modality_and_source(sample_store):
    view = view_of(sample_store, entity="阿里")
    (edge,) = [e for e in view.edges if e.relation == "blocked"]
    (evidence,) = edge.evidence
    assert evidence.sentence == "2013年11月，淘寶屏蔽了微信的外鏈。"  # the original's words and script
    assert (evidence.date, evidence.when, evidence.modality) == ("2013-11", "2013年11月", "asserted")
    assert (evidence.source.path, evidence.source.title, evidence.source.published) == (
        "sample/b.txt", "腾讯与阿里", "2013-11-20")
    assert evidence.statement.startswith("https://kg.example.org/id/stmt/")
    (catalog,) = [e for e in view.edges if (short(e.source), e.relation) == ("wechat", "ownedBy")]
    assert catalog.catalog and catalog.evidence == (Evidence(None, None, "asserted"),)


def test_symmetric_relations_are_one_edge_per_pair(sample_store):
    view = view_of(sample_store)
    partners = [e for e in view.edges if e.relation == "partneredWith"]
    # alibaba partneredWith tencent (asserted) and jd partneredWith alibaba (rumoured):
    # one edge each, ends in a fixed order, no direction.
    assert sorted((short(e.source), short(e.target), e.modality) for e in partners) == [
        ("alibaba-group", "jd", "rumoured"), ("alibaba-group", "tencent", "asserted")]
    assert all(e.symmetric for e in partners)
    assert not any(e.symmetric for e in view.edges if e.relation != "partneredWith")


def test_the_whole_store_shows_every_entity_of_a_statement(sample_store):
    view = view_of(sample_store)
    result = queries.run(expression="""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT DISTINCT ?e WHERE { ?s a rdf:Statement ; rdf:subject|rdf:object ?e }""", store_dir=sample_store)
    assert {n.id for n in view.nodes} == {row[0].value for row in result.rows}
    statements = sum(len([x for x in e.evidence if x.statement]) for e in view.edges)
    assert statements == 11  # the eleven sample facts, each once
    assert view.title == "全部实体 · whole store"


def test_labels_are_simplified_with_the_english_name_and_the_most_specific_class(sample_store):
    nodes = {short(n.id): n for n in view_of(sample_store, entity="阿里").nodes}
    assert (nodes["alibaba-group"].label, nodes["alibaba-group"].english) == ("阿里巴巴集团", "Alibaba Group")
    assert nodes["alibaba-group"].kind == "Company" and nodes["wechat"].kind == "App"
    minted = [n for n in nodes.values() if n.label == "淘宝特价小店"][0]
    assert (minted.english, minted.kind) == (None, "MiniProgram")


def test_timeline_between_two_companies_is_the_timeline_query(sample_store):
    view = view_of(sample_store, entity="阿里", partner="腾讯")
    rows = queries.run(name="timeline", params={"a": "阿里", "b": "腾讯"}, store_dir=sample_store).rows
    dated = [r for r in rows if r[0] is not None]
    assert [(t.date, t.relation, t.sentence) for t in view.timeline] == [
        (r[0].value, r[4].value, r[9].value) for r in dated]
    assert [(t.year, t.subject_label, t.relation, t.object_label) for t in view.timeline] == [
        ("2013", "淘宝", "blocked", "微信"), ("2021", "阿里巴巴集团", "partneredWith", "腾讯")]
    assert view.undated == len(rows) - len(dated)
    assert "阿里巴巴集团（Alibaba Group） ↔ 腾讯（Tencent）" in view.timeline_title


def test_without_a_partner_the_timeline_holds_the_dated_statements_of_the_graph(sample_store):
    view = view_of(sample_store, entity="阿里")
    assert [(t.year, t.relation) for t in view.timeline] == [
        ("2013", "blocked"), ("2014", "investedIn"), ("2021", "partneredWith")]
    shown = [x for e in view.edges for x in e.evidence if x.statement]
    assert view.undated == sum(1 for x in shown if x.date is None)


@pytest.mark.parametrize("options, error, where", [
    (dict(entity="不存在的公司"), QueryError, "--entity"),
    (dict(entity="阿里", partner="不存在的公司"), QueryError, "--with"),
    (dict(partner="腾讯"), InputError, "--with"),
    (dict(entity="阿里", depth=0), InputError, "--depth"),
])
def test_bad_options_are_clear_errors(sample_store, options, error, where):
    with pytest.raises(error) as raised:
        view_of(sample_store, **options)
    assert raised.value.where == where


# -- the page ---------------------------------------------------------------------------------


def test_page_is_self_contained(sample_store):
    html, _ = page(store_dir=sample_store, entity="阿里")
    tree = lxml.html.fromstring(html)
    # Nothing is loaded: no external script, style sheet, image, frame or form target ...
    assert not tree.xpath("//script[@src] | //link | //img | //iframe | //object | //embed | //form")
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not re.match(r"\s*(https?:)?//", value), (element.tag, name, value)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//|@import|sourceMappingURL", html)
    # ... the library is inside the page, and the page forbids every request.
    assert "@version 10.1.5" in html and "new vis.Network(" in html
    (csp,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert "default-src 'none'" in csp and "connect-src" not in csp


def test_page_data_is_the_view(sample_store):
    html, view = page(store_dir=sample_store, entity="阿里", partner="腾讯")
    data = page_data(html)
    assert data == json.loads(json.dumps(view_data(view)))
    assert len(data["nodes"]) == len(view.nodes) and len(data["edges"]) == len(view.edges)
    assert data["terms"]["partneredWith"] == ["合作", "partnered with"]
    assert data["terms"]["rumoured"] == ["传闻", "rumoured"]


def test_text_from_articles_cannot_break_out_of_the_page():
    nasty = '</script><script>alert(1)</script><!-- & "'
    view = View("t", (Node(E + "a", nasty, None, "Company"), Node(E + "b", "b", None, "App")),
                (Edge("e1", E + "a", E + "b", "launched", "asserted", False, False,
                      (Evidence(None, nasty, "asserted", source=Source("d", title=nasty)),)),),
                (), nasty, 0)
    html = render(view)
    assert html.count("</script>") == 3  # the data, vis-network and the page's script
    assert page_data(html)["nodes"][0]["label"] == nasty
    assert page_data(html)["edges"][0]["evidence"][0]["source"]["title"] == nasty


def test_shipped_vis_network_is_the_recorded_file():
    note = static_file("README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(static_file("vis-network.min.js").read_bytes()).hexdigest()
    assert f"sha256 `{digest}`" in note
    assert "vis-network 10.1.5" in note
    assert " * @version 10.1.5\n" in static_file("vis-network.min.js").read_text(encoding="utf-8")[:400]
    assert "MIT License" in static_file("vis-network.LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in static_file("vis-network.LICENSE-APACHE-2.0").read_text(encoding="utf-8")


# -- command line -----------------------------------------------------------------------------


def test_cli_writes_the_page(sample_store, tmp_path):
    out = tmp_path / "ali.html"
    result = invoke("view", "--entity", "阿里", "-o", str(out), "--store", str(sample_store))
    assert result.exit_code == 0
    view = view_of(sample_store, entity="阿里")
    assert result.output == f"wrote {out}: {view.summary()}\n"
    assert page_data(out.read_text(encoding="utf-8"))["nodes"] == [json.loads(json.dumps(n.__dict__))
                                                                    for n in view.nodes]


def test_cli_writes_to_stdout(sample_store):
    result = invoke("view", "-o", "-", "--store", str(sample_store))
    assert result.exit_code == 0 and result.output.startswith("<!DOCTYPE html>")
    assert len(page_data(result.output)["nodes"]) == len(view_of(sample_store).nodes)


@pytest.mark.parametrize("args, line", [
    (["--entity", "不存在的公司"],
     "Error: --entity: no entity named '不存在的公司' (look names up with `kg query entities`)"),
    (["--with", "腾讯"], "Error: --with: --with needs --entity (name both companies: --entity 阿里 --with 腾讯)"),
])
def test_cli_errors_keep_the_old_page_and_the_store(sample_store, tmp_path, args, line):
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    before = sorted((p.name, p.read_bytes()) for p in store.iterdir() if p.is_file() and p.name != "LOCK")
    out = tmp_path / "page.html"
    out.write_text("the old page", encoding="utf-8")
    result = CliRunner().invoke(cli, ["view", *args, "-o", str(out), "--store", str(store)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == line
    assert out.read_text(encoding="utf-8") == "the old page"
    after = sorted((p.name, p.read_bytes()) for p in store.iterdir() if p.is_file() and p.name != "LOCK")
    assert [name for name, _ in after] == [name for name, _ in before]


def test_cli_missing_output_directory_and_store(sample_store, tmp_path):
    result = invoke("view", "-o", str(tmp_path / "no" / "x.html"), "--store", str(sample_store))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {tmp_path / 'no' / 'x.html'}: the output directory does not exist "
                                     "(create the directory first)")
    result = invoke("view", "-o", str(tmp_path / "x.html"), "--store", str(tmp_path / "none"))
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {tmp_path / 'none'}: no store here")
    assert not (tmp_path / "x.html").exists()


def test_cli_depth_below_one_is_a_usage_error(sample_store):
    assert invoke("view", "--entity", "阿里", "--depth", "0", "--store", str(sample_store)).exit_code == 2


# -- served next to the API -------------------------------------------------------------------


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_served_page_is_built_per_request(sample_store):
    with ViewServer(sample_store, bind="127.0.0.1:0") as server:
        status, html = get(server.url + "?entity=" + urllib.request.quote("阿里") + "&with="
                           + urllib.request.quote("腾讯"))
        assert status == 200
        data = page_data(html)
        expected = view_of(sample_store, entity="阿里", partner="腾讯")
        assert data == json.loads(json.dumps(view_data(replace(expected, served=True))))
        status, text = get(server.url + "?entity=" + urllib.request.quote("不存在的公司"))
        assert status == 400 and text.startswith("Error: --entity: no entity named '不存在的公司'")
        assert get(server.url + "elsewhere")[0] == 404


def test_served_from_the_oxigraph_endpoint_equals_the_store(sample_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    expected = view_data(view_of(sample_store, entity="阿里", partner="腾讯"))
    with OxigraphServer(copy, bind="127.0.0.1:0", read_only=True) as oxigraph, \
            ViewServer(endpoint=oxigraph.url, bind="127.0.0.1:0") as server:
        status, html = get(server.url + "?entity=" + urllib.request.quote("阿里") + "&with="
                           + urllib.request.quote("腾讯"))
        assert status == 200
        assert page_data(html) == json.loads(json.dumps({**expected, "served": True}))


def test_the_whole_store_page_lists_the_store_s_metric_facts(tmp_path):
    """`kg view` without --entity: every metric fact of the store is in the page, not "no metric facts"."""
    article = tmp_path / "m.txt"
    article.write_text("截至6月底，青禾出行App月活跃用户达2.3亿。\n2023年，星河科技营收为120亿元。\n"
                       "星河科技宣布与青禾出行达成合作。\n", encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "all.html"
    assert invoke("build", str(article), "--store", str(store), "--jobs", "1").exit_code == 0
    assert invoke("view", "--store", str(store), "-o", str(out)).exit_code == 0
    metrics = page_data(out.read_text(encoding="utf-8"))["metrics"]
    assert {(m["measure"], m["value"]) for m in metrics} == {("monthlyActiveUsers", "230000000"),
                                                             ("revenue", "12000000000")}
    assert {m["entity_label"] for m in metrics} == {"青禾出行", "星河科技"}  # the App joins its brand


def test_the_page_lists_the_entity_s_metric_facts(tmp_path):
    """Issue 16: the entity's observations (the ``metrics`` query) are in the page's data."""
    from kg.pipeline import build
    from kg.web.view import gather
    from kg import queries

    article = tmp_path / "m.txt"
    article.write_text("截至6月底，微信月活跃用户达13.4亿。\n2023年，腾讯营收为6090亿元，同比增长10%。\n",
                       encoding="utf-8")
    store = tmp_path / "store"
    assert not build([str(article)], store, jobs=1).errors
    with queries.connect(store_dir=store) as backend:
        view = gather(backend, entity="腾讯")
    got = {(m.entity_label, m.measure, m.value, m.unit) for m in view.metrics}
    # 腾讯's own figures, and its WeChat's (what it owns is measured too)
    assert ("腾讯", "revenue", "609000000000", "元") in got
    assert ("腾讯", "growthRate", "10", "%") in got
    assert ("微信", "monthlyActiveUsers", "1340000000", "人") in got
    assert all(m.sentence and m.source.doc for m in view.metrics)
