"""Conflicts of interest (回避): an expert recused from one bid or from the whole opportunity,
found automatically, declared by the expert, or decided by the publisher."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .panels import PanelMember


class Recusal(models.Model):
    """One recusal. With a bid, the expert never reads or scores that bid; without one, the
    expert leaves the opportunity (the member's status becomes recused)."""

    class Source(models.TextChoices):
        AFFILIATION = "affiliation", _("The expert's employer is the bidder")
        CREDIT_CODE = "credit_code", _("Same credit code as the bidder")
        TEAM = "team", _("The expert is named on the bid's team")
        DECLARED = "declared", _("Declared by the expert")
        PUBLISHER = "publisher", _("Decided by the publisher")

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="recusals")
    bid = models.ForeignKey(
        "scenarios.Bid",
        verbose_name=_("bid"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recusals",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "bid"],
                condition=models.Q(bid__isnull=False),
                name="recusal_once_per_member_and_bid",
            ),
        ]

    def __str__(self):
        return f"{self.member.expert.name}: {self.get_source_display()}"
