"""Template tags through which the pages of lower apps show the selection's result: the notice
block on an opportunity page (cms templates) and the feedback on a bidder's own bid page
(scenarios templates). Templates load them; the lower apps' code never imports selection."""

from django import template

from ..results import bid_feedback, latest_notice, notice_summary

register = template.Library()


@register.inclusion_tag("selection/components/notice_block.html", takes_context=True)
def result_notice(context, page):
    request = context["request"]
    notice = latest_notice(page)
    if notice is None:
        return {"notice": None}
    return {"request": request, **notice_summary(notice, request.user)}


@register.inclusion_tag("selection/components/feedback.html", takes_context=True)
def selection_feedback(context, bid):
    request = context["request"]
    return {"request": request, "bid": bid, "feedback": bid_feedback(bid, request.user)}
