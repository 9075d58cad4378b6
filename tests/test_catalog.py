"""The entity catalog: one node per entity, whatever the script, short name or language."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import opencc
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.catalog import Catalog, entity_classes, load_catalog, mint_entity, normalize_name
from kg.errors import OntologyError
from kg.resources import catalog_paths
from kg.vocab import KG

ENT = "https://kg.example.org/id/entity/"
GOLD = Path(__file__).resolve().parent / "data" / "seeds-gold.tsv"  # a copy of shared/eval/seeds-gold.tsv


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def raw() -> Graph:
    graph = Graph()
    for path in catalog_paths():
        graph.parse(path, format="turtle")
    return graph


@pytest.mark.parametrize("name", ["阿里巴巴集团", "阿裡巴巴", "阿里", "阿里巴巴", "Alibaba", "ALIBABA", "alibaba group",
                                  "阿里巴巴集團", "Alibaba Group"])
def test_alibaba_in_every_script_and_alias_is_one_entity(catalog, name):
    assert catalog.lookup(name).iri == ENT + "alibaba-group"


@pytest.mark.parametrize("name, slug", [
    ("騰訊", "tencent"), ("鹅厂", "tencent"), ("鵝廠", "tencent"), ("Tencent", "tencent"),
    ("手機淘寶", "taobao"), ("淘寶APP", "taobao"), ("淘宝app", "taobao"), ("手淘", "taobao"),
    ("螞蟻金服集團", "ant-group"), ("蚂蚁金服", "ant-group"),
    ("張小龍", "allen-zhang"), ("B站", "bilibili"), ("嗶哩嗶哩", "bilibili"),
    ("Uni Desk", "alimama-uni-desk"), ("阿里媽媽UD", "alimama-uni-desk"), ("UniDesk", "alimama-uni-desk"),
    ("微信視頻號", "wechat-channels"), ("淘天", "taotian-group"), ("工信部", "miit"),
])
def test_lookup_across_scripts_short_names_and_english(catalog, name, slug):
    assert catalog.lookup(name).iri == ENT + slug


@pytest.mark.parametrize("name", ["UD", "头条", "字节", "苹果", "小程序", "微信小程序", ""])
def test_ordinary_words_and_bare_abbreviations_are_not_names(catalog, name):
    assert catalog.lookup(name) is None


def test_catalog_is_big_enough_and_typed(catalog):
    assert len(catalog) >= 120
    kinds = defaultdict(int)
    for entity in catalog.entities():
        assert entity.in_catalog
        assert entity.type in entity_classes().values()
        kinds[entity.type] += 1
    for needed in ("Company", "GovernmentAgency", "Person", "App", "MiniProgram", "Platform",
                   "Feature", "PaymentService", "AdPlatform"):
        assert kinds[needed] >= 1, needed


def test_every_entity_has_zh_hans_pref_label_and_english_label(raw, catalog):
    """An English label, or a pinyin one (``@zh-Latn-pinyin``) where the record gives no English name."""
    for entity in catalog.entities():
        node = URIRef(entity.iri)
        pref = [lit for lit in raw.objects(node, SKOS.prefLabel) if lit.language.lower() == "zh-hans"]
        assert len(pref) == 1, entity.iri
        assert entity.label == str(pref[0])
        assert any(lit.language in ("en", "zh-Latn-pinyin") for lit in raw.objects(node, RDFS.label)), entity.iri
    hand_written = [e for e in catalog.entities() if (URIRef(e.iri), DCTERMS.source, None) not in raw]
    assert all(any(lit.language == "en" for lit in raw.objects(URIRef(e.iri), RDFS.label)) for e in hand_written)


def test_no_name_belongs_to_two_entities(raw):
    owners = defaultdict(set)
    for pred in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
        for subject, label in raw.subject_objects(pred):
            owners[normalize_name(str(label))].add(subject)
    shared = {name: nodes for name, nodes in owners.items() if len(nodes) > 1}
    assert shared == {}


def test_traditional_forms_are_alt_labels(raw):
    s2t = opencc.OpenCC("s2t")
    for subject, pref in raw.subject_objects(SKOS.prefLabel):
        traditional = s2t.convert(str(pref))
        if traditional != str(pref):
            names = {str(label) for label in raw.objects(subject, SKOS.altLabel)}
            assert traditional in names, (subject, traditional)


def test_taiwan_words_of_a_generated_name_are_alt_labels(raw):
    # the build adds OpenCC s2twp forms: Taiwan's own words (网络 → 網路, 软件 → 軟體) and names (英伟达 → 輝達),
    # unless the form is another entity's name
    s2twp = opencc.OpenCC("s2twp")
    owners = {normalize_name(str(o)): s for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
              for s, o in raw.subject_objects(p)}
    checked = 0
    for subject, pref in raw.subject_objects(SKOS.prefLabel):
        if not (raw.value(subject, DCTERMS.source) and str(pref).endswith(("网络", "软件", "信息"))):
            continue
        taiwan = s2twp.convert(str(pref))
        names = {str(label) for label in raw.objects(subject, SKOS.altLabel)}
        if owners.get(normalize_name(taiwan), subject) == subject:
            assert taiwan in names, (subject, taiwan)
            checked += 1
    assert checked >= 10


def test_parents_are_catalog_entities_and_chains_end(catalog):
    assert catalog.parent(ENT + "taobao") == ENT + "taotian-group"
    assert catalog.parent(ENT + "taotian-group") == ENT + "alibaba-group"
    assert catalog.parent(ENT + "alibaba-group") is None
    for entity in catalog.entities():
        seen = {entity.iri}
        parent = catalog.parent(entity.iri)
        while parent is not None:
            assert parent in catalog, (entity.iri, parent)
            assert parent not in seen, f"ownership cycle through {parent}"
            seen.add(parent)
            parent = catalog.parent(parent)


def test_wikidata_links_are_well_formed_and_unique(raw):
    links = defaultdict(set)
    for subject, item in raw.subject_objects(SKOS.exactMatch):
        assert str(item).startswith("http://www.wikidata.org/entity/Q"), item
        assert str(item)[len("http://www.wikidata.org/entity/Q"):].isdigit()
        links[item].add(subject)
    assert len(links) >= 60
    assert all(len(nodes) == 1 for nodes in links.values())
    assert links[URIRef("http://www.wikidata.org/entity/Q1359568")] == {URIRef(ENT + "alibaba-group")}


def test_every_wikidata_link_names_its_source():
    """A QID is kept only with the public record it was found in (``# src: …`` on its line)."""
    lines = [line for path in catalog_paths() for line in path.read_text(encoding="utf-8").splitlines()]
    links = [line for line in lines if not line.lstrip().startswith("#") and "skos:exactMatch" in line]
    assert len(links) >= 60
    unsourced = [line.strip() for line in links if "# src: " not in line
                 or len(line.split("# src: ", 1)[1].strip()) < 10]
    assert unsourced == []


def test_surface_forms_are_simplified_and_cover_every_entity(catalog):
    t2s = opencc.OpenCC("t2s")
    forms = catalog.surface_forms()
    assert all(t2s.convert(form) == form for form, _ in forms)
    assert len({(form, entity.iri) for form, entity in forms}) == len(forms)
    assert {entity.iri for _, entity in forms} == {entity.iri for entity in catalog.entities()}
    by_form = {form: entity.iri for form, entity in forms}
    assert by_form["阿里巴巴集团"] == by_form["阿里"] == ENT + "alibaba-group"
    assert by_form["Uni Desk"] == ENT + "alimama-uni-desk"  # inner space kept for the matcher
    lengths = [len(form) for form, _ in forms]
    assert lengths == sorted(lengths, reverse=True)


def test_ambiguous_names_are_flagged(catalog):
    assert catalog.is_ambiguous(catalog.lookup("口碑").iri)
    assert catalog.is_ambiguous(catalog.lookup("菜鸟").iri)
    assert not catalog.is_ambiguous(catalog.lookup("淘宝").iri)


def test_ambiguity_belongs_to_a_name_not_to_the_entity(catalog):
    cainiao = catalog.lookup("菜鸟网络").iri
    assert catalog.is_ambiguous(cainiao, "菜鸟") and catalog.is_ambiguous(cainiao, "菜鳥")
    assert not catalog.is_ambiguous(cainiao, "菜鸟网络")
    mountains = catalog.lookup("喜马拉雅FM").iri
    assert catalog.is_ambiguous(mountains, "喜马拉雅") and not catalog.is_ambiguous(mountains, "喜马拉雅FM")


def test_an_entity_marked_ambiguous_without_names_has_every_name_ambiguous(tmp_path):
    extra = tmp_path / "my.ttl"
    extra.write_text("""
@prefix kg: <https://kg.example.org/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.com/e/hongqi> a kg:Company ;
    skos:prefLabel "红旗"@zh-Hans ; skos:altLabel "红旗汽车"@zh-Hans ; kg:ambiguous true .
""", encoding="utf-8")
    iri = "https://example.com/e/hongqi"
    merged = load_catalog([extra])
    assert merged.is_ambiguous(iri, "红旗") and merged.is_ambiguous(iri, "红旗汽车")


def test_every_entity_of_the_seed_gold_file_is_in_the_catalog(catalog):
    missing = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _, subject, _, obj = line.split("\t")[:4]
        for alternatives in (subject, obj):
            if not any(catalog.lookup(name) for name in alternatives.split("|")):
                missing.append(alternatives)
    assert missing == []


def test_user_catalog_extends_and_overrides(tmp_path, catalog):
    extra = tmp_path / "my.ttl"
    extra.write_text("""
@prefix kg: <https://kg.example.org/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.com/e/xyz> a kg:Company ;
    skos:prefLabel "星河数科"@zh-Hans ; rdfs:label "Xinghe Digital"@en ;
    skos:altLabel "星河數科"@zh-Hant ; kg:ownedBy <https://kg.example.org/id/entity/tencent> .
""", encoding="utf-8")
    merged = load_catalog([extra])
    entity = merged.lookup("星河數科")
    assert entity.iri == "https://example.com/e/xyz"
    assert entity.type == "Company" and entity.label == "星河数科"
    assert merged.parent(entity.iri) == ENT + "tencent"
    assert merged.lookup("腾讯").iri == ENT + "tencent"
    assert catalog.lookup("星河数科") is None
    assert load_catalog([str(extra)]) is merged


def test_broken_user_catalog_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <https://kg.example.org/ontology#> .\n\n<https://x/a> a kg:Company ;\n    kg:ownedBy .\n',
                   encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_catalog([bad])
    assert f"{bad.resolve()}:4" in str(err.value)


def test_missing_user_catalog_is_an_ontology_error(tmp_path):
    with pytest.raises(OntologyError, match="not found"):
        load_catalog([tmp_path / "nope.ttl"])


def test_user_entity_without_any_name_is_rejected(tmp_path):
    bad = tmp_path / "noname.ttl"
    bad.write_text("@prefix kg: <https://kg.example.org/ontology#> .\n<https://x/a> a kg:Company .\n",
                   encoding="utf-8")
    with pytest.raises(OntologyError, match="no label"):
        load_catalog([bad])


def test_mint_entity_is_stable_across_scripts_and_spacing():
    simplified = mint_entity("星河数科 公司", "Company")
    assert simplified.iri == mint_entity("星河數科公司", "Company").iri
    digest = hashlib.sha256("星河数科".encode()).hexdigest()[:16]  # the name key: no legal form
    assert simplified.iri == "https://kg.example.org/id/entity/" + digest
    assert not simplified.in_catalog and simplified.label == "星河数科 公司"
    assert mint_entity("X", "Person", base_iri="https://news.example/").iri.startswith("https://news.example/entity/")


def test_mint_entity_rejects_unknown_class():
    with pytest.raises(ValueError):
        mint_entity("X", "Corporation")


def test_normalize_name():
    assert normalize_name(" 騰訊 QQ ") == "腾讯qq"
    assert normalize_name("Uni\u3000Desk\n") == "unidesk"


def test_get_and_labels(catalog):
    wechat = catalog.get(ENT + "wechat")
    assert wechat.label == "微信" and wechat.type == "App"
    assert {"微信", "WeChat"} <= catalog.labels(ENT + "wechat")
    assert catalog.get(ENT + "nothing") is None
    assert catalog.labels(ENT + "nothing") == set()


def _reload(paths=()):
    from kg import catalog as module

    module._load_cached.cache_clear()
    return load_catalog(paths)


def test_compiled_catalog_answers_like_the_parsed_one(tmp_path, monkeypatch):
    """The second load reads the JSON the first wrote, and finds the same entities by the same names."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    try:
        parsed = _reload()
        (written,) = (tmp_path / "cache").glob("catalog-*.json")
        compiled = _reload()
        assert compiled._graph is None  # not parsed: read from the cache
        assert [(e.iri, e.label, e.type) for e in compiled.entities()] == \
            [(e.iri, e.label, e.type) for e in parsed.entities()]
        for entity in parsed.entities():
            assert compiled.labels(entity.iri) == parsed.labels(entity.iri)
            assert compiled.parent(entity.iri) == parsed.parent(entity.iri)
            assert compiled.is_ambiguous(entity.iri) == parsed.is_ambiguous(entity.iri)
        assert compiled.surface_forms() == parsed.surface_forms()
        assert compiled.lookup("騰訊").iri == ENT + "tencent"
        assert compiled.is_ambiguous(compiled.lookup("菜鸟网络").iri, "菜鳥")
        assert len(compiled.graph) == len(parsed.graph)  # parsed on demand
        assert written.is_file()
    finally:
        _reload()


def test_a_changed_catalog_file_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "my.ttl"
    extra.write_text('@prefix kg: <https://kg.example.org/ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                     '<https://example.com/e/a> a kg:Company ; skos:prefLabel "星河甲"@zh-Hans .\n', encoding="utf-8")
    try:
        assert _reload([extra]).lookup("星河甲") is not None
        extra.write_text(extra.read_text(encoding="utf-8").replace("星河甲", "星河乙"), encoding="utf-8")
        changed = _reload([extra])
        assert changed.lookup("星河乙") is not None and changed.lookup("星河甲") is None
        assert len(list((tmp_path / "cache").glob("catalog-*.json"))) == 2
    finally:
        _reload()


def test_an_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    try:
        assert _reload().lookup("Alibaba").iri == ENT + "alibaba-group"
    finally:
        _reload()


def test_pinyin_labels_are_shown_not_matched(raw, catalog):
    pinyin = [(s, o) for s, o in raw.subject_objects(RDFS.label) if (o.language or "").lower() == "zh-latn-pinyin"]
    assert pinyin
    for subject, label in pinyin[:50]:
        assert catalog.get(str(subject)) is not None
        assert catalog.lookup(str(label)) is None


@pytest.mark.parametrize("name, slug, owner", [
    ("Kimi-K2", "kimi-k2", "moonshot-ai"), ("Kimi K2", "kimi-k2", "moonshot-ai"),
    ("Qwen2.5-Coder", "qwen2-5-coder", "alibaba-group"), ("QwQ", "qwq", "alibaba-group"),
    ("DeepSeek V3.1", "deepseek-v3-1", "deepseek"), ("GLM-4.6", "glm-4-6", "zhi-pu-hua-zhang"),
    ("MiniMax-M1", "minimax-m1", "minimax"), ("LongCat-Flash", "longcat-flash", "meituan"),
    # spellings of one model are one entity: the table's internlm2_5 is LMDeploy's InternLM2.5,
    # its Llama-3.2 LMDeploy's Llama3.2, its deepseek-coder the llm table's Deepseek Coder
    ("internlm2_5", "internlm2-5", "shang-hai-ren-gong-zhi-neng-shi-yan-shi"),
    ("Llama-3.2", "llama3-2", "facebook"), ("deepseek-coder", "deepseek-coder", "deepseek"),
])
def test_models_of_the_swift_table_with_their_makers(catalog, name, slug, owner):
    entity = catalog.lookup(name)
    assert entity is not None and entity.iri == ENT + slug and entity.type == "AIModel"
    assert catalog.parent(entity.iri) == ENT + owner


@pytest.mark.parametrize("name", ["Moonlight", "Glyph", "Janus", "Marco", "DeepSeek-R1-Distill-Qwen",
                                  "Qwen2.5-Math-RM", "Qwen3-Coder-Next-FP8", "Kimi-K2-Instruct"])
def test_swift_table_words_checkpoints_and_fine_tunes_are_not_models(catalog, name):
    assert catalog.lookup(name) is None
