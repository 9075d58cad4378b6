"""Extractor on whole documents: modality and dates reach the facts, offsets, scripts, pickling."""

from __future__ import annotations

import pickle

import pytest

from kg.extract import Extractor, split_sentences
from kg.ingest import document_from_text
from kg.model import Meta


@pytest.fixture(scope="session")
def extractor():
    return Extractor()


def facts(extractor, text, date=None):
    doc = document_from_text(text, source="t.txt", meta=Meta(date=date))
    return doc, extractor.extract(doc)


def by_triple(extraction):
    return {(f.subject.label, f.relation, f.object.label): f for f in extraction.facts}


@pytest.mark.parametrize("text, modality", [
    ("美团已经接入了云闪付。", "asserted"),
    ("美团计划明年接入云闪付。", "planned"),
    ("据传美团将接入云闪付。", "rumoured"),
    ("美团并未接入云闪付。", "denied"),
    ("试想，如果美团接入云闪付。", "hypothetical"),
])
def test_modality_reaches_the_fact(extractor, text, modality):
    _, xt = facts(extractor, text)
    assert by_triple(xt)[("美团", "supportsPayment", "云闪付")].modality == modality


@pytest.mark.parametrize("text, adopter, service", [
    ("京东正在内测支付宝付款。", "京东", "支付宝"),
    ("拼多多上线了微信支付。", "拼多多", "微信支付"),
])
def test_a_launch_verb_on_another_owners_payment_service_is_support(extractor, text, adopter, service):
    _, xt = facts(extractor, text)
    found = by_triple(xt)
    assert (adopter, "supportsPayment", service) in found
    assert (adopter, "launched", service) not in found


def test_launching_ones_own_payment_service_stays_a_launch(extractor):
    _, xt = facts(extractor, "2014年，蚂蚁集团推出了支付宝钱包的新版本，腾讯推出了微信支付。")
    found = by_triple(xt)
    assert ("腾讯", "launched", "微信支付") in found
    assert ("腾讯", "supportsPayment", "微信支付") not in found


def test_denial_in_a_later_clause(extractor):
    _, xt = facts(extractor, "有消息称京东与快手达成合作，随后京东予以否认。")
    assert by_triple(xt)[("京东", "partneredWith", "快手")].modality == "denied"


@pytest.mark.parametrize("text, pub, value, words", [
    ("2019年3月，百度收购了豆瓣。", None, "2019-03", "2019年3月"),
    ("2020年6月29日，百度收购了豆瓣。", None, "2020-06-29", "2020年6月29日"),
    ("2018年初，百度收购了豆瓣。", None, "2018", "2018年初"),
    ("去年10月，百度收购了豆瓣。", "2022-06-16", "2021-10", "去年10月"),
    ("去年10月，百度收购了豆瓣。", None, None, "去年10月"),
])
def test_date_reaches_the_fact(extractor, text, pub, value, words):
    _, xt = facts(extractor, text, pub)
    fact = by_triple(xt)[("百度", "acquired", "豆瓣")]
    assert (fact.date, fact.date_text) == (value, words)


def test_traditional_input_links_after_normalisation(extractor):
    _, xt = facts(extractor, "騰訊旗下的微視接入了支付寶。")
    assert ("微视", "ownedBy", "腾讯") in by_triple(xt)
    assert ("微视", "supportsPayment", "支付宝") in by_triple(xt)


def test_evidence_sentence_and_mentions(extractor):
    doc, xt = facts(extractor, "今天天气很好。京东与快手达成合作。快手很火。")
    fact = by_triple(xt)[("京东", "partneredWith", "快手")]
    assert doc.text[fact.sent_start:fact.sent_end] == "京东与快手达成合作。"
    # every mention is kept, also in sentences that hold no relation
    assert [m.text for m in xt.mentions] == ["京东", "快手", "快手"]
    assert all(doc.text[m.start:m.end] == m.text for m in xt.mentions)


def test_no_relation_across_sentences(extractor):
    _, xt = facts(extractor, "京东发布了财报。快手达成合作。")
    assert not xt.facts


def test_name_introduced_once_is_found_again(extractor):
    _, xt = facts(extractor, "美团推出了“小象超市”小程序。后来小象超市接入了云闪付。")
    assert ("小象超市", "supportsPayment", "云闪付") in by_triple(xt)


def test_extractor_pickles(extractor):
    clone = pickle.loads(pickle.dumps(extractor))
    doc = document_from_text("百度收购了豆瓣。", source="t.txt")
    assert {(f.subject.iri, f.relation, f.object.iri) for f in clone.extract(doc).facts} == {
        (f.subject.iri, f.relation, f.object.iri) for f in extractor.extract(doc).facts}


def test_split_sentences_keeps_offsets():
    text = "甲说：“好。”乙！\n丙"
    assert [text[s:e] for s, e in split_sentences(text)] == ["甲说：“好。”", "乙！", "丙"]


def test_documents_leave_spacys_vocabulary_as_it_was(extractor):
    """Each document is read in a spaCy memory zone: a long build's vocabulary stays flat."""
    texts = [f"{name}宣布与腾讯达成合作，{name}小程序在微信上线。" for name in ("蓝岸科技", "橙光科技", "青柚网络")]
    extractor.extract(document_from_text(texts[0], source="warm.txt"))
    strings = extractor.nlp.vocab.strings
    before = len(strings)
    found = []
    for i, text in enumerate(texts):
        xt = extractor.extract(document_from_text(text, source=f"v{i}.txt"))
        found.append({m.entity.label for m in xt.mentions})
    assert len(strings) == before
    assert "蓝岸科技" not in strings
    # and what the documents gave is whole after their zones closed
    assert all("腾讯" in labels for labels in found)
    assert {"蓝岸科技", "橙光科技", "青柚网络"} <= set().union(*found)
    again = extractor.extract(document_from_text(texts[1], source="v1.txt"))
    assert {m.entity.label for m in again.mentions} == found[1]


@pytest.mark.parametrize("text, phrase", [
    ("主播们不再固守单一平台,开始在青禾视频和星河直播两边开播。", "固守单一"),   # a description ending in 单一
    ("用户可以直接跳转到星河App内完成支付。", "内完成支付"),               # (App)内 + a verb phrase
    ("陈立提出回归社区、回归青禾小站、回归用户的口号。", "回归社区"),       # a verb phrase in a list
    ("云帆科技表示,商家将可跳出平台直接触达用户。", "跳出平台"),           # a verb phrase before a kind word
    ("据了解，多家大公司已与星澜科技签约合作。", "大公司"),                  # a modifier and a kind word
    ("今年以来，市纺贸公司与星澜科技达成合作，新增岗位两百个。", "市纺贸公司"),  # the city's company
    ("星澜科技的澜图App已通过ISO27001认证。", "ISO27001"),                # a standard
    ("廊坊分公司宣布与星澜科技达成合作。", "廊坊分"),                      # a branch named by its place
    ("此前，法商与星澜科技合作推出澜图App。", "法商"),                     # a country and a party of it
    ("星澜科技抱团澜图App：各取所需", "星澜科技抱团"),                      # a verb after a name is no more of it
    ("澜图App可直链星澜商城的店铺、商品详情及直播间。", "商品详情"),        # ordinary nouns side by side
    ("以雷军、马化腾入淘直播为起点，越来越多主播开始多平台开播。", "入淘直播"),  # what a known person does
    ("营业厅内每天前来办理入网手续的人络绎不绝。", "入网"),                 # 入网 is a word, not X网
    ("消息引发业界网民关注。", "业界网"),                                    # 网|民: the word runs on
    ("当用户首次问询时，澜图会要求获取用户位置信息、星澜商城的授权。", "户位置信息"),  # a member read from mid-word
    ("凭借自有的云设施，可提供数据层、模型层到应用层的全栈AI服务。", "层的全栈"),  # 应用层 is one word
])
def test_verb_phrases_and_descriptions_are_no_new_names(extractor, text, phrase):
    extraction = extractor.extract(document_from_text(text, source="t.txt"))
    minted = {m.text for m in extraction.mentions if not m.entity.in_catalog}
    assert not any(phrase in name for name in minted), minted


@pytest.mark.parametrize("text, name", [
    ("欢聚集团宣布与星河科技达成合作。", "欢聚集团"),    # a verb-led name with its kind word
    ("青禾出行宣布与云帆科技达成合作。", "青禾出行"),
    ("拾光商城宣布与云帆科技达成合作。", "拾光商城"),   # 拾光 is a rare word that jieba tags as a verb
    ("澜图旅行网宣布与云帆科技达成合作。", "澜图旅行网"),  # a site named by its trade name and 网
    ("星澜直播宣布与云帆科技达成合作。", "星澜直播"),
    ("苔原银行宣布与云帆科技达成合作。", "苔原银行"),      # a bank's name keeps 银行
    ("苔原研究院宣布与云帆科技达成合作。", "苔原研究院"),  # an institute's name keeps 研究院
    ("云帆科技新零售事业部宣布与星澜科技达成合作。", "云帆科技新零售事业部"),  # owner + 新 + business + unit
])
def test_names_that_start_like_a_verb_phrase_stay_names(extractor, text, name):
    extraction = extractor.extract(document_from_text(text, source="t.txt"))
    assert name in {m.text for m in extraction.mentions}


@pytest.mark.parametrize("text, person", [
    ("星河科技创始人周岚将出任青禾资本合伙人。", "周岚"),      # 将: a plan, not the name's last character
    ("据悉,青禾资本合伙人赵默已加入星河科技董事会。", "赵默"),
    ("云帆科技表示,CEO孙澈还出任青禾资本董事。", "孙澈"),
])
def test_an_adverb_between_a_person_and_the_verb_is_not_in_the_name(extractor, text, person):
    extraction = extractor.extract(document_from_text(text, source="t.txt"))
    people = {m.text for m in extraction.mentions if m.entity.type == "Person"}
    assert person in people and not any(p.startswith(person) and p != person for p in people), people


def test_a_quoted_ordinary_word_before_a_kind_word_is_no_product(extractor):
    extraction = extractor.extract(document_from_text("云帆科技推出“直达”服务,用户可一键下单。", source="t.txt"))
    assert "直达" not in {m.text for m in extraction.mentions}


def test_trade_names_that_start_with_an_adverb_are_no_trade_names():
    """In a fresh interpreter: jieba's dictionary as kg builds it, not as earlier tests left it."""
    import subprocess
    import sys

    code = ("from kg.extract.structure import _trade_name_ok; "
            "print([_trade_name_ok(w) for w in ('太多', '更多', '合木', '青禾')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[False, False, True, True]"
