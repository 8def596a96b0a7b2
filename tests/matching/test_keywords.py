"""Keywords extracted with the search dictionary and normalised through its synonym groups."""

import pytest

from matching.keywords import declared_keywords, is_keyword, preferred, text_keywords

pytestmark = pytest.mark.django_db


def test_a_dictionary_term_stays_one_keyword(dictionary):
    found = text_keywords("本项目研发车规级集成电路封装测试工艺，提升集成电路良率。")
    assert "集成电路" in found.weights
    assert "集成" not in found.weights


def test_an_abbreviation_and_its_chinese_name_are_one_keyword(dictionary):
    assert preferred("IoT") == preferred("物联网")
    keywords = declared_keywords(["IoT"])
    (term,) = keywords.weights
    assert term == preferred("物联网")
    assert keywords.surface[term] == "IoT"


def test_stopwords_and_generic_words_are_not_keywords(dictionary):
    found = text_keywords("我们公司提供技术方案和系统平台建设服务，以及相关的冷链温控设备。")
    assert not {"我们", "公司", "技术", "方案", "系统", "平台", "以及"} & set(found.weights)
    assert not is_keyword("的")
    assert not is_keyword("2025")
    assert is_keyword("5G")
    assert is_keyword("冷链")
