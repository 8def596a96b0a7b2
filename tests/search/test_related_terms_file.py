"""The shipped related-terms file (search/dictionary/related_terms.json) keeps its shape.

It maps a field a searcher types to narrower or associated terms; these checks need no
service and read only the data files.
"""

import json
from pathlib import Path

import pytest

DICTIONARY = Path(__file__).resolve().parents[2] / "search" / "dictionary"
RELATED_TERMS = DICTIONARY / "related_terms.json"
SYNONYMS = DICTIONARY / "domain_synonyms.json"
RELATIONS = {"narrower", "associated"}
MOST_RELATED = 12


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def key(term):
    return term.strip().casefold()


@pytest.fixture(scope="module")
def data():
    return load(RELATED_TERMS)


@pytest.fixture(scope="module")
def entries(data):
    return data["entries"]


def test_header_says_what_the_file_is_and_cites_its_sources(data):
    assert data["about"].strip()
    assert data["version"].strip()
    assert data["format"].strip()
    sources = data["sources"]
    assert sources
    for source in sources:
        assert source["code"].strip()
        assert source["title"].strip()
        assert source["used_for"].strip()
    titles = " ".join(source["title"] for source in sources)
    assert "战略性新兴产业分类" in titles
    assert "GB/T 4754" in titles


def test_a_few_hundred_entries_are_shipped(entries):
    assert len(entries) >= 200


def test_every_entry_has_a_term_related_terms_a_relation_and_a_source(entries):
    for entry in entries:
        assert isinstance(entry["term"], str), entry
        assert entry["term"].strip(), entry
        related = entry["related"]
        assert isinstance(related, list), entry
        assert 1 <= len(related) <= MOST_RELATED, entry
        assert all(isinstance(term, str) and term.strip() for term in related), entry
        assert entry["relation"] in RELATIONS, entry
        assert entry["source"].strip(), entry
        assert entry["note"].strip(), entry


def test_no_related_term_is_its_own_entry_or_listed_twice(entries):
    for entry in entries:
        related = [key(term) for term in entry["related"]]
        assert key(entry["term"]) not in related, entry["term"]
        assert len(set(related)) == len(related), entry["term"]


def test_no_two_entries_share_a_term(entries):
    seen = set()
    for entry in entries:
        assert key(entry["term"]) not in seen, entry["term"]
        seen.add(key(entry["term"]))


def test_every_source_an_entry_cites_is_declared_in_the_header(data, entries):
    codes = {source["code"] for source in data["sources"]}
    for entry in entries:
        for cited in entry["source"].split(";"):
            code = cited.strip()
            assert any(code == declared or code.startswith(declared + " ") for declared in codes), (
                entry["term"],
                code,
            )


def test_related_terms_are_not_synonyms_of_their_entry(entries):
    group_of = {}
    for number, group in enumerate(load(SYNONYMS)["groups"]):
        for term in group["terms"]:
            group_of[key(term)] = number
    entry_groups = {}
    for entry in entries:
        group = group_of.get(key(entry["term"]))
        if group is None:
            continue
        assert group not in entry_groups, (entry_groups.get(group), entry["term"])
        entry_groups[group] = entry["term"]
        for term in entry["related"]:
            assert group_of.get(key(term)) != group, (entry["term"], term)
