"""Invitations to bid (邀请揭榜): a publisher asks a verified organisation to take up one of its
opportunities, once per organisation and opportunity; and the keyword suggestions an editor
rejected, so they are not suggested again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """One invitation to bid; the row is the record of who asked whom, when."""

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


class KeywordRejection(models.Model):
    """A suggested keyword an editor turned down for an opportunity: never suggested again."""

    page = models.ForeignKey(
        "cms.OpportunityPage",
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="rejected_keywords",
    )
    word = models.CharField(_("keyword"), max_length=100)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejected_at = models.DateTimeField(_("rejected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rejected keyword suggestion")
        verbose_name_plural = _("rejected keyword suggestions")
        constraints = [
            models.UniqueConstraint(fields=["page", "word"], name="keyword_rejected_once")
        ]

    def __str__(self):
        return self.word
