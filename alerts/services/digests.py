"""Daily and weekly digests: one e-mail per account listing what its saved searches matched
since the last one. The digest is a notification (so it is in the site too, and its e-mail goes
out at most once), written in the transaction that marks its deliveries sent."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify_each

from ..models import AlertDelivery, SavedSearch
from .links import unsubscribe_path

# A daily digest also carries what an at-once search left unsent (its frequency was changed).
DIGEST_FREQUENCIES = {
    SavedSearch.Frequency.DAILY: [SavedSearch.Frequency.DAILY, SavedSearch.Frequency.IMMEDIATE],
    SavedSearch.Frequency.WEEKLY: [SavedSearch.Frequency.WEEKLY],
}


def absolute(path):
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}" if path.startswith("/") else path


def _pending(frequency):
    return AlertDelivery.objects.filter(
        notification__isnull=True,
        digest_sent_at__isnull=True,
        saved_search__active=True,
        saved_search__frequency__in=DIGEST_FREQUENCIES[frequency],
    )


def digests_send(frequency, now=None):
    """Send the digest of every account with pending alerts of this frequency; returns the
    notifications written. Safe to run twice: a second run finds nothing pending."""
    now = now or timezone.now()
    user_ids = sorted(set(_pending(frequency).values_list("saved_search__user_id", flat=True)))
    return [note for user_id in user_ids if (note := digest_send(user_id, frequency, now))]


@transaction.atomic
def digest_send(user_id, frequency, now=None):
    """One account's digest, or None when another run has taken its alerts."""
    now = now or timezone.now()
    deliveries = list(
        _pending(frequency)
        .filter(saved_search__user_id=user_id)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("saved_search")
        .order_by("saved_search_id", "created_at", "pk")
    )
    if not deliveries:
        return None
    searches = {delivery.saved_search_id: delivery.saved_search for delivery in deliveries}
    lines = []
    for search in searches.values():
        lines.append(f"【{search.name}】")
        lines.extend(
            f"· {delivery.title}\n  {absolute(delivery.url)}"
            for delivery in deliveries
            if delivery.saved_search_id == search.pk
        )
        lines.append(
            _("Stop “%(name)s”: %(url)s")
            % {"name": search.name, "url": absolute(unsubscribe_path([search.pk]))}
        )
        lines.append("")
    label = _("Daily") if frequency == SavedSearch.Frequency.DAILY else _("Weekly")
    (notification,) = notify_each(
        [
            {
                "user_id": user_id,
                "subject": _("%(label)s alert digest: %(count)d new opportunities")
                % {"label": label, "count": len(deliveries)},
                "body": "\n".join(lines).strip(),
                "url": reverse("alerts:saved_searches"),
                "unsubscribe_url": unsubscribe_path(searches),
            }
        ]
    )
    AlertDelivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries]).update(
        digest_sent_at=now, notification=notification
    )
    SavedSearch.objects.filter(pk__in=list(searches)).update(last_sent_at=now)
    return notification
