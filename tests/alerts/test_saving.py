"""Saving a search: from the service, the search page and the API, each refusal naming the field
in Chinese; the account's page lists, changes and deletes them."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alerts.models import SavedSearch
from alerts.services import saved_search_create


def test_a_bad_filter_is_refused_naming_the_field_in_chinese(alice, places):
    with pytest.raises(ValidationError) as refused:
        saved_search_create(alice, "坏领域", "储能", {"domain": "no-such-domain"})
    assert refused.value.message_dict["domain"] == ["领域：不存在领域“no-such-domain”。"]
    with pytest.raises(ValidationError) as refused:
        saved_search_create(alice, "", "储能")
    assert "名称" in refused.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as refused:
        saved_search_create(alice, "空的", "", {})
    assert "搜索词" in refused.value.message_dict["query"][0]
    with pytest.raises(ValidationError) as refused:
        saved_search_create(alice, "频率", "储能", frequency="hourly")
    assert "频率" in refused.value.message_dict["frequency"][0]
    with pytest.raises(ValidationError) as refused:
        saved_search_create(alice, "未知", "储能", {"colour": "red"})
    assert "colour" in refused.value.message_dict["filters"][0]
    assert not SavedSearch.objects.exists()


def test_filters_are_kept_as_the_search_form_reads_them(alice, places):
    saved = saved_search_create(
        alice,
        "海州大额",
        filters={"region": "haizhou", "amount_min": "100", "deadline_to": "2027-01-31", "page": ""},
    )
    assert saved.query == ""
    assert saved.filters == {"amount_min": 100.0, "deadline_to": "2027-01-31", "region": "haizhou"}


def test_the_search_page_offers_to_save_and_saves_the_search(client, alice, places):
    client.force_login(alice)
    page = client.get(reverse("search"), {"q": "储能", "domain": "energy", "sort": "newest"})
    assert "保存此搜索" in page.content.decode()
    answer = client.post(
        reverse("alerts:saved_search_new"),
        {"q": "储能", "domain": "energy", "name": "储能提醒", "frequency": "daily"},
    )
    assert answer.status_code == 302
    saved = SavedSearch.objects.get(user=alice)
    assert (saved.query, saved.filters, saved.frequency) == ("储能", {"domain": "energy"}, "daily")
    listing = client.get(reverse("alerts:saved_searches")).content.decode()
    assert "储能提醒" in listing
    assert "/alerts/feed/" in listing


def test_the_account_page_changes_the_frequency_and_deletes(client, alice, bob, places):
    saved = saved_search_create(alice, "储能", "储能")
    client.force_login(bob)
    url = reverse("alerts:saved_search_change", args=[saved.pk])
    assert client.post(url, {f"s{saved.pk}-frequency": "weekly"}).status_code == 404
    client.force_login(alice)
    client.post(url, {f"s{saved.pk}-frequency": "weekly"})
    saved.refresh_from_db()
    assert saved.frequency == "weekly"
    assert saved.version == 2
    client.post(reverse("alerts:saved_search_delete", args=[saved.pk]))
    assert not SavedSearch.objects.exists()


def test_the_api_saves_lists_changes_and_deletes_saved_searches(client, alice, places):
    client.force_login(alice)
    url = "/api/v1/saved-searches"
    created = client.post(
        url,
        json.dumps({"name": "新能源", "filters": {"domain": "energy"}, "frequency": "weekly"}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["query"] == ""
    assert body["filters"] == {"domain": "energy"}
    refused = client.post(
        url,
        json.dumps({"name": "坏", "query": "储能", "filters": {"region": "atlantis"}}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "region" in refused.json()["errors"]
    assert [item["name"] for item in client.get(url).json()] == ["新能源"]
    changed = client.patch(
        f"{url}/{body['id']}", json.dumps({"active": False}), content_type="application/json"
    )
    assert changed.json()["active"] is False
    assert client.delete(f"{url}/{body['id']}").status_code == 204
    assert client.get(url).json() == []


def test_the_api_refuses_an_anonymous_caller(client, db):
    assert client.get("/api/v1/saved-searches").status_code == 401


def test_the_account_page_names_the_filters_and_says_the_outcome_once(client, alice, places):
    client.force_login(alice)
    client.post(
        reverse("alerts:saved_search_new"),
        {"q": "储能", "domain": "energy", "region": "haizhou", "name": "储能提醒"},
    )
    listing = client.get(reverse("alerts:saved_searches")).content.decode()
    assert "领域：新能源" in listing
    assert "海州区" in listing
    assert "domain=energy" not in listing
    assert listing.count("搜索已保存") == 1


def test_a_refused_save_from_the_search_page_names_the_field_that_is_wrong(client, alice, places):
    client.force_login(alice)
    too_long = client.post(
        reverse("alerts:saved_search_new"), {"q": "储能", "name": "名" * 101}, follow=True
    ).content.decode()
    assert "名称：" in too_long
    assert "100" in too_long
    bad_frequency = client.post(
        reverse("alerts:saved_search_new"),
        {"q": "储能", "name": "储能", "frequency": "hourly"},
        follow=True,
    ).content.decode()
    assert "频率：" in bad_frequency
    assert "请为保存的搜索命名" not in bad_frequency
    assert not SavedSearch.objects.exists()


def test_the_api_names_each_field_of_the_wrong_type_in_chinese(client, alice, places):
    client.force_login(alice)
    answer = client.post(
        "/api/v1/saved-searches",
        {"name": 5, "query": ["储能"], "filters": "domain", "frequency": 3},
        content_type="application/json",
    )
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert set(errors) == {"name", "query", "filters", "frequency"}
    assert errors["query"] == ["请填写文本。"]
    assert errors["filters"] == ["请按名称给出取值（JSON 对象）。"]


def test_a_control_character_in_the_name_or_words_is_refused_naming_the_field(alice, places):
    with pytest.raises(ValidationError) as refused:
        saved_search_create(alice, "储\x00能", "储能")
    assert refused.value.message_dict["name"] == ["名称：不能包含控制字符。"]
    with pytest.raises(ValidationError) as refused:
        saved_search_create(alice, "储能", "储\x00能")
    assert refused.value.message_dict["query"] == ["搜索词：不能包含控制字符。"]
    assert not SavedSearch.objects.exists()


def test_the_api_says_not_found_unsigned_and_unreadable_in_chinese(client, alice, bob, places):
    theirs = saved_search_create(bob, "储能", "储能")
    assert client.get("/api/v1/saved-searches").json()["detail"].startswith("请登录")
    client.force_login(alice)
    missing = client.delete(f"/api/v1/saved-searches/{theirs.pk}")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "该地址下没有找到内容。", "errors": {}}
    unreadable = client.post("/api/v1/saved-searches", "{", content_type="application/json")
    assert unreadable.status_code == 400
    assert unreadable.json()["errors"] == {"request": ["请求体不是有效的 JSON。"]}
