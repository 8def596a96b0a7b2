"""Score sheets: one expert's scores of one bid in one round, criterion by criterion."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.models.bids import text_checks

from .panels import PanelCriterion, PanelMember


class Round(models.TextChoices):
    REVIEW = "review", _("Expert review")
    ROADSHOW = "roadshow", _("Roadshow")


class ScoreSheet(models.Model):
    """What one expert gave one bid. A draft until submitted; once submitted it is what the
    consensus reads, and every later change is audited."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="sheets")
    bid = models.ForeignKey("scenarios.Bid", on_delete=models.PROTECT, related_name="score_sheets")
    round = models.CharField(_("round"), max_length=10, choices=Round.choices, default=Round.REVIEW)
    comment = models.TextField(
        _("overall comment"), max_length=4000, blank=True, validators=text_checks(4000)
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["bid_id", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "bid", "round"], name="score_sheet_once_per_round"
            )
        ]

    def __str__(self):
        return f"{self.member.expert.name} → {self.bid}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def total(self):
        return sum(score.score for score in self.scores.all())


class CriterionScore(models.Model):
    """One criterion's score on a sheet, within the criterion's maximum."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(PanelCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.TextField(
        _("comment"), max_length=2000, blank=True, validators=text_checks(2000)
    )

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__sort_order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="criterion_scored_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0), name="criterion_score_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.score}"
