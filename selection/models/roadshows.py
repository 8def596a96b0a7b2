"""Roadshow slots (路演答辩): when and where each shortlisted bidder presents to the panel."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .panels import Panel


class RoadshowSlot(models.Model):
    """One bidder's slot; the bidder is notified when it is set or moved."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="roadshow_slots")
    bid = models.OneToOneField(
        "scenarios.Bid", on_delete=models.CASCADE, related_name="roadshow_slot"
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), default=20, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    place = models.CharField(_("place or meeting link"), max_length=200)

    class Meta:
        verbose_name = _("roadshow slot")
        verbose_name_plural = _("roadshow slots")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.bid} {self.starts_at:%Y-%m-%d %H:%M}"
