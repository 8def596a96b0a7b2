"""The subscriptions index on Elasticsearch (server core only: no percolator, no scripts).

One document per active saved search: its required terms, their count (`required`), and its
keyword filters (ANY when unset). A published record finds the saved searches whose every term
it holds with one `terms_set` query (minimum_should_match_field: required), the filters as
`terms` over the record's values plus ANY, and `required: 0` for the filter-only ones.
"""

import contextlib

from django.conf import settings
from elasticsearch import ConflictError, NotFoundError, helpers

from search.backends.elasticsearch import unavailable_when_down
from search.connection import get_client

from .analysis import KEYWORD_FILTERS, record_keywords, record_terms

BULK_CHUNK = 2000
SCAN_SIZE = 5000
# What one search answers (index.max_result_window); more matches are scrolled through.
PAGE_SIZE = 10_000


def index_name():
    return f"{settings.SEARCH_INDEX_ALIAS}-subscriptions"


MAPPING = {
    "dynamic": "strict",
    "properties": {
        "terms": {"type": "keyword"},
        "required": {"type": "integer"},
        "checked": {"type": "boolean"},
        **{name: {"type": "keyword"} for name in KEYWORD_FILTERS},
    },
}


class ElasticsearchSubscriptions:
    name = "elasticsearch"

    def __init__(self, index=None):
        self.index = index or index_name()
        self._ensured = False

    @property
    def client(self):
        return get_client()

    @unavailable_when_down
    def ensure(self):
        if self._ensured:
            return
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(
                index=self.index,
                settings={"number_of_shards": 1, "number_of_replicas": settings.SEARCH_REPLICAS},
                mappings=MAPPING,
            )
        self._ensured = True

    @staticmethod
    def _source(document):
        return {
            "terms": document["terms"],
            "required": len(document["terms"]),
            "checked": document["checked"],
            **{name: document[name] for name in KEYWORD_FILTERS},
        }

    @unavailable_when_down
    def put(self, document, refresh=True):
        self.ensure()
        # A conflict: the index already holds a newer version.
        with contextlib.suppress(ConflictError):
            self.client.index(
                index=self.index,
                id=str(document["id"]),
                document=self._source(document),
                version=document["version"],
                version_type="external_gte",
                refresh=refresh,
            )

    @unavailable_when_down
    def remove(self, saved_search_id, version, refresh=True):
        self.ensure()
        # Already gone, or a newer version stands.
        with contextlib.suppress(NotFoundError, ConflictError):
            self.client.delete(
                index=self.index,
                id=str(saved_search_id),
                version=version,
                version_type="external_gte",
                refresh=refresh,
            )

    @unavailable_when_down
    def put_many(self, documents):
        """Write many documents in bulk, refreshed once at the end; a document the index holds
        a newer version of is left as it is, any other failure is raised."""
        self.ensure()
        _written, errors = helpers.bulk(
            self.client,
            (
                {
                    "_index": self.index,
                    "_id": str(document["id"]),
                    "_version": document["version"],
                    "_version_type": "external_gte",
                    "_source": self._source(document),
                }
                for document in documents
            ),
            chunk_size=BULK_CHUNK,
            raise_on_error=False,
        )
        failures = [error for error in errors if error["index"].get("status") != 409]
        if failures:
            raise RuntimeError(f"subscriptions index refused {len(failures)}: {failures[0]}")
        self.client.indices.refresh(index=self.index)

    def query(self, record):
        keywords = record_keywords(record)
        return {
            "bool": {
                "filter": [
                    *({"terms": {name: values}} for name, values in keywords.items()),
                    {
                        "bool": {
                            "should": [
                                {"term": {"required": 0}},
                                {
                                    "terms_set": {
                                        "terms": {
                                            "terms": record_terms(record),
                                            "minimum_should_match_field": "required",
                                        }
                                    }
                                },
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                ]
            }
        }

    @unavailable_when_down
    def match(self, record):
        """[(saved search id, checked)] of every subscription the record matches: one request
        when they fit in a page (the usual case), else a scroll through all of them."""
        self.ensure()
        query = self.query(record)
        answer = self.client.search(
            index=self.index,
            query=query,
            size=PAGE_SIZE,
            source=["checked"],
            track_total_hits=True,
        )
        hits = answer["hits"]["hits"]
        if answer["hits"]["total"]["value"] > len(hits):
            hits = helpers.scan(
                self.client,
                index=self.index,
                query={"query": query},
                _source=["checked"],
                size=SCAN_SIZE,
            )
        return [(int(hit["_id"]), hit["_source"]["checked"]) for hit in hits]

    @unavailable_when_down
    def clear(self):
        self.client.indices.delete(index=self.index, ignore_unavailable=True)
        self._ensured = False
