"""Conflicts of interest (回避): automatic flags, the expert's signed declaration, and recusals
decided by the publisher. A recusal is from one bid or from the whole opportunity; every one is
written to the audit trail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenarios.arrival import queue_window
from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid
from scenarios.validators import normalize_uscc

from ..models import PanelMember, Recusal
from ..selectors import bids_before_panel
from .common import clean_text, require_manager, seat_of

DECLARATION_TEXT = (
    "本人承诺：与本次评审的申报单位及其团队成员不存在劳动、投资、亲属、合作或其他可能影响公正评审的"
    "利益关系；如存在，已在下方如实申报并主动回避。本人对评审材料保密，不泄露评审信息，"
    "独立、客观、公正地评分。"
)


def _same_name(a, b):
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()


def issuer_conflict(expert, opportunity):
    """The reason an expert may not sit on this opportunity's panel at all, or ''."""
    challenge = getattr(opportunity, "challengepage", None)
    issuer = getattr(challenge, "issuer", None) or getattr(
        getattr(opportunity, "scenariopage", None), "publisher", None
    )
    if issuer is not None and _same_name(expert.affiliation, issuer.name):
        return _("%(name)s works for the issuing organisation.") % {"name": expert.name}
    return ""


def automatic_conflicts(expert, bid):
    """[(source, reason)] the platform finds by itself between an expert and a bid."""
    found = []
    bidder_name = bid.bidder_name or bid.company.name
    bidder_uscc = bid.bidder_uscc or bid.company.uscc
    if _same_name(expert.affiliation, bidder_name):
        found.append(
            (
                Recusal.Source.AFFILIATION,
                _("The expert's employer is the bidder %(bidder)s.") % {"bidder": bidder_name},
            )
        )
    if expert.affiliation_uscc and normalize_uscc(expert.affiliation_uscc) == normalize_uscc(
        bidder_uscc or ""
    ):
        found.append(
            (Recusal.Source.CREDIT_CODE, _("The expert's employer has the bidder's credit code."))
        )
    if expert.name and len(expert.name) >= 2 and expert.name in (bid.team or ""):
        found.append((Recusal.Source.TEAM, _("The expert is named on the bid's team.")))
    return found


def _recuse(member, bid, source, reason, actor, request):
    recusal, created = Recusal.objects.get_or_create(
        member=member,
        bid=bid,
        defaults={"source": source, "reason": reason[:300], "created_by": actor},
    )
    if created:
        audit(
            AuditEvent.Action.EXPERT_RECUSED,
            actor,
            bid=bid,
            opportunity=member.panel.opportunity,
            request=request,
            expert=member.expert.name,
            source=source,
            reason=reason[:300],
        )
    return recusal


def flag_automatic_conflicts(member, actor=None, request=None):
    """Recuse the member from every bid the platform finds a conflict with; returns them."""
    recusals = []
    for bid in bids_before_panel(member.panel):
        for source, reason in automatic_conflicts(member.expert, bid):
            recusals.append(_recuse(member, bid, source, reason, actor, request))
            break
    return recusals


@transaction.atomic
def declaration_sign(
    member, actor, *, conflicted_bid_ids=(), whole_opportunity=False, note="", request=None
):
    """The expert signs the declaration for this opportunity, after the deadline (so it covers
    the real bidders), naming the bids it has a conflict with, or a conflict with the whole
    opportunity. The automatic flags are recorded at the same time. No bid content is readable
    before this (selection/selectors.py)."""
    member = seat_of(actor, member.panel, lock=True)
    if member.has_declared:
        raise ValidationError(_("You have already signed the declaration."), code="declared")
    # The sealing rule (deadline and arrival queue window): before it, the list of bidders the
    # declaration names is neither complete nor to be shown.
    if timezone.now() <= member.panel.opportunity.application_deadline + queue_window():
        raise ValidationError(
            _("The declaration opens once the application deadline has passed."), code="early"
        )
    bids = {bid.pk: bid for bid in bids_before_panel(member.panel)}
    unknown = set(conflicted_bid_ids) - set(bids)
    if unknown:
        raise ValidationError(_("A declared bid is not before this panel."), code="unknown_bid")
    note = clean_text(note, "note", 300)
    if (conflicted_bid_ids or whole_opportunity) and not note:
        raise ValidationError({"note": _("Describe the conflict.")}, code="required")
    member.declared_at = timezone.now()
    member.declaration_text = DECLARATION_TEXT + (f"\n申报的利益关系：{note}" if note else "")
    if whole_opportunity:
        member.status = PanelMember.Status.RECUSED
    member.save()
    audit(
        AuditEvent.Action.DECLARATION_SIGNED,
        actor,
        opportunity=member.panel.opportunity,
        request=request,
        conflicts=sorted(conflicted_bid_ids),
        whole_opportunity=whole_opportunity,
    )
    if whole_opportunity:
        _recuse(member, None, Recusal.Source.DECLARED, note, actor, request)
    for pk in conflicted_bid_ids:
        _recuse(member, bids[pk], Recusal.Source.DECLARED, note, actor, request)
    flag_automatic_conflicts(member, actor, request)
    return member


@transaction.atomic
def recusal_record(member, actor, *, bid=None, reason, request=None):
    """The publisher recuses an expert from one bid or (bid None) from the whole opportunity."""
    member = (
        PanelMember.objects.select_for_update()
        .select_related("panel__opportunity")
        .get(pk=member.pk)
    )
    require_manager(actor, member.panel)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the recusal.")}, code="required")
    if (
        bid is not None
        and not Bid.objects.filter(pk=bid.pk, opportunity_id=member.panel.opportunity_id).exists()
    ):
        raise PermissionDenied(_("This bid is not before this panel."))
    if bid is None:
        member.status = PanelMember.Status.RECUSED
        member.save(update_fields=["status"])
    return _recuse(member, bid, Recusal.Source.PUBLISHER, reason, actor, request)
