"""The shipped search dictionary: a sound file, a load that is safe to repeat and keeps what
editors changed, and abbreviations found on a site that starts empty, on both backends."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from search import text
from search.dictionary import DICTIONARY_FILE, dictionary_load, dictionary_problems
from search.indexing import rebuild_index
from search.models import RetiredDictionaryGroup, Synonym
from search.params import SearchParams
from search.queries import search_opportunities
from tests.factories import OpportunityListPageFactory, ScenarioPageFactory
from tests.search.conftest import publish


def shipped():
    return json.loads(DICTIONARY_FILE.read_text(encoding="utf-8"))


def load(*args):
    out = io.StringIO()
    call_command("load_search_dictionary", *args, stdout=out)
    return out.getvalue()


def group_of(term):
    return next(row for row in Synonym.objects.all() if term in row.term_list())


# -- the file ----------------------------------------------------------------------------------
def test_the_shipped_file_is_sound():
    data = shipped()
    assert dictionary_problems(data) == []
    assert len(data["groups"]) >= 300


def test_the_file_header_cites_the_national_vocabularies_it_draws_on():
    titles = " ".join(source["title"] for source in shipped()["sources"])
    assert "战略性新兴产业分类(2018)" in titles
    assert "GB/T 4754-2017" in titles


def test_the_check_refuses_a_term_in_two_groups_and_a_group_of_one_term():
    data = {
        "sources": [{"title": "x"}],
        "groups": [{"terms": ["物联网", "IoT"]}, {"terms": ["IOT", "万物互联"]}, {"terms": ["AI"]}],
    }
    problems = dictionary_problems(data)
    assert any("'iot' is also in" in problem for problem in problems)
    assert any("needs two or more distinct terms" in problem for problem in problems)


def test_the_acceptance_groups_are_shipped():
    groups = [set(group["terms"]) for group in shipped()["groups"]]
    for pair in [("物联网", "IoT"), ("碳捕集利用与封存", "CCUS"), ("增材制造", "3D打印")]:
        assert any(set(pair) <= group for group in groups), pair


# -- loading -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_loading_twice_creates_nothing_new():
    first = load()
    count = Synonym.objects.count()
    second = load()
    assert count == len(shipped()["groups"])
    assert f"{count} created" in first
    assert Synonym.objects.count() == count
    assert "0 created, 0 updated" in second
    assert f"{count} unchanged" in second


@pytest.mark.django_db
def test_an_editors_change_to_a_shipped_group_survives_a_reload():
    load()
    group = group_of("IoT")
    group.terms = "物联网、IoT、万物互联"
    group.save()
    output = load()
    assert "1 kept as edited" in output
    group.refresh_from_db()
    assert group.terms == "物联网、IoT、万物互联"
    assert group.is_edited


@pytest.mark.django_db
def test_a_shipped_group_an_editor_deleted_is_not_brought_back_until_restored():
    load()
    group_of("CCUS").delete()
    assert RetiredDictionaryGroup.objects.filter(key="碳捕集利用与封存").exists()
    output = load()
    assert "1 kept deleted" in output
    assert not any("CCUS" in row.term_list() for row in Synonym.objects.all())
    load("--restore", "碳捕集利用与封存")
    assert "CCUS" in group_of("碳捕集利用与封存").term_list()
    assert not RetiredDictionaryGroup.objects.exists()


@pytest.mark.django_db
def test_a_new_dictionary_updates_unedited_groups_and_withdraws_the_groups_it_dropped(tmp_path):
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "sources": [{"title": "test"}],
                "groups": [
                    {"terms": ["物联网", "IoT"]},
                    {"terms": ["增材制造", "3D打印"]},
                    {"terms": ["巡检", "巡查"]},
                ],
            }
        ),
        encoding="utf-8",
    )
    dictionary_load(old)
    edited = group_of("巡检")
    edited.terms = "巡检、巡查、巡视"
    edited.save()
    new = tmp_path / "new.json"
    new.write_text(
        json.dumps(
            {"sources": [{"title": "test"}], "groups": [{"terms": ["物联网", "IoT", "IIoT"]}]}
        ),
        encoding="utf-8",
    )
    report = dictionary_load(new)
    assert (report.updated, report.withdrawn) == (1, 1)
    assert group_of("物联网").term_list() == ["物联网", "IoT", "IIoT"]
    assert not any("3D打印" in row.term_list() for row in Synonym.objects.all())
    assert not RetiredDictionaryGroup.objects.exists()  # withdrawn by the file, not by an editor
    kept = group_of("巡检")  # an editor changed it: theirs now, no longer shipped
    assert (kept.key, kept.terms) == (None, "巡检、巡查、巡视")


@pytest.mark.django_db
def test_an_editors_group_with_the_same_terms_is_adopted_not_duplicated():
    Synonym.objects.create(terms="IoT、物联网", note="added by hand")
    report = dictionary_load()
    assert report.adopted == 1
    assert sum("IoT" in row.term_list() for row in Synonym.objects.all()) == 1
    assert group_of("物联网").key == "物联网"


@pytest.mark.django_db
def test_loading_refreshes_the_word_segmentation_at_once():
    text.reset_tokenizer()
    assert "碳捕集利用与封存" not in text.words("碳捕集利用与封存", for_query=True)
    load()
    assert "碳捕集利用与封存" in text.words("碳捕集利用与封存", for_query=True)


@pytest.mark.django_db
def test_the_synonym_list_in_the_admin_says_which_groups_are_shipped(client):
    Synonym.objects.create(terms="揭榜、揭榜挂帅项目")  # first, so on the list's first page
    load()
    edited = group_of("IoT")
    edited.terms = "物联网、IoT、万物互联"
    edited.save()
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    page = client.get("/admin/snippets/search/synonym/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "随词典提供" in html
    assert "随词典提供，已修改" in html
    assert "编辑添加" in html
    found = client.get("/admin/snippets/search/synonym/", {"q": "CCUS"}).content.decode()
    assert "碳捕集利用与封存" in found
    assert "增材制造" not in found


# -- reading the groups per search ------------------------------------------------------------
@pytest.mark.django_db
def test_the_groups_a_search_reads_follow_an_edit_an_addition_and_a_deletion_at_once():
    load()
    assert ["物联网", "iot"] in text.synonym_groups()
    group = group_of("IoT")
    group.terms = "物联网、IoT、万物互联"
    group.save()
    assert ["物联网", "iot", "万物互联"] in text.synonym_groups()
    added = Synonym.objects.create(terms="巡河、河道巡查")
    assert ["巡河", "河道巡查"] in text.synonym_groups()
    added.delete()
    group.delete()
    groups = text.synonym_groups()
    assert ["巡河", "河道巡查"] not in groups
    assert not any("iot" in terms for terms in groups)


# -- acceptance: an empty site finds abbreviations from the shipped dictionary -----------------
@pytest.fixture
def empty_site_with_dictionary(home_page):
    """No demo: only the shipped dictionary, then three published opportunities that spell the
    Chinese terms out (or use the abbreviation)."""
    load()
    listing = OpportunityListPageFactory(parent=home_page, title="第一批机会清单")
    pages = {
        "iot": ScenarioPageFactory(
            parent=listing, title="园区物联网感知平台建设", ref="CJ-11",
            summary="覆盖全园区的感知终端与数据汇聚。",
        ),
        "ccus": ScenarioPageFactory(
            parent=listing, title="燃煤电厂碳捕集利用与封存示范", ref="CJ-12",
            summary="烟气中二氧化碳的捕集、驱油利用与地质封存。",
        ),
        "am": ScenarioPageFactory(
            parent=listing, title="航空零件增材制造工艺验证", ref="CJ-13",
            summary="钛合金结构件的成形与性能测试。",
        ),
        "vision": ScenarioPageFactory(
            parent=listing, title="工业视觉质检产线", ref="CJ-14",
            summary="基于 AI 的表面缺陷识别。",
        ),
    }  # fmt: skip
    for page in pages.values():
        publish(page)
    text.reset_tokenizer()
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("IoT", "CJ-11"),
        ("CCUS", "CJ-12"),
        ("3D打印", "CJ-13"),
        ("人工智能", "CJ-14"),  # the reverse: the document has the abbreviation
        ("缺陷检测", "CJ-14"),  # a near-synonym: the document says 缺陷识别
    ],
)
def test_an_empty_site_finds_the_other_wording_from_the_shipped_dictionary(
    backend, empty_site_with_dictionary, query, expected
):
    rebuild_index(backend)
    backend.refresh()
    found = [
        hit["ref"] for hit in search_opportunities(SearchParams(q=query), backend=backend).hits
    ]
    assert found[0] == expected
