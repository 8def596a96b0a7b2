"""Invitations to bid (邀请揭榜): a publisher asks a verified organisation to take up one of its
opportunities. One per organisation and opportunity; the row is the record of who asked when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    opportunity = models.ForeignKey(
        "cms.OpportunityPage",
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="bid_invitations",
    )
    company = models.ForeignKey(
        "scenarios.Company",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="bid_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score = models.FloatField(_("match score when invited"), default=0)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation to bid")
        verbose_name_plural = _("invitations to bid")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "company"], name="invitation_once_per_company"
            )
        ]

    def __str__(self):
        return f"{self.company} ← {self.opportunity}"
