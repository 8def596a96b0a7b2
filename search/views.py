"""The public search page: a plain GET form with facet links, so it works without JavaScript;
suggestions as you type (site/static/js/search.js) are an addition."""

from datetime import datetime

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cms.models import Status

from .forms import SearchForm
from .queries import FACETS, SORTS, search_opportunities

FACET_TITLES = {
    "kind": _("Kind"),
    "status": _("Status"),
    "domain": _("Domain"),
    "region": _("Region"),
    "level": _("Scenario level"),
    "list": _("Opportunity list"),
}


def facet_links(current_query, facets):
    """Each facet value with the URL that selects it (or, when selected, clears it)."""
    blocks = []
    for name in FACETS:
        current = current_query.get(name, "")
        values = []
        for value in facets.get(name, []):
            query = current_query.copy()
            query.pop("page", None)
            selected = str(value["key"]) == current
            if selected:
                query.pop(name, None)
            else:
                query[name] = value["key"]
            values.append({**value, "selected": selected, "url": "?" + query.urlencode()})
        if values:
            blocks.append({"name": name, "title": FACET_TITLES[name], "values": values})
    return blocks


def displayed(hit):
    """A hit as the page shows it: status label, deadline as a datetime, and up to two distinct
    highlighted snippets (a challenge's summary repeats its problem statement)."""
    snippets = []
    for fragment in [*hit["highlight"].get("summary", []), *hit["highlight"].get("body", [])]:
        if fragment not in snippets:
            snippets.append(fragment)
    return {
        **hit,
        "snippets": snippets[:2],
        "status_label": Status(hit["status"]).label,
        "deadline_at": datetime.fromisoformat(hit["deadline"]),
    }


def search_page(request):
    form = SearchForm(request.GET)
    params = form.params()
    query = request.GET.copy()
    query["q"] = params.q  # links carry the query as searched (cut to its maximum length)
    results = search_opportunities(params)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "params": params,
            "results": results,
            "hits": [displayed(hit) for hit in results.hits],
            "facets": facet_links(query, results.facets),
            "filters": {name: value for name, value in request.GET.items() if name in FACETS},
            "messages": form.messages(),
            "sorts": SORTS,
            "page_range": range(1, results.pages + 1),
        },
    )
