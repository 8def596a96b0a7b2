"""Clarifications (答疑): questions organisations ask on an open opportunity and the publisher's
public answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bids import text_checks
from .companies import Company


class Clarification(models.Model):
    """A question on an opportunity. Once answered it is shown publicly, without the asker's name."""

    opportunity = models.ForeignKey(
        "cms.OpportunityPage",
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="clarifications",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"), max_length=2000, validators=text_checks(2000))
    answer = models.TextField(
        _("answer"), max_length=5000, blank=True, validators=text_checks(5000)
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["-asked_at", "-pk"]

    def __str__(self):
        return self.question[:60]

    @property
    def is_answered(self):
        return self.answered_at is not None


class ClarificationAnswerRevision(models.Model):
    """An answer as it stood before the publisher revised it: a public answer is never silently
    replaced (scenarios/services/clarifications.py)."""

    clarification = models.ForeignKey(
        Clarification, on_delete=models.CASCADE, related_name="answer_revisions"
    )
    answer = models.TextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"))
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier answer")
        verbose_name_plural = _("earlier answers")
        ordering = ["-answered_at", "-pk"]

    def __str__(self):
        return self.answer[:60]
