"""Workflows of bidding organisations: registration, profile, verification, members, ownership
and certificate scans. Each checks its own rules and writes its audit line in its transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from notifications.services import notify

from ..audit import audit
from ..models import AuditEvent, Company, CompanyCertificate, Membership
from ..selectors import is_owner, members_of
from ..uploads import check_attachment, check_logo

MAX_CERTIFICATES_PER_COMPANY = 20
# Changing who the organisation is sends it back to the moderators.
IDENTITY_FIELDS = {"name", "kind", "uscc"}


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
    # Usernames go in the detail: the state columns hold states, and a username is longer.
    audit(
        AuditEvent.Action.OWNERSHIP_TRANSFERRED,
        actor,
        company=company,
        request=request,
        from_owner=actor.get_username(),
        to_owner=new_owner.user.get_username(),
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
    """The owner removes a certificate scan; the file goes once the removal has committed."""
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
