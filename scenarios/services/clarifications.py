"""Clarifications (答疑): a bidding organisation asks on an open opportunity; the publisher of that
opportunity answers publicly, and a revised answer keeps the one it replaces."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Status
from notifications.services import notify

from ..audit import audit
from ..models import AuditEvent, Clarification, ClarificationAnswerRevision, Membership
from ..selectors import opportunities_published_by, publisher_organization_of


def _clean_text(model_field, value):
    field = Clarification._meta.get_field(model_field)
    try:
        return field.clean(value, None)
    except ValidationError as error:
        raise ValidationError({model_field: list(error.messages)}) from error


@transaction.atomic
def question_ask(opportunity, actor, *, question, request=None):
    """A member of a bidding organisation asks while the opportunity is open."""
    membership = Membership.objects.select_related("company").filter(user=actor).first()
    if membership is None:
        raise PermissionDenied
    question = _clean_text("question", (question or "").strip())
    if opportunity.specific.status != Status.OPEN:
        raise ValidationError(
            _("Questions can be asked while the opportunity is open."), code="not_open"
        )
    clarification = Clarification.objects.create(
        opportunity=opportunity, company=membership.company, asked_by=actor, question=question
    )
    audit(
        AuditEvent.Action.QUESTION_ASKED,
        actor,
        company=membership.company,
        request=request,
        clarification=clarification.pk,
    )
    return clarification


def ensure_publisher_of(actor, opportunity_id):
    """Only an account of the organisation that publishes the opportunity answers on it."""
    organization = publisher_organization_of(actor)
    if organization is None or not (
        opportunities_published_by(organization).filter(pk=opportunity_id).exists()
    ):
        raise PermissionDenied


@transaction.atomic
def question_answer(clarification, actor, *, answer, request=None):
    """The publisher answers publicly; the asker is told, and is never named on the page.
    Answering again revises the answer: the earlier one is kept, and the asker is told it was
    revised. An unchanged answer changes nothing."""
    clarification = (
        Clarification.objects.select_for_update()
        .select_related("opportunity")
        .get(pk=clarification.pk)
    )
    ensure_publisher_of(actor, clarification.opportunity_id)
    answer = _clean_text("answer", (answer or "").strip())
    if not answer:
        raise ValidationError({"answer": [_("This field is required.")]})
    if clarification.is_answered and clarification.answer == answer:
        return clarification
    revised = clarification.is_answered
    if revised:
        ClarificationAnswerRevision.objects.create(
            clarification=clarification,
            answer=clarification.answer,
            answered_by_id=clarification.answered_by_id,
            answered_at=clarification.answered_at,
        )
    clarification.answer = answer
    clarification.answered_by = actor
    clarification.answered_at = timezone.now()
    clarification.save()
    audit(
        AuditEvent.Action.QUESTION_ANSWER_REVISED
        if revised
        else AuditEvent.Action.QUESTION_ANSWERED,
        actor,
        company=clarification.company,
        request=request,
        clarification=clarification.pk,
    )
    opportunity = clarification.opportunity
    if revised:
        subject = _("The answer to your question on “%(title)s” was revised")
    else:
        subject = _("Your question on “%(title)s” was answered")
    notify(
        [clarification.asked_by],
        subject % {"title": opportunity.title},
        answer,
        url=opportunity.url or "",
    )
    return clarification
