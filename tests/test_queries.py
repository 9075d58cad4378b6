"""kg.queries: stored queries on a store of known facts, parameters, formats, and bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import QueryResultsFormat, Store, parse_query_results

from kg.cli import cli
from kg.vocab import ENTITY_TYPES, MEASURES, MODALITIES, RELATIONS
from kg.errors import QueryError
from kg.queries import bind, list_queries, parse_params, run
from kg.store import KgStore

ENT = "https://kg.example.org/id/entity/"


def rows(store, name, **params):
    result = run(name=name, params=params, store_dir=store)
    return [{v: (t.value if t is not None else None) for v, t in zip(result.variables, row)}
            for row in result.rows]


def column(store, name, var, **params):
    return [r[var] for r in rows(store, name, **params)]


def quad_count(path) -> int:
    with KgStore.open(path, read_only=True) as store:
        return len(store)


def test_at_least_twelve_stored_queries_with_summaries():
    queries = list_queries()
    assert len(queries) >= 12
    for q in queries:
        assert q.summary, q.name
        assert q.tags, q.name
        Store().query(q.text.replace("?_", "?x_").replace("?__", "?xx_"))  # valid SPARQL


@pytest.mark.parametrize("name", ["阿里", "阿裡巴巴", "Alibaba", "阿里巴巴集团", ENT + "alibaba-group"])
def test_partners_finds_the_company_by_any_name(sample_store, name):
    assert column(sample_store, "partners", "partner", company=name) == [ENT + "tencent"]


def test_partners_is_symmetric_and_ignores_rumours(sample_store):
    found = rows(sample_store, "partners", company="腾讯")
    assert [(r["partner"], r["since"]) for r in found] == [(ENT + "alibaba-group", "2021-09")]
    assert column(sample_store, "partners", "partner", company="京东") == []  # only rumoured


def test_launches_include_what_subsidiaries_launched(sample_store):
    found = rows(sample_store, "launches", company="阿里巴巴")
    assert {(r["launcher"], r["label"], r["modality"]) for r in found} == {
        (ENT + "taobao", "淘宝特价小店", "asserted"), (ENT + "tmall", "天猫优选", "planned")}
    assert rows(sample_store, "launches", company="腾讯") == []


def test_miniprograms_on_wechat_with_owner(sample_store):
    found = rows(sample_store, "miniprograms", platform="微信")
    assert [(r["label"], r["owner"]) for r in found] == [("淘宝特价小店", ENT + "taobao")]


def test_ownership_tree_is_transitive(sample_store):
    found = {r["entity"]: r["owner"] for r in rows(sample_store, "ownership", group="阿里")}
    assert found[ENT + "taotian-group"] == ENT + "alibaba-group"
    assert found[ENT + "taobao"] == ENT + "taotian-group"  # two steps down
    assert ENT + "wechat" not in found
    assert ENT + "wechat" in column(sample_store, "ownership", "entity", group="Tencent")


def test_payments_keep_modality(sample_store):
    found = {(r["paymentLabel"], r["modality"]) for r in rows(sample_store, "payments")}
    assert found == {("微信支付", "asserted"), ("支付宝", "denied")}


def test_timeline_between_alibaba_and_tencent_is_ordered_by_date(sample_store):
    found = rows(sample_store, "timeline", a="阿里", b="騰訊")
    assert [(r["date"], r["relation"]) for r in found] == [("2013-11", "blocked"), ("2021-09", "partneredWith")]
    # the defaults are the same pair
    assert rows(sample_store, "timeline") == found


def test_blocking_history(sample_store):
    found = rows(sample_store, "blocking")
    assert [(r["blocker"], r["blocked"], r["date"]) for r in found] == [(ENT + "taobao", ENT + "wechat", "2013-11")]
    assert "淘寶" in found[0]["evidence"]


def test_people_and_roles(sample_store):
    found = rows(sample_store, "people")
    assert [(r["name"], r["relation"], r["organization"], r["role"]) for r in found] == [
        ("马化腾", "leads", ENT + "tencent", "首席执行官")]


def test_evidence_behind_one_fact(sample_store):
    found = rows(sample_store, "evidence", subject="腾讯", object="阿里巴巴")
    assert [(r["source"], r["relation"]) for r in found] == [("sample/a.txt", "partneredWith")]
    assert found[0]["evidence"] == "2021年9月，阿里巴巴与腾讯宣布开放合作。"
    assert rows(sample_store, "evidence", subject="腾讯", object="阿里巴巴", relation="blocked") == []


def test_entity_shows_labels_types_and_wikidata(sample_store):
    found = {(r["property"], r["value"]) for r in rows(sample_store, "entity", entity="阿里")}
    assert ("skos:exactMatch", "http://www.wikidata.org/entity/Q1359568") in found
    assert ("rdf:type", "https://kg.example.org/ontology#Company") in found
    assert ("skos:altLabel", "阿裡巴巴") in found


def test_mentions_lists_the_documents(sample_store):
    assert sorted(column(sample_store, "mentions", "source", entity="微信")) == [
        "sample/a.txt", "sample/b.txt", "sample/c.jsonl:1"]
    assert sorted(column(sample_store, "mentions", "source", entity="京东")) == ["sample/a.txt", "sample/c.jsonl:1"]


def test_unconfirmed_statements(sample_store):
    found = rows(sample_store, "unconfirmed")
    assert sorted(r["modality"] for r in found) == ["denied", "planned", "planned", "rumoured"]
    assert column(sample_store, "unconfirmed", "relation", modality="denied") == ["supportsPayment"]


def test_documents_count_statements(sample_store):
    found = {r["source"]: int(r["statements"]) for r in rows(sample_store, "documents")}
    assert found == {"sample/a.txt": 5, "sample/b.txt": 3, "sample/c.jsonl:1": 3}


def test_entities_filtered_by_type(sample_store):
    found = {r["label"]: int(r["documents"]) for r in rows(sample_store, "entities", type="MiniProgram")}
    assert found["淘宝特价小店"] == 1 and found["天猫优选"] == 1


def test_relations_overview(sample_store):
    found = {r["relation"]: (int(r["statements"]), int(r["asserted"])) for r in rows(sample_store, "relations")}
    assert found["supportsPayment"] == (2, 1) and found["blocked"] == (1, 1)


def test_formats_are_w3c_results(sample_store):
    result = run(name="documents", store_dir=sample_store)
    from kg.queries import format_result
    for fmt, w3c in (("json", QueryResultsFormat.JSON), ("tsv", QueryResultsFormat.TSV)):
        parsed = parse_query_results(format_result(result, fmt).encode(), format=w3c)
        assert [v.value for v in parsed.variables] == result.variables
        assert [tuple(s[v] for v in result.variables) for s in parsed] == result.rows
    table = format_result(result, "table").splitlines()
    assert table[0].split() == result.variables and table[-1] == "(3 rows)"
    records = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert records[0] == result.variables
    assert json.loads(format_result(result, "json"))["head"]["vars"] == result.variables


def test_bind_writes_terms_not_text():
    from pyoxigraph import Literal
    text = bind("SELECT ?x WHERE { ?x ?p ?_v }", {"_v": [Literal('x" } DROP ALL #')]})
    store = Store()
    assert list(store.query(text)) == []  # still one query: the value stayed a literal


def test_parse_params_rejects_bad_forms():
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_params(["company"])


# -- the CLI: clear errors, exit 1, store unchanged ---------------------------------------------


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("args, message", [
    (["partners", "--param", 'company=x" } DROP ALL #'], "Error: --param company: no entity named 'x\" } DROP ALL #'"),
    (["no-such-query"], "Error: kg query: no stored query named 'no-such-query'"),
    (["-e", "SELECT * WHERE { ?s ?p }"], "Error: query: SPARQL syntax error"),
    (["-e", "DROP ALL"], "Error: query: updates are not allowed here"),
    (["evidence", "--param", "subject=腾讯"], "Error: evidence: missing parameter 'object'"),
    (["partners", "--param", "firm=阿里"], "Error: partners: unknown parameter 'firm'"),
])
def test_bad_queries_are_clear_errors_and_change_nothing(sample_store, args, message):
    before = quad_count(sample_store)
    result = invoke("query", *args, "--store", str(sample_store))
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert quad_count(sample_store) == before


def test_injection_as_a_plain_literal_matches_nothing(sample_store):
    before = quad_count(sample_store)
    result = invoke("query", "-e", "SELECT ?s WHERE { ?s ?p ?_v }", "--param", 'v=x" } DROP ALL #',
                    "--store", str(sample_store), "--format", "tsv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == []
    assert quad_count(sample_store) == before


@pytest.mark.parametrize("query, param, value, what, values", [
    ("entities", "type", "Compny", "a type", ENTITY_TYPES),
    ("unconfirmed", "modality", "rumored", "a modality", MODALITIES),
    ("metrics", "measure", "MAU", "a measure", MEASURES),
    ("evidence", "relation", "partnered", "a relation", RELATIONS),
])
def test_a_value_outside_an_enumerated_parameter_lists_the_valid_ones(sample_store, query, param, value, what,
                                                                      values):
    others = {"evidence": ["--param", "subject=阿里", "--param", "object=腾讯"]}.get(query, [])
    result = invoke("query", query, "--param", f"{param}={value}", *others, "--store", str(sample_store))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: --param {param}={value}: not {what} (one of: {', '.join(sorted(values))})\n")
    assert invoke("query", query, "--param", f"{param}={values[-1]}", *others,
                  "--store", str(sample_store)).exit_code == 0


def test_enumerated_parameters_are_enums_in_the_openapi_document():
    from kg.web.api import openapi

    document = openapi()
    schema = {p["name"]: p["schema"] for p in document["paths"]["/api/entities"]["get"]["parameters"]}
    assert schema["type"]["enum"] == sorted(ENTITY_TYPES)


def test_cli_lists_and_runs(sample_store):
    listing = invoke("query")
    assert listing.exit_code == 0
    assert {line.split()[0] for line in listing.stdout.splitlines()} >= {q.name for q in list_queries()}
    result = invoke("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://kg.example.org/ontology#Document> }",
                    "--store", str(sample_store), "--format", "csv")
    assert result.stdout.split() == ["n", "3"]


def test_missing_store_is_a_clear_error(tmp_path):
    result = invoke("query", "documents", "--store", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'none'}: no store here (run `kg build` first)"


def _projected(text: str) -> list[str]:
    """The variables of a query's outermost SELECT, in order (``?x`` and ``(… AS ?x)``)."""
    body = re.sub(r"#[^\n]*", "", text)
    head = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE", body, re.S | re.I).group(1)
    return [name for alias, plain in re.findall(r"AS\s+\?(\w+)\s*\)|\?(\w+)", head)
            for name in [alias or plain] if alias or not re.search(rf"\(\s*[^()]*\?{plain}\b[^()]*AS", head)]


#: Parameters that make each stored query find something in the seeds.
SEED_PARAMS = {"entity": {"entity": "阿里"}, "evidence": {"subject": "腾讯广告", "object": "阿里妈妈"},
               "mentions": {"entity": "阿里"}}


def test_every_stored_query_answers_the_seeds_with_its_own_columns(seeds_store):
    for q in list_queries():
        params = SEED_PARAMS.get(q.name, {p.name: "阿里" for p in q.params if p.required and p.name not in q.defaults})
        result = run(name=q.name, store_dir=seeds_store, params=params)
        projected = _projected(q.path.read_text(encoding="utf-8"))
        # its own columns, in its order, with a label column added before an entity column
        assert [v for v in result.variables if v in projected] == _names_first(projected), q.name
        assert {v for v in result.variables if v not in projected} <= {f"{v}Label" for v in projected}, q.name
        assert result.rows, f"{q.name} found nothing in the seeds"
    assert len(rows(seeds_store, "documents")) == 5


def _names_first(projected: list[str]) -> list[str]:
    """A query's columns with a label it gives after its IRI column moved before it."""
    order = list(projected)
    for i in range(1, len(order)):
        name = order[i]
        if name in ("label", "name") or (name.endswith("Label") and name[:-5] not in order):
            order[i - 1], order[i] = order[i], order[i - 1]
        elif name.endswith("Label") and name[:-5] in order[:i]:
            order.remove(name)
            order.insert(order.index(name[:-5]), name)
    return order


@pytest.mark.parametrize("q", list_queries(), ids=lambda q: q.name)
def test_every_entity_column_has_its_name_just_before_it(seeds_store, q):
    params = SEED_PARAMS.get(q.name, {p.name: "阿里" for p in q.params if p.required and p.name not in q.defaults})
    result = run(name=q.name, store_dir=seeds_store, params=params)
    for i, variable in enumerate(result.variables):
        iris = [row[i].value for row in result.rows if row[i] is not None and row[i].value.startswith(ENT)]
        if not iris:
            continue
        assert i > 0, f"{q.name}: {variable} has no label column before it"
        label = result.variables[i - 1]
        assert label in ("label", "name") or label.endswith("Label"), (q.name, variable, label)
        unnamed = [row[i].value for row in result.rows
                   if row[i] is not None and row[i].value.startswith(ENT) and not row[i - 1]]
        assert unnamed == [], (q.name, variable)


def test_kg_facts_is_one_row_per_relation_fact_with_names(seeds_store):
    result = invoke("facts", "--store", str(seeds_store))
    assert result.exit_code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == ["subjectLabel", "subject", "relation", "relationEn", "objectLabel", "object",
                              "modality", "date", "statements", "source", "evidence", "doc"]
    counted = run(expression="PREFIX kg: <https://kg.example.org/ontology#> SELECT (COUNT(*) AS ?n) WHERE { "
                             "GRAPH <https://kg.example.org/graph/facts> { ?f kg:firstStatement ?k ; "
                             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> [] } }", store_dir=seeds_store)
    assert len(table) == int(counted.rows[0][0].value) > 20
    assert all(r["subjectLabel"] and r["objectLabel"] and r["evidence"] and r["source"] for r in table)
    assert not any(r["subjectLabel"].startswith("entity:") for r in table)
    assert {r["relationEn"] for r in table} >= {"launched", "partnered with"}
    assert {"推出", "合作"} <= {r["relation"] for r in table}
    launch = next(r for r in table if r["subjectLabel"] == "阿里巴巴集团" and r["objectLabel"] == "天猫优品")
    assert (launch["relation"], launch["modality"], launch["date"], launch["statements"]) == ("推出", "asserted",
                                                                                             "2017", "1")
    page = list(csv.DictReader(io.StringIO(invoke("facts", "--store", str(seeds_store), "--limit", "5",
                                                  "--offset", "5").stdout)))
    assert page == table[5:10]
    as_json = json.loads(invoke("facts", "--store", str(seeds_store), "--format", "json", "--limit", "1").stdout)
    assert as_json["head"]["vars"][:2] == ["subjectLabel", "subject"]


def test_timeline_puts_dated_statements_first_with_labels(seeds_store):
    found = rows(seeds_store, "timeline", a="阿里巴巴", b="腾讯")
    dates = [r["date"] for r in found]
    dated = [d for d in dates if d is not None]
    assert dated and dated == sorted(dated)
    assert dates[: len(dated)] == dated  # no undated row before a dated one
    assert {"阿里巴巴集团", "腾讯"} & {r["subjectLabel"] for r in found}
    assert all(r["subjectLabel"] and r["objectLabel"] for r in found)


@pytest.mark.parametrize("name", ["launches", "blocking"])
def test_dated_rows_come_first_in_date_order(seeds_store, name):
    dates = [r["date"] for r in rows(seeds_store, name)]
    dated = [d for d in dates if d is not None]
    assert dated and dated == sorted(dated) and dates[: len(dated)] == dated


@pytest.mark.parametrize("name, params", [("documents", {}), ("statements", {}), ("entities", {}),
                                          ("entities", {"type": "MiniProgram"}), ("mentions", {"entity": "阿里"}),
                                          ("evidence", {"subject": "阿里", "object": "腾讯"})])
def test_every_page_is_the_slice_of_the_whole_ordered_answer(seeds_store, name, params):
    # documents takes its page in the store's index order, without a sort (queries/documents.rq):
    # pages of 2 must still be the slices of the whole answer, in order, with nothing missed.
    whole = run(name=name, params=params, store_dir=seeds_store).rows
    assert len(whole) >= 3
    pages = []
    for offset in range(0, len(whole) + 2, 2):
        pages += run(name=name, params=params, store_dir=seeds_store, limit=2, offset=offset).rows
    assert pages == whole


# -- time limits and signals (issue 29) ----------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 10^11 rows and more


def _query_children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def test_a_runaway_query_on_the_store_stops_at_its_timeout(sample_store):
    result = invoke("query", "-e", RUNAWAY, "--timeout", "1", "--store", str(sample_store))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: -e: no answer within 1 s (make the query more selective (a LIMIT, a bound "
                             "parameter), or allow more time with --timeout)\n")


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_stops_a_running_query_at_once(sample_store, signum):
    kg = Path(sys.executable).parent / "kg"
    process = subprocess.Popen([str(kg), "query", "-e", RUNAWAY, "--store", str(sample_store)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (children := _query_children(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)  # the query runs once kg query has its child process
    assert children, "kg query started no query process"
    process.send_signal(getattr(signal, signum))
    out, err = process.communicate(timeout=30)  # the query itself would run for hours
    number = getattr(signal, signum)
    assert (process.returncode, out) == (128 + number, "")
    assert err == f"Error: -e: query interrupted by {signum} (run it again)\n"
    time.sleep(0.2)
    assert not any(Path(f"/proc/{child}").exists() and "Z" not in Path(f"/proc/{child}/stat").read_text().split()[2]
                   for child in children), "the query process outlived kg query"


def test_a_query_process_dies_with_kg_query(sample_store):
    kg = Path(sys.executable).parent / "kg"
    process = subprocess.Popen([str(kg), "query", "-e", RUNAWAY, "--store", str(sample_store)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (children := _query_children(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert children and not any(Path(f"/proc/{c}").exists() for c in children)


@pytest.mark.parametrize("module", ["kg.queries", "kg.server"])
def test_a_child_whose_parent_died_before_it_asked_to_die_with_it_ends_at_once(module):
    """The parent may be killed between the fork and the child's PR_SET_PDEATHSIG: the kernel then
    never signals, so the child compares its parent with the one that started it and ends."""
    code = (f"import os, sys; from {module} import _die_with_parent; "
            "_die_with_parent(int(sys.argv[1])); print('still here')")
    gone = subprocess.run([sys.executable, "-c", code, "1"], capture_output=True, text=True, timeout=60)
    assert (gone.returncode, gone.stdout) == (1, "")  # its parent is this test, not pid 1
    kept = subprocess.run([sys.executable, "-c", code, str(os.getpid())], capture_output=True, text=True,
                          timeout=60)
    assert (kept.returncode, kept.stdout) == (0, "still here\n")


def test_labels_over_http_are_the_labels_of_the_store(seeds_store, tmp_path):
    import shutil

    from kg.server import OxigraphServer

    copy = tmp_path / "served"
    shutil.copytree(seeds_store, copy)
    local = invoke("facts", "--store", str(seeds_store), "--format", "json").stdout
    with OxigraphServer(copy, bind="127.0.0.1:0", read_only=True) as server:
        served = invoke("facts", "--endpoint", server.endpoint, "--format", "json").stdout
        launches = run(name="launches", params={"company": "阿里"}, endpoint=server.endpoint)
    assert json.loads(served) == json.loads(local)
    assert launches.variables[:2] == ["launcherLabel", "launcher"]


def test_an_expression_keeps_its_own_columns(seeds_store):
    result = run(expression="SELECT ?e WHERE { GRAPH <https://kg.example.org/graph/catalog> { ?e a ?t } } LIMIT 1",
                 store_dir=seeds_store)
    assert result.variables == ["e"]


#: A composed funding story (invented names): a dated round with its amount, and a second investor.
FUNDING = """星澜科技完成B轮融资

2025年3月12日，红杉中国向星澜科技投资，星澜科技本轮融资5亿元。
同日，腾讯投资了云帆数据。
"""


def test_investments_of_a_company_and_portfolio_of_an_investor(tmp_path):
    article = tmp_path / "funding.txt"
    article.write_text(FUNDING, encoding="utf-8")
    store = tmp_path / "store"
    assert invoke("build", str(article), "--store", str(store), "--jobs", "1", "--quiet").exit_code == 0

    def table(*args):
        result = invoke("query", "investments", "--store", str(store), "--format", "csv", *args)
        assert result.exit_code == 0, result.stderr
        return list(csv.DictReader(io.StringIO(result.stdout)))

    (round_,) = table("--param", "company=星澜科技")
    assert (round_["investorLabel"], round_["companyLabel"], round_["modality"], round_["date"]) == (
        "红杉中国", "星澜科技", "asserted", "2025-03-12")
    assert (round_["amount"], round_["unit"], round_["amountText"], round_["statements"]) == (
        "500000000", "元", "5亿元", "1")
    (portfolio,) = table("--param", "investor=腾讯")
    assert portfolio["investorLabel"] == "腾讯" and portfolio["amount"] == ""
    assert len(table()) == 2
