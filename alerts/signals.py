"""Signal handlers: a publication of an opportunity (the first, or an amendment that changed
what a reader reads) is recorded for reverse matching; a question answered, an amendment and
(from selection, by a call) a result are told to the opportunity's followers."""

from django.db.models.signals import post_save
from wagtail.signals import page_published

from cms.models import OpportunityPage
from scenarios.models import Clarification
from scenarios.services.amendments import amendment_changes

from . import services


def on_page_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, OpportunityPage):
        return
    changes = amendment_changes(instance, revision)
    if changes is None:
        services.publication_record(instance.pk, services.PUBLISHED)
    elif changes:
        services.publication_record(instance.pk, services.amended_event(revision.pk))
        services.followers_told_of_amendment(instance)


def on_clarification_saved(sender, instance, created=False, **kwargs):
    if instance.answer and instance.answered_at:
        services.followers_told_of_answer(instance)


page_published.connect(on_page_published, dispatch_uid="alerts.page_published")
post_save.connect(
    on_clarification_saved, sender=Clarification, dispatch_uid="alerts.clarification_answered"
)
