"""Reads of the selection stage, and who may read what: sealing holds through review.

An expert reads a bid only when all of these hold: the bid is past its deadline (and the arrival
queue window), the expert accepted the invitation, signed the declaration for the opportunity,
is not recused from the bid or the opportunity, the panel has reached expert scoring, and the
bid passed the eligibility check. Nobody reads another expert's scores of a bid before
submitting their own sheet for it; the chair reads them all once the panel is at consensus.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from scenarios.models import Bid
from scenarios.selectors import (
    OPENED_STATUSES,
    bid_is_sealed,
    opportunities_published_by,
    publisher_organization_of,
)

from .models import Expert, Panel, PanelMember, Recusal, Round, ScoreSheet


def expert_of(user):
    """The expert profile of an account, or None."""
    if not user.is_authenticated:
        return None
    return Expert.objects.filter(user=user, is_active=True).first()


def membership_of(user, panel):
    """The account's seat on this panel (any status), or None."""
    if not user.is_authenticated:
        return None
    return (
        PanelMember.objects.select_related("expert", "panel")
        .filter(panel=panel, expert__user=user)
        .first()
    )


def assignments_of(expert):
    """The expert's open invitations and seats, newest panel first."""
    return (
        PanelMember.objects.filter(expert=expert)
        .exclude(status=PanelMember.Status.DECLINED)
        .select_related("panel__opportunity")
        .order_by("-panel__created_at")
    )


def panel_managed_by(user, opportunity):
    """Whether the account is a publisher of the organisation responsible for the opportunity."""
    organization = publisher_organization_of(user)
    if organization is None:
        return False
    return opportunities_published_by(organization).filter(pk=opportunity.pk).exists()


def panels_managed_by(user):
    organization = publisher_organization_of(user)
    if organization is None:
        return Panel.objects.none()
    return Panel.objects.filter(
        opportunity__in=opportunities_published_by(organization)
    ).select_related("opportunity")


def bids_before_panel(panel):
    """Every bid that reached the panel: submitted in time, then opened, or further."""
    return (
        Bid.objects.filter(opportunity_id=panel.opportunity_id, status__in=OPENED_STATUSES)
        .select_related("company", "eligibility", "opportunity")
        .order_by("submitted_at", "pk")
    )


def eligible_bids(panel):
    return bids_before_panel(panel).filter(eligibility__eligible=True)


def recused_bid_ids(member):
    return set(
        Recusal.objects.filter(member=member, bid__isnull=False).values_list("bid_id", flat=True)
    )


def is_recused(member, bid, recused_ids=None):
    """Recused from the whole opportunity or from this bid (recused_ids: the member's recused
    bids, when the caller already read them)."""
    if member.status == PanelMember.Status.RECUSED:
        return True
    if recused_ids is not None:
        return bid.pk in recused_ids
    return Recusal.objects.filter(member=member, bid=bid).exists()


def why_expert_may_not_read(member, bid, now=None, recused_ids=None):
    """None when the panel member may read the bid, else the reason (for the page and tests)."""
    if member is None or member.status != PanelMember.Status.ACCEPTED:
        return "not_a_member"
    if bid.opportunity_id != member.panel.opportunity_id:
        return "other_opportunity"
    if bid.status not in OPENED_STATUSES or bid_is_sealed(bid, now=now):
        return "sealed"
    if not member.has_declared:
        return "not_declared"
    if is_recused(member, bid, recused_ids):
        return "recused"
    if not member.panel.reached(Panel.Stage.SCORING):
        return "not_scoring_yet"
    eligibility = getattr(bid, "eligibility", None)
    if eligibility is None or not eligibility.eligible:
        return "not_eligible"
    return None


def expert_may_read_bid(user, bid, now=None):
    panel = Panel.objects.filter(opportunity_id=bid.opportunity_id).first()
    if panel is None:
        return False
    return why_expert_may_not_read(membership_of(user, panel), bid, now=now) is None


def bids_for_expert(member, now=None):
    """The bids this panel member may read and score, in submission order (two queries, however
    many bids)."""
    recused = recused_bid_ids(member)
    return [
        bid
        for bid in eligible_bids(member.panel)
        if why_expert_may_not_read(member, bid, now=now, recused_ids=recused) is None
    ]


def identity_hidden(panel):
    """Blind first round: experts do not learn who bid until the roadshow (or the decision)."""
    return panel.blind_first_round and not panel.reached(Panel.Stage.ROADSHOW)


def blind_labels(panel):
    """A stable pseudonym per bid (申报方 A, B, …) in submission order, for blind rounds."""
    labels = {}
    for index, bid in enumerate(bids_before_panel(panel)):
        letters = ""
        number = index
        while True:
            letters = chr(ord("A") + number % 26) + letters
            number = number // 26 - 1
            if number < 0:
                break
        labels[bid.pk] = letters
    return labels


def own_sheet(member, bid, round=Round.REVIEW):
    return (
        ScoreSheet.objects.filter(member=member, bid=bid, round=round)
        .prefetch_related("scores")
        .first()
    )


def sheets_visible_to(member, bid, round=Round.REVIEW):
    """Other experts' submitted sheets of this bid that this member may read: none before the
    member's own sheet is submitted; all of them for the chair at consensus, except on a bid the
    chair is recused from."""
    submitted = ScoreSheet.objects.filter(
        bid=bid, round=round, submitted_at__isnull=False
    ).prefetch_related(Prefetch("scores"))
    if (
        member.is_chair
        and member.panel.reached(Panel.Stage.CONSENSUS)
        and not is_recused(member, bid)
    ):
        return submitted.select_related("member__expert")
    mine = own_sheet(member, bid, round)
    if mine is None or not mine.is_submitted:
        return ScoreSheet.objects.none()
    return submitted.exclude(member=member).select_related("member__expert")


def next_step(member, now=None):
    """What the expert must do next on this panel, in a sentence."""
    panel = member.panel
    if member.status == PanelMember.Status.INVITED:
        return _("Accept or decline the invitation.")
    if member.status != PanelMember.Status.ACCEPTED:
        return _("Nothing: you are not reviewing this opportunity.")
    if not member.has_declared:
        if panel.opportunity.application_deadline >= (now or timezone.now()):
            return _("Wait for the application deadline; then sign the declaration.")
        return _("Sign the conflict-of-interest declaration.")
    if not panel.reached(Panel.Stage.SCORING):
        return _("Wait for the publisher to open scoring.")
    if panel.stage == Panel.Stage.SCORING:
        return _("Score each bid and submit your sheets.")
    return _("Scoring is closed.")


def bid_names(panel, bids):
    """{bid id: how the expert sees the bidder}: its name, or a pseudonym in a blind round."""
    if identity_hidden(panel):
        labels = blind_labels(panel)
        return {bid.pk: _("Bidder %(label)s") % {"label": labels.get(bid.pk, "?")} for bid in bids}
    return {bid.pk: bid.bidder_name or bid.company.name for bid in bids}
