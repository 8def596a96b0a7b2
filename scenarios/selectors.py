"""Reads of organisations and bids, and who may see which bid (bids are sealed)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from cms.models import OpportunityPage

from .arrival import queue_window
from .models import AuditEvent, Bid, Membership

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


def history_for_bidder(bid, limit=20):
    """The bid's audit lines its own organisation reads: everything but the panel's work."""
    return bid.audit_events.exclude(action__in=AuditEvent.PANEL_INTERNAL).select_related("actor")[
        :limit
    ]


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
    """Platform staff who support bidders: they read a bid once it is unsealed (each opening is
    written to the trail) and, while it is sealed, only by breaking the glass."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("scenarios.view_bid"))


def bid_is_sealed(bid, now=None):
    """Until its opportunity's deadline and the queue window have passed, nobody outside the
    bidding organisation reads a bid, nor learns who bid."""
    return (now or timezone.now()) <= bid.opportunity.application_deadline + queue_window()


def break_glass_validity():
    """How long a break-glass grant lets one staff account read one sealed bid."""
    return timedelta(minutes=settings.BID_BREAK_GLASS_MINUTES)


def break_glass_grant(user, bid, now=None):
    """The staff account's live grant on this sealed bid, or None. The grant is its own audit
    line (services/sealing.py): no reading without a recorded reason."""
    if not user.is_authenticated:
        return None
    return (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.BID_BREAK_GLASS,
            actor=user,
            bid=bid,
            at__gt=(now or timezone.now()) - break_glass_validity(),
        )
        .order_by("-at")
        .first()
    )


def may_break_glass(user, bid, now=None):
    """Staff outside the bidding organisation may ask to read this bid while it is sealed."""
    return (
        is_staff_reader(user)
        and bid_is_sealed(bid, now)
        and not Membership.objects.filter(user=user, company_id=bid.company_id).exists()
    )


def bid_access(user, bid, now=None):
    """Why this account may read this bid: "member", "publisher", "staff" (after the deadline)
    or "break_glass" (staff with a live grant on a sealed bid); None if it may not."""
    if not user.is_authenticated:
        return None
    now = now or timezone.now()
    if Membership.objects.filter(user=user, company_id=bid.company_id).exists():
        return "member"
    sealed = bid_is_sealed(bid, now)
    organization = publisher_organization_of(user)
    if (
        organization is not None
        and bid.status in OPENED_STATUSES
        and not sealed
        and opportunities_published_by(organization).filter(pk=bid.opportunity_id).exists()
    ):
        return "publisher"
    if is_staff_reader(user):
        if not sealed:
            return "staff"
        if break_glass_grant(user, bid, now) is not None:
            return "break_glass"
    return None


def bid_counts_by_opportunity():
    """What staff learn of bids: how many per opportunity and state, never whose."""
    return (
        OpportunityPage.objects.annotate(
            bids_total=Count("bids"),
            bids_draft=Count("bids", filter=Q(bids__status=Bid.Status.DRAFT)),
            bids_submitted=Count("bids", filter=Q(bids__status__in=OPENED_STATUSES)),
            bids_withdrawn=Count("bids", filter=Q(bids__status=Bid.Status.WITHDRAWN)),
        )
        .filter(bids_total__gt=0)
        .order_by("-application_deadline", "pk")
    )


def audit_trail_for_staff(now=None):
    """The audit trail as moderators and staff read it (admin pages and exports): the events of
    bids on opportunities still sealed are left out until the deadline and the queue window have
    passed, since who drafted, edited or submitted, and which files, is what sealing hides.
    Organisation-level events (registration, verification, members) stay."""
    cutoff = (now or timezone.now()) - queue_window()
    return AuditEvent.objects.filter(
        Q(bid__isnull=True) | Q(bid__opportunity__application_deadline__lt=cutoff)
    )


def public_clarifications(opportunity):
    """Answered questions of an opportunity, newest first; the asker is never part of this."""
    return opportunity.clarifications.filter(answered_at__isnull=False).only(
        "question", "answer", "answered_at", "asked_at"
    )
