"""Entity resolution across the documents of a store, kg merge / kg split, remembered catalogs and
the duplicates list, all through the CLI on a real store (composed articles, invented names)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.usercatalog import CATALOGS, USER_CATALOG

ARTICLES = {
    "1.txt": "澜汐科技完成B轮融资\n\n2026年3月5日，北京澜汐科技有限公司宣布完成3亿元B轮融资，由青梧资本领投。\n",
    "2.txt": "青梧创投再投澜汐\n\n2026年6月8日，青梧创投宣布领投澜汐科技C轮融资。\n",
    "3.txt": "澜汐AI与星岚科技合作\n\n2026年7月1日，澜汐AI与星岚科技（StarHaze）达成战略合作。\n",
    "4.txt": "StarHaze获得融资\n\n2026年8月1日，StarHaze宣布获得腾讯投资的5亿元融资。\n",
    "6.txt": "澜汐医疗完成A轮融资\n\n2026年10月1日，澜汐医疗宣布完成1亿元A轮融资，由青梧资本领投。\n",
}
LONE = "Sunwave获得融资\n\n2026年9月1日，Sunwave宣布获得腾讯投资的2亿元融资。\n"

MENTIONS = """PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?title ?entity ?name WHERE {
  GRAPH ?d { ?d kg:mentions ?entity ; kg:title ?title }
  GRAPH <https://kg.example.org/graph/entities> { ?entity rdfs:label ?name }
}"""


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


def build(folder: Path, store: Path, *more: str):
    result = invoke("build", str(folder), "--store", str(store), "--jobs", "1", *more)
    assert result.exit_code == 0, result.output
    return result


def entity_of(store: Path) -> dict[tuple[str, str], str]:
    """``{(document title, a name of a new entity it mentions): entity IRI}``."""
    result = invoke("query", "-e", MENTIONS, "--format", "json", "--store", str(store))
    rows = json.loads(result.output)["results"]["bindings"]
    return {(row["title"]["value"], row["name"]["value"]): row["entity"]["value"] for row in rows}


def articles(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("resolve")
    folder = articles(root / "in", ARTICLES)
    result = build(folder, root / "store")
    return root / "store", result


def test_legal_short_and_suffix_names_are_one_entity_across_documents(built):
    store, _ = built
    found = entity_of(store)
    lanxi = {found[key] for key in found if key[1] in ("北京澜汐科技有限公司", "澜汐科技", "澜汐AI")}
    assert len(lanxi) == 1
    # every document naming it, in whatever spelling, mentions that one entity
    assert {title for (title, _), iri in found.items() if iri in lanxi} == {
        "澜汐科技完成B轮融资", "青梧创投再投澜汐", "澜汐AI与星岚科技合作"}
    fund = {iri for (_, name), iri in found.items() if name in ("青梧资本", "青梧创投")}
    assert len(fund) == 1 and not fund & lanxi


def test_a_name_declared_in_brackets_joins_the_english_name_in_other_documents(built):
    store, result = built
    found = entity_of(store)
    assert found[("StarHaze获得融资", "星岚科技")] == found[("澜汐AI与星岚科技合作", "星岚科技")]
    assert "Note: 1 names declared in another script" in result.stderr
    listed = invoke("catalog", "list", "--store", str(store)).output
    assert listed.startswith("merge\thttps://kg.example.org/id/entity/")
    assert "declared in https://kg.example.org/id/doc/" in listed


def test_merge_survives_force_and_split_takes_it_back(tmp_path):
    folder = articles(tmp_path / "in", {"1.txt": ARTICLES["1.txt"], "5.txt": LONE})
    store = tmp_path / "store"
    build(folder, store)
    before = entity_of(store)
    assert before[("Sunwave获得融资", "Sunwave")] != before[("澜汐科技完成B轮融资", "澜汐科技")]

    merged = invoke("merge", "Sunwave", "澜汐", "--store", str(store))
    assert merged.exit_code == 0 and merged.output.startswith("merged Sunwave <")
    assert (store / USER_CATALOG).is_file()
    again = build(folder, store)
    assert "1 merges made, 0 undone" in again.stderr
    assert again.output.startswith("2 documents: 0 added, 1 replaced, 1 unchanged")  # only the one naming Sunwave
    after = entity_of(store)
    assert after[("Sunwave获得融资", "Sunwave")] == after[("澜汐科技完成B轮融资", "澜汐科技")]
    build(folder, store, "--force")
    assert entity_of(store)[("Sunwave获得融资", "Sunwave")] == after[("澜汐科技完成B轮融资", "澜汐科技")]

    undone = invoke("merge", "--undo", "Sunwave", "澜汐", "--store", str(store))
    assert undone.exit_code == 0 and undone.output.startswith("split Sunwave <")
    build(folder, store)
    assert entity_of(store) == before
    listed = invoke("catalog", "list", "--store", str(store)).output
    assert "merge\t" not in listed


def test_split_keeps_a_name_apart_from_its_variants(tmp_path):
    folder = articles(tmp_path / "in", {"1.txt": ARTICLES["1.txt"], "2.txt": ARTICLES["2.txt"]})
    store = tmp_path / "store"
    build(folder, store)
    assert len({iri for (_, name), iri in entity_of(store).items() if name in ("青梧资本", "青梧创投")}) == 1
    split = invoke("split", "青梧创投", "--store", str(store))
    assert split.exit_code == 0, split.output
    build(folder, store)
    found = entity_of(store)
    assert found[("青梧创投再投澜汐", "青梧创投")] != found[("澜汐科技完成B轮融资", "青梧资本")]
    assert "青梧创投" not in duplicates(store)  # a name kept apart is no duplicate


def duplicates(store: Path) -> str:
    result = invoke("query", "entities", "--duplicates", "--format", "tsv", "--store", str(store))
    assert result.exit_code == 0, result.output
    return result.output


def test_duplicates_lists_names_a_key_keeps_apart_for_review(built):
    store, _ = built
    found = entity_of(store)
    rows = [line.split("\t") for line in duplicates(store).splitlines()]
    assert rows[0] == ["?entity", "?label", "?other", "?otherLabel", "?reason", "?documents"]
    lanxi, medical = found[("澜汐科技完成B轮融资", "澜汐科技")], found[("澜汐医疗完成A轮融资", "澜汐医疗")]
    assert lanxi != medical  # 医疗 names a line of business: no key drops it
    pairs = {frozenset((row[0].strip("<>"), row[2].strip("<>"))): row[4] for row in rows[1:]}
    assert pairs[frozenset((lanxi, medical))] == '"prefix"'
    assert frozenset((found[("StarHaze获得融资", "StarHaze")], found[("澜汐AI与星岚科技合作", "星岚科技")])) not in pairs
    usage = CliRunner().invoke(cli, ["query", "partners", "--duplicates", "--store", str(store)])
    assert usage.exit_code == 2


def test_merge_of_an_unknown_name_exits_1_and_changes_nothing(built):
    store, _ = built
    held = (store / USER_CATALOG).read_bytes()
    result = invoke("merge", "无此公司", "澜汐", "--store", str(store))
    assert result.exit_code == 1
    assert result.stderr == ("Error: 无此公司: names no entity of the store (give a name as `kg query entities` "
                             "shows it, or the entity's IRI)\n")
    assert (store / USER_CATALOG).read_bytes() == held
    same = invoke("merge", "澜汐科技", "北京澜汐科技有限公司", "--store", str(store))
    assert same.exit_code == 1 and "already one entity" in same.stderr


EXTRA = """@prefix kg: <https://kg.example.org/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.com/e/lanxi> a kg:Company ;
    skos:prefLabel "澜汐"@zh-Hans ; rdfs:label "Sunwave"@en .
"""


def test_a_catalog_given_once_is_remembered_until_removed(tmp_path):
    folder = articles(tmp_path / "in", {"5.txt": LONE})
    store, extra = tmp_path / "store", tmp_path / "extra.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    build(folder, store)
    first = build(folder, store, "--catalog", str(extra))
    assert f"Note: catalog added and remembered for later builds of this store" in first.stderr
    assert first.output.startswith("1 document: 0 added, 1 replaced")
    assert invoke("catalog", "list", "--store", str(store)).output == f"catalog\t{extra.resolve()}\n"

    later = build(folder, store)  # no --catalog: the store remembers it
    assert later.output.startswith("1 document: 0 added, 0 replaced, 1 unchanged") and not later.stderr
    assert invoke("query", "-e", "ASK { ?d <https://kg.example.org/ontology#mentions> <https://example.com/e/lanxi> }",
                  "--format", "json", "--store", str(store)).output.strip().endswith("true}")

    extra.write_text(EXTRA.replace('"Sunwave"@en', '"Sunwave"@en, "SW"@en'), encoding="utf-8")
    changed = build(folder, store)
    assert f"Note: catalog changed since the last build: {extra.resolve()}" in changed.stderr

    removed = invoke("catalog", "remove", "extra.ttl", "--store", str(store))
    assert removed.output.startswith(f"removed {extra.resolve()}")
    assert not (store / CATALOGS).exists()
    build(folder, store)
    assert "https://example.com/e/lanxi" not in entity_of(store).values()

    extra.write_text(EXTRA, encoding="utf-8")
    build(folder, store, "--catalog", str(extra))
    extra.unlink()
    gone = invoke("build", str(folder), "--store", str(store), "--jobs", "1")
    assert gone.exit_code == 1
    assert gone.stderr == (f"Error: {extra.resolve()}: a catalog this store is built with is gone (put it back, "
                           f"or run `kg catalog remove {extra.resolve()} --store {store}`)\n")
