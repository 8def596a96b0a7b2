"""The publisher's side of selection: its opportunities and their panels, forming a panel with
its rules, inviting and recusing experts, moving the stage, the eligibility check and roadshow
slots. Every write goes through selection/services/; a panel of another organisation is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Domain
from scenarios.selectors import opportunities_published_by
from scenarios.views.common import add_service_errors, error_text, publisher_or_404

from .. import selectors, services
from ..forms import AdvanceForm, EligibilityForm, InviteForm, PanelForm, RecusalForm, RoadshowForm
from ..models import Panel, PanelMember, Round
from ..services.panels import MANUAL_STEPS, panel_defaults, planned_criteria

# Experts are invited while the panel forms, checks eligibility or scores.
INVITING_STAGES = (Panel.Stage.FORMING, Panel.Stage.ELIGIBILITY, Panel.Stage.SCORING)


def _panel_or_404(request, pk):
    publisher_or_404(request.user)
    return get_object_or_404(selectors.panels_managed_by(request.user), pk=pk)


@login_required
def publisher_panels(request):
    """The organisation's opportunities, each with its panel's stage or a link to form one."""
    organization = publisher_or_404(request.user)
    panels = {panel.opportunity_id: panel for panel in selectors.panels_managed_by(request.user)}
    opportunities = opportunities_published_by(organization).order_by("-application_deadline")
    return render(
        request,
        "selection/publisher/panels.html",
        {
            "organization": organization,
            "rows": [(opportunity, panels.get(opportunity.pk)) for opportunity in opportunities],
        },
    )


@login_required
def publisher_panel_create(request, opportunity_id):
    organization = publisher_or_404(request.user)
    opportunity = get_object_or_404(opportunities_published_by(organization), pk=opportunity_id)
    existing = selectors.panels_managed_by(request.user).filter(opportunity=opportunity).first()
    if existing is not None:
        return redirect("selection:publisher_panel", pk=existing.pk)
    form_kwargs = {
        "criteria": planned_criteria(opportunity),
        "defaults": panel_defaults(opportunity),
    }
    if request.method == "POST":
        form = PanelForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                panel = services.panel_create(
                    opportunity,
                    request.user,
                    request=request,
                    pass_marks=form.pass_marks(),
                    **form.rules(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The review panel was formed; now invite experts."))
                return redirect("selection:publisher_panel", pk=panel.pk)
    else:
        form = PanelForm(**form_kwargs)
    return render(
        request,
        "selection/publisher/panel_form.html",
        {"opportunity": opportunity, "form": form},
    )


def _stage_bar(panel):
    return [
        {
            "label": label,
            "state": "done"
            if index < panel.stage_index
            else ("current" if index == panel.stage_index else "todo"),
        }
        for index, (_value, label) in enumerate(Panel.Stage.choices)
    ]


def _suggestions(panel):
    if panel.stage not in INVITING_STAGES:
        return []
    rows = services.expert_suggestions(panel)
    names = dict(
        Domain.objects.filter(pk__in={pk for row in rows for pk in row["domain_ids"]}).values_list(
            "pk", "name"
        )
    )
    for row in rows:
        row["domains"] = [names[pk] for pk in row["domain_ids"] if pk in names]
    return rows


def _panel_page(request, panel, *, recusal_form=None, advance_errors=(), status=200):
    bids = list(selectors.bids_before_panel(panel))
    # The chair first, then the members in the order they were invited.
    members = sorted(
        panel.members.select_related("expert").prefetch_related("recusals__bid"),
        key=lambda member: (not member.is_chair, member.invited_at, member.pk),
    )
    # Invite as chair only while no chair holds (or awaits) the seat.
    has_chair = any(
        member.is_chair
        and member.status not in (PanelMember.Status.DECLINED, PanelMember.Status.RECUSED)
        for member in members
    )
    return render(
        request,
        "selection/publisher/panel.html",
        {
            "panel": panel,
            "opportunity": panel.opportunity,
            "stages": _stage_bar(panel),
            "members": members,
            "criteria": panel.criteria.all(),
            "suggestions": _suggestions(panel),
            "roles": PanelMember.Role.choices
            if not has_chair
            else [(PanelMember.Role.MEMBER, PanelMember.Role.MEMBER.label)],
            "recusal_form": recusal_form or RecusalForm(panel=panel, bids=bids),
            "steps": [
                (stage, Panel.Stage(stage).label)
                for stage, sources in MANUAL_STEPS.items()
                if panel.stage in sources
            ],
            "advance_errors": advance_errors,
            "progress": selectors.scoring_progress(panel)
            if panel.reached(Panel.Stage.SCORING)
            else [],
            "roadshow_progress": selectors.scoring_progress(panel, Round.ROADSHOW)
            if panel.reached(Panel.Stage.ROADSHOW) and panel.with_roadshow
            else [],
        },
        status=status,
    )


@login_required
def publisher_panel(request, pk):
    return _panel_page(request, _panel_or_404(request, pk))


@login_required
@require_POST
def publisher_invite(request, pk):
    panel = _panel_or_404(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an expert of the pool and a role."))
        return redirect("selection:publisher_panel", pk=panel.pk)
    expert = form.cleaned_data["expert"]
    try:
        services.member_invite(
            panel, expert, request.user, role=form.cleaned_data["role"], request=request
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s was invited.") % {"name": expert.name})
    return redirect("selection:publisher_panel", pk=panel.pk)


@login_required
@require_POST
def publisher_recuse(request, pk):
    panel = _panel_or_404(request, pk)
    bids = list(selectors.bids_before_panel(panel))
    form = RecusalForm(request.POST, panel=panel, bids=bids)
    if form.is_valid():
        bid = next((b for b in bids if b.pk == form.cleaned_data["bid"]), None)
        try:
            services.recusal_record(
                form.cleaned_data["member"],
                request.user,
                bid=bid,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recusal was recorded."))
            return redirect("selection:publisher_panel", pk=panel.pk)
    return _panel_page(request, panel, recusal_form=form)


@login_required
@require_POST
def publisher_advance(request, pk):
    panel = _panel_or_404(request, pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return _panel_page(request, panel, advance_errors=form.errors["stage"], status=400)
    try:
        panel = services.panel_advance(
            panel, request.user, form.cleaned_data["stage"], request=request
        )
    except ValidationError as error:
        return _panel_page(request, panel, advance_errors=error.messages)
    messages.success(
        request, _("The panel is now at “%(stage)s”.") % {"stage": panel.get_stage_display()}
    )
    return redirect("selection:publisher_panel", pk=panel.pk)


@login_required
def publisher_eligibility(request, pk):
    """形式审查: every bid before the panel, marked eligible or not with a reason."""
    panel = _panel_or_404(request, pk)
    bound = None
    if request.method == "POST":
        bound = EligibilityForm(request.POST)
        if bound.is_valid():
            bid = selectors.bids_before_panel(panel).filter(pk=bound.cleaned_data["bid"]).first()
            if bid is None:
                raise Http404
            try:
                services.eligibility_mark(
                    bid,
                    request.user,
                    eligible=bound.cleaned_data["eligible"],
                    reason=bound.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(bound, error)
            else:
                messages.success(
                    request,
                    _("%(receipt)s: the result was recorded and the bidder told.")
                    % {"receipt": bid.receipt_number},
                )
                return redirect("selection:publisher_eligibility", pk=panel.pk)
    rows = []
    for bid in selectors.bids_before_panel(panel):
        check = getattr(bid, "eligibility", None)
        if bound is not None and bound.data.get("bid") == str(bid.pk):
            form = bound
        else:
            initial = {"bid": bid.pk}
            if check is not None:
                initial.update(eligible="yes" if check.eligible else "no", reason=check.reason)
            form = EligibilityForm(initial=initial, auto_id=f"id_{bid.pk}_%s")
        rows.append({"bid": bid, "check": check, "form": form})
    return render(
        request,
        "selection/publisher/eligibility.html",
        {
            "panel": panel,
            "opportunity": panel.opportunity,
            "rows": rows,
            "open": panel.stage == Panel.Stage.ELIGIBILITY,
        },
    )


@login_required
def publisher_roadshow(request, pk):
    """路演答辩: the slots, a form to set or move one, and the roadshow scoring progress."""
    panel = _panel_or_404(request, pk)
    bids = list(selectors.eligible_bids(panel))
    form = RoadshowForm(request.POST or None, bids=bids)
    if request.method == "POST" and form.is_valid():
        bid = next(b for b in bids if b.pk == form.cleaned_data["bid"])
        try:
            services.roadshow_schedule(
                panel,
                bid,
                request.user,
                starts_at=form.cleaned_data["starts_at"],
                minutes=form.cleaned_data["minutes"],
                place=form.cleaned_data["place"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The roadshow slot was saved and the bidder told."))
            return redirect("selection:publisher_roadshow", pk=panel.pk)
    return render(
        request,
        "selection/publisher/roadshow.html",
        {
            "panel": panel,
            "opportunity": panel.opportunity,
            "slots": panel.roadshow_slots.select_related("bid__company"),
            "form": form,
            "open": panel.with_roadshow
            and panel.stage in (Panel.Stage.CONSENSUS, Panel.Stage.ROADSHOW),
            "progress": selectors.scoring_progress(panel, Round.ROADSHOW),
        },
    )
