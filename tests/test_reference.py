"""kg.extract.references and the narrative time of kg.extract, on composed passages."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.ingest import document_from_text
from kg.model import Entity, Meta
from kg.extract.references import Discourse, refers, resolve

KS = Entity("ks", "快手", "Company")
MT = Entity("mt", "美团", "Company")
XHS = Entity("xhs", "小红书", "Platform")
TX = Entity("tx", "腾讯", "Company")


def resolved(sentence, mentions, discourse, paragraph=0):
    return [(s, e, ent.label, rule) for s, e, ent, _, rule in resolve(sentence, mentions, discourse, paragraph)]


def test_both_parties_of_the_sentence_before():
    d = Discourse()
    d.add_sentence([(0, 2, KS), (3, 5, MT)], paragraph=0)
    for word in ("双方", "二者", "两家公司"):
        out = resolved(f"{word}将继续深化合作", [], d)
        assert [label for *_, label, _ in out] == ["快手", "美团"]
        assert {rule for *_, rule in out} == {f"ref:{word}"}


def test_no_pair_when_the_sentence_before_names_three():
    d = Discourse()
    d.add_sentence([(0, 2, KS), (3, 5, MT), (6, 8, TX)], paragraph=0)
    assert resolved("双方将继续深化合作", [], d) == []


def test_a_count_after_a_list_is_not_a_reference():
    d = Discourse()
    d.add_sentence([(0, 2, KS), (3, 5, MT)], paragraph=0)
    assert resolved("腾讯投资了云鲸智能和石头科技两家公司", [(0, 2, TX)], d) == []


def test_this_company_is_the_nearest_fitting_mention():
    d = Discourse()
    d.add_sentence([(0, 2, TX), (5, 8, XHS)], paragraph=0)
    # 该公司 takes a company or a platform; the nearest is 小红书
    assert resolved("该公司此前已获得投资", [], d) == [(0, 3, "小红书", "ref:该公司")]
    # within the sentence, a name before the word comes first
    assert resolved("美团表示，该公司将加大投入", [(0, 2, MT)], d) == [(5, 8, "美团", "ref:该公司")]


def test_this_company_is_not_a_former_employer_in_a_description_of_a_person():
    d = Discourse()
    d.add_sentence([(0, 4, Entity("qh", "青禾科技", "Company"))], paragraph=0)
    sentence = "在栗壳科技任职14年，曾任栗壳科技全球副总裁的周明远2020年成立该公司"
    lk = Entity("lk", "栗壳科技", "Company")
    zmy = Entity("zmy", "周明远", "Person")
    mentions = [(1, 5, lk), (13, 17, lk), (23, 26, zmy)]
    assert sentence[23:26] == "周明远" and sentence[13:17] == "栗壳科技"
    # 栗壳科技 stands in the 的-phrase that describes 周明远: 该公司 is the discourse's company
    assert [label for *_, label, _ in resolved(sentence, mentions, d)] == ["青禾科技"]


@pytest.mark.parametrize("sentence", ["其中，美团占比最高", "腾讯及其子公司", "与其说是合作，不如说是竞争", "尤其是美团"])
def test_qi_in_ordinary_words_is_not_a_reference(sentence):
    d = Discourse()
    d.add_sentence([(0, 2, TX)], paragraph=0)
    assert [r for r in resolved(sentence, [], d) if r[3] == "ref:其"] == []


def test_an_unsaid_investee_and_the_other_parts_of_the_main_organisation():
    d = Discourse()
    d.add_sentence([(0, 2, TX)], paragraph=0)
    d.add_sentence([(0, 2, TX), (3, 5, MT)], paragraph=0)
    d.add_sentence([(0, 3, XHS)], paragraph=0)
    # 投资方包括…: of the nearest organisation not named in the sentence itself
    assert resolved("投资方包括红杉中国", [], d) == [(0, 0, "美团", "ref:投资方")]
    # 其他业务包括…: of the organisation the article names most
    assert resolved("其他业务包括钉钉和夸克", [], d) == [(0, 0, "腾讯", "ref:其他业务")]


def test_refers_is_a_cheap_pre_check():
    assert refers("双方将继续合作") and refers("该公司宣布") and refers("投资方包括A")
    assert not refers("美团宣布与快手合作")


def extract(text, date=None):
    doc = document_from_text(text, source="news.txt", meta=Meta(date=date))
    return Extractor().extract(doc).facts


def test_then_takes_the_latest_date_and_the_same_year_its_year():
    facts = extract("2017年3月，星河科技携手顺丰成立了云帆物流。彼时，星河科技董事长周立群对外公布了这一消息。"
                    "同年，星河科技投资了青禾网络。")
    dates = {(f.subject.label, f.relation): f.date for f in facts}
    assert dates[("周立群", "leads")] == "2017-03"
    assert dates[("星河科技", "investedIn")] == "2017"


def test_a_sentence_goes_on_in_the_time_of_the_one_before():
    facts = extract("2021年6月，星辰科技完成B轮融资。投资方包括红杉中国和高瓴资本。")
    assert {(f.subject.label, f.date) for f in facts if f.relation == "investedIn"} == {
        ("红杉中国", "2021-06"), ("高瓴资本", "2021-06")}
    # a time word of its own (目前) stops the narrative's time
    later = extract("2021年6月，星辰科技完成B轮融资。目前投资方包括红杉中国。")
    assert [f.date for f in later if f.relation == "investedIn"] == [None]
