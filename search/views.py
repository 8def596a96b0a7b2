"""The public search page: a plain GET form with facet links, so it works without JavaScript;
suggestions as you type (site/static/js/search.js) are an addition. While the index cannot be
reached it answers 503 with the search box and a note, never an error page."""

import logging
from datetime import datetime

from django.shortcuts import render

from cms.models import Status

from .backends import SearchUnavailable
from .forms import SearchForm
from .params import FACETS, SORTS, Kind, parameters
from .queries import search_opportunities

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 60

# A facet is titled with its parameter's label.
FACET_TITLES = {spec.name: spec.label for spec in parameters() if spec.name in FACETS}


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
        if name == "domain":
            values = nested(values)
        if values:
            blocks.append({"name": name, "title": FACET_TITLES[name], "values": values})
    return blocks


def nested(values):
    """Domain values with each child moved into its parent's "children" (the facet lists a
    parent just before its children)."""
    tops = {}
    for value in values:
        parent = tops.get(value.get("parent"))
        if parent is None:
            tops[value["key"]] = {**value, "children": []}
        else:
            parent["children"].append(value)
    return list(tops.values())


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
        "kind_label": Kind(hit["kind"]).label,
        "deadline_at": datetime.fromisoformat(hit["deadline"]),
    }


def search_page(request):
    form = SearchForm(request.GET)
    params = form.params()
    query = request.GET.copy()
    query["q"] = params.q  # links carry the query as searched (cut to its maximum length)
    context = {
        "form": form,
        "params": params,
        "filters": {name: value for name, value in request.GET.items() if name in FACETS},
        # What saving this search keeps (alerts): every filter, not the order or the page.
        "saved_filters": {
            name: value
            for name, value in request.GET.items()
            if value and name not in ("q", "sort", "page", "page_size")
        },
        "messages": form.messages(),
        "sorts": SORTS,
    }
    try:
        results = search_opportunities(params)
    except SearchUnavailable as error:
        logger.warning("search page answers 503: %s", error)
        response = render(request, "search/unavailable.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(
        request,
        "search/search.html",
        {
            **context,
            "results": results,
            "hits": [displayed(hit) for hit in results.hits],
            "facets": facet_links(query, results.facets),
            "page_range": range(1, results.pages + 1),
        },
    )
