"""The final ranking (排名) of a panel's eligible bids, read from the recorded consensus.

The final score of a bid is its roadshow consensus when it has one, else its review consensus;
the per-criterion pass marks are checked on the criteria of that same consensus. A bid is ranked
when its final score reaches panel.pass_score and every criterion reaches its pass mark; a bid
without a consensus, or below a mark, is listed unranked with the reasons. Ties are broken by the
higher agreed score on the heaviest criterion (largest maximum, the first in rubric order when
two weigh the same), then by the earlier submission."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import Consensus, Round
from ..selectors import eligible_bids


@dataclass
class RankingRow:
    bid: object
    review_score: Decimal | None = None
    roadshow_score: Decimal | None = None
    criteria: dict = field(default_factory=dict)  # criterion pk -> agreed score (final round)
    comment: str = ""
    reasons: list = field(default_factory=list)  # why it is not ranked
    rank: int | None = None
    tie_break: str = ""  # how it was set apart from the bid ranked just above it

    @property
    def final_score(self):
        return self.roadshow_score if self.roadshow_score is not None else self.review_score

    @property
    def passed(self):
        return not self.reasons


def heaviest_criterion(criteria):
    """The criterion that breaks ties: the largest maximum, the first in rubric order."""
    return max(criteria, key=lambda c: (c.max_score, -c.sort_order, -c.pk), default=None)


def panel_ranking(panel):
    """Every eligible bid of the panel: the ranked ones in rank order, then the others with
    their reasons (in submission order)."""
    criteria = list(panel.criteria.all())
    heaviest = heaviest_criterion(criteria)
    consensus = {}
    for record in Consensus.objects.filter(panel=panel).prefetch_related("criteria"):
        consensus[(record.bid_id, record.round)] = record
    rows = []
    for bid in eligible_bids(panel):
        review = consensus.get((bid.pk, Round.REVIEW))
        roadshow = consensus.get((bid.pk, Round.ROADSHOW))
        final = roadshow or review
        row = RankingRow(
            bid=bid,
            review_score=review.agreed_score if review else None,
            roadshow_score=roadshow.agreed_score if roadshow else None,
        )
        if final is None:
            row.reasons.append(_("The panel has recorded no consensus on this bid."))
            rows.append(row)
            continue
        row.comment = final.comment
        row.criteria = {c.criterion_id: c.score for c in final.criteria.all()}
        if final.agreed_score < panel.pass_score:
            row.reasons.append(
                _("The score %(score)s is below the pass mark %(mark)s.")
                % {"score": final.agreed_score, "mark": panel.pass_score}
            )
        for criterion in criteria:
            score = row.criteria.get(criterion.pk)
            if criterion.pass_mark is not None and (score is None or score < criterion.pass_mark):
                row.reasons.append(
                    _("“%(criterion)s” scored %(score)s, below its pass mark %(mark)s.")
                    % {"criterion": criterion.name, "score": score, "mark": criterion.pass_mark}
                )
        rows.append(row)

    def order(row):
        heavy = row.criteria.get(heaviest.pk, Decimal(0)) if heaviest else Decimal(0)
        return (-row.final_score, -heavy, row.bid.submitted_at, row.bid.pk)

    ranked = sorted((row for row in rows if row.passed), key=order)
    for index, row in enumerate(ranked):
        row.rank = index + 1
        above = ranked[index - 1] if index else None
        if above is not None and above.final_score == row.final_score:
            if heaviest and above.criteria.get(heaviest.pk) != row.criteria.get(heaviest.pk):
                row.tie_break = _("Tied; ranked below on “%(criterion)s”.") % {
                    "criterion": heaviest.name
                }
            else:
                row.tie_break = _("Tied; ranked below as the later submission.")
    return ranked + [row for row in rows if not row.passed]
