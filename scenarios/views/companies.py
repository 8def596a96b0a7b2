"""Pages of a bidding organisation: sign-up, the profile and its certificate scans, members and
ownership. Every write goes through scenarios/services/companies.py."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import CertificateForm, CompanyProfileForm, MemberForm, SignupForm
from ..models import CompanyCertificate, Membership
from .common import (
    add_service_errors,
    company_or_404,
    error_text,
    private_download,
    store_upload,
)


def signup(request):
    if request.user.is_authenticated:
        return redirect("account:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, company = services.company_register(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            company_fields=form.company_fields(),
            request=request,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome! %(name)s is registered and awaits verification by a moderator.")
            % {"name": company.name},
        )
        return redirect("account:profile")
    return render(request, "account/signup.html", {"form": form})


@login_required
def profile(request):
    company = company_or_404(request.user)
    can_edit = selectors.is_owner(request.user, company)
    form = CompanyProfileForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.company_update(
                    company,
                    request.user,
                    fields=form.profile_fields(),
                    domains=form.cleaned_data["domains"],
                    logo=form.cleaned_data["logo_upload"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error, default_field="logo_upload")
            else:
                messages.success(request, _("The profile is saved."))
                return redirect("account:profile")
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "account/profile.html",
        {
            "form": form,
            "company": company,
            "can_edit": can_edit,
            "certificates": company.certificates.all(),
            "certificate_form": CertificateForm(),
        },
    )


@login_required
@require_POST
def certificate_add(request):
    company = company_or_404(request.user)
    if not selectors.is_owner(request.user, company):
        raise PermissionDenied
    form = CertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                f"{form[name].label}: {error_text(ValidationError(errors))}"
                for name, errors in form.errors.items()
            ),
        )
        return redirect("account:profile")
    store_upload(
        request,
        form.cleaned_data["file"],
        lambda upload: services.certificate_add(
            company,
            request.user,
            title=form.cleaned_data["title"],
            upload=upload,
            request=request,
        ),
    )
    return redirect("account:profile")


@login_required
def certificate_download(request, pk):
    certificate = get_object_or_404(CompanyCertificate.objects.select_related("company"), pk=pk)
    if not selectors.can_read_certificates(request.user, certificate.company):
        raise Http404
    return private_download(certificate)


@login_required
@require_POST
def certificate_remove(request, pk):
    company = company_or_404(request.user)
    certificate = get_object_or_404(CompanyCertificate, pk=pk, company=company)
    services.certificate_remove(certificate, request.user, request=request)
    messages.success(request, _("%(name)s was removed.") % {"name": certificate.title})
    return redirect("account:profile")


@login_required
def members(request):
    company = company_or_404(request.user)
    if not selectors.is_owner(request.user, company):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_add(company, request.user, request=request, **form.cleaned_data)
        messages.success(
            request, _("The account %(name)s was added.") % {"name": form.cleaned_data["username"]}
        )
        return redirect("account:members")
    return render(
        request,
        "account/members.html",
        {
            "form": form,
            "company": company,
            "memberships": company.memberships.select_related("user").order_by("-role", "pk"),
        },
    )


def _member_change(request, pk, change, success):
    """An owner's change to a member: the service decides, the message tells how it went."""
    company = company_or_404(request.user)
    if not selectors.is_owner(request.user, company):
        raise PermissionDenied
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, company=company
    )
    try:
        change(company, request.user, membership, request=request)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success % {"name": membership.user.get_username()})
    return redirect("account:members")


@login_required
@require_POST
def member_remove(request, pk):
    return _member_change(
        request, pk, services.member_remove, _("The account %(name)s was removed and closed.")
    )


@login_required
@require_POST
def member_make_owner(request, pk):
    return _member_change(
        request,
        pk,
        services.ownership_transfer,
        _("%(name)s is now the owner; you stay a member."),
    )
