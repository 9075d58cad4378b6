"""Each clean-up rule of kg.clean on sentences composed for the purpose."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.clean import (
    SLOGAN_MIN, clean, clean_text, dateline_fields, header_fields, is_chrome, normalize_whitespace,
    repeated_lines, slogan_lines, strip_pinyin_glosses,
)
from kg.normalize import MappedText

ARTICLE = [
    "某电商平台宣布与一家社交巨头达成广告合作，双方将打通投放链路。",
    "业内人士认为，这次合作意味着两大生态的壁垒正在松动。",
    "据了解，合作首先覆盖朋友圈信息流广告，随后扩展到短视频场景。",
]


@pytest.mark.parametrize("line", [
    "正在阅读：", "正在閱讀:", "扫一扫下载某某新闻APP", "掃一掃下載某某新聞APP", "评论", "评论(12)",
    "暂无评论哦,快来评价一下吧!", "下载某某新闻", "微信公众号", "微博", "Next Article", "点击关闭提示",
    "喜欢就按个赞吧!!!", "本文为转载内容,授权事宜请联系原著作权人。",
    "3、如对本稿件有异议或投诉,请联系:news@example.cn",
    "2、某某号平台仅提供信息存储服务,如发现文章、图片等侵权行为,侵权责任由作者本人承担。",
    "图片来源:某图库 张三", "题图来自 Pexels，基于 CC0协议。", "给作者打赏，鼓励TA抓紧创作！",
    "您的位置:首页>科技>正文", "本文由某某网合作媒体 @某号 授权发布于某某网，未经作者许可，禁止转载。",
    "责任编辑：王五", "推荐阅读", "上一篇：某公司发布财报", "版权所有 © 2023 某某网",
])
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", [
    "用户可以在评论区直接下载某某新闻APP。",
    "据微博消息，该公司正在阅读相关监管文件。",
    "图片来源不明的问题长期困扰内容平台，平台方表示将加强审核。",
    "下载量突破一亿次后，该应用开始在微信公众号投放广告，并计划拓展更多渠道。",
    "评论家认为这是一次重要合作。",
])
def test_sentences_that_mention_chrome_words_stay(line):
    assert not is_chrome(line)


def test_header_lines_give_metadata():
    assert header_fields("文|某周刊 李雷 韩梅梅") == {"outlet": "某周刊", "author": "李雷 韩梅梅"}
    assert header_fields("文｜张三") == {"author": "张三"}
    assert header_fields("作者：王小明，编辑：李四；") == {"author": "王小明"}
    assert header_fields("来源公众号：科技观察，洞察行业变化。") == {"outlet": "科技观察"}
    assert header_fields("來源：某某日報") == {"outlet": "某某日报"}
    assert header_fields("发布时间：2023年5月4日 10:00")["date"].startswith("2023年5月4日")
    assert header_fields("作者在文中提到，双方的合作仍在早期阶段，未来还有很多不确定性。") == {}


def test_slogan_repeated_many_times_is_dropped_everywhere():
    slogan = "某某号，就是快"
    lines = []
    for paragraph in ARTICLE * 2:
        lines += [paragraph + str(len(lines)), slogan]
    assert slogan_lines(lines) == {i for i, line in enumerate(lines) if line == slogan}
    text = clean_text("\n".join(lines))
    assert slogan not in text
    assert len(text.splitlines()) == len(ARTICLE) * 2


def test_a_line_seen_fewer_times_than_the_slogan_threshold_is_kept_once():
    title = "两大巨头握手言和"
    lines = [title, title] + ARTICLE + [title]
    assert len(lines) - len(ARTICLE) < SLOGAN_MIN
    assert clean_text("\n".join(lines)).splitlines() == [title] + ARTICLE


def test_article_pasted_twice_keeps_one_copy():
    first = "\n\n".join(["合作来了"] + ARTICLE)
    # The second copy lost its spaces differently, uses full-width punctuation in one
    # place and merges two paragraphs into one line.
    second = "\n".join(["合作来了", ARTICLE[0].replace("，", ","), ARTICLE[1] + ARTICLE[2]])
    text = clean_text(first + "\n评论\n微博\n" + second)
    assert text.splitlines() == ["合作来了"] + ARTICLE


def test_second_copy_starting_mid_paragraph_is_dropped():
    keys = [ARTICLE[0], ARTICLE[1], ARTICLE[0][10:], ARTICLE[1]]
    assert repeated_lines(keys) == {2, 3}


def test_short_lines_are_not_dropped_for_appearing_inside_earlier_text():
    assert repeated_lines(["腾讯与阿里合作。", "合作"]) == set()


@pytest.mark.parametrize("raw, expected", [
    ("騰訊廣告領(lǐng)域的聯(lián)手", "騰訊廣告領域的聯手"),
    ("平臺（tái）開放", "平臺開放"),
    ("其中國零售平臺(注:含天貓、淘寶等)年度活躍用戶", "其中國零售平臺(注:含天貓、淘寶等)年度活躍用戶"),
    ("通過eCPM(effective cost per mille千次展示有效收益)扶持", "通過eCPM(effective cost per mille千次展示有效收益)扶持"),
    ("小程序(app)上线", "小程序(app)上线"),
    ("阿里(Alibaba)宣布", "阿里(Alibaba)宣布"),
    ("复(fù)制(2021年)", "复制(2021年)"),
])
def test_pinyin_glosses(raw, expected):
    assert strip_pinyin_glosses(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("日前, 一位人士透露, 该计划正在推进。", "日前,一位人士透露,该计划正在推进。"),
    ("预计春节之后可见端倪。 ”", "预计春节之后可见端倪。”"),
    ("他说： “可以。”", "他说：“可以。”"),
    ("微信\u3000小程序", "微信小程序"),
    ("Uni  Desk 工具", "Uni Desk 工具"),
    ("以 GMV 增长为目标", "以 GMV 增长为目标"),
    ("版本 2.0, 发布", "版本 2.0, 发布"),
    ("零\u200b宽", "零宽"),
    ("价格\xa0100元", "价格 100元"),
])
def test_whitespace(raw, expected):
    assert normalize_whitespace(raw) == expected


def test_clean_maps_every_kept_character_back():
    original = "正在阅读:\n\n文|某报 张三\n　　騰訊領(lǐng)域 ,合作。\r\n评论\n阿里, 宣布消息。"
    cleaned = clean(MappedText.identity(original))
    assert cleaned.text.text == "騰訊領域,合作。\n阿里,宣布消息。"
    assert cleaned.header["author"] == "张三" and cleaned.header["outlet"] == "某报"
    assert cleaned.dropped["chrome"] == 2 and cleaned.dropped["header"] == 1
    for i, char in enumerate(cleaned.text.text):
        piece = original[cleaned.text.starts[i]:cleaned.text.ends[i]]
        assert piece == char or (char == "\n" and piece in "\r\n")


def test_clean_removes_nothing_from_a_clean_article():
    text = "\n".join(ARTICLE)
    assert clean_text(text) == text
    assert Counter(clean_text(text).splitlines()) == Counter(ARTICLE)


@pytest.mark.parametrize("line, fields", [
    ("某某观察·2024年03月05日 09:15", {"date": "2024年03月05日", "outlet": "某某观察"}),
    ("发布时间：2019-11-20 18:00:05 来源：某某日报 责任编辑：李四",
     {"date": "2019-11-20", "outlet": "某某日报"}),
    ("- 發佈時間:2019-11-20 18:00:05 來源:某某晚報", {"date": "2019-11-20", "outlet": "某某晚报"}),
    (" date 2023-07-01 某某网编译张三 2023-07-01 08:30", {"date": "2023-07-01"}),
    ("2023/07/01 08:30", {"date": "2023/07/01"}),
])
def test_dateline_gives_the_publication_date(line, fields):
    from kg.clean import line_key
    assert dateline_fields(line_key(line)) == fields


@pytest.mark.parametrize("line", [
    "2021年12月1日,某公司与另一家公司宣布达成合作。",  # a sentence that starts with a date
    "截至2023年12月31日，交割条件尚未满足",
    "2024年3月",  # no day: a section heading, not a dateline
    "某某公司 2023 年财报",
])
def test_sentences_with_dates_are_not_datelines(line):
    from kg.clean import line_key
    assert dateline_fields(line_key(line)) == {}


def test_dateline_only_near_the_top_and_dropped_from_the_text():
    head = "标题一行\n某某观察·2024年03月05日 09:15\n正文第一句。"
    cleaned = clean(MappedText.identity(head))
    assert cleaned.header["date"] == "2024年03月05日"
    assert "09:15" not in cleaned.text.text and "正文第一句。" in cleaned.text.text
    late = "\n".join([f"第{i}段正文。" for i in range(8)] + ["某某观察·2024年03月05日 09:15"])
    assert "date" not in clean(MappedText.identity(late)).header
