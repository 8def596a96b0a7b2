"""The publisher's likely solvers of its open opportunities, and the invitation to bid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OpportunityPage
from scenarios.models import Company
from scenarios.selectors import opportunities_published_by, publisher_organization_of

from .models import Invitation
from .selectors import likely_solvers_for
from .services import invitation_send

# Opportunities listed on the page, soonest deadline first; each with its best solvers.
OPPORTUNITIES_SHOWN = 20
SOLVERS_SHOWN = 5


def _organization_or_404(user):
    organization = publisher_organization_of(user)
    if organization is None:
        raise Http404(_("This account does not publish for an organisation."))
    return organization


@login_required
def solvers(request):
    organization = _organization_or_404(request.user)
    pages = (
        opportunities_published_by(organization)
        .live()
        .open()
        .order_by("application_deadline")
        .specific()[:OPPORTUNITIES_SHOWN]
    )
    invited = set(
        Invitation.objects.filter(opportunity__in=[page.pk for page in pages]).values_list(
            "opportunity_id", "company_id"
        )
    )
    rows = [
        {
            "page": page,
            "solvers": [
                (entry, (page.pk, entry.item.pk) in invited)
                for entry in likely_solvers_for(page, limit=SOLVERS_SHOWN)
            ],
        }
        for page in pages
    ]
    return render(request, "matching/solvers.html", {"organization": organization, "rows": rows})


@login_required
@require_POST
def invite(request, page_id, company_id):
    page = get_object_or_404(OpportunityPage.objects.live(), pk=page_id)
    company = get_object_or_404(Company, pk=company_id)
    try:
        invitation_send(request.user, page, company, request=request)
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s has been invited to bid.") % {"name": company.name})
    return redirect("matching:solvers")
