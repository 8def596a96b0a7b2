"""Records are segmented once per live revision and dictionary: a rebuild loads the kept ones as
they are and segments only new revisions, pages the outbox saw change, or every page after a
change of the user dictionary."""

import jieba
import pytest

from search import indexing
from search.documents import TEXT_FIELDS, opportunity_queryset, opportunity_record
from search.indexing import apply_pending, check_index, rebuild_index
from search.models import IndexedRecord, Synonym
from search.params import SearchParams
from search.queries import search_opportunities
from tests.search.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def segmented_texts(monkeypatch):
    """How many texts jieba segmented for indexing (search-engine mode) in this process: the
    real tokenizer runs, each call is counted."""
    calls = []
    cut = jieba.Tokenizer.lcut_for_search

    def counted(self, sentence, *args, **kwargs):
        calls.append(sentence)
        return cut(self, sentence, *args, **kwargs)

    monkeypatch.setattr(jieba.Tokenizer, "lcut_for_search", counted)
    return calls


def ranked(backend, query):
    return [hit["ref"] for hit in search_opportunities(SearchParams(q=query), backend).hits]


def refs(backend, query):
    return {hit["ref"] for hit in search_opportunities(SearchParams(q=query), backend).hits}


def test_a_rebuild_of_unchanged_revisions_segments_nothing(backend, indexed, segmented_texts):
    before = refs(backend, "锂电池")

    rebuild_index(backend)

    assert segmented_texts == []
    assert check_index(backend).clean
    assert refs(backend, "锂电池") == before == {"JB-1", "JB-3"}


def test_applying_a_page_keeps_its_record_for_the_next_rebuild(backend, corpus, segmented_texts):
    rebuild_index(backend)
    page = corpus["port"]
    page.title = "港口集装箱无人集卡调度场景"
    publish(page)
    apply_pending(backend=backend)  # what the worker does after the publish commits
    kept = IndexedRecord.objects.get(page_id=page.pk)
    assert kept.revision == page.live_revision_id
    segmented_texts.clear()

    rebuild_index(backend)

    assert segmented_texts == []
    assert check_index(backend).clean
    assert ranked(backend, "无人集卡")[0] == "CJ-1"


def test_a_new_revision_is_segmented_again_and_only_it(backend, indexed, segmented_texts):
    page = indexed["vision"]
    page.title = "工业视觉AI质检与焊缝识别模型"
    publish(page)  # its outbox row is not applied (no commit in a test): the rebuild builds it

    rebuild_index(backend)

    assert len(segmented_texts) == len(TEXT_FIELDS)
    assert "焊缝识别" in segmented_texts[0]
    assert IndexedRecord.objects.get(page_id=page.pk).revision == page.live_revision_id
    assert check_index(backend).clean
    assert refs(backend, "焊缝") == {"JB-2"}


def test_a_dictionary_change_segments_every_record_again(backend, indexed, segmented_texts):
    before = IndexedRecord.objects.get(page_id=indexed["battery"].pk).record["title_words"]
    assert "热失控预警" not in before.split()
    Synonym.objects.create(terms="热失控预警、热失控报警")

    rebuild_index(backend)

    assert len(segmented_texts) == 7 * len(TEXT_FIELDS)
    after = IndexedRecord.objects.get(page_id=indexed["battery"].pk).record["title_words"]
    assert "热失控预警" in after.split()
    assert len(set(IndexedRecord.objects.values_list("dictionary_key", flat=True))) == 1


def test_renaming_a_region_rebuilds_the_records_that_name_it(backend, indexed, segmented_texts):
    region = indexed["battery"].region
    region.name = "海州新区"
    region.save()  # writes outbox rows for its four pages, which drop their kept records

    rebuild_index(backend)

    assert len(segmented_texts) == 4 * len(TEXT_FIELDS)  # those four pages, no other
    assert sum("海州新区" in text for text in segmented_texts) == 4  # each one's body
    assert check_index(backend).clean
    assert refs(backend, "海州新区") == {"JB-1", "CJ-1", "CJ-3", "CJ-4"}


def test_kept_records_equal_records_built_from_scratch(backend, indexed):
    rebuild_index(backend)  # the second rebuild: every record loaded as kept

    for page in opportunity_queryset():
        assert IndexedRecord.objects.get(page_id=page.pk).record == opportunity_record(page)
    assert check_index(backend).clean
    queries = ("锂电池", "AI", "5G", "海州区", "监测")
    from_kept = {query: refs(backend, query) for query in queries}
    IndexedRecord.objects.all().delete()
    rebuild_index(backend)
    assert {query: refs(backend, query) for query in queries} == from_kept


def test_a_rebuild_segments_in_a_pool_of_processes_as_it_does_in_process(
    backend, corpus, monkeypatch, segmented_texts
):
    monkeypatch.setattr(indexing, "POOL_FROM", 1)
    monkeypatch.setattr(indexing, "REBUILD_CHUNK", 3)

    assert rebuild_index(backend, workers=2) == 7

    assert segmented_texts == []  # all of it in the pool's processes
    for page in opportunity_queryset():
        assert IndexedRecord.objects.get(page_id=page.pk).record == opportunity_record(page)
    assert check_index(backend).clean
    assert refs(backend, "锂电池") == {"JB-1", "JB-3"}
