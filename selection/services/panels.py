"""Forming a panel: the publisher creates it with its rules and criteria, gets ranked expert
suggestions, invites experts (a chair and members); experts accept or decline; the publisher
moves the panel from stage to stage."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ChallengePage
from notifications.services import notify
from scenarios.audit import audit
from scenarios.models import AuditEvent

from ..models import Expert, Panel, PanelCriterion, PanelMember
from ..selectors import bids_before_panel, eligible_bids
from .common import clean_text, lock_panel, require_manager, require_stage
from .conflicts import automatic_conflicts, issuer_conflict
from .consensus import stage_entry_check

# A scenario has no rubric of its own: its panel scores on these (name, maximum).
SCENARIO_CRITERIA = [
    ("技术方案的先进性与可行性", 40),
    ("团队能力与相关业绩", 30),
    ("实施计划、应用成效与保障", 30),
]


def panel_defaults(opportunity):
    """A sensible default per kind: challenges have a roadshow round, scenarios do not."""
    challenge = getattr(opportunity, "challengepage", None)
    return {"with_roadshow": challenge is not None}


def _criteria_for(opportunity):
    challenge = ChallengePage.objects.filter(pk=opportunity.pk).first()
    if challenge is not None and challenge.rubric_criteria.exists():
        return [(c.criterion, c.weight) for c in challenge.rubric_criteria.all()]
    return SCENARIO_CRITERIA


@transaction.atomic
def panel_create(opportunity, actor, *, request=None, **rules):
    """Create the opportunity's panel with its rules (defaults per kind) and its criteria copied
    from the challenge's rubric (or the scenario rubric)."""
    require_manager(actor, opportunity)
    if Panel.objects.filter(opportunity=opportunity).exists():
        raise ValidationError(_("This opportunity already has a review panel."), code="exists")
    panel = Panel(
        opportunity=opportunity, created_by=actor, **{**panel_defaults(opportunity), **rules}
    )
    panel.full_clean()
    panel.save()
    PanelCriterion.objects.bulk_create(
        PanelCriterion(panel=panel, name=name, max_score=weight, sort_order=index)
        for index, (name, weight) in enumerate(_criteria_for(opportunity))
    )
    audit(AuditEvent.Action.PANEL_FORMED, actor, opportunity=opportunity, request=request)
    return panel


def expert_suggestions(panel, limit=20):
    """Experts of the pool ranked by fit with the opportunity: shared domains (a parent domain
    counts half), then expertise keywords found in its keywords, title or summary. Experts with a
    conflict that can be known now are left out: before the deadline only the issuer is known
    (naming a bidder's employer would leak who bid); after it, the bidders too."""
    opportunity = panel.opportunity
    domain_ids = set(opportunity.domains.values_list("pk", flat=True))
    parent_ids = set(opportunity.domains.values_list("parent_id", flat=True)) - {None}
    opportunity_keywords = {tag.name for tag in opportunity.keywords.all()}
    text = f"{opportunity.title} {opportunity.summary}"
    seated = set(panel.members.values_list("expert_id", flat=True))
    bids = (
        list(bids_before_panel(panel)) if opportunity.application_deadline < timezone.now() else []
    )
    suggestions = []
    for expert in Expert.objects.active().exclude(pk__in=seated).prefetch_related("domains"):
        if issuer_conflict(expert, opportunity) or any(
            automatic_conflicts(expert, bid) for bid in bids
        ):
            continue
        expert_domains = {domain.pk for domain in expert.domains.all()}
        expert_parents = {domain.parent_id for domain in expert.domains.all()} - {None}
        shared_domains = expert_domains & domain_ids
        related_domains = (expert_domains | expert_parents) & (domain_ids | parent_ids)
        keywords = [
            word for word in expert.keyword_list if word in opportunity_keywords or word in text
        ]
        score = 2 * len(shared_domains) + (len(related_domains - shared_domains)) + len(keywords)
        suggestions.append((score, expert, sorted(shared_domains), keywords))
    suggestions.sort(key=lambda row: (-row[0], row[1].name))
    return [
        {"expert": expert, "fit": score, "domain_ids": domains, "keywords": keywords}
        for score, expert, domains, keywords in suggestions[:limit]
    ]


@transaction.atomic
def member_invite(panel, expert, actor, *, role=PanelMember.Role.MEMBER, request=None):
    """Invite an expert of the pool; the expert is notified. A conflict with the issuer refuses
    the invitation; one chair per panel."""
    panel = lock_panel(panel)
    require_manager(actor, panel)
    require_stage(panel, Panel.Stage.FORMING, Panel.Stage.ELIGIBILITY, Panel.Stage.SCORING)
    if not expert.is_active:
        raise ValidationError(_("This expert is no longer in the pool."), code="inactive")
    reason = issuer_conflict(expert, panel.opportunity)
    if reason:
        raise ValidationError(reason, code="conflict")
    if (
        role == PanelMember.Role.CHAIR
        and panel.members.filter(role=PanelMember.Role.CHAIR)
        .exclude(status=PanelMember.Status.DECLINED)
        .exclude(expert=expert)
        .exists()
    ):
        raise ValidationError(_("The panel already has a chair."), code="chair")
    panel.members.filter(role=PanelMember.Role.CHAIR, status=PanelMember.Status.DECLINED).exclude(
        expert=expert
    ).update(role=PanelMember.Role.MEMBER)
    member, created = PanelMember.objects.get_or_create(
        panel=panel, expert=expert, defaults={"role": role}
    )
    if not created:
        if member.status != PanelMember.Status.DECLINED:
            raise ValidationError(_("This expert is already on the panel."), code="seated")
        member.status = PanelMember.Status.INVITED
        member.role = role
        member.responded_at = None
        member.declined_reason = ""
        member.save()
    audit(
        AuditEvent.Action.EXPERT_INVITED,
        actor,
        opportunity=panel.opportunity,
        request=request,
        expert=expert.name,
        role=role,
    )
    notify(
        [expert.user],
        _("Invitation to review: %(title)s") % {"title": panel.opportunity.title},
        _(
            "You are invited to the review panel of “%(title)s” as %(role)s. Please accept or "
            "decline."
        )
        % {"title": panel.opportunity.title, "role": member.get_role_display()},
        url=reverse("selection:assignments"),
    )
    return member


@transaction.atomic
def invitation_respond(member, actor, *, accept, reason="", request=None):
    """The invited expert accepts or declines; declining needs a reason, which the publisher
    reads when inviting someone else."""
    member = (
        PanelMember.objects.select_for_update().select_related("expert", "panel").get(pk=member.pk)
    )
    if member.expert.user_id != actor.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("This invitation is addressed to another expert."))
    if member.status != PanelMember.Status.INVITED:
        raise ValidationError(_("This invitation has already been answered."), code="answered")
    reason = clean_text(reason, "reason", 300)
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why you decline the invitation.")}, code="required")
    member.status = PanelMember.Status.ACCEPTED if accept else PanelMember.Status.DECLINED
    member.declined_reason = "" if accept else reason
    member.responded_at = timezone.now()
    member.save()
    audit(
        AuditEvent.Action.INVITATION_ACCEPTED if accept else AuditEvent.Action.INVITATION_DECLINED,
        actor,
        opportunity=member.panel.opportunity,
        request=request,
        reason=member.declined_reason,
    )
    return member


def _check_can_enter(panel, stage):
    """The rule for entering each stage; returns the list of what is missing."""
    missing = []
    now = timezone.now()
    active = panel.members.filter(status=PanelMember.Status.ACCEPTED)
    if stage == Panel.Stage.ELIGIBILITY and panel.opportunity.application_deadline >= now:
        missing.append(_("The application deadline has not passed."))
    if stage == Panel.Stage.SCORING:
        if active.count() < panel.min_members:
            missing.append(
                _("At least %(count)d experts must have accepted.") % {"count": panel.min_members}
            )
        if not active.filter(role=PanelMember.Role.CHAIR).exists():
            missing.append(_("The panel has no chair who accepted."))
        unchecked = bids_before_panel(panel).filter(eligibility__isnull=True).count()
        if unchecked:
            missing.append(
                _("%(count)d bids have not been checked for eligibility.") % {"count": unchecked}
            )
        if not eligible_bids(panel).exists():
            missing.append(_("No bid passed the eligibility check."))
    if stage == Panel.Stage.ROADSHOW and not panel.with_roadshow:
        missing.append(_("This panel has no roadshow round."))
    # Every sheet submitted before the consensus, every consensus before the roadshow and the
    # decision: checked here, so no caller can forget to pass them as `extra_check`.
    missing += stage_entry_check(panel, stage)
    return missing


# The stages a publisher moves the panel into by hand, and from which stage.
MANUAL_STEPS = {
    Panel.Stage.ELIGIBILITY: [Panel.Stage.FORMING],
    Panel.Stage.SCORING: [Panel.Stage.ELIGIBILITY],
    Panel.Stage.CONSENSUS: [Panel.Stage.SCORING],
    Panel.Stage.ROADSHOW: [Panel.Stage.CONSENSUS],
    Panel.Stage.DECISION: [Panel.Stage.CONSENSUS, Panel.Stage.ROADSHOW],
}


@transaction.atomic
def panel_advance(panel, actor, stage, *, request=None, extra_check=None):
    """Move the panel to the next stage when that stage's rule holds (each missing condition is
    named); experts are told when scoring opens. `extra_check(panel)` lets the consensus and
    ranking services add their own conditions (every sheet submitted, every consensus recorded)."""
    panel = lock_panel(panel)
    require_manager(actor, panel)
    if stage not in MANUAL_STEPS or panel.stage not in MANUAL_STEPS[stage]:
        raise ValidationError(
            _("The panel cannot go from “%(from)s” to “%(to)s”.")
            % {"from": panel.get_stage_display(), "to": Panel.Stage(stage).label},
            code="wrong_stage",
        )
    missing = _check_can_enter(panel, stage) + (extra_check(panel) if extra_check else [])
    if missing:
        raise ValidationError(missing, code="not_ready")
    from_stage = panel.stage
    panel.stage = stage
    panel.save(update_fields=["stage", "updated_at"])
    audit(
        AuditEvent.Action.PANEL_STAGE_CHANGED,
        actor,
        opportunity=panel.opportunity,
        from_state=from_stage,
        to_state=stage,
        request=request,
    )
    if stage == Panel.Stage.SCORING:
        notify(
            [m.expert.user for m in panel.members.filter(status=PanelMember.Status.ACCEPTED)],
            _("Scoring is open: %(title)s") % {"title": panel.opportunity.title},
            _("The bids of “%(title)s” are ready for your scores.")
            % {"title": panel.opportunity.title},
            url=reverse("selection:assignments"),
        )
    return panel
