"""The consensus (合议): the chair reads every expert's submitted scores of each bid with their
mean, median, spread, the panel's aggregate and the outliers, and records the agreed score per
criterion with a consensus comment. Also the conditions for leaving scoring (every sheet
submitted) and for reaching the roadshow or the decision (every consensus recorded).

The agreed total is the sum of the agreed criterion scores (a given total must equal it), so the
per-criterion pass marks and the overall pass mark read the same figures. The aggregate of the
total row applies the panel's rule to the sheet totals (a trimmed mean drops the expert with the
highest and the one with the lowest total); the form suggests the per-criterion aggregates."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scenarios.audit import audit
from scenarios.models import AuditEvent

from .. import scoring_figures
from ..models import Consensus, ConsensusCriterion, Panel, PanelMember, Recusal, Round, ScoreSheet
from ..selectors import blind_labels, eligible_bids, identity_hidden, is_recused, sheets_visible_to
from .common import lock_panel, require_stage, seat_of

# The stage at which each round's consensus is recorded.
CONSENSUS_STAGE = {Round.REVIEW: Panel.Stage.CONSENSUS, Round.ROADSHOW: Panel.Stage.ROADSHOW}


def round_bids(panel, round=Round.REVIEW):
    """The bids scored in this round: every eligible bid, or those given a roadshow slot."""
    bids = eligible_bids(panel)
    if round == Round.ROADSHOW:
        bids = bids.filter(roadshow_slot__isnull=False)
    return bids


def expected_members(panel, bid):
    """The experts who must submit a sheet for the bid: accepted and not recused from it."""
    recused = set(
        Recusal.objects.filter(member__panel=panel, bid=bid).values_list("member_id", flat=True)
    )
    return [
        member
        for member in panel.members.filter(status=PanelMember.Status.ACCEPTED).select_related(
            "expert"
        )
        if member.pk not in recused
    ]


def chair_seat(actor, panel):
    """The actor's seat when it is the panel's accepted chair, else PermissionDenied."""
    member = seat_of(actor, panel)
    if not member.is_chair:
        raise PermissionDenied(_("Only the chair of the panel may do this."))
    return member


@dataclass
class Column:
    """One submitted sheet, as a column of the chair's table."""

    sheet: ScoreSheet
    expert: str
    outlier_criteria: set = field(default_factory=set)
    total_outlier: bool = False


@dataclass
class BidFigures:
    """Everything the chair weighs for one bid in one round."""

    bid: object
    label: str
    columns: list
    criteria: list  # [(criterion, scoring_figures.Figures)], the scores in column order
    total: scoring_figures.Figures
    missing: int  # experts still to submit
    consensus: Consensus | None
    recused: bool = False

    @property
    def complete(self):
        return self.missing == 0 and not self.recused

    @property
    def suggested(self):
        """The per-criterion aggregates, to start the agreed figures from."""
        return {criterion.pk: row.aggregate for criterion, row in self.criteria}


def consensus_figures(member, round=Round.REVIEW):
    """The figures of every bid of the round for the chair (`member`); a bid the chair is recused
    from shows no score. The sheets are read through sheets_visible_to, the one rule of who reads
    which scores."""
    panel = member.panel
    if not member.is_chair or not member.is_active or not panel.reached(Panel.Stage.CONSENSUS):
        raise PermissionDenied(_("Only the chair reads every score, once scoring has closed."))
    criteria = list(panel.criteria.all())
    maximum = sum(criterion.max_score for criterion in criteria)
    hidden = identity_hidden(panel)
    labels = blind_labels(panel) if hidden else {}
    consensus = {
        c.bid_id: c
        for c in Consensus.objects.filter(panel=panel, round=round).prefetch_related("criteria")
    }
    rule, share = panel.aggregation, panel.outlier_share
    active = list(panel.members.filter(status=PanelMember.Status.ACCEPTED))
    recusals = set(
        Recusal.objects.filter(member__panel=panel, bid__isnull=False).values_list(
            "member_id", "bid_id"
        )
    )
    rows = []
    for bid in round_bids(panel, round):
        label = _("Bidder %(letter)s") % {"letter": labels[bid.pk]} if hidden else bid.bidder_name
        label = label or bid.company.name
        expected = [m for m in active if (m.pk, bid.pk) not in recusals]
        if (member.pk, bid.pk) in recusals or not member.is_active:
            empty = scoring_figures.figures([], maximum=maximum, rule=rule, share=share)
            rows.append(BidFigures(bid, label, [], [], empty, 0, consensus.get(bid.pk), True))
            continue
        sheets = [
            sheet
            for sheet in sheets_visible_to(member, bid, round)
            if sheet.member_id in {m.pk for m in expected}
        ]
        columns = [Column(sheet, sheet.member.expert.name) for sheet in sheets]
        by_criterion = [{s.criterion_id: s.score for s in sheet.scores.all()} for sheet in sheets]
        criterion_rows = []
        for criterion in criteria:
            row = scoring_figures.figures(
                [scores.get(criterion.pk, Decimal(0)) for scores in by_criterion],
                maximum=criterion.max_score,
                rule=rule,
                share=share,
            )
            for index in row.outliers:
                columns[index].outlier_criteria.add(criterion.pk)
            criterion_rows.append((criterion, row))
        total = scoring_figures.figures(
            [sum(scores.values(), Decimal(0)) for scores in by_criterion],
            maximum=maximum,
            rule=rule,
            share=share,
        )
        for index in total.outliers:
            columns[index].total_outlier = True
        rows.append(
            BidFigures(
                bid=bid,
                label=label,
                columns=columns,
                criteria=criterion_rows,
                total=total,
                missing=len(expected) - len(sheets),
                consensus=consensus.get(bid.pk),
            )
        )
    return rows


def _parse_agreed(raw, maximum, key):
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({key: _("Enter a number.")}, code="invalid") from None
    if not value.is_finite() or value < 0 or value > maximum:
        raise ValidationError(
            {key: _("Enter a score from 0 to %(max)d.") % {"max": maximum}}, code="range"
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({key: _("At most two decimal places.")}, code="precision")
    return value.quantize(Decimal("0.01"))


def clean_agreed(panel, criteria):
    """{criterion_id: score} for every criterion of the panel, each within its maximum. Returns
    {criterion: Decimal}; errors are keyed `score_<id>`."""
    known = {criterion.pk: criterion for criterion in panel.criteria.all()}
    criteria = {int(pk): value for pk, value in (criteria or {}).items()}
    if set(criteria) - set(known):
        raise ValidationError(_("A score names a criterion this panel does not have."))
    errors, cleaned = {}, {}
    for pk, criterion in known.items():
        key = f"score_{pk}"
        if criteria.get(pk) in (None, ""):
            errors[key] = [_("Give the agreed score of every criterion.")]
            continue
        try:
            cleaned[criterion] = _parse_agreed(criteria[pk], criterion.max_score, key)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def consensus_record(
    bid, actor, *, agreed_score=None, criteria, comment, round=Round.REVIEW, request=None
):
    """The chair records (or, while the stage lasts, records again) the panel's agreed scores of
    a bid, once every expert who scores it has submitted a sheet."""
    panel = Panel.objects.filter(opportunity_id=bid.opportunity_id).first()
    if panel is None:
        raise PermissionDenied(_("This opportunity has no review panel."))
    panel = lock_panel(panel)
    member = chair_seat(actor, panel)
    require_stage(panel, CONSENSUS_STAGE[round])
    bid = round_bids(panel, round).filter(pk=bid.pk).first()
    if bid is None:
        raise ValidationError(_("This bid is not scored in this round."), code="not_in_round")
    if is_recused(member, bid):
        raise PermissionDenied(_("You are recused from this bid."))
    submitted = set(
        ScoreSheet.objects.filter(bid=bid, round=round, submitted_at__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    waiting = [m for m in expected_members(panel, bid) if m.pk not in submitted]
    if waiting:
        raise ValidationError(
            _("%(count)d experts have not submitted their score sheet for this bid yet.")
            % {"count": len(waiting)},
            code="sheets_missing",
        )
    cleaned = clean_agreed(panel, criteria)
    total = sum(cleaned.values(), Decimal(0))
    if agreed_score not in (None, ""):
        given = _parse_agreed(agreed_score, 100, "agreed_score")
        if given != total:
            raise ValidationError(
                {
                    "agreed_score": _(
                        "The agreed score is the sum of the agreed criterion scores (%(total)s)."
                    )
                    % {"total": total}
                },
                code="sum",
            )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write the consensus comment.")}, code="required")
    if len(comment) > 4000:
        raise ValidationError({"comment": _("At most 4000 characters.")}, code="max_length")
    consensus = Consensus.objects.select_for_update().filter(bid=bid, round=round).first()
    before = {}
    if consensus is None:
        consensus = Consensus(panel=panel, bid=bid, round=round)
    else:
        before = {
            "agreed_score": str(consensus.agreed_score),
            "criteria": {str(c.criterion_id): str(c.score) for c in consensus.criteria.all()},
            "comment": consensus.comment,
        }
    consensus.agreed_score = total
    consensus.comment = comment
    consensus.recorded_by = actor
    consensus.full_clean(exclude=["panel", "bid", "recorded_by"])
    consensus.save()
    for criterion, score in cleaned.items():
        ConsensusCriterion.objects.update_or_create(
            consensus=consensus, criterion=criterion, defaults={"score": score}
        )
    audit(
        AuditEvent.Action.CONSENSUS_RECORDED,
        actor,
        bid=bid,
        request=request,
        round=round,
        agreed_score=str(total),
        criteria={str(c.pk): str(score) for c, score in cleaned.items()},
        comment=comment,
        before=before,
    )
    return consensus


def sheets_missing(panel, round=Round.REVIEW):
    """What keeps scoring open: each active expert with sheets still to submit, named with the
    count (never a score)."""
    bids = list(round_bids(panel, round).values_list("pk", flat=True))
    submitted = set(
        ScoreSheet.objects.filter(
            member__panel=panel, bid_id__in=bids, round=round, submitted_at__isnull=False
        ).values_list("member_id", "bid_id")
    )
    recused = set(
        Recusal.objects.filter(member__panel=panel, bid__isnull=False).values_list(
            "member_id", "bid_id"
        )
    )
    missing = []
    for member in panel.members.filter(status=PanelMember.Status.ACCEPTED).select_related("expert"):
        count = sum(
            1
            for bid_id in bids
            if (member.pk, bid_id) not in submitted and (member.pk, bid_id) not in recused
        )
        if count:
            missing.append(
                _("%(expert)s has not submitted %(count)d score sheets.")
                % {"expert": member.expert.name, "count": count}
            )
    return missing


def consensus_missing(panel, round=Round.REVIEW):
    """What keeps the consensus open: bids of the round without a recorded consensus."""
    count = round_bids(panel, round).exclude(consensus__round=round).count()
    if not count:
        return []
    if round == Round.ROADSHOW:
        return [_("%(count)d bids have no roadshow consensus yet.") % {"count": count}]
    return [_("%(count)d bids have no recorded consensus yet.") % {"count": count}]


def stage_entry_check(panel, stage):
    """The consensus conditions for entering a stage (panels.panel_advance asks for them):
    consensus needs every sheet submitted; the roadshow needs every consensus; the decision
    needs every consensus, and coming from the roadshow its sheets and consensus too."""
    if stage == Panel.Stage.CONSENSUS:
        return sheets_missing(panel, Round.REVIEW)
    if stage == Panel.Stage.ROADSHOW:
        return consensus_missing(panel, Round.REVIEW)
    if stage == Panel.Stage.DECISION:
        missing = consensus_missing(panel, Round.REVIEW)
        if panel.stage == Panel.Stage.ROADSHOW:
            missing += sheets_missing(panel, Round.ROADSHOW)
            missing += consensus_missing(panel, Round.ROADSHOW)
        return missing
    return []
