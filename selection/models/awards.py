"""The decision: which bids are selected (揭榜成功), in which rank, with which share of the
bounty. Shortlisted / selected / not selected live on the bid's own status."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.models.bids import MAX_FUNDING_WAN

from .panels import Panel


class Award(models.Model):
    """One selected bid. A single-winner challenge has one; a horse race (赛马制) has N, whose
    amounts split the bounty."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="awards")
    bid = models.OneToOneField("scenarios.Bid", on_delete=models.PROTECT, related_name="award")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    amount_wan = models.DecimalField(
        _("amount (10k CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "rank"], name="award_rank_once"),
            models.CheckConstraint(
                condition=models.Q(amount_wan__isnull=True)
                | models.Q(amount_wan__gte=0, amount_wan__lte=MAX_FUNDING_WAN),
                name="award_amount_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.bid}"
