"""Bids (揭榜申报): what an organisation proposes for a scenario or challenge, its responses to
the technical targets, milestones and attachments."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from .companies import Company
from .uploads import PrivateUpload


class BidQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Bid.Status.WITHDRAWN)


class Bid(models.Model):
    """One organisation's bid on one opportunity. Sealed: only its own organisation sees it before
    the deadline; the publisher sees submitted bids after it (scenarios/selectors.py)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    company = models.ForeignKey(
        Company, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="bids"
    )
    opportunity = models.ForeignKey(
        "cms.OpportunityPage",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="bids",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    approach = models.TextField(_("technical approach"), max_length=20000, blank=True)
    team = models.TextField(_("team"), max_length=5000, blank=True)
    requested_funding_wan = models.DecimalField(
        _("requested funding (10k CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    receipt_number = models.CharField(
        _("receipt number"), max_length=32, unique=True, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BidQuerySet.as_manager()

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "opportunity"],
                condition=~models.Q(status="withdrawn"),
                name="bid_one_active_per_company_and_opportunity",
            )
        ]

    def __str__(self):
        return self.receipt_number or f"{self.company} → {self.opportunity_id} ({self.status})"

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.SUBMITTED)


class BidTargetResponse(models.Model):
    """How a bid will meet one technical target of the challenge, and to what value.

    The indicator and target value are copied from the challenge when the response is written,
    so an amendment that changes or removes a target never erases what the bidder wrote.
    """

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="target_responses")
    target = models.ForeignKey(
        "cms.ChallengeTarget", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=120)
    target_value = models.CharField(_("target value"), max_length=100, blank=True)
    committed_value = models.CharField(_("committed value"), max_length=100, blank=True)
    approach = models.TextField(_("how it will be met"), max_length=4000, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("response to a technical target")
        verbose_name_plural = _("responses to the technical targets")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.indicator}: {self.committed_value}"


class BidMilestone(models.Model):
    """One milestone of a bid's timeline: what is delivered by which month of the project."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="milestones")
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1)], help_text=_("Months after signing.")
    )
    deliverable = models.CharField(_("deliverable"), max_length=300)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["month", "pk"]

    def __str__(self):
        return f"M{self.month}: {self.deliverable}"


def attachment_path(instance, filename):
    # The stored name is generated: the uploader's name is kept only as data.
    return f"bids/{instance.bid_id}/{instance.sha256[:16]}{instance.extension}"


class BidAttachment(PrivateUpload):
    """A file attached to a bid: a PDF checked by its content, or an image re-encoded on upload."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF document")
        IMAGE = "image", _("Image")

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=200
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)

    class Meta(PrivateUpload.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
