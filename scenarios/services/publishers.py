"""Publisher accounts and their organisations' scopes in the Wagtail admin."""

from django.db import transaction
from django.db.models import Q

from cms.models import Organization
from cms.services import publisher_access_grant, publisher_section_sync

from ..models import PublisherMembership


@transaction.atomic
def publisher_scopes_sync():
    """Every organisation that publishes a list or has a publisher account gets its section and
    group, and every publisher account is in its organisation's group (and no other). Returns
    (organisations, accounts) brought in step; running it again changes nothing."""
    organizations = Organization.objects.filter(
        Q(opportunity_lists__isnull=False) | Q(publisher_memberships__isnull=False)
    ).distinct()
    for organization in organizations:
        publisher_section_sync(organization)
    memberships = PublisherMembership.objects.select_related("user", "organization")
    for membership in memberships:
        publisher_access_grant(membership.user, membership.organization)
    return len(organizations), len(memberships)
