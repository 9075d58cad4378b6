"""Time expressions: absolute, relative (with and without a publication date), festivals."""

from __future__ import annotations

import pytest

from kg.extract.temporal import TimeExpr, choose_date, find_dates, xsd_datatype

PUB = "2023-03-08"


def values(text: str, pub: str | None = PUB) -> list[tuple[str, str | None]]:
    return [(e.text, e.value) for e in find_dates(text, pub)]


@pytest.mark.parametrize("text, expected", [
    ("京东在2015年8月宣布了这项合作", ("2015年8月", "2015-08")),
    ("美团于2020年12月31日发布公告", ("2020年12月31日", "2020-12-31")),
    ("小红书在2016年推出了商城", ("2016年", "2016")),
    ("2019年初，拼多多开始补贴", ("2019年初", "2019")),
    ("该业务到2018年底已经盈利", ("2018年底", "2018")),
    ("2018年年底，百度调整了架构", ("2018年年底", "2018")),
    ("2020年年末的数据显示", ("2020年年末", "2020")),
    ("2021年上半年营收增长", ("2021年上半年", "2021")),
    ("2024年下半年将有更新", ("2024年下半年", "2024")),
    ("2022年一季度财报显示", ("2022年一季度", "2022")),
    ("2022年第三季度", ("2022年第三季度", "2022")),
    ("2016年10月份，网易上线了新应用", ("2016年10月份", "2016-10")),
    ("二〇一九年十二月，快手上市筹备启动", ("二〇一九年十二月", "2019-12")),
    ("２０２０年３月，字节跳动发布新品", ("２０２０年３月", "2020-03")),
    ("公告发布日期为2020-07-09", ("2020-07-09", "2020-07-09")),
    ("截至2019/11/1，用户数过亿", ("2019/11/1", "2019-11-01")),
    ("2020年双十一，苏宁大促", ("2020年双十一", "2020-11-11")),
    ("2019年双11期间", ("2019年双11", "2019-11-11")),
    ("2020年618，京东再创纪录", ("2020年618", "2020-06-18")),
    ("2016年9月初，这项功能开始灰度", ("2016年9月初", "2016-09")),
])
def test_absolute_dates_keep_the_text_precision(text, expected):
    found = find_dates(text, PUB)
    assert [(e.text, e.value) for e in found] == [expected]
    assert found[0].relative is False
    # an absolute date needs no publication date
    assert values(text, None) == [expected]


def test_offsets_index_the_given_string():
    text = "据说，早在2012年11月，两家就已经分道扬镳"
    (expr,) = find_dates(text)
    assert text[expr.start:expr.end] == "2012年11月" == expr.text


def test_full_width_digits_keep_offsets():
    text = "公司在２０１８年７月调整"
    (expr,) = find_dates(text)
    assert text[expr.start:expr.end] == "２０１８年７月"
    assert expr.value == "2018-07"


@pytest.mark.parametrize("text, expected", [
    ("今年2月，抖音上线了新功能", ("今年2月", "2023-02")),
    ("今年七月份会再评估", ("今年七月份", "2023-07")),
    ("去年9月，快手接入了微信支付", ("去年9月", "2022-09")),
    ("去年12月份，两家恢复了合作", ("去年12月份", "2022-12")),
    ("前年，腾讯减持了股份", ("前年", "2021")),
    ("今年初，阿里启动了调整", ("今年初", "2023")),
    ("去年年底，百度上线了新版", ("去年年底", "2022")),
    ("今年618，京东会有新动作", ("今年618", "2023-06-18")),
    ("去年618的成交额", ("去年618", "2022-06-18")),
    ("去年双11，淘宝直播火爆", ("去年双11", "2022-11-11")),
    ("去年双十二期间", ("去年双十二", "2022-12-12")),
    ("双十一临近，平台开始备货", ("双十一", "2023-11-11")),
    ("临近618，商家开始备货", ("618", "2023-06-18")),
    ("上个月，微博开放了外链", ("上个月", "2023-02")),
    ("本月，美团开始试点", ("本月", "2023-03")),
    ("3月2日，抖音发布了公告", ("3月2日", "2023-03-02")),
    ("11月20号，苏宁宣布了消息", ("11月20号", "2023-11-20")),
    ("十月三十一日，京东宣布", ("十月三十一日", "2023-10-31")),
    ("8月，腾讯上线了这项功能", ("8月", "2023-08")),
    ("年初时，京东也宣布达成合作", ("年初", "2023")),
    ("12年前，两家公司还是盟友", ("12年前", "2011")),
])
def test_relative_dates_resolve_against_the_publication_date(text, expected):
    found = find_dates(text, PUB)
    assert [(e.text, e.value) for e in found] == [expected]
    assert all(e.relative for e in found)
    # never guessed without a publication date
    assert all(e.value is None and e.relative for e in find_dates(text, None))


def test_month_day_takes_the_publication_year_even_after_it():
    # published in March; 11月20号 is still read as this year, never last year
    assert values("11月20号发布", "2023-03-08") == [("11月20号", "2023-11-20")]


def test_last_month_crosses_the_year():
    assert values("上个月，两家签了协议", "2023-01-15") == [("上个月", "2022-12")]
    # a publication date without a month cannot resolve 上个月
    assert values("上个月，两家签了协议", "2023") == [("上个月", None)]


def test_context_relative_and_fiscal_years_are_found_but_unresolved():
    found = find_dates("2019年立项，第二年3月正式上线；公司2024财年收入增长", PUB)
    assert [(e.text, e.value, e.relative) for e in found] == [
        ("2019年", "2019", False), ("第二年3月", None, True), ("2024财年", None, False)]
    assert values("同年8月，两家达成协议") == [("同年8月", None)]
    assert values("多年前，两家就有过接触") == [("多年前", None)]


@pytest.mark.parametrize("text", [
    "门店已超过15000家",
    "月活用户达到4.2亿",
    "交易额达310亿元",
    "投资了5600万元",
    "利润增长了12%-18%",
    "持股比例为6.18%",
    "售出618万件商品",
    "过去三个月里，用户增长明显",
    "这款产品的月活超过一亿",
    "2015-2018这几年",
    "2月30日",
])
def test_numbers_that_are_not_dates(text):
    assert find_dates(text, PUB) == []


def test_year_followed_by_a_word_starting_with_zhong_is_just_the_year():
    assert values("2020年中国市场的格局") == [("2020年", "2020")]


def test_several_expressions_in_textual_order():
    text = "2017年上线，去年5月改版，今年双11再升级"
    assert values(text) == [("2017年", "2017"), ("去年5月", "2022-05"), ("今年双11", "2023-11-11")]


def test_choose_date_prefers_the_nearest_before_the_trigger():
    text = "2016年，京东在去年3月上线了这个功能"
    exprs = find_dates(text, PUB)
    trigger = text.index("上线")
    assert choose_date(exprs, trigger).text == "去年3月"


def test_choose_date_takes_a_date_after_yu_when_none_precedes():
    text = "这家公司成立于2008年，总部在杭州"
    exprs = find_dates(text, PUB)
    assert choose_date(exprs, text.index("成立"), text).value == "2008"
    # without the text the after-the-trigger rule cannot check for 于
    assert choose_date(exprs, text.index("成立")) is None


def test_choose_date_ignores_a_date_after_the_trigger_without_yu():
    text = "京东上线了该功能，2018年的数据显示"
    exprs = find_dates(text, PUB)
    assert choose_date(exprs, text.index("上线"), text) is None
    assert choose_date([], 3, text) is None


def test_choose_date_returns_timeexpr():
    exprs = [TimeExpr(0, 5, "2015年", "2015", False)]
    assert choose_date(exprs, 7) is exprs[0]


@pytest.mark.parametrize("value, local", [
    ("2014", "gYear"), ("2014-05", "gYearMonth"), ("2014-05-17", "date")])
def test_xsd_datatype(value, local):
    assert xsd_datatype(value) == "http://www.w3.org/2001/XMLSchema#" + local


def test_xsd_datatype_rejects_non_iso():
    with pytest.raises(ValueError):
        xsd_datatype("去年")


def test_qian_nian_inside_other_words_is_not_a_year():
    assert values("此前年底的计划") == [("年底", "2023")]
    assert values("以去年为基数") == [("去年", "2022")]
    assert values("前年，百度上线了新版") == [("前年", "2021")]


def test_choose_date_skips_a_date_inside_a_noun_phrase_after_yu():
    text = "去年，这家成立于2015年的公司在微信上线了小程序"
    exprs = find_dates(text, PUB)
    assert choose_date(exprs, text.index("上线"), text).text == "去年"
    # a time adverbial 在…的时候 still governs
    text = "在2019年的时候，京东上线了小程序"
    assert choose_date(find_dates(text, PUB), text.index("上线"), text).value == "2019"
    # 于 + date right before the verb governs it
    text = "京东于2021年上线了小程序"
    assert choose_date(find_dates(text, PUB), text.index("上线"), text).value == "2021"


@pytest.mark.parametrize("text, pub, expected", [
    ("昨天，有用户发现链接打不开", "2015-02-05", "2015-02-04"),
    ("今日，双方宣布合作", "2024-03-01", "2024-03-01"),
    ("前天发布的公告", "2024-03-01", "2024-02-28"),
    ("昨天，有用户发现链接打不开", "2015-02", None),  # a day needs a full publication date
    ("昨天，有用户发现链接打不开", None, None),
])
def test_days_relative_to_publication(text, pub, expected):
    assert find_dates(text, pub)[0].value == expected


def test_names_that_begin_with_a_day_word_are_not_days():
    assert find_dates("今日头条和今日资本都发布了公告", "2024-03-01") == []
