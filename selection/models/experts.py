"""The expert pool (专家库): reviewers with their own accounts, affiliation and expertise."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.models.bids import text_checks
from scenarios.validators import validate_uscc

KEYWORD_SEPARATORS = re.compile(r"[,，、;；\s]+")


class ExpertQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Expert(models.Model):
    """One expert of the pool. Moderators manage the pool in the admin; the expert signs in with
    the linked account. The affiliation and its credit code drive the automatic conflict flags."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="expert_profile",
    )
    name = models.CharField(_("name"), max_length=60)
    affiliation = models.CharField(_("affiliation"), max_length=120)
    affiliation_uscc = models.CharField(
        _("affiliation's credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("Unified social credit code of the expert's employer, for conflict checks."),
    )
    title = models.CharField(_("professional title"), max_length=60, blank=True)
    domains = models.ManyToManyField(
        "cms.Domain", verbose_name=_("domains"), blank=True, related_name="experts"
    )
    keywords = models.CharField(
        _("expertise keywords"),
        max_length=300,
        blank=True,
        validators=text_checks(300),
        help_text=_("Separated by commas or 、."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("in the pool"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name}（{self.affiliation}）"

    @property
    def keyword_list(self):
        return [word for word in KEYWORD_SEPARATORS.split(self.keywords) if word]
