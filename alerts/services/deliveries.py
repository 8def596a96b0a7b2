"""Telling saved searches of a publication: every saved search a newly published or amended
opportunity matches gets one `AlertDelivery` per publication event; one that wants alerts at
once gets its in-site notification and e-mail in the same transaction. Safe to run twice, and
after a worker was killed mid-way: a chunk commits whole, and what was delivered is skipped."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify_each
from search.documents import opportunity_queryset, opportunity_record

from ..models import AlertDelivery, PublicationEvent, SavedSearch
from ..subscriptions import matching_saved_searches, subscriptions_sync
from .links import unsubscribe_path

logger = logging.getLogger(__name__)
PUBLISHED = "published"
CHUNK = 500
ATTEMPTS = 3


def amended_event(revision_id):
    return f"amended:{revision_id}"


def publication_record(page_id, event):
    """Write the outbox row of a publication event in the current transaction and queue its
    alerts after commit."""
    from ..tasks import alert_publication

    PublicationEvent.objects.get_or_create(opportunity_id=page_id, event=event)
    alert_publication.delay_on_commit(page_id, event)


def publication_events_drain(limit=100):
    """Alert every publication event still pending (a lost or failed task); returns how many
    were done. A failure is recorded and raised once the others are done."""
    done, failure = 0, None
    for pk, page_id, event in PublicationEvent.objects.filter(done_at__isnull=True).values_list(
        "pk", "opportunity_id", "event"
    )[:limit]:
        try:
            publication_alerts(page_id, event)
        except Exception as error:  # any failure: keep it pending, say why
            PublicationEvent.objects.filter(pk=pk).update(
                attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:500]
            )
            failure = failure or error
            continue
        done += 1
    if failure is not None:
        raise failure
    return done


def publication_alerts(page_id, event=PUBLISHED):
    """Alert every saved search this publication of a live opportunity matches; returns how
    many were told now. A page that is not live (a draft, unpublished, deleted) tells nobody,
    and an amendment superseded by a newer publication is left to that one."""
    page = opportunity_queryset().filter(pk=page_id).first()
    told = 0
    stale = event not in (PUBLISHED, amended_event(getattr(page, "live_revision_id", None)))
    if page is not None and not stale:
        subscriptions_sync()  # searches saved just before the publication are matched too
        record = opportunity_record(page)
        matched = matching_saved_searches(record)
        for start in range(0, len(matched), CHUNK):
            told += deliver(matched[start : start + CHUNK], record, event)
    PublicationEvent.objects.filter(opportunity_id=page_id, event=event).update(
        done_at=timezone.now()
    )
    return told


def deliver(saved_search_ids, record, event):
    """One chunk, in one transaction: the deliveries not yet made and, for the saved searches
    that want it at once, their notifications. A concurrent run that made some of them first
    makes this one's insert fail on the unique constraint: the chunk is looked at again."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return _deliver_once(saved_search_ids, record, event)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            logger.info("alerts of %s raced another run; looking again", record["id"])
    return 0


def _deliver_once(saved_search_ids, record, event):
    done = set(
        AlertDelivery.objects.filter(
            saved_search_id__in=saved_search_ids, opportunity_id=record["id"], event=event
        ).values_list("saved_search_id", flat=True)
    )
    searches = list(
        SavedSearch.objects.filter(pk__in=saved_search_ids, active=True)
        .exclude(pk__in=done)
        .select_related("user")
        .order_by("pk")
    )
    if not searches:
        return 0
    at_once = [search for search in searches if search.frequency == SavedSearch.Frequency.IMMEDIATE]
    notifications = notify_each(_message(search, record, event) for search in at_once)
    by_search = {search.pk: note for search, note in zip(at_once, notifications, strict=True)}
    AlertDelivery.objects.bulk_create(
        AlertDelivery(
            saved_search=search,
            opportunity_id=record["id"],
            event=event,
            title=record["display_title"][:255],
            url=record["url"] or "",
            summary=record["summary"],
            notification=by_search.get(search.pk),
        )
        for search in searches
    )
    if at_once:
        SavedSearch.objects.filter(pk__in=[search.pk for search in at_once]).update(
            last_sent_at=notifications[0].created_at
        )
    return len(searches)


def _message(saved_search, record, event):
    values = {"name": saved_search.name, "title": record["display_title"]}
    if event == PUBLISHED:
        subject = _("New for “%(name)s”: %(title)s") % values
        lead = _("A newly published opportunity matches your saved search “%(name)s”:") % values
    else:
        subject = _("Amended, for “%(name)s”: %(title)s") % values
        lead = _("An opportunity matching your saved search “%(name)s” was amended:") % values
    return {
        "user": saved_search.user,
        "subject": subject,
        "body": f"{lead}\n\n{record['display_title']}\n{record['summary']}",
        "url": record["url"] or "",
        "unsubscribe_url": unsubscribe_path([saved_search.pk]),
    }
