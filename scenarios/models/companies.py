"""Bidding organisations (companies, universities, institutes, teams), their members and
certificates, and the link between publisher accounts and the organisations they publish for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from ..validators import normalize_uscc, validate_uscc
from .uploads import PrivateUpload


class Company(models.Model):
    """An organisation that bids (揭榜单位). Its bids count once a moderator has verified it."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        UNIVERSITY = "university", _("University")
        INSTITUTE = "institute", _("Research institute")
        TEAM = "team", _("Team")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("18 characters (GB 32100-2015). Teams without registration leave it empty."),
    )
    region = models.ForeignKey(
        "cms.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies",
    )
    domains = models.ManyToManyField(
        "cms.Domain", verbose_name=_("domains"), blank=True, related_name="companies"
    )
    capability_keywords = models.JSONField(_("capability keywords"), default=list, blank=True)
    qualifications = models.TextField(_("qualifications and certificates"), blank=True)
    description = models.TextField(_("short description"), max_length=1000, blank=True)
    logo = models.ImageField(_("logo"), upload_to="companies/logos/", blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    verification_note = models.CharField(_("verification note"), max_length=300, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bidding organisation")
        verbose_name_plural = _("bidding organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="company_unique_uscc"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.verification == self.Verification.VERIFIED

    def clean(self):
        self.uscc = normalize_uscc(self.uscc)
        if self.uscc:
            try:
                validate_uscc(self.uscc)
            except ValidationError as error:
                raise ValidationError({"uscc": error.messages}) from error
        elif self.kind != self.Kind.TEAM:
            raise ValidationError(
                {"uscc": _("Registered organisations must give their unified social credit code.")}
            )


class Membership(models.Model):
    """An account's place in its organisation: each account belongs to exactly one."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(role="owner"),
                name="membership_one_owner_per_company",
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.company} ({self.get_role_display()})"


def certificate_path(instance, filename):
    # The stored name is generated: the uploader's name is kept only as data.
    return f"certificates/{instance.company_id}/{instance.sha256[:16]}{instance.extension}"


class CompanyCertificate(PrivateUpload):
    """A scan of a licence, qualification or certificate (营业执照、资质证书) that moderators check
    before verifying the organisation. Stored privately: its members and moderators read it."""

    company = models.ForeignKey(
        Company,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    title = models.CharField(
        _("certificate"),
        max_length=100,
        help_text=_("What it is, e.g. 营业执照, 高新技术企业证书, ISO 9001."),
    )
    file = models.FileField(
        _("file"), upload_to=certificate_path, storage=private_storage, max_length=200
    )

    class Meta(PrivateUpload.Meta):
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.title


class PublisherMembership(models.Model):
    """Links a publisher account to the organisation (cms.Organization) it publishes for: the
    account answers that organisation's clarifications and opens its bids after the deadline."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="publisher_membership",
    )
    organization = models.ForeignKey(
        "cms.Organization",
        verbose_name=_("publishing organisation"),
        on_delete=models.CASCADE,
        related_name="publisher_memberships",
    )

    class Meta:
        verbose_name = _("publisher membership")
        verbose_name_plural = _("publisher memberships")

    def __str__(self):
        return f"{self.user} @ {self.organization}"
