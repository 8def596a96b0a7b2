"""Reads of the result: the public notice (winners, panel size, objection period, answered
objections) and each bidder's own feedback (the panel's figures per criterion, the total, the
rank, the consensus comment, why it was not selected). Nothing here names an expert or shows a
single expert's sheet, and a bidder's feedback holds no other bidder's figures."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from scenarios.models import Bid
from scenarios.selectors import company_of

from .models import (
    Consensus,
    CriterionScore,
    Objection,
    Panel,
    PanelMember,
    ResultNotice,
    Round,
)
from .selectors import eligible_bids, panel_managed_by
from .workdays import working_days_left

TWO_PLACES = Decimal("0.01")


def latest_notice(opportunity):
    """The opportunity's most recent result notice (running, final or withdrawn), or None."""
    return (
        ResultNotice.objects.filter(panel__opportunity_id=opportunity.pk)
        .select_related("panel__opportunity")
        .order_by("-published_at", "-pk")
        .first()
    )


def panel_size(panel):
    """How many experts sat on the panel (accepted seats): a number, never who."""
    return panel.members.filter(status=PanelMember.Status.ACCEPTED).count()


def notice_summary(notice, user, now=None):
    """What the public notice page and the block on the opportunity page show."""
    now = now or timezone.now()
    running = notice.status == ResultNotice.Status.RUNNING
    winners = []
    if notice.status != ResultNotice.Status.WITHDRAWN:
        winners = [
            {
                "rank": award.rank,
                "name": award.bid.bidder_name or award.bid.company.name,
                "amount_wan": award.amount_wan,
            }
            for award in notice.panel.awards.select_related("bid__company")
        ]
    company = company_of(user)
    return {
        "notice": notice,
        "opportunity": notice.panel.opportunity,
        "winners": winners,
        "panel_size": panel_size(notice.panel),
        "days_left": (
            working_days_left(now, notice.objection_deadline, notice.published_at) if running else 0
        ),
        "open_for_objections": running and now < notice.objection_deadline,
        "answered": notice.objections.exclude(status=Objection.Status.PENDING).order_by(
            "answered_at", "pk"
        ),
        "pending_count": notice.objections.filter(status=Objection.Status.PENDING).count(),
        "can_object": company is not None and company.is_verified,
        "is_manager": panel_managed_by(user, notice.panel.opportunity),
    }


@dataclass
class CriterionFigure:
    name: str
    max_score: int
    score: Decimal | None
    pass_mark: Decimal | None

    @property
    def below_pass_mark(self):
        return self.pass_mark is not None and self.score is not None and self.score < self.pass_mark


@dataclass
class BidFigures:
    """The panel's figures for one bid: agreed by consensus, or else the mean of the submitted
    sheets, from the roadshow round when it was scored there."""

    bid_id: int
    basis: str  # "consensus" or "mean"
    round: str
    criteria: list = field(default_factory=list)
    total: Decimal | None = None
    comment: str = ""

    @property
    def complete(self):
        return self.total is not None and all(c.score is not None for c in self.criteria)

    @property
    def failed_criteria(self):
        return [c for c in self.criteria if c.below_pass_mark]


def _round_preference(round):
    return 1 if round == Round.ROADSHOW else 0


def panel_figures(panel):
    """{bid id: BidFigures} for every eligible bid the panel scored."""
    criteria = list(panel.criteria.all())
    bids = list(eligible_bids(panel).values_list("pk", flat=True))
    figures = {}
    consensus = (
        Consensus.objects.filter(panel=panel, bid_id__in=bids)
        .prefetch_related("criteria")
        .order_by("bid_id")
    )
    for record in consensus:
        current = figures.get(record.bid_id)
        if current and _round_preference(current.round) >= _round_preference(record.round):
            continue
        agreed = {row.criterion_id: row.score for row in record.criteria.all()}
        figures[record.bid_id] = BidFigures(
            bid_id=record.bid_id,
            basis="consensus",
            round=record.round,
            criteria=[
                CriterionFigure(c.name, c.max_score, agreed.get(c.pk), c.pass_mark)
                for c in criteria
            ],
            total=record.agreed_score,
            comment=record.comment,
        )
    means = (
        CriterionScore.objects.filter(
            sheet__bid_id__in=[pk for pk in bids if pk not in figures],
            sheet__submitted_at__isnull=False,
        )
        .values("sheet__bid_id", "sheet__round", "criterion_id")
        .annotate(mean=Avg("score"))
    )
    by_bid = {}
    for row in means:
        rounds = by_bid.setdefault(row["sheet__bid_id"], {})
        rounds.setdefault(row["sheet__round"], {})[row["criterion_id"]] = Decimal(
            row["mean"]
        ).quantize(TWO_PLACES)
    for bid_id, rounds in by_bid.items():
        round = max(rounds, key=_round_preference)
        scores = rounds[round]
        row = [
            CriterionFigure(c.name, c.max_score, scores.get(c.pk), c.pass_mark) for c in criteria
        ]
        total = sum(c.score for c in row) if all(c.score is not None for c in row) else None
        figures[bid_id] = BidFigures(
            bid_id=bid_id, basis="mean", round=round, criteria=row, total=total
        )
    return figures


def ranking(panel, figures=None):
    """The ids of the bids that met every pass mark and the overall one, best first: by total,
    then by each criterion in the rubric's order (the most weighty first in practice)."""
    figures = panel_figures(panel) if figures is None else figures
    ranked = [
        f
        for f in figures.values()
        if f.complete and not f.failed_criteria and f.total >= panel.pass_score
    ]
    ranked.sort(key=lambda f: (-f.total, *[-c.score for c in f.criteria], f.bid_id))
    return [f.bid_id for f in ranked]


def feedback_visible(bid, panel):
    """A bidder reads its feedback once the result is final, or as soon as it is not selected."""
    return panel is not None and (
        panel.stage == Panel.Stage.FINAL or bid.status == Bid.Status.NOT_SELECTED
    )


def bid_feedback(bid, user):
    """The bid's own feedback for an account of its organisation, or None (not theirs, or not
    yet). Only this bid's figures leave this function: the others serve its rank alone."""
    company = company_of(user)
    if company is None or company.pk != bid.company_id:
        return None
    panel = Panel.objects.filter(opportunity_id=bid.opportunity_id).first()
    if not feedback_visible(bid, panel):
        return None
    eligibility = getattr(bid, "eligibility", None)
    if eligibility is not None and not eligibility.eligible:
        return {
            "ineligible": True,
            "eligibility_reason": eligibility.reason,
            "reasons": [],
        }
    figures = panel_figures(panel)
    ranked = ranking(panel, figures)
    mine = figures.get(bid.pk)
    rank = ranked.index(bid.pk) + 1 if bid.pk in ranked else None
    selected = bid.status == Bid.Status.SELECTED or hasattr(bid, "award")
    reasons = []
    if not selected:
        winners = panel.awards.count()
        if mine is None or not mine.complete:
            reasons.append(_("The panel recorded no complete scores for this bid."))
        else:
            for criterion in mine.failed_criteria:
                reasons.append(
                    _("Below the pass mark of %(mark)s on “%(criterion)s” (scored %(score)s).")
                    % {
                        "mark": criterion.pass_mark,
                        "criterion": criterion.name,
                        "score": criterion.score,
                    }
                )
            if mine.total < panel.pass_score:
                reasons.append(
                    _("A total of %(total)s, below the overall pass mark of %(pass)s.")
                    % {"total": mine.total, "pass": panel.pass_score}
                )
            if rank is not None:
                reasons.append(
                    _("Ranked %(rank)d of %(count)d ranked bids; %(winners)d selected.")
                    % {"rank": rank, "count": len(ranked), "winners": winners}
                )
    return {
        "ineligible": False,
        "figures": mine,
        "rank": rank,
        "ranked_count": len(ranked),
        "selected": selected,
        "reasons": reasons,
    }
