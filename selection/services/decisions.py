"""The decision (揭榜决定): the publisher shortlists ranked bids and selects the winner, or the N
winners of a horse race (赛马制) with the bounty split between them; every other bid before the
panel becomes not selected, and every bidder is told. An upheld objection sends the decision back
(decision_return): the awards go, each bid returns to the status it had before the decision.
The result notice (公示) is the notice service's: it withdraws its notice when it calls
decision_return."""

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.models import ChallengePage
from notifications.services import notify
from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid
from scenarios.models.bids import MAX_FUNDING_WAN
from scenarios.selectors import members_of

from ..models import Award, Panel
from ..selectors import bids_before_panel
from .common import lock_panel, require_manager, require_stage
from .ranking import panel_ranking

DECIDED = [Bid.Status.SELECTED, Bid.Status.NOT_SELECTED]


def challenge_of(panel):
    return ChallengePage.objects.filter(pk=panel.opportunity_id).first()


def winners_wanted(panel, ranked_count):
    """How many winners the decision takes: one for a single-winner challenge, winners_count
    for a horse race (or every ranked bid when fewer pass); None (one or more) for a scenario."""
    challenge = challenge_of(panel)
    if challenge is None:
        return None
    wanted = 1
    if challenge.selection_mode == ChallengePage.SelectionMode.RACE:
        wanted = challenge.winners_count
    return min(wanted, ranked_count)


def bounty_left(panel):
    """What is left of the challenge's bounty after the awards already made (None: no cap)."""
    challenge = challenge_of(panel)
    if challenge is None or challenge.bounty_wan is None:
        return None
    awarded = sum((a.amount_wan or Decimal(0) for a in panel.awards.all()), Decimal(0))
    return challenge.bounty_wan - awarded


def default_amounts(panel, count):
    """The bounty split evenly between `count` winners, to the cent of 万元; what rounding leaves
    goes to the first."""
    left = bounty_left(panel)
    if left is None or count < 1:
        return [None] * max(count, 0)
    share = (left / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [left - share * (count - 1)] + [share] * (count - 1)


def _move_bid(bid, status, action, actor, request, *, subject, body, **detail):
    """Change a bid's status, audit it from → to with the detail, and tell its organisation."""
    before = bid.status
    bid.status = status
    bid.save(update_fields=["status", "updated_at"])
    audit(action, actor, bid=bid, from_state=before, to_state=status, request=request, **detail)
    notify(members_of(bid.company), subject, body, url=reverse("bids:detail", args=[bid.pk]))
    return before


@transaction.atomic
def decision_shortlist(panel, bids, actor, *, request=None):
    """Put ranked bids on the shortlist (入围); their organisations are told. Shortlisting a bid
    already on it changes nothing."""
    panel = lock_panel(panel)
    require_manager(actor, panel)
    require_stage(panel, Panel.Stage.DECISION)
    if panel.awards.exists():
        raise ValidationError(_("The decision has been taken."), code="decided")
    ranked = {row.bid.pk: row for row in panel_ranking(panel) if row.passed}
    ids = {bid.pk for bid in bids}
    if not ids:
        raise ValidationError({"bids": _("Choose at least one bid.")}, code="required")
    if ids - set(ranked):
        raise ValidationError(
            {"bids": _("Only ranked bids can be shortlisted.")}, code="not_ranked"
        )
    title = panel.opportunity.title
    shortlisted = []
    for bid in Bid.objects.select_for_update().select_related("company").filter(pk__in=ids):
        shortlisted.append(bid)
        if bid.status == Bid.Status.SHORTLISTED:
            continue
        _move_bid(
            bid,
            Bid.Status.SHORTLISTED,
            AuditEvent.Action.BID_SHORTLISTED,
            actor,
            request,
            subject=_("Your bid is shortlisted: %(title)s") % {"title": title},
            body=_("Your bid ranks %(rank)d and is on the shortlist; the selection follows.")
            % {"rank": ranked[bid.pk].rank},
            rank=ranked[bid.pk].rank,
        )
    return shortlisted


def _clean_amount(raw, key):
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({key: _("Enter a number.")}, code="invalid") from None
    if not value.is_finite() or value < 0 or value > MAX_FUNDING_WAN:
        raise ValidationError({key: _("Enter an amount of 0 or more.")}, code="range")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({key: _("At most two decimal places.")}, code="precision")
    return value.quantize(Decimal("0.01"))


def _why_not_selected(bid, row, ranked_count):
    eligibility = getattr(bid, "eligibility", None)
    if eligibility is None or not eligibility.eligible:
        return _("The bid did not pass the eligibility check: %(reason)s") % {
            "reason": eligibility.reason if eligibility else "—"
        }
    if row is None or not row.passed:
        reasons = " ".join(row.reasons) if row else ""
        return _("The bid was not ranked: %(reasons)s") % {"reasons": reasons}
    return _("The bid ranked %(rank)d of %(count)d and was not among the bids selected.") % {
        "rank": row.rank,
        "count": ranked_count,
    }


@transaction.atomic
def decision_select(panel, actor, winners, *, request=None):
    """Select the winners, [(bid, amount_wan)], among the ranked bids: exactly one for a
    single-winner challenge, winners_count for a horse race, amounts within what is left of the
    bounty. Every other bid before the panel (ineligible ones too) is not selected. Each bidder
    is told the outcome; each status change is audited."""
    panel = lock_panel(panel)
    require_manager(actor, panel)
    require_stage(panel, Panel.Stage.DECISION)
    if panel.awards.exists():
        raise ValidationError(
            _("The decision has been taken; it must be sent back before deciding again."),
            code="decided",
        )
    rows = {row.bid.pk: row for row in panel_ranking(panel)}
    ranked = [row for row in rows.values() if row.passed]
    if not ranked:
        raise ValidationError(_("No bid is ranked, so none can be selected."), code="none_ranked")
    chosen = {}
    for index, (bid, amount) in enumerate(winners):
        if bid.pk in chosen:
            raise ValidationError({"winners": _("A bid is selected twice.")}, code="duplicate")
        row = rows.get(bid.pk)
        if row is None or not row.passed:
            raise ValidationError(
                {"winners": _("Only ranked bids can be selected.")}, code="not_ranked"
            )
        chosen[bid.pk] = _clean_amount(amount, f"winners[{index}].amount_wan")
    wanted = winners_wanted(panel, len(ranked))
    if wanted is not None and len(chosen) != wanted:
        raise ValidationError(
            {"winners": _("Select exactly %(count)d bids.") % {"count": wanted}}, code="count"
        )
    if not chosen:
        raise ValidationError({"winners": _("Select at least one bid.")}, code="required")
    left = bounty_left(panel)
    if left is not None:
        if any(amount is None for amount in chosen.values()):
            raise ValidationError(
                {"winners": _("Give every winner's amount.")}, code="amount_required"
            )
        if sum(chosen.values(), Decimal(0)) > left:
            raise ValidationError(
                {
                    "winners": _("The amounts add up to more than the bounty left (%(left)s).")
                    % {"left": left}
                },
                code="above_bounty",
            )
    title = panel.opportunity.title
    winners_in_order = sorted(chosen, key=lambda pk: rows[pk].rank)
    awards = [
        Award.objects.create(
            panel=panel, bid_id=pk, rank=position, amount_wan=chosen[pk], decided_by=actor
        )
        for position, pk in enumerate(winners_in_order, start=1)
    ]
    award_of = {award.bid_id: award for award in awards}
    for bid in bids_before_panel(panel).select_for_update(of=("self",)):
        award = award_of.get(bid.pk)
        if award:
            body = _(
                "Your bid is proposed for selection, in rank %(rank)d. The result is published "
                "for objections and becomes final when the objection period ends."
            ) % {"rank": award.rank}
            if award.amount_wan is not None:
                body += " " + _("Award: %(amount)s (10k CNY).") % {"amount": award.amount_wan}
            _move_bid(
                bid,
                Bid.Status.SELECTED,
                AuditEvent.Action.BID_SELECTED,
                actor,
                request,
                subject=_("Your bid is proposed for selection: %(title)s") % {"title": title},
                body=body,
                rank=award.rank,
                amount_wan=str(award.amount_wan) if award.amount_wan is not None else None,
            )
        else:
            reason = _why_not_selected(bid, rows.get(bid.pk), len(ranked))
            _move_bid(
                bid,
                Bid.Status.NOT_SELECTED,
                AuditEvent.Action.BID_NOT_SELECTED,
                actor,
                request,
                subject=_("Your bid was not selected: %(title)s") % {"title": title},
                body=reason,
                reason=reason,
            )
    return awards


@transaction.atomic
def decision_return(panel, actor, reason, *, request=None):
    """Send the decision back (an objection upheld): the awards are removed, each bid returns to
    the status it had before the decision (shortlisted or submitted, as audited), the panel
    returns to the decision stage, and the bidders are told."""
    panel = lock_panel(panel)
    require_manager(actor, panel)
    require_stage(panel, Panel.Stage.DECISION, Panel.Stage.NOTICE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the decision is sent back.")}, code="required")
    if not panel.awards.exists():
        raise ValidationError(_("There is no decision to send back."), code="undecided")
    panel.awards.all().delete()
    title = panel.opportunity.title
    returned = {}
    bids = list(bids_before_panel(panel).filter(status__in=DECIDED).select_for_update(of=("self",)))
    # The state each decided bid was in before the decision, from its latest decision line.
    status_before = {}
    for bid_id, from_state in (
        AuditEvent.objects.filter(
            bid__in=[bid.pk for bid in bids],
            action__in=[AuditEvent.Action.BID_SELECTED, AuditEvent.Action.BID_NOT_SELECTED],
        )
        .order_by("pk")
        .values_list("bid_id", "from_state")
    ):
        status_before[bid_id] = from_state
    for bid in bids:
        previous = status_before.get(bid.pk, "")
        status = previous if previous not in ("", *DECIDED) else Bid.Status.SUBMITTED
        before = _move_bid(
            bid,
            status,
            AuditEvent.Action.DECISION_RETURNED,
            actor,
            request,
            subject=_("The result is under review again: %(title)s") % {"title": title},
            body=_("The decision was sent back for a new decision: %(reason)s")
            % {"reason": reason},
            reason=reason,
        )
        returned[str(bid.pk)] = [before, status]
    from_stage = panel.stage
    panel.stage = Panel.Stage.DECISION
    panel.save(update_fields=["stage", "updated_at"])
    audit(
        AuditEvent.Action.DECISION_RETURNED,
        actor,
        opportunity=panel.opportunity,
        from_state=from_stage,
        to_state=panel.stage,
        request=request,
        reason=reason,
        bids=returned,
    )
    return panel
