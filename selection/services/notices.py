"""The result notice (公示) and its objections (异议): the publisher publishes the proposed winners
for N working days; a signed-in member of a verified organisation may object in writing before
the deadline; the publisher answers each objection; an upheld objection withdraws the notice and
reopens the decision; a notice whose period ends with every objection answered and none upheld
becomes final (notices_finalise, run by Celery beat)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.services import followers_told_of_result
from notifications.services import notify
from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid, PublisherMembership
from scenarios.selectors import company_of, members_of
from scenarios.uploads import check_attachment

from ..models import Objection, ObjectionAttachment, Panel, PanelMember, ResultNotice
from ..selectors import bids_before_panel
from ..workdays import objection_deadline
from .common import lock_panel, require_manager, require_stage
from .decisions import decision_return

NOTICE_TEXT_MAX = 4000
REASONS_MIN = 20
REASONS_MAX = 5000
ANSWER_MAX = 5000
MAX_OBJECTION_ATTACHMENTS = 5


def _bidders(panel):
    """Every account of every organisation whose bid reached the panel, once each."""
    users = {}
    for bid in bids_before_panel(panel):
        for user in members_of(bid.company):
            users[user.pk] = user
    return list(users.values())


def _experts(panel):
    return [
        member.expert.user
        for member in panel.members.filter(status=PanelMember.Status.ACCEPTED).select_related(
            "expert__user"
        )
    ]


def default_notice_text(panel):
    """The notice's text unless the publisher writes its own."""
    awards = panel.awards.select_related("bid__company")
    names = "、".join(award.bid.bidder_name or award.bid.company.name for award in awards)
    return _(
        "After review by the expert panel, the proposed winners of “%(title)s” are: %(names)s. "
        "The result is published for %(days)d working days; organisations may object in writing "
        "within this period."
    ) % {"title": panel.opportunity.title, "names": names, "days": panel.objection_working_days}


@transaction.atomic
def notice_publish(panel, actor, text="", *, request=None, now=None):
    """Publish the proposed winners: the panel moves from decision to the public notice, its
    objection deadline the end of the N-th working day after today (Beijing time)."""
    panel = lock_panel(panel)
    require_manager(actor, panel)
    require_stage(panel, Panel.Stage.DECISION)
    if not panel.awards.exists():
        raise ValidationError(_("Select the winners before publishing the result."), "no_awards")
    text = (text or "").strip() or default_notice_text(panel)
    if len(text) > NOTICE_TEXT_MAX:
        raise ValidationError(
            {"text": _("At most %(count)d characters.") % {"count": NOTICE_TEXT_MAX}},
            code="max_length",
        )
    now = now or timezone.now()
    notice = ResultNotice.objects.create(
        panel=panel,
        text=text,
        objection_deadline=objection_deadline(now, panel.objection_working_days),
        published_by=actor,
    )
    panel.stage = Panel.Stage.NOTICE
    panel.save(update_fields=["stage", "updated_at"])
    audit(
        AuditEvent.Action.NOTICE_PUBLISHED,
        actor,
        opportunity=panel.opportunity,
        from_state=Panel.Stage.DECISION,
        to_state=Panel.Stage.NOTICE,
        request=request,
        notice=notice.pk,
        deadline=notice.objection_deadline.isoformat(),
        awards=list(panel.awards.values_list("bid_id", flat=True)),
    )
    title = panel.opportunity.title
    url = reverse("selection:notice", args=[notice.pk])
    notify(
        _bidders(panel) + _experts(panel),
        _("Result notice published: %(title)s") % {"title": title},
        _(
            "The proposed result of “%(title)s” is published. Objections may be filed until "
            "%(deadline)s."
        )
        % {
            "title": title,
            "deadline": timezone.localtime(notice.objection_deadline).strftime("%Y-%m-%d %H:%M"),
        },
        url=url,
    )
    followers_told_of_result(panel.opportunity, url)
    return notice


def _lock_notice(notice):
    return (
        ResultNotice.objects.select_for_update(of=("self",))
        .select_related("panel__opportunity")
        .get(pk=notice.pk)
    )


@transaction.atomic
def objection_file(notice, actor, reasons, attachments=(), *, request=None, now=None):
    """A signed-in member of a verified organisation objects before the deadline, with written
    reasons and optional evidence (PDFs or images, checked like bid attachments)."""
    company = company_of(actor)
    if company is None or not company.is_verified:
        raise PermissionDenied(_("Objections are filed by members of verified organisations."))
    notice = _lock_notice(notice)
    now = now or timezone.now()
    if notice.status != ResultNotice.Status.RUNNING or now >= notice.objection_deadline:
        raise ValidationError(_("The objection period of this notice has ended."), "closed")
    if notice.objections.filter(company=company, status=Objection.Status.PENDING).exists():
        raise ValidationError(
            _("Your organisation's objection to this notice still awaits its answer."), "pending"
        )
    reasons = (reasons or "").strip()
    if len(reasons) < REASONS_MIN:
        raise ValidationError(
            {
                "reasons": _("Give your reasons in at least %(count)d characters.")
                % {"count": REASONS_MIN}
            },
            code="min_length",
        )
    if len(reasons) > REASONS_MAX:
        raise ValidationError(
            {"reasons": _("At most %(count)d characters.") % {"count": REASONS_MAX}},
            code="max_length",
        )
    attachments = list(attachments)
    if len(attachments) > MAX_OBJECTION_ATTACHMENTS:
        raise ValidationError(
            {
                "attachments": _("At most %(count)d attachments.")
                % {"count": MAX_OBJECTION_ATTACHMENTS}
            },
            code="too_many",
        )
    checked = []
    for upload in attachments:
        try:
            checked.append(check_attachment(upload))
        except ValidationError as error:
            raise ValidationError(
                {
                    "attachments": _("%(name)s was refused: %(reason)s")
                    % {"name": upload.name, "reason": " ".join(error.messages)}
                },
                code="refused",
            ) from error
    objection = Objection.objects.create(
        notice=notice, company=company, filed_by=actor, reasons=reasons
    )
    for upload in checked:
        ObjectionAttachment(objection=objection).store(upload, actor)
    audit(
        AuditEvent.Action.OBJECTION_FILED,
        actor,
        company=company,
        opportunity=notice.panel.opportunity,
        request=request,
        notice=notice.pk,
        objection=objection.pk,
        files=[upload.sha256 for upload in checked],
    )
    managers = _managers(notice.panel)
    notify(
        managers,
        _("Objection filed: %(title)s") % {"title": notice.panel.opportunity.title},
        _("An organisation objected to the result notice of “%(title)s”. Please answer it.")
        % {"title": notice.panel.opportunity.title},
        url=reverse("selection:notice_objections", args=[notice.pk]),
    )
    return objection


def _managers(panel):
    """The publisher accounts of the organisations responsible for the opportunity: the list's
    publisher, the scenario's publisher or the challenge's issuer."""
    opportunity = panel.opportunity.specific
    organisations = {
        getattr(opportunity, "issuer_id", None),
        getattr(opportunity, "publisher_id", None),
        getattr(opportunity.get_parent().specific, "publisher_id", None),
    } - {None}
    return [
        membership.user
        for membership in PublisherMembership.objects.filter(
            organization_id__in=organisations
        ).select_related("user")
    ]


@transaction.atomic
def objection_answer(objection, actor, upheld, answer, *, request=None):
    """The publisher answers an objection in writing; the objecting organisation is told. An
    upheld objection withdraws the running notice and sends the decision back."""
    notice = _lock_notice(objection.notice)
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("company")
        .get(pk=objection.pk)
    )
    require_manager(actor, notice.panel)
    if objection.status != Objection.Status.PENDING:
        raise ValidationError(_("This objection has already been answered."), "answered")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")}, code="required")
    if len(answer) > ANSWER_MAX:
        raise ValidationError(
            {"answer": _("At most %(count)d characters.") % {"count": ANSWER_MAX}},
            code="max_length",
        )
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    title = notice.panel.opportunity.title
    audit(
        AuditEvent.Action.OBJECTION_ANSWERED,
        actor,
        company=objection.company,
        opportunity=notice.panel.opportunity,
        from_state=Objection.Status.PENDING,
        to_state=objection.status,
        request=request,
        notice=notice.pk,
        objection=objection.pk,
    )
    notify(
        members_of(objection.company),
        _("Your objection was answered: %(title)s") % {"title": title},
        (
            _("Your objection was upheld; the decision is made again.")
            if upheld
            else _("Your objection was not upheld.")
        )
        + "\n"
        + answer,
        url=reverse("selection:notice", args=[notice.pk]),
    )
    if upheld and notice.status == ResultNotice.Status.RUNNING:
        decision_reopen(notice.panel, actor, answer, request=request)
    return objection


# The statuses a bid may have had before the decision, which reopening it restores.
BEFORE_DECISION = {Bid.Status.SUBMITTED, Bid.Status.SHORTLISTED}


def decision_reopen(panel, actor, reason, *, request=None):
    """An upheld objection sends the decision back: the running notice is withdrawn, then
    decisions.decision_return removes the awards, puts every decided bid back where the decision
    found it, returns the panel to the decision stage and tells the bidders."""
    live = list(
        ResultNotice.objects.select_for_update()
        .filter(panel=panel, status=ResultNotice.Status.RUNNING)
        .order_by("pk")
    )
    locked = lock_panel(panel)
    require_manager(actor, locked)
    require_stage(locked, Panel.Stage.NOTICE)
    now = timezone.now()
    for notice in live:
        notice.status = ResultNotice.Status.WITHDRAWN
        notice.closed_at = now
        notice.save(update_fields=["status", "closed_at"])
    return decision_return(locked, actor, reason, request=request)


def _finalise_one(pk, now):
    with transaction.atomic():
        notice = (
            ResultNotice.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("panel__opportunity")
            .filter(pk=pk, status=ResultNotice.Status.RUNNING, objection_deadline__lte=now)
            .first()
        )
        if notice is None or notice.objections.exclude(status=Objection.Status.REJECTED).exists():
            return None
        panel = lock_panel(notice.panel)
        notice.status = ResultNotice.Status.FINAL
        notice.closed_at = now
        notice.save(update_fields=["status", "closed_at"])
        panel.stage = Panel.Stage.FINAL
        panel.save(update_fields=["stage", "updated_at"])
        winners = list(panel.awards.select_related("bid__company"))
        audit(
            AuditEvent.Action.RESULT_FINAL,
            None,
            opportunity=panel.opportunity,
            from_state=Panel.Stage.NOTICE,
            to_state=Panel.Stage.FINAL,
            notice=notice.pk,
            awards=[award.bid_id for award in winners],
        )
        title = panel.opportunity.title
        winner_companies = {award.bid.company_id for award in winners}
        winner_users = [user for award in winners for user in members_of(award.bid.company)]
        notify(
            winner_users,
            _("Your bid is selected: %(title)s") % {"title": title},
            _("The objection period of “%(title)s” has ended; the result is final.")
            % {"title": title},
            url=reverse("selection:notice", args=[notice.pk]),
        )
        others = {}
        for bid in bids_before_panel(panel).exclude(company_id__in=winner_companies):
            for user in members_of(bid.company):
                others[user.pk] = user
        notify(
            list(others.values()),
            _("Result final: %(title)s") % {"title": title},
            _(
                "The objection period of “%(title)s” has ended; the result is final. Your bid "
                "page shows the panel's feedback."
            )
            % {"title": title},
            url=reverse("selection:notice", args=[notice.pk]),
        )
        followers_told_of_result(
            panel.opportunity, reverse("selection:notice", args=[notice.pk]), final=True
        )
        return notice


def notices_finalise(now=None):
    """Make final every running notice whose objection period has ended with every objection
    answered and none upheld; a notice with an objection awaiting its answer waits. Each notice
    in its own transaction, under its row lock, so running it twice finalises (and notifies)
    once. Returns the notices made final."""
    now = now or timezone.now()
    due = (
        ResultNotice.objects.filter(status=ResultNotice.Status.RUNNING, objection_deadline__lte=now)
        .exclude(objections__status=Objection.Status.PENDING)
        .values_list("pk", flat=True)
        .distinct()
    )
    return [notice for pk in list(due) if (notice := _finalise_one(pk, now)) is not None]
