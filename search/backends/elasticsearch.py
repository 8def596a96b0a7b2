"""The Elasticsearch backend: one index per build behind an alias, core-only analysis.

The text fields use `settings.SEARCH_ELASTICSEARCH_ANALYZER`: "zh_bigram" (defined here: the
standard tokenizer splits Han text into characters, `shingle` rebuilds bigrams, unigrams kept),
"standard" (characters only), or the name of a plugin analyzer such as "ik_max_word" or
"smartcn" on clusters that have one. Each text field has a "<name>_words" twin holding jieba
words, analysed by `whitespace`. Every write carries an external version (the outbox row's id),
so a stale write loses to a newer one.

When the cluster cannot be reached (the transport's ConnectionError or ConnectionTimeout) or
answers 503 (not ready), every method raises `SearchUnavailable` instead.
"""

import functools
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, ConflictError, NotFoundError, helpers
from elasticsearch.dsl import Index, Mapping, analyzer, token_filter

from ..connection import get_client, public_url
from ..documents import TEXT_FIELDS, suggestion_inputs
from . import SearchUnavailable
from .base import SearchBackend, hit_from_record, results

ZH_BIGRAM = analyzer(
    "zh_bigram",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter(
            "zh_shingle",
            "shingle",
            min_shingle_size=2,
            max_shingle_size=2,
            output_unigrams=True,
            token_separator="",
        ),
    ],
)
BULK_CHUNK = 1000
BULK_THREADS = 2


def unavailable_when_down(method):
    """Turn the transport's connection failures and a 503 answer into `SearchUnavailable`;
    any other error (a bad query, a conflict) is a fault and passes unchanged."""

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (TransportConnectionError, ConnectionTimeout) as error:
            raise SearchUnavailable(
                f"Elasticsearch at {public_url()} is unreachable ({type(error).__name__})"
            ) from error
        except ApiError as error:
            if error.meta.status != 503:
                raise
            raise SearchUnavailable(
                f"Elasticsearch at {public_url()} is unavailable (503 {error.message})"
            ) from error

    return checked


def text_analyzer():
    name = settings.SEARCH_ELASTICSEARCH_ANALYZER
    return ZH_BIGRAM if name == "zh_bigram" else name


def mapping():
    m = Mapping()
    for name in TEXT_FIELDS:
        # Offsets in the postings let the highlighter mark hits without analysing the text
        # again (the text fields are the ones highlighted).
        m.field(name, "text", analyzer=text_analyzer(), index_options="offsets")
        m.field(f"{name}_words", "text", analyzer="whitespace")
    m.field("display_title", "keyword", index=False)
    m.field("keywords", "keyword")
    for name in ("kind", "ref", "domains", "region", "level", "organization_slug"):
        m.field(name, "keyword")
    for name in ("organization", "region_name", "list_title", "url"):
        m.field(name, "keyword", index=False)
    m.field("id", "long")
    m.field("revision", "long")
    m.field("list_id", "long")
    m.field("amount_wan", "double")
    for name in ("opens_at", "deadline", "published_at"):
        m.field(name, "date")
    m.field("suggest", "completion", analyzer="simple", max_input_length=60)
    # The words twins are only searched: kept out of _source, they are not stored twice.
    m.meta("_source", excludes=[f"{name}_words" for name in TEXT_FIELDS])
    return m


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, alias=None):
        self.alias = alias or settings.SEARCH_INDEX_ALIAS
        self._ensured = False

    @property
    def client(self):
        return get_client()

    # -- index lifecycle ---------------------------------------------------------------------
    def new_index(self):
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        index = Index(f"{self.alias}-{stamp}")
        index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_REPLICAS)
        if settings.SEARCH_ELASTICSEARCH_ANALYZER == "zh_bigram":
            index.analyzer(ZH_BIGRAM)
        index.mapping(mapping())
        index.create(using=self.client)
        return index._name

    def current_indices(self):
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    @unavailable_when_down
    def ping(self):
        self.client.cluster.health()

    @unavailable_when_down
    def ensure_index(self):
        """Create an empty index behind the alias if there is none (once per process)."""
        if self._ensured:
            return
        if not self.current_indices():
            name = self.new_index()
            self.client.indices.put_alias(index=name, name=self.alias)
        self._ensured = True

    @unavailable_when_down
    def clear(self):
        for name in self.current_indices():
            self.client.indices.delete(index=name, ignore_unavailable=True)
        self._ensured = False

    @unavailable_when_down
    def refresh(self):
        self.client.indices.refresh(
            index=self.alias, ignore_unavailable=True, allow_no_indices=True
        )

    # -- writes ------------------------------------------------------------------------------
    def _source(self, record):
        return {**record, "suggest": {"input": suggestion_inputs(record)}}

    @unavailable_when_down
    def apply(self, page_id, record, version):
        self.ensure_index()
        try:
            if record is None:
                self.client.delete(
                    index=self.alias, id=str(page_id), version=version, version_type="external_gte"
                )
            else:
                self.client.index(
                    index=self.alias,
                    id=str(page_id),
                    document=self._source(record),
                    version=version,
                    version_type="external_gte",
                )
        except NotFoundError:
            pass  # deleting what is not there: already as it should be
        except ConflictError:
            pass  # the index already holds a newer version

    @unavailable_when_down
    def rebuild(self, chunks, version, progress=None):
        old = self.current_indices()
        name = self.new_index()
        # A bulk load: no refresh and no replica to copy to until it is done.
        self.client.indices.put_settings(
            index=name, settings={"refresh_interval": "-1", "number_of_replicas": 0}
        )

        # Records are read in this thread (they come from the database); two threads send them.
        with ThreadPoolExecutor(max_workers=BULK_THREADS) as senders:
            in_flight = deque()
            for chunk in chunks:
                in_flight.append(senders.submit(self._bulk_load, name, chunk, version))
                if len(in_flight) >= BULK_THREADS:
                    sent = in_flight.popleft().result()
                    if progress:
                        progress(sent)
            while in_flight:
                sent = in_flight.popleft().result()
                if progress:
                    progress(sent)
        self.client.indices.put_settings(
            index=name,
            settings={"refresh_interval": None, "number_of_replicas": settings.SEARCH_REPLICAS},
        )
        self.client.indices.refresh(index=name)
        actions = [{"add": {"index": name, "alias": self.alias}}]
        actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return name

    def _bulk_load(self, name, records, version):
        helpers.bulk(
            self.client,
            (
                {
                    "_index": name,
                    "_id": str(record["id"]),
                    "_version": version,
                    "_version_type": "external_gte",
                    "_source": self._source(record),
                }
                for record in records
            ),
            chunk_size=BULK_CHUNK,
            refresh=False,
        )
        return len(records)

    # -- reads -------------------------------------------------------------------------------
    @unavailable_when_down
    def indexed_revisions(self):
        if not self.current_indices():
            return {}
        return {
            int(hit["_id"]): hit["_source"]["revision"]
            for hit in helpers.scan(
                self.client,
                index=self.alias,
                query={"query": {"match_all": {}}},
                _source=["revision"],
                size=1000,
            )
        }

    @unavailable_when_down
    def search(self, query):
        self.ensure_index()
        params = query.params
        body = query.build(self.alias, fields=settings.SEARCH_QUERY_FIELDS)
        response = body.using(self.client).execute()
        hits = [
            hit_from_record(
                hit.to_dict(),
                self._highlight(hit),
                score=hit.meta.score,
            )
            for hit in response.hits
        ]
        counts = {}
        for name, bucket in response.aggregations.to_dict().items():
            values = bucket["values"]["buckets"]
            if isinstance(values, dict):  # the status "filters" aggregation
                counts[name] = [(key, value["doc_count"]) for key, value in values.items()]
            else:
                counts[name] = [(value["key"], value["doc_count"]) for value in values]
        return results(params, response.hits.total.value, hits, counts)

    @staticmethod
    def _highlight(hit):
        highlight = getattr(hit.meta, "highlight", None)
        if not highlight:
            return {}
        return {name: list(fragments) for name, fragments in highlight.to_dict().items()}

    @unavailable_when_down
    def suggest(self, prefix, limit=8):
        self.ensure_index()
        response = self.client.search(
            index=self.alias,
            suggest={
                "titles": {
                    "prefix": prefix,
                    "completion": {"field": "suggest", "size": limit, "skip_duplicates": True},
                }
            },
            source=False,
        )
        return [option["text"] for option in response["suggest"]["titles"][0]["options"]]
