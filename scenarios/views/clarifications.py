"""Clarifications (答疑): a bidding organisation asks on an opportunity page; the publisher
answers from its desk. Writes go through scenarios/services/clarifications.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OpportunityPage

from .. import selectors, services
from ..forms import AnswerForm, QuestionForm
from ..models import Clarification
from .common import error_text, publisher_or_404


@login_required
@require_POST
def question_ask(request, page_id):
    opportunity = get_object_or_404(OpportunityPage.objects.live(), pk=page_id)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(form.errors["question"])))
        return redirect(opportunity.url)
    try:
        services.question_ask(
            opportunity, request.user, question=form.cleaned_data["question"], request=request
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("Your question was sent; the answer will be published on this page.")
        )
    return redirect(f"{opportunity.url}#clarifications")


@login_required
@require_POST
def question_answer(request, pk):
    organization = publisher_or_404(request.user)
    clarification = get_object_or_404(
        Clarification,
        pk=pk,
        opportunity__in=selectors.opportunities_published_by(organization),
    )
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.question_answer(
            clarification, request.user, answer=form.cleaned_data["answer"], request=request
        )
        messages.success(request, _("The answer is published."))
    else:
        messages.error(request, error_text(ValidationError(form.errors["answer"])))
    return redirect(reverse("publisher:desk"))
