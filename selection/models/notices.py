"""The public result notice (公示) and the objections (异议) filed against it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.models.bids import text_checks
from scenarios.models.uploads import PrivateUpload
from scenarios.storage import private_storage

from .panels import Panel


class ResultNotice(models.Model):
    """The notice of the proposed winners. While it runs, organisations may object; when it ends
    with no objection upheld the result is final; an upheld objection withdraws it and sends the
    decision back to the publisher."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Objection period running")
        FINAL = "final", _("Final")
        WITHDRAWN = "withdrawn", _("Withdrawn after an objection")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="notices")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING, db_index=True
    )
    text = models.TextField(_("notice text"), max_length=4000, validators=text_checks(4000))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    objection_deadline = models.DateTimeField(_("objections until"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("result notice")
        verbose_name_plural = _("result notices")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel"],
                condition=~models.Q(status="withdrawn"),
                name="result_notice_one_live_per_panel",
            )
        ]

    def __str__(self):
        return f"{self.panel.opportunity.title}（{self.get_status_display()}）"


class Objection(models.Model):
    """An organisation's objection to a result notice, answered in writing by the publisher."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Not upheld")

    notice = models.ForeignKey(ResultNotice, on_delete=models.CASCADE, related_name="objections")
    company = models.ForeignKey(
        "scenarios.Company", on_delete=models.PROTECT, related_name="objections"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_("reasons"), max_length=5000, validators=text_checks(5000))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    answer = models.TextField(
        _("answer"), max_length=5000, blank=True, validators=text_checks(5000)
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["filed_at", "pk"]

    def __str__(self):
        return f"{self.company} → {self.notice}"


def objection_attachment_path(instance, filename):
    return f"objections/{instance.objection_id}/{instance.sha256[:16]}{instance.extension}"


class ObjectionAttachment(PrivateUpload):
    """Evidence filed with an objection: a checked PDF or a re-encoded image, kept private."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=objection_attachment_path, storage=private_storage, max_length=200
    )

    class Meta(PrivateUpload.Meta):
        verbose_name = _("objection attachment")
        verbose_name_plural = _("objection attachments")

    def __str__(self):
        return self.original_name
