"""Template tags that show matches where other apps' pages are: the "why recommended / match"
box on an opportunity page, the recommendations on an organisation's dashboard and the likely
solvers link and the opened bids' coverage on the publisher desk. (A template loading these tags is no Python import, so the
layer order holds: scenarios' and cms' templates may show what matching computes.)"""

from django import template

from scenarios.selectors import company_of

from ..selectors import bid_coverage, match_for, recommended_opportunities_for

register = template.Library()


@register.inclusion_tag("matching/match_box.html", takes_context=True)
def match_box(context, page):
    """For a signed-in organisation member: how the organisation fits this opportunity."""
    request = context["request"]
    company = company_of(request.user)
    result = None
    if company is not None and page.status == "open":
        result = match_for(company, page)
    return {"request": request, "page": page, "company": company, "match": result}


@register.inclusion_tag("matching/recommendations.html", takes_context=True)
def recommendations(context, company, limit=5):
    """Open opportunities recommended to the organisation, best first, with their reasons."""
    return {
        "request": context["request"],
        "company": company,
        "recommended": recommended_opportunities_for(company, limit=limit) if company else [],
    }


# The opened bids sort by coverage of their opportunity, best first ("-coverage") or worst first.
COVERAGE_SORTS = ("coverage", "-coverage")


@register.simple_tag(takes_context=True)
def with_coverage(context, bids):
    """[(bid, its coverage of its opportunity)], sorted by coverage when the page's `sort`
    asks for it, else in the order given."""
    rows = [(bid, bid_coverage(bid)) for bid in bids]
    sort = context["request"].GET.get("sort", "")
    if sort in COVERAGE_SORTS:
        rows.sort(key=lambda row: row[1].score, reverse=sort == "-coverage")
    return rows
