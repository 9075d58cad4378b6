"""Script detection, OpenCC conversion and the offset map (kg.normalize)."""

from __future__ import annotations

import pytest

from kg.normalize import MappedText, converter, detect_script, t2s, to_simplified


def spans(mapped: MappedText, original: str) -> list[str]:
    return [original[mapped.starts[i]:mapped.ends[i]] for i in range(len(mapped))]


def test_edit_deletes_and_replaces_keeping_spans():
    original = "阿里  巴巴(ālǐ)集团"
    mapped = MappedText.identity(original).edit([(2, 4, " "), (6, 11, "")])
    assert mapped.text == "阿里 巴巴集团"
    assert spans(mapped, original) == ["阿", "里", "  ", "巴", "巴", "集", "团"]


def test_join_and_slice_compose():
    original = "甲乙丙丁"
    mapped = MappedText.join([MappedText.identity(original).slice(2, 4),
                              MappedText.identity(original).slice(0, 1)])
    assert mapped.text == "丙丁甲"
    assert list(mapped.starts) == [2, 3, 0]


@pytest.mark.parametrize("text, script", [
    ("腾讯和阿里巴巴在广告领域展开合作，用户可以直接跳转。", "simplified"),
    ("騰訊和阿里巴巴在廣告領域展開合作，這份資料顯示用戶可以直接跳轉。", "traditional"),
    ("這款小程式的使用者資料會上傳到雲端伺服器，軟體也支援行動支付。", "taiwan"),
    ("我們在網上用電郵聯絡，很重視私隱和服務質素，港交所亦有公告。", "hongkong"),
])
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_a_few_traditional_characters_leave_text_simplified():
    text = "".join(s + "。" for s in (
        "腾讯发布了新的财报", "其中提到了广告业务的增长", "阿里巴巴也在同一周公布了业绩",
        "两家公司都强调了开放合作的重要性", "分析人士认为互联互通仍需时间", "报道中引用了「發展」二字",
    ))
    assert detect_script(text) == "simplified"


def test_taiwan_phrasing_becomes_mainland_wording_with_spans_over_the_word():
    original = "這款小程式的資料顯示，網際網路使用者正在成長。"
    mapped, script = to_simplified(MappedText.identity(original))
    assert script == "taiwan"
    assert "小程序" in mapped.text and "数据" in mapped.text and "互联网" in mapped.text
    assert "用户" in mapped.text
    assert t2s(mapped.text) == mapped.text
    by_char = dict(zip(range(len(mapped)), spans(mapped, original)))
    at = mapped.text.index("数据")
    assert by_char[at] == by_char[at + 1] == "資料"
    net = mapped.text.index("互联网")
    assert {by_char[net], by_char[net + 1], by_char[net + 2]} == {"網際網路"}
    # Everything else maps one to one onto the character it came from.
    for i, char in enumerate(mapped.text):
        piece = by_char[i]
        assert char in t2s(piece) or char in converter("tw2sp").convert(piece)


def test_mainland_traditional_keeps_mainland_words():
    # 資料 means "material" on the mainland: only Taiwan text gets tw2sp.
    original = "這份資料顯示，騰訊與阿里巴巴的合作正在推進，雙方都表示滿意。"
    mapped, script = to_simplified(MappedText.identity(original))
    assert script == "traditional"
    assert "这份资料显示" in mapped.text
    assert len(mapped) == len(original)
    assert list(mapped.starts) == list(range(len(original)))


def test_t2s_keeps_length_and_positions():
    original = "天貓在微信上線了小程序，騰訊廣告與阿里媽媽聯合補貼。"
    mapped, _ = to_simplified(MappedText.identity(original))
    assert mapped.text == t2s(original) and len(mapped.text) == len(original)
