"""Writes of matching: `invitation_send`, a publisher inviting a verified organisation to bid."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from cms.models import OpportunityPage, Status
from notifications.services import notify
from scenarios.audit import audit
from scenarios.models import AuditEvent, Company
from scenarios.selectors import members_of, opportunities_published_by, publisher_organization_of

from .models import Invitation


@transaction.atomic
def invitation_send(actor, opportunity, company, *, score=0.0, request=None):
    """Invite `company` to bid on `opportunity`, notifying its members once.

    Only an account publishing for the opportunity's organisation may invite; only a verified
    organisation, only while the opportunity is open, and never twice.
    """
    organization = publisher_organization_of(actor)
    if (
        organization is None
        or not opportunities_published_by(organization).filter(pk=opportunity.pk).exists()
    ):
        raise PermissionDenied(_("Only the opportunity's publisher may invite organisations."))
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not company.is_verified:
        raise ValidationError(_("Only verified organisations can be invited to bid."))
    page = OpportunityPage.objects.live().get(pk=opportunity.pk)
    if page.status != Status.OPEN:
        raise ValidationError(_("Invitations can be sent only while applications are open."))
    if Invitation.objects.filter(opportunity=page, company=company).exists():
        raise ValidationError(_("This organisation has already been invited to this opportunity."))
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                opportunity=page, company=company, invited_by=actor, score=score
            )
    except IntegrityError as error:  # a second click in flight
        raise ValidationError(
            _("This organisation has already been invited to this opportunity.")
        ) from error
    audit(
        AuditEvent.Action.BID_INVITED,
        actor,
        company=company,
        opportunity=page,
        request=request,
        publisher=organization.name,
    )
    try:
        url = page.url or ""
    except NoReverseMatch:
        url = ""
    notify(
        members_of(company),
        _("Invitation to bid: %(title)s") % {"title": page.title},
        _(
            "%(publisher)s invites your organisation to take up “%(title)s”. Applications close "
            "on %(deadline)s."
        )
        % {
            "publisher": organization.name,
            "title": page.title,
            "deadline": page.application_deadline.strftime("%Y-%m-%d"),
        },
        url=url,
    )
    return invitation
