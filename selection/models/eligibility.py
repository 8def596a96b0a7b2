"""The eligibility check (形式审查): the publisher marks each submitted bid eligible or not."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.models.bids import text_checks


class EligibilityCheck(models.Model):
    """The result of the eligibility check of one bid; the reason is sent to the bidder."""

    bid = models.OneToOneField(
        "scenarios.Bid", verbose_name=_("bid"), on_delete=models.CASCADE, related_name="eligibility"
    )
    eligible = models.BooleanField(_("eligible"))
    reason = models.TextField(
        _("reason"), max_length=1000, blank=True, validators=text_checks(1000)
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")

    def __str__(self):
        return f"{self.bid}: {self.eligible}"
