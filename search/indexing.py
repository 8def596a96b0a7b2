"""Keeping the index in step with the database through the outbox (`IndexOperation`).

`record_page_change` writes an outbox row in the caller's transaction and queues its
application after commit; `apply_pending` applies rows (by the page's current state in the
database), so it is safe to run twice and in any order; `rebuild_index` and `check_index` load
and compare the whole index.
"""

from dataclasses import dataclass, field

from django.db.models import F, Max
from django.utils import timezone

from cms.models import OpportunityPage

from .backends import get_backend
from .documents import opportunity_queryset, opportunity_record
from .models import IndexOperation

REBUILD_CHUNK = 500


def record_page_change(page_id, action=IndexOperation.Action.SYNC):
    """Write the outbox row for a page change in the current transaction; queue its application
    after commit (if the broker is down, the periodic drain applies it)."""
    from .tasks import apply_index_operations

    operation = IndexOperation.objects.create(page_id=page_id, action=action)
    apply_index_operations.delay_on_commit([page_id])
    return operation


def current_record(page_id):
    """The record the index should hold for this page now, or None when it should hold none."""
    page = opportunity_queryset().filter(pk=page_id).first()
    return opportunity_record(page) if page is not None else None


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


def rebuild_index(backend=None, progress=None):
    """Load every live opportunity into a fresh index and switch to it; then apply what
    changed while it was loading. Returns the number of documents loaded."""
    backend = backend or get_backend()
    start_version = IndexOperation.objects.aggregate(latest=Max("pk"))["latest"] or 0
    pages = opportunity_queryset()
    ids = list(pages.values_list("pk", flat=True))

    def chunks():
        for start in range(0, len(ids), REBUILD_CHUNK):
            chunk_ids = ids[start : start + REBUILD_CHUNK]
            yield [
                opportunity_record(page) for page in opportunity_queryset().filter(pk__in=chunk_ids)
            ]

    backend.rebuild(chunks(), version=start_version, progress=progress)
    changed = IndexOperation.objects.filter(pk__gt=start_version).values_list("page_id", flat=True)
    for page_id in set(changed):
        backend.apply(page_id, current_record(page_id), _latest_version(page_id))
    return len(ids)


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
