"""Modality of a fact from the cues around its trigger."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.extract.modality import _cues, classify, confidence_penalty
from kg.vocab import MODALITIES


def modality(sentence: str, trigger: str, *, occurrence: int = 0, subject: str | None = None) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(trigger, start + 1)
    subject_start = sentence.index(subject) if subject else None
    return classify(sentence, start, start + len(trigger), subject_start=subject_start)


@pytest.mark.parametrize("sentence, trigger", [
    ("京东去年在微信上线了购物小程序", "上线"),
    ("美团已经接入了云闪付", "接入"),
    ("不少商家已经接入了微信支付", "接入"),  # 不少 is "many", not a negation
    ("这不是字节第一次在抖音上线电商功能", "上线"),  # negates "first", not the launch
    ("百度并非首次与京东合作", "合作"),
    ("快手不仅上线了小程序，还开通了直播", "上线"),
    ("未来，京东在微信上线的小程序会更多", "上线"),
    ("淘宝将商品链接跳转到微信小程序", "跳转"),  # 将 = 把: disposal, not future
])
def test_asserted(sentence, trigger):
    assert modality(sentence, trigger) == "asserted"


@pytest.mark.parametrize("sentence, trigger", [
    ("这款应用目前尚未接入银联支付", "接入"),
    ("拼多多并没有在微信开通直播", "开通"),
    ("京东还没上线这项功能", "上线"),
    ("美团从未与饿了么合作", "合作"),
    ("快手不支持支付宝付款", "支持"),
    ("网易不再投资这家公司", "投资"),
    ("用户无法在抖音里打开淘宝链接", "打开"),
    ("腾讯拒绝收购这家公司", "收购"),
])
def test_negation_right_before_the_trigger_denies(sentence, trigger):
    assert modality(sentence, trigger) == "denied"


def test_negation_does_not_reach_the_next_clause():
    sentence = "这个小程序暂未接入云闪付，只支持微信支付"
    assert modality(sentence, "接入") == "denied"
    assert modality(sentence, "支持") == "asserted"


def test_negation_far_before_the_trigger_does_not_count():
    # same clause, but 没有 belongs to 犹豫 and stands nine characters before the launch
    assert modality("京东没有犹豫马上就在微信里上线了小程序", "上线") == "asserted"
    assert modality("京东没有马上就在微信里上线小程序", "上线") == "denied"


@pytest.mark.parametrize("sentence, trigger", [
    ("百度将与美团合作的说法遭到否认", "合作"),
    ("有媒体报道京东收购了这家公司，京东随后予以否认", "收购"),
    ("网上流传的字节投资快手的消息已被辟谣", "投资"),
    ("关于苏宁接入微信支付的报道不实", "接入"),
])
def test_denial_verbs_deny_the_whole_sentence(sentence, trigger):
    assert modality(sentence, trigger) == "denied"


def test_denial_in_a_later_clause_beats_the_rumour():
    sentence = "此前传出优酷会员将与京东PLUS打通的消息，但很快就被阿里否认"
    assert modality(sentence, "打通") == "denied"


@pytest.mark.parametrize("sentence, trigger", [
    ("试想，如果拼多多的小程序和京东打通，会怎样", "打通"),
    ("设想一下，百度和美团合作", "合作"),
    ("假如腾讯投资了这家公司，格局会变", "投资"),
    ("倘若京东接入支付宝，用户会更多", "接入"),
    ("一旦淘宝开放外链，流量就会涌入", "开放"),
    ("若字节收购了这家游戏公司，市场会重新洗牌", "收购"),
])
def test_hypotheticals(sentence, trigger):
    assert modality(sentence, trigger) == "hypothetical"


def test_hypothetical_cue_after_the_trigger_does_not_count():
    assert modality("京东上线了小程序，如果效果好还会推广", "上线") == "asserted"


def test_masked_words_do_not_trigger_hypotheticals():
    assert modality("主要是京东在微信上线了购物入口", "上线") == "asserted"
    assert modality("若干商家接入了微信支付", "接入") == "asserted"
    # rhetorical 如果说 ("while X is …, Y …") states X; it does not suppose it
    assert modality("如果说百度与美团是竞争对手，与京东则一直是合作伙伴", "竞争") == "asserted"
    assert modality("如果百度与美团合作，外卖格局会变", "合作") == "hypothetical"


@pytest.mark.parametrize("sentence, trigger", [
    ("美团和京东会合作吗", "合作"),
    ("抖音是否会接入微信支付还不清楚", "接入"),
    ("网易和百度要联手了？", "联手"),
    ("苏宁和京东能否合作?", "合作"),
])
def test_questions_are_hypothetical(sentence, trigger):
    assert modality(sentence, trigger) == "hypothetical"


def test_question_only_covers_its_clause():
    assert modality("京东上线了小程序，美团会跟进吗？", "上线") == "asserted"


@pytest.mark.parametrize("sentence, trigger", [
    ("据传字节已经收购了这家公司", "收购"),
    ("去年传出百度与京东合作的消息", "合作"),
    ("有消息称拼多多将投资一家物流公司", "投资"),
    ("网传美团在抖音上线了小程序", "上线"),
    ("市场上有京东入股苏宁的传闻", "入股"),
    ("有博主爆料快手接入了支付宝", "接入"),
    ("微信被指屏蔽飞书链接", "屏蔽"),  # 被指/被曝: an accusation, not yet a fact
    ("快手被曝将收购一家电商公司", "收购"),
])
def test_rumours(sentence, trigger):
    assert modality(sentence, trigger) == "rumoured"


def test_reports_from_unnamed_sources_are_asserted_with_a_penalty():
    sentence = "据知情人士透露，京东已在微信上线了新入口"
    assert modality(sentence, "上线") == "asserted"
    assert confidence_penalty(sentence) > 0
    assert confidence_penalty("京东宣布在微信上线了新入口") == 0.0
    assert confidence_penalty("据悉，京东上线了新入口") < confidence_penalty(sentence)


@pytest.mark.parametrize("sentence, trigger", [
    ("京东计划在微信上线购物小程序", "上线"),
    ("百度拟收购一家地图公司", "收购"),
    ("美团准备接入云闪付", "接入"),
    ("快手即将开通外链跳转", "开通"),
    ("拼多多预计明年推出新应用", "推出"),
    ("网易有望与腾讯合作", "合作"),
    ("抖音打算投资一家电商公司", "投资"),
    ("京东将在下个月上线新功能", "上线"),
    ("百度将于年底推出小程序", "推出"),
    ("美团将与京东合作", "合作"),
    ("淘宝将上线新的外链功能", "上线"),
    ("淘宝将正式上线新的外链功能", "上线"),  # adverb between 将 and the trigger
    ("京东上线新小程序的计划已经确定", "上线"),
    ("美团将以27亿美元收购一家单车公司", "收购"),  # 将以…: the price of a deal still to come
    ("百度曾试图收购饿了么", "收购"),  # an attempt is an intention, not the deal
    ("京东有意入股这家物流公司", "入股"),
    ("腾讯正在洽谈收购一家游戏公司", "收购"),
])
def test_plans(sentence, trigger):
    assert modality(sentence, trigger) == "planned"


def test_plan_in_the_subjects_clause():
    sentence = "京东计划，明年在微信上线小程序"
    assert modality(sentence, "上线", subject="京东") == "planned"
    # without the subject the plan is looked for in the trigger's clause only
    assert modality(sentence, "上线") == "asserted"


def test_jiang_disposal_is_not_a_plan_but_jiang_before_the_verb_is():
    assert modality("微信将淘宝链接屏蔽了", "屏蔽") == "asserted"
    assert modality("微信将屏蔽淘宝链接", "屏蔽") == "planned"
    assert modality("淘宝将近一半商家接入了微信支付", "接入") == "asserted"


def test_negation_wins_over_plan():
    assert modality("京东不打算在微信上线小程序", "上线") == "denied"


def test_hypothetical_wins_over_negation():
    assert modality("如果淘宝不接入微信支付，用户会流失", "接入") == "hypothetical"


def test_every_result_is_a_modality():
    for sentence in ("京东上线了小程序", "京东未上线小程序", "京东将上线小程序？"):
        assert modality(sentence, "上线") in MODALITIES


def test_cue_file_is_checked(tmp_path, monkeypatch):
    bad = tmp_path / "modality_cues.tsv"
    bad.write_text("未\tdenied\tsomewhere\t0\n", encoding="utf-8")
    monkeypatch.setattr("kg.extract.modality.package_data", lambda name: tmp_path / name)
    _cues.cache_clear()
    try:
        with pytest.raises(InputError, match="line 1: expected cue, modality, scope, penalty"):
            classify("京东未上线", 3, 5)
    finally:
        _cues.cache_clear()


@pytest.mark.parametrize("sentence, trigger, subject, obj", [
    # a negation inside a 的-phrase that modifies an argument denies nothing of the fact
    ("苔原商店已对青禾App等3款未完成整改的App做了下架处理", "下架", "苔原商店", "青禾App"),
    ("未通过审核的青禾App已被苔原商店下架", "下架", "苔原商店", "青禾App"),
])
def test_a_negation_in_a_modifier_of_an_argument_denies_nothing(sentence, trigger, subject, obj):
    start = sentence.index(trigger)
    assert classify(sentence, start, start + len(trigger), subject_start=sentence.index(subject),
                    object_start=sentence.index(obj)) == "asserted"


def test_a_negation_before_the_object_in_the_predicate_still_denies():
    sentence = "苔原商店并未对青禾的App做下架处理"
    start = sentence.index("下架")
    assert classify(sentence, start, start + 2, subject_start=0, object_start=sentence.index("青禾")) == "denied"


@pytest.mark.parametrize("sentence, trigger", [
    ("苔原商店已立即将青禾App下架", "下架"),  # 立即 + 将 (= 把), not 即将 "soon"
    ("苔原随即将栗壳App的链接屏蔽", "屏蔽"),
    ("苔原下架了多款提供不实信息的应用", "下架"),  # 不实信息 "false information" denies nothing
])
def test_words_that_hold_a_cue_across_their_edge_are_no_cue(sentence, trigger):
    assert modality(sentence, trigger) == "asserted"
