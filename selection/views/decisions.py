"""The publisher's side of the decision: the ranking with its reasons, the shortlist, and the
selection of the winner(s) with their amounts (the bounty split evenly by default), confirmed
on a second page before anything is written."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Panel
from ..selectors import panels_managed_by
from ..services import decision_select, decision_shortlist, panel_ranking
from ..services.decisions import bounty_left, default_amounts, winners_wanted


def _managed_panel(request, panel_id):
    """The panel of one of the caller's own opportunities; any other is 404."""
    return get_object_or_404(panels_managed_by(request.user), pk=panel_id)


def _bidder(bid):
    return bid.bidder_name or bid.company.name


@login_required
def decision(request, panel_id):
    panel = _managed_panel(request, panel_id)
    rows = panel_ranking(panel)
    ranked = [row for row in rows if row.passed]
    wanted = winners_wanted(panel, len(ranked))
    proposed = ranked[: wanted if wanted is not None else 1]
    amounts = dict(
        zip(
            (row.bid.pk for row in proposed),
            default_amounts(panel, len(proposed)),
            strict=True,
        )
    )
    for row in rows:
        row.bidder = _bidder(row.bid)
        row.proposed = row.bid.pk in amounts
        row.default_amount = amounts.get(row.bid.pk)
    return render(
        request,
        "selection/decision.html",
        {
            "panel": panel,
            "rows": rows,
            "criteria": list(panel.criteria.all()),
            "wanted": wanted,
            "bounty_left": bounty_left(panel),
            "awards": panel.awards.select_related("bid__company"),
            "can_decide": panel.stage == Panel.Stage.DECISION and not panel.awards.exists(),
        },
    )


@login_required
@require_POST
def shortlist(request, panel_id):
    panel = _managed_panel(request, panel_id)
    ids = request.POST.getlist("bid")
    bids = [row.bid for row in panel_ranking(panel) if str(row.bid.pk) in ids]
    try:
        decision_shortlist(panel, bids, request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The shortlist was saved; the bidders are told."))
    return redirect("selection:decision", panel_id=panel.pk)


@login_required
@require_POST
def select(request, panel_id):
    """First the confirmation page with the chosen winners and amounts; with `confirm`, the
    decision itself."""
    panel = _managed_panel(request, panel_id)
    ids = request.POST.getlist("winner")
    rows = [row for row in panel_ranking(panel) if str(row.bid.pk) in ids]
    winners = [(row.bid, request.POST.get(f"amount_{row.bid.pk}", "").strip()) for row in rows]
    if not request.POST.get("confirm"):
        for row in rows:
            row.bidder = _bidder(row.bid)
            row.amount = request.POST.get(f"amount_{row.bid.pk}", "").strip()
        return render(request, "selection/decision_confirm.html", {"panel": panel, "rows": rows})
    try:
        decision_select(panel, request.user, winners, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision was recorded; every bidder is told."))
    return redirect("selection:decision", panel_id=panel.pk)
