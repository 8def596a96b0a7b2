"""How a query becomes word groups (each with its synonyms) and parts: what coverage counts."""

import pytest

from search import text
from search.models import Synonym
from search.queries import expand_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def synonyms():
    Synonym.objects.create(terms="物联网、IoT")
    Synonym.objects.create(terms="增材制造、3D打印")
    text.reset_tokenizer()
    yield
    text.reset_tokenizer()


def test_a_typed_word_is_one_group_with_its_synonyms(synonyms):
    terms = expand_query("IoT")
    assert terms.groups == [["物联网", "iot"]]


def test_latin_letters_next_to_han_text_are_two_groups_unless_the_whole_is_a_term(synonyms):
    assert [group[0] for group in expand_query("IoT平台").groups] == ["物联网", "平台"]
    assert expand_query("3D打印").groups == [["增材制造", "3d打印"]]


def test_a_word_jieba_splits_is_one_group_and_its_parts_rank_without_counting_as_coverage():
    terms = expand_query("港口调度")
    assert terms.groups == [["港口调度"]]
    assert terms.parts == [["港口"], ["调度"]]


def test_a_sentence_becomes_one_group_per_content_word_without_the_words_around_them():
    terms = expand_query("我们想找井下无人化开采的项目")
    words = [group[0] for group in terms.groups]
    assert "我们" not in words
    assert "想" not in words
    assert "的" not in words
    assert {"井下", "开采"} <= set(words)
    assert len(words) > 2


def test_an_empty_query_or_one_without_a_word_has_no_groups():
    assert not expand_query("  ")
    assert not expand_query("*:?")


def test_a_common_word_that_leaves_the_user_dictionary_stays_one_word():
    assert "预警" in text.words("提前预警", for_query=True)
    group = Synonym.objects.create(terms="预警、早期预警")
    text.reset_tokenizer()
    assert "预警" in text.words("提前预警", for_query=True)
    group.delete()
    text.reset_tokenizer()
    assert "预警" in text.words("提前预警", for_query=True)
    assert "预警" in text.words("热失控提前预警")
