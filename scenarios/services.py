"""Workflows of organisations, bids and clarifications. Views, forms, the API and tasks call these;
each one checks the rules on the server, writes its audit line and its notifications in the same
transaction, and raises ValidationError with a message a person can act on."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from cms.models import ChallengePage, OpportunityPage, Status
from notifications.services import notify

from .arrival import arrival_time
from .audit import audit
from .models import (
    AuditEvent,
    Bid,
    BidAttachment,
    BidMilestone,
    BidTargetResponse,
    Clarification,
    Company,
    CompanyCertificate,
    Membership,
)
from .selectors import is_owner, members_of
from .uploads import check_attachment, check_logo

MAX_ATTACHMENTS_PER_BID = 10
MAX_CERTIFICATES_PER_COMPANY = 20
PROFILE_FIELDS = [
    "name",
    "kind",
    "uscc",
    "region",
    "description",
    "qualifications",
    "capability_keywords",
]
# Changing who the organisation is sends it back to the moderators.
IDENTITY_FIELDS = {"name", "kind", "uscc"}


def _beijing(moment):
    return date_format(timezone.localtime(moment), "Y-m-d H:i:s")


# -- organisations -------------------------------------------------------------------------------
@transaction.atomic
def company_register(*, username, email, password, company_fields, domains=(), request=None):
    """Create an account, its organisation (awaiting verification) and make the account its owner.
    The caller has validated the fields (scenarios/forms.py, the API schema)."""
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    company = Company(**company_fields)
    company.full_clean()
    company.save()
    company.domains.set(domains)
    Membership.objects.create(user=user, company=company, role=Membership.Role.OWNER)
    audit(
        AuditEvent.Action.COMPANY_REGISTERED,
        user,
        company=company,
        to_state=company.verification,
        request=request,
    )
    moderators = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(groups__permissions__codename="change_company")
        .distinct()
    )
    notify(
        moderators,
        _("Organisation awaiting verification: %(name)s") % {"name": company.name},
        _("%(name)s registered and waits for verification in the admin.") % {"name": company.name},
        url="/admin/bidding/organisations/",
    )
    return user, company


@transaction.atomic
def company_update(company, actor, *, fields, domains=None, logo=None, request=None):
    """Update the profile; a changed name, type or credit code sends it back for verification."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    changed = sorted(name for name, value in fields.items() if getattr(company, name) != value)
    for name, value in fields.items():
        setattr(company, name, value)
    if logo is not None:
        checked = check_logo(logo)
        company.logo.save(checked.name, checked.as_file(), save=False)
        changed.append("logo")
    company.full_clean()
    before = company.verification
    if IDENTITY_FIELDS & set(changed) and company.verification != Company.Verification.PENDING:
        company.verification = Company.Verification.PENDING
        company.verified_at = None
        company.verified_by = None
    company.save()
    if domains is not None:
        company.domains.set(domains)
        changed.append("domains")
    audit(
        AuditEvent.Action.COMPANY_UPDATED,
        actor,
        company=company,
        from_state=before,
        to_state=company.verification,
        request=request,
        fields=changed,
    )
    return company


@transaction.atomic
def company_verify(company, actor, *, approve, note="", request=None):
    """A moderator's decision on an organisation; its members are told."""
    if not actor.has_perm("scenarios.change_company"):
        raise PermissionDenied
    company = Company.objects.select_for_update().get(pk=company.pk)
    before = company.verification
    company.verification = (
        Company.Verification.VERIFIED if approve else Company.Verification.REJECTED
    )
    company.verification_note = note
    company.verified_at = timezone.now() if approve else None
    company.verified_by = actor if approve else None
    company.save()
    audit(
        AuditEvent.Action.COMPANY_VERIFIED if approve else AuditEvent.Action.COMPANY_REJECTED,
        actor,
        company=company,
        from_state=before,
        to_state=company.verification,
        request=request,
        note=note,
    )
    members = members_of(company)
    if approve:
        subject = _("%(name)s is verified: its bids now count") % {"name": company.name}
    else:
        subject = _("%(name)s was not verified") % {"name": company.name}
    notify(members, subject, note or subject, url="/account/")
    return company


@transaction.atomic
def member_add(company, actor, *, username, email, password, request=None):
    """The owner adds an account to the organisation."""
    if not is_owner(actor, company):
        raise PermissionDenied
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    Membership.objects.create(user=user, company=company, role=Membership.Role.MEMBER)
    audit(AuditEvent.Action.MEMBER_ADDED, actor, company=company, request=request, member=username)
    return user


@transaction.atomic
def member_remove(company, actor, membership, *, request=None):
    """The owner removes a member: the account is closed (its bids and audit lines keep their
    author) and its API tokens are revoked. The owner cannot remove itself; it hands over first."""
    if not is_owner(actor, company):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(pk=membership.pk, company=company)
    if membership.role == Membership.Role.OWNER:
        raise ValidationError(
            _("The owner cannot be removed; make another member the owner first."),
            code="owner",
        )
    user = membership.user
    membership.delete()
    user.is_active = False
    user.save(update_fields=["is_active"])
    APIToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit(
        AuditEvent.Action.MEMBER_REMOVED,
        actor,
        company=company,
        request=request,
        member=user.get_username(),
    )


@transaction.atomic
def ownership_transfer(company, actor, membership, *, request=None):
    """The owner makes another member the owner and stays on as a member."""
    if not is_owner(actor, company):
        raise PermissionDenied
    memberships = Membership.objects.select_for_update().filter(company=company)
    new_owner = memberships.get(pk=membership.pk)
    if new_owner.user_id == actor.pk:
        raise ValidationError(_("This account is already the owner."), code="already_owner")
    # One owner per organisation is a database constraint: step down before handing over.
    memberships.filter(role=Membership.Role.OWNER).update(role=Membership.Role.MEMBER)
    memberships.filter(pk=new_owner.pk).update(role=Membership.Role.OWNER)
    audit(
        AuditEvent.Action.OWNERSHIP_TRANSFERRED,
        actor,
        company=company,
        from_state=actor.get_username(),
        to_state=new_owner.user.get_username(),
        request=request,
    )


@transaction.atomic
def certificate_add(company, actor, *, title, upload, request=None):
    """The owner attaches a licence or certificate scan, checked like a bid attachment."""
    if not is_owner(actor, company):
        raise PermissionDenied
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.certificates.count() >= MAX_CERTIFICATES_PER_COMPANY:
        raise ValidationError(
            _("An organisation keeps at most %(count)d certificates.")
            % {"count": MAX_CERTIFICATES_PER_COMPANY},
            code="too_many",
        )
    checked = check_attachment(upload)
    certificate = CompanyCertificate(company=company, title=title).store(checked, actor)
    audit(
        AuditEvent.Action.CERTIFICATE_ADDED,
        actor,
        company=company,
        request=request,
        title=title,
        file=checked.name,
        sha256=checked.sha256,
    )
    return certificate


@transaction.atomic
def certificate_remove(certificate, actor, *, request=None):
    if not is_owner(actor, certificate.company):
        raise PermissionDenied
    title, name = certificate.title, certificate.original_name
    transaction.on_commit(lambda: certificate.file.delete(save=False))
    certificate.delete()
    audit(
        AuditEvent.Action.CERTIFICATE_REMOVED,
        actor,
        company=certificate.company,
        request=request,
        title=title,
        file=name,
    )


# -- bids ----------------------------------------------------------------------------------------
def _ensure_accepting(opportunity, now):
    """Refuse unless the opportunity is live and inside its application window at `now`."""
    if not opportunity.live:
        raise ValidationError(_("This opportunity is not published."), code="not_published")
    if opportunity.application_opens and now < opportunity.application_opens:
        raise ValidationError(
            _("Applications open at %(opens)s (Beijing time).")
            % {"opens": _beijing(opportunity.application_opens)},
            code="not_open",
        )
    if now > opportunity.application_deadline:
        raise ValidationError(
            _("The deadline (%(deadline)s, Beijing time) has passed: the bid can no longer change.")
            % {"deadline": _beijing(opportunity.application_deadline)},
            code="deadline_passed",
        )


def _ensure_member(company_id, actor):
    if not Membership.objects.filter(user=actor, company_id=company_id).exists():
        raise PermissionDenied


def _locked_bid(bid):
    """The bid row, locked, with its organisation, and its opportunity: every change is
    decided under this lock."""
    bid = Bid.objects.select_for_update(of=("self",)).select_related("company").get(pk=bid.pk)
    return bid, OpportunityPage.objects.get(pk=bid.opportunity_id).specific


@transaction.atomic
def bid_create(company, opportunity, actor, *, fields, request=None):
    """Start a draft bid. One active bid per organisation and opportunity."""
    _ensure_member(company.pk, actor)
    if not company.is_verified:
        raise ValidationError(
            _("Your organisation has not been verified yet; a moderator checks it first."),
            code="not_verified",
        )
    opportunity = opportunity.specific
    _ensure_accepting(opportunity, arrival_time(request))
    _check_funding(opportunity, fields.get("requested_funding_wan"))
    try:
        with transaction.atomic():
            bid = Bid.objects.create(
                company=company, opportunity=opportunity, created_by=actor, **fields
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Your organisation already has a bid on this opportunity; open it from My bids."),
            code="duplicate",
        ) from error
    if isinstance(opportunity, ChallengePage):
        BidTargetResponse.objects.bulk_create(
            BidTargetResponse(
                bid=bid,
                target=target,
                indicator=target.indicator,
                target_value=f"{target.target_value}{target.unit}",
                sort_order=index,
            )
            for index, target in enumerate(opportunity.targets.all())
        )
    audit(AuditEvent.Action.BID_CREATED, actor, bid=bid, to_state=bid.status, request=request)
    return bid


def _check_funding(opportunity, requested):
    bounty = getattr(opportunity, "bounty_wan", None) or getattr(
        opportunity, "budget_max_wan", None
    )
    if requested is not None and bounty is not None and requested > bounty:
        raise ValidationError(
            {
                "requested_funding_wan": _(
                    "The requested funding (%(requested)s) is above what the opportunity offers "
                    "(%(bounty)s, in 10k CNY)."
                )
                % {"requested": requested, "bounty": bounty}
            },
            code="funding_above_bounty",
        )


@transaction.atomic
def bid_update(bid, actor, *, fields, target_responses=None, milestones=None, request=None):
    """Edit a draft or submitted bid before the deadline.

    target_responses: {response id: {"committed_value", "approach"}};
    milestones: [{"month", "deliverable"}] replacing the timeline.
    """
    _ensure_member(bid.company_id, actor)
    bid, opportunity = _locked_bid(bid)
    _ensure_accepting(opportunity, arrival_time(request))
    if not bid.is_editable:
        raise ValidationError(_("A withdrawn bid cannot be edited."), code="not_editable")
    _check_funding(opportunity, fields.get("requested_funding_wan", bid.requested_funding_wan))
    for name, value in fields.items():
        setattr(bid, name, value)
    bid.full_clean(exclude=["company", "opportunity", "created_by"])
    bid.save()
    if target_responses:
        for response in bid.target_responses.filter(pk__in=target_responses):
            for name, value in target_responses[response.pk].items():
                setattr(response, name, value)
            response.save()
    if milestones is not None:
        bid.milestones.all().delete()
        BidMilestone.objects.bulk_create(BidMilestone(bid=bid, **row) for row in milestones)
    if bid.status == Bid.Status.SUBMITTED:
        missing = _missing_for_submission(bid, opportunity)
        if missing:
            raise ValidationError(
                _("A submitted bid must stay complete; fill in: %(missing)s.")
                % {"missing": "、".join(missing)},
                code="incomplete",
            )
    audit(
        AuditEvent.Action.BID_UPDATED,
        actor,
        bid=bid,
        from_state=bid.status,
        to_state=bid.status,
        request=request,
        fields=sorted(fields),
    )
    return bid


def _missing_for_submission(bid, opportunity):
    missing = []
    if not bid.summary.strip():
        missing.append(_("summary"))
    if not bid.approach.strip():
        missing.append(_("technical approach"))
    if isinstance(opportunity, ChallengePage):
        unanswered = bid.target_responses.filter(committed_value="").count()
        if unanswered:
            missing.append(
                _("the committed value of %(count)d technical target(s)") % {"count": unanswered}
            )
    return missing


@transaction.atomic
def bid_submit(bid, actor, *, request=None):
    """Submit (or re-submit after an edit) before the deadline; the first submission gets the
    receipt number. Submitting twice is harmless: the second call changes nothing."""
    _ensure_member(bid.company_id, actor)
    bid, opportunity = _locked_bid(bid)
    now = arrival_time(request)
    _ensure_accepting(opportunity, now)
    if bid.status == Bid.Status.SUBMITTED:
        return bid
    if bid.status != Bid.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted; this bid is %(status)s.")
            % {"status": bid.get_status_display()},
            code="not_draft",
        )
    if not bid.company.is_verified:
        raise ValidationError(
            _("Your organisation has not been verified yet; a moderator checks it first."),
            code="not_verified",
        )
    missing = _missing_for_submission(bid, opportunity)
    if missing:
        raise ValidationError(
            _("Before submitting, fill in: %(missing)s.") % {"missing": "、".join(missing)},
            code="incomplete",
        )
    before = bid.status
    bid.status = Bid.Status.SUBMITTED
    bid.submitted_at = now
    if not bid.receipt_number:
        bid.receipt_number = f"R{timezone.localdate(now):%Y%m%d}{bid.pk:07d}"
    bid.save()
    audit(
        AuditEvent.Action.BID_SUBMITTED,
        actor,
        bid=bid,
        from_state=before,
        to_state=bid.status,
        request=request,
        receipt=bid.receipt_number,
        at=now.isoformat(),
    )
    notify(
        members_of(bid.company),
        _("Bid received: %(receipt)s") % {"receipt": bid.receipt_number},
        _(
            "Your bid on “%(title)s” was received at %(at)s (Beijing time) with receipt number "
            "%(receipt)s. It can be edited or withdrawn until %(deadline)s."
        )
        % {
            "title": opportunity.title,
            "at": _beijing(now),
            "receipt": bid.receipt_number,
            "deadline": _beijing(opportunity.application_deadline),
        },
        url=f"/account/bids/{bid.pk}/",
    )
    return bid


@transaction.atomic
def bid_withdraw(bid, actor, *, request=None):
    """Withdraw a draft or submitted bid before the deadline; a new one may be started after."""
    _ensure_member(bid.company_id, actor)
    bid, opportunity = _locked_bid(bid)
    now = arrival_time(request)
    _ensure_accepting(opportunity, now)
    if bid.status not in (Bid.Status.DRAFT, Bid.Status.SUBMITTED):
        raise ValidationError(_("This bid cannot be withdrawn."), code="not_withdrawable")
    before = bid.status
    bid.status = Bid.Status.WITHDRAWN
    bid.withdrawn_at = now
    bid.save()
    audit(
        AuditEvent.Action.BID_WITHDRAWN,
        actor,
        bid=bid,
        from_state=before,
        to_state=bid.status,
        request=request,
    )
    return bid


@transaction.atomic
def attachment_add(bid, actor, upload, *, request=None):
    """Check an uploaded file by its content and attach it to an editable bid."""
    _ensure_member(bid.company_id, actor)
    bid, opportunity = _locked_bid(bid)
    _ensure_accepting(opportunity, arrival_time(request))
    if not bid.is_editable:
        raise ValidationError(_("A withdrawn bid cannot change."), code="not_editable")
    if bid.attachments.count() >= MAX_ATTACHMENTS_PER_BID:
        raise ValidationError(
            _("A bid has at most %(count)d attachments.") % {"count": MAX_ATTACHMENTS_PER_BID},
            code="too_many",
        )
    checked = check_attachment(upload)
    attachment = BidAttachment(bid=bid, kind=checked.kind).store(checked, actor)
    audit(
        AuditEvent.Action.BID_ATTACHMENT_ADDED,
        actor,
        bid=bid,
        from_state=bid.status,
        to_state=bid.status,
        request=request,
        file=checked.name,
        sha256=checked.sha256,
    )
    return attachment


@transaction.atomic
def attachment_remove(attachment, actor, *, request=None):
    bid = attachment.bid
    _ensure_member(bid.company_id, actor)
    bid, opportunity = _locked_bid(bid)
    _ensure_accepting(opportunity, arrival_time(request))
    name = attachment.original_name
    # The file goes once the row is gone for good, not before a rollback could revive it.
    transaction.on_commit(lambda: attachment.file.delete(save=False))
    attachment.delete()
    audit(
        AuditEvent.Action.BID_ATTACHMENT_REMOVED,
        actor,
        bid=bid,
        from_state=bid.status,
        to_state=bid.status,
        request=request,
        file=name,
    )


def bid_opened(bid, actor, *, request=None):
    """Record that someone outside the bidding organisation opened a sealed bid."""
    action = (
        AuditEvent.Action.BID_OPENED_BY_PUBLISHER
        if hasattr(actor, "publisher_membership")
        else AuditEvent.Action.BID_VIEWED_BY_STAFF
    )
    audit(action, actor, bid=bid, from_state=bid.status, to_state=bid.status, request=request)


# -- clarifications ------------------------------------------------------------------------------
@transaction.atomic
def question_ask(opportunity, actor, *, question, request=None):
    membership = Membership.objects.select_related("company").filter(user=actor).first()
    if membership is None:
        raise PermissionDenied
    if opportunity.specific.status != Status.OPEN:
        raise ValidationError(
            _("Questions can be asked while the opportunity is open."), code="not_open"
        )
    clarification = Clarification.objects.create(
        opportunity=opportunity, company=membership.company, asked_by=actor, question=question
    )
    audit(
        AuditEvent.Action.QUESTION_ASKED,
        actor,
        company=membership.company,
        request=request,
        clarification=clarification.pk,
    )
    return clarification


@transaction.atomic
def question_answer(clarification, actor, *, answer, request=None):
    """The publisher answers publicly; the asker is told, and is never named on the page."""
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    clarification.answer = answer
    clarification.answered_by = actor
    clarification.answered_at = timezone.now()
    clarification.save()
    audit(
        AuditEvent.Action.QUESTION_ANSWERED,
        actor,
        company=clarification.company,
        request=request,
        clarification=clarification.pk,
    )
    opportunity = clarification.opportunity
    notify(
        [clarification.asked_by],
        _("Your question on “%(title)s” was answered") % {"title": opportunity.title},
        answer,
        url=opportunity.url or "",
    )
    return clarification


def opportunity_amended(page):
    """Tell everyone with a draft or submitted bid that a published opportunity changed."""
    companies = Company.objects.filter(
        bids__opportunity=page,
        bids__status__in=[Bid.Status.DRAFT, Bid.Status.SUBMITTED],
    )
    users = get_user_model().objects.filter(membership__company__in=companies).distinct()
    return notify(
        users,
        _("“%(title)s” was amended") % {"title": page.title},
        _(
            "The publisher changed “%(title)s”. Please read it again and check that your bid "
            "still answers it; the deadline is %(deadline)s (Beijing time)."
        )
        % {"title": page.title, "deadline": _beijing(page.application_deadline)},
        url=page.url or "",
    )
