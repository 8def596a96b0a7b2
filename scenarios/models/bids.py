"""Bids (揭榜申报): what an organisation proposes for a scenario or challenge, its responses to
the technical targets, milestones and attachments."""

from django.conf import settings
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from .companies import Company
from .uploads import PrivateUpload

# The longest project a bid may plan, in months after signing.
MAX_PROJECT_MONTHS = 120
# 10 billion 万元: more than any opportunity offers, and what max_digits=12 holds.
MAX_FUNDING_WAN = 9_999_999_999


def text_checks(max_length):
    """A text field's own checks, so every write (site, API, admin) meets them: model TextFields
    do not check their max_length, and PostgreSQL refuses NUL characters."""
    return [MaxLengthValidator(max_length), ProhibitNullCharactersValidator()]


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
    summary = models.TextField(
        _("summary"), max_length=2000, blank=True, validators=text_checks(2000)
    )
    approach = models.TextField(
        _("technical approach"), max_length=20000, blank=True, validators=text_checks(20000)
    )
    team = models.TextField(_("team"), max_length=5000, blank=True, validators=text_checks(5000))
    requested_funding_wan = models.DecimalField(
        _("requested funding (10k CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_FUNDING_WAN)],
    )
    # Who the organisation was, as verified, when it (last) submitted: a later rename does not
    # change what the publisher reads (scenarios/services/bid_change.py).
    bidder_name = models.CharField(_("bidder as submitted"), max_length=120, blank=True)
    bidder_uscc = models.CharField(_("credit code as submitted"), max_length=18, blank=True)
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
            ),
            # No write path may store a sum the platform cannot read back (SQLite keeps any
            # number in a decimal column and fails when reading it).
            models.CheckConstraint(
                condition=models.Q(requested_funding_wan__isnull=True)
                | models.Q(
                    requested_funding_wan__gte=0, requested_funding_wan__lte=MAX_FUNDING_WAN
                ),
                name="bid_requested_funding_in_range",
            ),
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
    committed_value = models.CharField(
        _("committed value"),
        max_length=100,
        blank=True,
        validators=[ProhibitNullCharactersValidator()],
    )
    approach = models.TextField(
        _("how it will be met"), max_length=4000, blank=True, validators=text_checks(4000)
    )
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
        _("month"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PROJECT_MONTHS)],
        help_text=_("Months after signing."),
    )
    deliverable = models.CharField(
        _("deliverable"), max_length=300, validators=[ProhibitNullCharactersValidator()]
    )

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
