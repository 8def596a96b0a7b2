"""The panel's consensus (合议) on a bid: the agreed score, per criterion and in total, and the
consensus comment that the bidder reads."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.models.bids import text_checks

from .panels import Panel, PanelCriterion
from .scores import Round


class Consensus(models.Model):
    """Recorded by the chair once every active expert has submitted a sheet for the bid."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="consensus")
    bid = models.ForeignKey("scenarios.Bid", on_delete=models.PROTECT, related_name="consensus")
    round = models.CharField(_("round"), max_length=10, choices=Round.choices, default=Round.REVIEW)
    agreed_score = models.DecimalField(_("agreed score"), max_digits=5, decimal_places=2)
    comment = models.TextField(
        _("consensus comment"), max_length=4000, validators=text_checks(4000)
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus records")
        ordering = ["-agreed_score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "round"], name="consensus_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(agreed_score__gte=0, agreed_score__lte=100),
                name="consensus_score_within_100",
            ),
        ]

    def __str__(self):
        return f"{self.bid}: {self.agreed_score}"


class ConsensusCriterion(models.Model):
    """The agreed score of one criterion (the per-criterion pass marks are checked on it)."""

    consensus = models.ForeignKey(Consensus, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.ForeignKey(PanelCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("agreed score"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["criterion__sort_order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consensus", "criterion"], name="consensus_criterion_once"
            )
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.score}"
