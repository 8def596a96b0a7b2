"""The publisher's desk: its opportunities' questions and the bids opened to it after the
deadline."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from ..forms import AnswerForm
from ..models import Clarification
from .common import publisher_or_404


@login_required
def publisher_desk(request):
    organization = publisher_or_404(request.user)
    opportunities = selectors.opportunities_published_by(organization)
    questions = Clarification.objects.filter(opportunity__in=opportunities).select_related(
        "opportunity"
    )
    return render(
        request,
        "publisher/desk.html",
        {
            "organization": organization,
            "unanswered": questions.filter(answered_at__isnull=True).order_by("asked_at"),
            "answered": questions.filter(answered_at__isnull=False)[:20],
            "bids": selectors.bids_opened_to_publisher(organization)[:200],
            "answer_form": AnswerForm(),
        },
    )
