"""A rebuild swaps the whole index at once: searches running meanwhile always get full answers."""

import threading
import time

import pytest
from django.db import connection

from search.indexing import rebuild_index
from search.params import SearchParams
from search.queries import OpportunitySearchQuery, expand_query

pytestmark = pytest.mark.django_db


def test_searches_keep_answering_in_full_throughout_a_rebuild(backend, indexed):
    terms = expand_query("")
    answers, errors, done = [], [], threading.Event()

    def search_until_done():
        try:
            while not done.is_set():
                try:
                    query = OpportunitySearchQuery(SearchParams(page_size=50), terms)
                    answers.append(backend.search(query).total)
                except Exception as error:  # recorded, and the test fails on it
                    errors.append(error)
        finally:
            connection.close()  # this thread's own database connection

    searcher = threading.Thread(target=search_until_done)
    searcher.start()
    try:
        answered_before = 0
        for _ in range(3):
            while len(answers) <= answered_before and not errors:  # a search between rebuilds
                time.sleep(0.005)
            rebuild_index(backend)
            answered_before = len(answers)
    finally:
        done.set()
        searcher.join(timeout=60)

    assert not errors
    assert len(answers) >= 3
    assert set(answers) == {7}  # never empty, never half-loaded
