"""Template tags the opportunity pages use to show what the visitor can do: start or open a bid,
ask a question, read the public answers."""

from django import template

from ..forms import QuestionForm
from ..models import Bid
from ..selectors import company_of, public_clarifications

register = template.Library()


@register.inclusion_tag("components/bid_panel.html", takes_context=True)
def bid_panel(context, page):
    request = context["request"]
    company = company_of(request.user)
    bid = None
    if company is not None:
        bid = Bid.objects.active().filter(company=company, opportunity_id=page.pk).first()
    return {"request": request, "page": page, "company": company, "bid": bid}


@register.inclusion_tag("components/clarifications.html", takes_context=True)
def clarifications(context, page):
    request = context["request"]
    return {
        "request": request,
        "page": page,
        "answered": public_clarifications(page),
        "can_ask": company_of(request.user) is not None and page.status == "open",
        "form": QuestionForm(),
    }
