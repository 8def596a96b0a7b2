"""The site's pages of alerts: save the current search, the account's saved searches (change
the frequency, pause, delete), the signed one-click unsubscribe, and following an opportunity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.models import OpportunityPage
from search.params import parameters

from . import services
from .forms import FrequencyForm, SavedSearchForm
from .models import Follow, SavedSearch
from .services.saved_searches import NOT_SAVED


def _error_text(error):
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


@login_required
@require_POST
def saved_search_new(request):
    """Save the search the page shows (its words and filters come as the form's own fields)."""
    names = {spec.name for spec in parameters()} - set(NOT_SAVED)
    filters = {name: request.POST[name] for name in names if request.POST.get(name)}
    query = request.POST.get("q", "")
    form = SavedSearchForm(request.POST)
    # The search page shows its own notes, not messages: the outcome is said on the account's
    # list of saved searches.
    back = reverse("alerts:saved_searches")
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(back)
    try:
        services.saved_search_create(
            request.user,
            form.cleaned_data["name"],
            query=query,
            filters=filters,
            frequency=form.cleaned_data["frequency"] or SavedSearch.Frequency.IMMEDIATE,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(back)
    messages.success(request, _("Search saved: you will be alerted of new matches."))
    return redirect("alerts:saved_searches")


@login_required
def saved_searches(request):
    searches = SavedSearch.objects.filter(user=request.user)
    rows = [
        {
            "search": search,
            "form": FrequencyForm(initial={"frequency": search.frequency}, prefix=f"s{search.pk}"),
            "feed_url": request.build_absolute_uri(services.feed_path(search.pk)),
        }
        for search in searches
    ]
    follows = Follow.objects.filter(user=request.user).select_related("opportunity")
    return render(request, "account/saved_searches.html", {"rows": rows, "follows": follows})


@login_required
@require_POST
def saved_search_change(request, pk):
    saved_search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = FrequencyForm(request.POST, prefix=f"s{pk}")
    active = request.POST.get("active")
    try:
        services.saved_search_update(
            saved_search,
            request.user,
            frequency=form.data.get(f"s{pk}-frequency") or None,
            active=None if active is None else active == "1",
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Saved search changed."))
    return redirect("alerts:saved_searches")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved_search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services.saved_search_delete(saved_search, request.user)
    messages.success(request, _("Saved search deleted."))
    return redirect("alerts:saved_searches")


@csrf_exempt  # the signed token is the authority; mail clients POST it (RFC 8058)
def unsubscribe(request, token):
    """GET shows what the link stops and asks to confirm; POST stops it. No sign-in needed."""
    try:
        ids = services.unsubscribe_ids(token)
    except signing.BadSignature:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=404)
    searches = SavedSearch.objects.filter(pk__in=ids)
    if request.method == "POST":
        services.saved_searches_unsubscribe(ids)
        return render(request, "alerts/unsubscribe.html", {"searches": searches, "done": True})
    return render(request, "alerts/unsubscribe.html", {"searches": searches})


@login_required
@require_POST
def follow_toggle(request, page_id):
    opportunity = get_object_or_404(OpportunityPage.objects.live(), pk=page_id)
    if request.POST.get("follow") == "0":
        services.follow_remove(request.user, opportunity)
        messages.success(request, _("You no longer follow this opportunity."))
    else:
        try:
            services.follow_add(request.user, opportunity)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Following: you will be told of its answers, amendments and result."),
            )
    back = request.POST.get("next") or opportunity.url or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)
