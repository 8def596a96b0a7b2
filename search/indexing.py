"""Keeping the index in step with the database through the outbox (`IndexOperation`).

`record_page_change` writes an outbox row in the caller's transaction and queues its
application after commit; `apply_pending` applies rows (by the page's current state in the
database), so it is safe to run twice and in any order; `rebuild_index` and `check_index` load
and compare the whole index.

Each record applied or rebuilt is kept (`IndexedRecord`, jieba words included), so a rebuild
loads the records of unchanged revisions as they are and segments only the others, in a pool of
processes when there are many.
"""

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from django.db.models import F, Max
from django.utils import timezone

from cms.models import OpportunityPage

from . import text
from .backends import get_backend
from .documents import opportunity_fields, opportunity_queryset, with_words, with_words_all
from .models import IndexedRecord, IndexOperation

REBUILD_CHUNK = 1000
# Fewer records than this to segment are segmented in this process: starting the pool's
# processes (Django and jieba's dictionary in each) costs a few seconds.
POOL_FROM = 3000


def record_page_change(page_id, action=IndexOperation.Action.SYNC):
    """Write the outbox row for a page change in the current transaction; queue its application
    after commit (if the broker is down, the periodic drain applies it)."""
    from .tasks import apply_index_operations

    operation = IndexOperation.objects.create(page_id=page_id, action=action)
    IndexedRecord.objects.filter(page_id=page_id).delete()
    apply_index_operations.delay_on_commit([page_id])
    return operation


def current_record(page_id):
    """The record the index should hold for this page now, or None when it should hold none;
    a record built is kept for the next rebuild."""
    page = opportunity_queryset().filter(pk=page_id).first()
    if page is None:
        return None
    record, key = segmented(opportunity_fields(page))
    store_records([(record, key)])
    return record


def segmented(fields):
    """(record, key of the dictionary its words were segmented with). The dictionary is re-read
    every few minutes: a record segmented across a re-read is segmented again."""
    while True:
        key = text.dictionary_key()
        record = with_words(fields)
        if text.dictionary_key() == key:
            return record, key


def store_records(built):
    """Keep built records, given as (record, key of its dictionary); one per page, the newest
    wins."""
    IndexedRecord.objects.bulk_create(
        [
            IndexedRecord(
                page_id=record["id"], revision=record["revision"], dictionary_key=key, record=record
            )
            for record, key in built
        ],
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=["revision", "dictionary_key", "record", "built_at"],
    )


def apply_pending(page_ids=None, limit=1000, backend=None):
    """Apply pending outbox rows, newest row per page; returns the number of pages applied.

    A failure leaves that page's rows pending with the error recorded, and is raised once the
    other pages have been applied, so a task can retry.
    """
    backend = backend or get_backend()
    pending = IndexOperation.objects.pending()
    if page_ids is not None:
        pending = pending.filter(page_id__in=page_ids)
    latest = pending.values("page_id").annotate(version=Max("pk")).order_by("version")[:limit]
    applied, failure = 0, None
    for row in latest:
        page_id, version = row["page_id"], row["version"]
        rows = IndexOperation.objects.pending().filter(page_id=page_id, pk__lte=version)
        try:
            backend.apply(page_id, current_record(page_id), version)
        except Exception as error:  # any backend error: keep the rows, say why
            rows.update(
                attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
            )
            failure = failure or error
            continue
        rows.update(applied_at=timezone.now())
        applied += 1
    if failure is not None:
        raise failure
    return applied


def rebuild_index(backend=None, progress=None, workers=None):
    """Load every live opportunity into a fresh index and switch to it; then apply what
    changed while it was loading. Returns the number of documents loaded.

    Kept records of the live revisions are loaded as they are; the others are built from the
    database and segmented (`workers` processes, default one per core, when there are many).
    """
    backend = backend or get_backend()
    start_version = IndexOperation.objects.aggregate(latest=Max("pk"))["latest"] or 0
    live = {
        page_id: revision or 0
        for page_id, revision in OpportunityPage.objects.live().values_list(
            "pk", "live_revision_id"
        )
    }
    text.reset_tokenizer()  # segment with the dictionary as it is now
    backend.rebuild(
        index_records(live, page_fields, workers=workers), version=start_version, progress=progress
    )
    changed = IndexOperation.objects.filter(pk__gt=start_version).values_list("page_id", flat=True)
    for page_id in set(changed):
        backend.apply(page_id, current_record(page_id), _latest_version(page_id))
    return len(live)


def page_fields(page_ids):
    """`opportunity_fields` of the live pages among these ids, read from the database."""
    return [opportunity_fields(page) for page in opportunity_queryset().filter(pk__in=page_ids)]


def index_records(live, build, workers=None):
    """Chunks of the records of `live` ({page id: revision}): first the kept records of those
    revisions under the current dictionary, read as they are, then the others, their fields
    built by `build(page ids)` and segmented here or in a pool, and kept for the next time.

    `build` returns plain data (no model instances): what crosses to the pool's processes.
    """
    key = text.dictionary_key()
    kept = (
        IndexedRecord.objects.filter(dictionary_key=key)
        .values_list("page_id", "revision", "record")
        .iterator(chunk_size=REBUILD_CHUNK)
    )
    chunk, loaded = [], set()
    for page_id, revision, record in kept:
        if live.get(page_id) == revision:
            chunk.append(record)
            loaded.add(page_id)
            if len(chunk) == REBUILD_CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk
    missing = sorted(set(live) - loaded)
    id_chunks = (missing[i : i + REBUILD_CHUNK] for i in range(0, len(missing), REBUILD_CHUNK))
    if len(missing) < POOL_FROM:
        for ids in id_chunks:
            built = [segmented(fields) for fields in build(ids)]
            store_records(built)
            yield [record for record, _key in built]
        return
    words = sorted(text.user_words())
    pool_key = text.dictionary_key_of(words)
    for records in _segmented_in_pool((build(ids) for ids in id_chunks), words, workers):
        store_records([(record, pool_key) for record in records])
        yield records


def _segmented_in_pool(field_chunks, words, workers=None):
    """`with_words_all` of each chunk in a pool of fresh processes (spawned, so no database
    connection or thread of this one is shared) segmenting with the user dictionary `words`,
    in order, a few chunks in flight."""
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=text.start_segmenter,
        initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"), words),
    ) as pool:
        in_flight = deque()
        for fields in field_chunks:
            in_flight.append(pool.submit(with_words_all, fields))
            if len(in_flight) > workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _latest_version(page_id):
    return IndexOperation.objects.filter(page_id=page_id).aggregate(v=Max("pk"))["v"] or 0


@dataclass
class IndexCheck:
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def clean(self):
        return not (self.missing or self.stale or self.extra)


def check_index(backend=None):
    """Compare the index with the database: documents missing, stale (an older revision) or
    extra (no live page behind them)."""
    backend = backend or get_backend()
    backend.refresh()
    expected = dict(OpportunityPage.objects.live().values_list("pk", "live_revision_id"))
    indexed = backend.indexed_revisions()
    return IndexCheck(
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(
            page_id
            for page_id, revision in indexed.items()
            if page_id in expected and (expected[page_id] or 0) != revision
        ),
        extra=sorted(set(indexed) - set(expected)),
    )
