"""Amendments: a published opportunity that bidders have already started on changed."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ..models import Bid, Company
from ..notifications import notify
from .bid_change import beijing


def opportunity_amended(page):
    """Tell everyone with a draft or submitted bid that a published opportunity changed."""
    companies = Company.objects.filter(
        bids__opportunity=page,
        bids__status__in=[Bid.Status.DRAFT, Bid.Status.SUBMITTED],
    )
    users = get_user_model().objects.filter(membership__company__in=companies).distinct()
    return notify(
        users,
        _("“%(title)s” was amended") % {"title": page.title},
        _(
            "The publisher changed “%(title)s”. Please read it again and check that your bid "
            "still answers it; the deadline is %(deadline)s (Beijing time)."
        )
        % {"title": page.title, "deadline": beijing(page.application_deadline)},
        url=page.url or "",
    )
