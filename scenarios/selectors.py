"""Reads of organisations and bids, and who may see which bid (bids are sealed)."""

from django.db.models import Q
from django.utils import timezone

from cms.models import OpportunityPage

from .arrival import queue_window
from .models import Bid, Membership

# Once the deadline has passed the publisher opens these; drafts and withdrawn bids stay sealed.
OPENED_STATUSES = [
    Bid.Status.SUBMITTED,
    Bid.Status.SHORTLISTED,
    Bid.Status.SELECTED,
    Bid.Status.NOT_SELECTED,
]


def company_of(user):
    """The organisation an account belongs to, or None."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.select_related("company").filter(user=user).first()
    return membership.company if membership else None


def is_owner(user, company):
    return Membership.objects.filter(
        user=user, company=company, role=Membership.Role.OWNER
    ).exists()


def can_read_certificates(user, company):
    """The organisation's own accounts, and the moderators who verify organisations."""
    if not user.is_authenticated:
        return False
    if Membership.objects.filter(user=user, company=company).exists():
        return True
    return user.has_perm("scenarios.view_company")


def members_of(company):
    """The accounts of an organisation, owner included."""
    return [membership.user for membership in company.memberships.select_related("user")]


def publisher_organization_of(user):
    """The publishing organisation (cms.Organization) an account works for, or None."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "publisher_membership", None)
    return membership.organization if membership else None


def opportunities_published_by(organization):
    """Opportunities this organisation is responsible for: those in its lists, and those it
    publishes (scenarios) or issues (challenges) in anyone's list."""
    in_its_lists = Q(pk__in=[])
    for list_page in organization.opportunity_lists.all():
        in_its_lists |= Q(path__startswith=list_page.path, depth=list_page.depth + 1)
    return OpportunityPage.objects.filter(
        in_its_lists
        | Q(scenariopage__publisher=organization)
        | Q(challengepage__issuer=organization)
    )


def bids_of_company(company):
    return (
        Bid.objects.filter(company=company)
        .select_related("opportunity")
        .order_by("-updated_at", "-pk")
    )


def bids_opened_to_publisher(organization, now=None):
    """Submitted bids on this organisation's opportunities whose deadline has passed (and the
    few seconds an in-time bid may still wait in the server's queue, scenarios/arrival.py)."""
    now = now or timezone.now()
    return (
        Bid.objects.filter(
            opportunity__in=opportunities_published_by(organization),
            opportunity__application_deadline__lt=now - queue_window(),
            status__in=OPENED_STATUSES,
        )
        .select_related("company", "opportunity")
        .order_by("opportunity_id", "submitted_at")
    )


def is_staff_reader(user):
    """Platform staff who may open any bid for support; each opening is written to the trail."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("scenarios.view_bid"))


def bid_access(user, bid, now=None):
    """Why this account may read this bid: "member", "publisher" or "staff"; None if it may not."""
    if not user.is_authenticated:
        return None
    if Membership.objects.filter(user=user, company_id=bid.company_id).exists():
        return "member"
    organization = publisher_organization_of(user)
    if (
        organization is not None
        and bid.status in OPENED_STATUSES
        and bid.opportunity.application_deadline + queue_window() < (now or timezone.now())
        and opportunities_published_by(organization).filter(pk=bid.opportunity_id).exists()
    ):
        return "publisher"
    if is_staff_reader(user):
        return "staff"
    return None


def public_clarifications(opportunity):
    """Answered questions of an opportunity, newest first; the asker is never part of this."""
    return opportunity.clarifications.filter(answered_at__isnull=False).only(
        "question", "answer", "answered_at", "asked_at"
    )
