"""Scoring (专家评审): an expert saves and submits a score sheet per bid, criterion by criterion,
within each maximum, with a comment below the panel's threshold. Once submitted, a change is
still possible while the round is open, and each change is audited with the old and new
figures."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid

from ..models import CriterionScore, Panel, Round, ScoreSheet
from ..selectors import why_expert_may_not_read
from .common import clean_text, seat_of, text_problem

# The stage in which each round's sheets are written.
ROUND_STAGE = {Round.REVIEW: Panel.Stage.SCORING, Round.ROADSHOW: Panel.Stage.ROADSHOW}


def _parse_score(raw, criterion):
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number."), code="invalid") from None
    if not value.is_finite() or value < 0 or value > criterion.max_score:
        raise ValidationError(
            _("Enter a score from 0 to %(max)d.") % {"max": criterion.max_score}, code="range"
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("At most two decimal places."), code="precision")
    # As stored (two places), so that 40 and 40.00 are the same figure in the audited change.
    return value.quantize(Decimal("0.01"))


def clean_scores(panel, entries, *, complete):
    """Check {criterion_id: {"score": …, "comment": …}} against the panel's criteria. Returns
    {criterion: (score, comment)}; errors are keyed `score_<id>` / `comment_<id>`."""
    criteria = {criterion.pk: criterion for criterion in panel.criteria.all()}
    unknown = set(entries) - set(criteria)
    if unknown:
        raise ValidationError(_("A score names a criterion this panel does not have."))
    errors, cleaned = {}, {}
    for pk, criterion in criteria.items():
        entry = entries.get(pk) or {}
        raw = entry.get("score")
        comment = (entry.get("comment") or "").strip()
        problem = text_problem(comment, 2000)
        if problem:
            errors[f"comment_{pk}"] = problem
        if raw in (None, ""):
            if complete:
                errors[f"score_{pk}"] = _("Score every criterion before submitting.")
            continue
        try:
            score = _parse_score(raw, criterion)
        except ValidationError as error:
            errors[f"score_{pk}"] = error.messages[0]
            continue
        needs_comment = score < panel.comment_below_share * criterion.max_score
        if complete and needs_comment and not comment:
            errors[f"comment_{pk}"] = _(
                "A score below %(share)d%% of the maximum needs a comment."
            ) % {"share": int(panel.comment_below_share * 100)}
        cleaned[criterion] = (score, comment)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def sheet_save(bid, actor, entries, *, comment="", submit=False, round=Round.REVIEW, request=None):
    """Save (and, with submit, submit) the actor's score sheet for the bid in this round."""
    bid = Bid.objects.select_related("opportunity", "eligibility").get(pk=bid.pk)
    panel = Panel.objects.filter(opportunity_id=bid.opportunity_id).first()
    if panel is None:
        raise PermissionDenied(_("This opportunity has no review panel."))
    member = seat_of(actor, panel, lock=True)
    refusal = why_expert_may_not_read(member, bid)
    if refusal is not None:
        raise PermissionDenied(_("You may not score this bid."))
    if panel.stage != ROUND_STAGE[round]:
        raise ValidationError(_("This round is not open for scoring."), code="closed")
    if round == Round.ROADSHOW and not hasattr(bid, "roadshow_slot"):
        raise ValidationError(_("This bid is not in the roadshow."), code="not_in_roadshow")
    comment = clean_text(comment, "comment", 4000)
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(
        member=member, bid=bid, round=round
    )
    was_submitted = sheet.is_submitted
    cleaned = clean_scores(panel, entries, complete=submit or was_submitted)
    before = {s.criterion_id: str(s.score) for s in sheet.scores.all()}
    for criterion, (score, criterion_comment) in cleaned.items():
        CriterionScore.objects.update_or_create(
            sheet=sheet,
            criterion=criterion,
            defaults={"score": score, "comment": criterion_comment},
        )
    sheet.comment = comment
    if submit and not was_submitted:
        sheet.submitted_at = timezone.now()
    sheet.save()
    after = {c.pk: str(score) for c, (score, _comment) in cleaned.items()}
    if was_submitted and before != after:
        action = AuditEvent.Action.SCORE_CHANGED
    elif submit and not was_submitted:
        action = AuditEvent.Action.SCORE_SUBMITTED
    else:
        action = AuditEvent.Action.SCORE_SAVED
    audit(
        action,
        actor,
        bid=bid,
        request=request,
        round=round,
        expert=member.expert.name,
        before=before if was_submitted else {},
        after=after,
    )
    return sheet
