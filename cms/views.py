"""Public views beside Wagtail's page tree: the page of every published opportunity list."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Site

from .models import OpportunityListPage

LISTS_PER_PAGE = 20


def all_lists(request):
    """Every live opportunity list of this site, newest first, paginated."""
    site = Site.find_for_request(request)
    lists = OpportunityListPage.objects.live().select_related("publisher", "region")
    if site is not None:
        lists = lists.descendant_of(site.root_page, inclusive=True)
    page_obj = Paginator(lists.order_by("-issued_on", "-pk"), LISTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "cms/all_lists.html", {"page_obj": page_obj})
