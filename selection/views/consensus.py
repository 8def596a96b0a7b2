"""The chair's side: the consensus page (合议), every expert's scores of every bid side by side
with the panel's figures, and the form recording the agreed scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenarios.models import Bid

from ..models import Panel, PanelMember, Round
from ..selectors import membership_of
from ..services import consensus_figures, consensus_record
from ..services.consensus import CONSENSUS_STAGE


def _chair_or_404(request, panel_id):
    """The panel and the caller's chair seat; anyone else finds nothing here."""
    panel = get_object_or_404(Panel.objects.select_related("opportunity"), pk=panel_id)
    member = membership_of(request.user, panel)
    if (
        member is None
        or not member.is_chair
        or member.status != PanelMember.Status.ACCEPTED
        or not panel.reached(Panel.Stage.CONSENSUS)
    ):
        raise Http404
    return panel, member


def _round(panel, raw):
    """The roadshow round once the panel has reached it (by default at the roadshow stage)."""
    if raw in Round.values and (raw == Round.REVIEW or panel.reached(Panel.Stage.ROADSHOW)):
        return Round(raw)
    return Round.ROADSHOW if panel.stage == Panel.Stage.ROADSHOW else Round.REVIEW


@login_required
def consensus(request, panel_id):
    panel, member = _chair_or_404(request, panel_id)
    round = _round(panel, request.GET.get("round"))
    rows = consensus_figures(member, round)
    criteria = list(panel.criteria.all())
    for row in rows:
        agreed = (
            {c.criterion_id: c.score for c in row.consensus.criteria.all()}
            if row.consensus
            else row.suggested
        )
        row.form_values = [(criterion, agreed.get(criterion.pk)) for criterion in criteria]
    return render(
        request,
        "selection/consensus.html",
        {
            "panel": panel,
            "rows": rows,
            "criteria": criteria,
            "round": round,
            "can_record": panel.stage == CONSENSUS_STAGE[round],
            "with_roadshow_round": panel.reached(Panel.Stage.ROADSHOW),
        },
    )


@login_required
@require_POST
def consensus_save(request, panel_id, bid_id):
    panel, _member = _chair_or_404(request, panel_id)
    bid = get_object_or_404(Bid, pk=bid_id, opportunity_id=panel.opportunity_id)
    round = _round(panel, request.POST.get("round"))
    try:
        consensus_record(
            bid,
            request.user,
            agreed_score=request.POST.get("agreed_score") or None,
            criteria={c.pk: request.POST.get(f"score_{c.pk}") for c in panel.criteria.all()},
            comment=request.POST.get("comment", ""),
            round=round,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consensus was recorded."))
    url = reverse("selection:consensus", args=[panel.pk])
    return redirect(f"{url}?round={round}#bid-{bid.pk}")
