"""The account's own pages: the dashboard, notifications and API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import APIToken

from notifications.services import notifications_mark_read

from .. import selectors, services
from ..forms import TokenForm
from .common import add_service_errors

NOTIFICATIONS_PAGE_SIZE = 20


@login_required
def dashboard(request):
    company = selectors.company_of(request.user)
    organization = selectors.publisher_organization_of(request.user)
    context = {
        "company": company,
        "organization": organization,
        "is_owner": company is not None and selectors.is_owner(request.user, company),
        "notifications": request.user.notifications.all()[:5],
        "unread": request.user.notifications.filter(read_at__isnull=True).count(),
        "bids": selectors.bids_of_company(company)[:5] if company else [],
    }
    return render(request, "account/dashboard.html", context)


@login_required
def notifications(request):
    items = request.user.notifications.all()
    if request.method == "POST":
        notifications_mark_read(request.user)
        return redirect("account:notifications")
    page = Paginator(items, NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "account/notifications.html", {"page_obj": page})


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.token_create(
                request.user, name=form.cleaned_data["name"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    return render(
        request,
        "account/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": APIToken.objects.filter(user=request.user, revoked_at__isnull=True),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(APIToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.token_revoke(token, request.user, request=request)
    messages.success(request, _("The token was revoked."))
    return redirect("account:tokens")
