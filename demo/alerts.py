"""Demo saved searches and follows for `load_demo`, made through the alerts services as the
enterprises would make them (idempotent: a saved search is known by its account and name, and
following again changes nothing):

- company_a is alerted at once of anything on 储能 (energy storage), and follows the first
  challenge on it;
- company_b gets a daily digest of every new opportunity in one domain, a filter-only search.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from alerts.models import Follow, SavedSearch
from alerts.services.follows import follow_add
from alerts.services.saved_searches import saved_search_create
from cms.models import ChallengePage

SAVED_SEARCHES = [
    ("company_a", "储能相关机会", "储能", {}, "immediate"),
    ("company_b", "新能源领域每日提醒", "", {"domain": "new-energy"}, "daily"),
]


def load_demo_alerts():
    """Saved searches and a follow of the demo enterprises; {what: {"created", "existing"}}."""
    users = get_user_model().objects
    created = existing = 0
    with transaction.atomic():
        for username, name, query, filters, frequency in SAVED_SEARCHES:
            user = users.get(username=username)
            if SavedSearch.objects.filter(user=user, name=name).exists():
                existing += 1
                continue
            saved_search_create(user, name, query=query, filters=filters, frequency=frequency)
            created += 1
        follower = users.get(username="company_a")
        challenge = ChallengePage.objects.live().filter(title__contains="储能").order_by("pk")[0]
        followed = Follow.objects.filter(user=follower, opportunity_id=challenge.pk).exists()
        follow_add(follower, challenge)
    return {
        "saved searches": {"created": created, "existing": existing},
        "follows": {"created": int(not followed), "existing": int(followed)},
    }
