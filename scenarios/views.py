"""Pages of the company and publisher side: sign-up, profile, members, tokens, bids and their
attachments, questions, notifications, and the publisher's desk. Every write goes through
scenarios/services.py; every read of a bid through selectors.bid_access."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import APIToken

from cms.models import OpportunityPage

from . import selectors, services
from .forms import (
    AnswerForm,
    AttachmentForm,
    BidForm,
    CertificateForm,
    CompanyProfileForm,
    MemberForm,
    MilestoneFormSet,
    QuestionForm,
    SignupForm,
    TargetResponseFormSet,
    TokenForm,
    milestone_rows,
)
from .models import Bid, BidAttachment, Clarification, CompanyCertificate, Membership

NOTIFICATIONS_PAGE_SIZE = 20


def _error_text(error):
    return " ".join(error.messages)


def _add_service_errors(form, error, default_field=None):
    """Put a service's ValidationError on the form: on the field it names, else on default_field
    (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, error)


def _store_upload(request, upload, store):
    """Run the service that checks and stores an upload; say what became of the file."""
    try:
        stored = store(upload)
    except ValidationError as error:
        messages.error(
            request,
            _("%(name)s was refused: %(reason)s")
            % {"name": upload.name, "reason": _error_text(error)},
        )
    else:
        messages.success(request, _("%(name)s was attached.") % {"name": stored})


def _private_download(upload):
    """A checked private file (models.uploads.PrivateUpload) as a download nobody caches."""
    response = FileResponse(
        upload.file.open("rb"),
        as_attachment=True,
        filename=upload.original_name,
        content_type=upload.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _company_or_404(user):
    company = selectors.company_of(user)
    if company is None:
        raise Http404(_("This account does not belong to a bidding organisation."))
    return company


# -- accounts ------------------------------------------------------------------------------------
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
def profile(request):
    company = _company_or_404(request.user)
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
                _add_service_errors(form, error, default_field="logo_upload")
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
    company = _company_or_404(request.user)
    if not selectors.is_owner(request.user, company):
        raise PermissionDenied
    form = CertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                f"{form[name].label}: {_error_text(ValidationError(errors))}"
                for name, errors in form.errors.items()
            ),
        )
        return redirect("account:profile")
    _store_upload(
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
    return _private_download(certificate)


@login_required
@require_POST
def certificate_remove(request, pk):
    company = _company_or_404(request.user)
    certificate = get_object_or_404(CompanyCertificate, pk=pk, company=company)
    services.certificate_remove(certificate, request.user, request=request)
    messages.success(request, _("%(name)s was removed.") % {"name": certificate.title})
    return redirect("account:profile")


@login_required
def members(request):
    company = _company_or_404(request.user)
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
    company = _company_or_404(request.user)
    if not selectors.is_owner(request.user, company):
        raise PermissionDenied
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, company=company
    )
    try:
        change(company, request.user, membership, request=request)
    except ValidationError as error:
        messages.error(request, _error_text(error))
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


@login_required
def notifications(request):
    items = request.user.notifications.all()
    if request.method == "POST":
        items.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("account:notifications")
    page = Paginator(items, NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "account/notifications.html", {"page_obj": page})


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = APIToken.create_token(user=request.user, name=form.cleaned_data["name"])
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
    get_object_or_404(APIToken, pk=pk, user=request.user, revoked_at__isnull=True).revoke()
    messages.success(request, _("The token was revoked."))
    return redirect("account:tokens")


# -- bids ----------------------------------------------------------------------------------------
@login_required
def my_bids(request):
    company = _company_or_404(request.user)
    page = Paginator(selectors.bids_of_company(company), 20).get_page(request.GET.get("page"))
    return render(request, "account/bids.html", {"company": company, "page_obj": page})


@login_required
@require_POST
def bid_start(request, page_id):
    opportunity = get_object_or_404(OpportunityPage.objects.live(), pk=page_id)
    company = _company_or_404(request.user)
    existing = Bid.objects.active().filter(company=company, opportunity=opportunity).first()
    if existing is not None:
        return redirect("bids:detail", pk=existing.pk)
    try:
        bid = services.bid_create(
            company,
            opportunity,
            request.user,
            fields={"summary": ""},
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(opportunity.url)
    messages.success(request, _("A draft bid was started; it is saved but not yet submitted."))
    return redirect("bids:detail", pk=bid.pk)


def _own_bid(request, pk):
    """A bid of the caller's organisation; anyone else's is 404, as when it cannot be read."""
    bid, access = _bid_for(request, pk)
    if access != "member":
        raise Http404
    return bid


def _bid_for(request, pk):
    """The bid and why this account may see it; 404 (not 403) so sealed bids do not leak."""
    bid = get_object_or_404(Bid.objects.select_related("company", "opportunity"), pk=pk)
    access = selectors.bid_access(request.user, bid)
    if access is None:
        raise Http404
    return bid, access


@login_required
def bid_detail(request, pk):
    bid, access = _bid_for(request, pk)
    opportunity = bid.opportunity.specific
    if access != "member":
        if request.method != "GET":
            raise Http404  # publishers and staff read sealed bids; only the bidder changes them
        services.bid_opened(bid, request.user, request=request)
        return render(
            request,
            "bids/bid_readonly.html",
            {"bid": bid, "opportunity": opportunity, "access": access},
        )
    editable = bid.is_editable and opportunity.status == "open"
    data = request.POST if request.method == "POST" else None
    form = BidForm(data, instance=bid, prefix="bid")
    responses = TargetResponseFormSet(data, queryset=bid.target_responses.all(), prefix="targets")
    milestones = MilestoneFormSet(
        data,
        prefix="milestones",
        initial=[{"month": m.month, "deliverable": m.deliverable} for m in bid.milestones.all()],
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This bid can no longer change."))
            return redirect("bids:detail", pk=bid.pk)
        if form.is_valid() and responses.is_valid() and milestones.is_valid():
            try:
                services.bid_update(
                    bid,
                    request.user,
                    fields={name: form.cleaned_data[name] for name in BidForm.Meta.fields},
                    target_responses={
                        f.instance.pk: {
                            name: f.cleaned_data[name] for name in ("committed_value", "approach")
                        }
                        for f in responses.forms
                        if f.cleaned_data
                    },
                    milestones=milestone_rows(milestones),
                    request=request,
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("bids:detail", pk=bid.pk)
    return render(
        request,
        "bids/bid_edit.html",
        {
            "bid": bid,
            "opportunity": opportunity,
            "form": form,
            "responses": responses,
            "milestones": milestones,
            "attachment_form": AttachmentForm(),
            "editable": editable,
            "history": bid.audit_events.select_related("actor")[:20],
        },
    )


def _member_action(request, pk, action, success):
    bid = _own_bid(request, pk)
    try:
        action(bid, request.user, request=request)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success(Bid.objects.get(pk=bid.pk)))
    return redirect("bids:detail", pk=bid.pk)


@login_required
@require_POST
def bid_submit(request, pk):
    return _member_action(
        request,
        pk,
        services.bid_submit,
        lambda bid: (
            _("Submitted. Receipt number %(receipt)s; a confirmation is on its way.")
            % {"receipt": bid.receipt_number}
        ),
    )


@login_required
@require_POST
def bid_withdraw(request, pk):
    return _member_action(
        request, pk, services.bid_withdraw, lambda bid: _("The bid was withdrawn.")
    )


@login_required
@require_POST
def attachment_add(request, pk):
    bid = _own_bid(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _error_text(ValidationError(form.errors["file"])))
        return redirect("bids:detail", pk=bid.pk)
    _store_upload(
        request,
        form.cleaned_data["file"],
        lambda upload: services.attachment_add(bid, request.user, upload, request=request),
    )
    return redirect("bids:detail", pk=bid.pk)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_id):
    bid = _own_bid(request, pk)
    attachment = get_object_or_404(BidAttachment, pk=attachment_id, bid=bid)
    try:
        services.attachment_remove(attachment, request.user, request=request)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("bids:detail", pk=bid.pk)


@login_required
def attachment_download(request, pk, attachment_id):
    bid, access = _bid_for(request, pk)
    attachment = get_object_or_404(BidAttachment, pk=attachment_id, bid=bid)
    if access != "member":
        services.bid_opened(bid, request.user, request=request)
    return _private_download(attachment)


# -- clarifications ------------------------------------------------------------------------------
@login_required
@require_POST
def question_ask(request, page_id):
    opportunity = get_object_or_404(OpportunityPage.objects.live(), pk=page_id)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _error_text(ValidationError(form.errors["question"])))
        return redirect(opportunity.url)
    try:
        services.question_ask(
            opportunity, request.user, question=form.cleaned_data["question"], request=request
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Your question was sent; the answer will be published on this page.")
        )
    return redirect(f"{opportunity.url}#clarifications")


# -- the publisher's desk ------------------------------------------------------------------------
def _publisher_or_404(user):
    organization = selectors.publisher_organization_of(user)
    if organization is None:
        raise Http404(_("This account does not publish for an organisation."))
    return organization


@login_required
def publisher_desk(request):
    organization = _publisher_or_404(request.user)
    opportunities = selectors.opportunities_published_by(organization)
    questions = Clarification.objects.filter(opportunity__in=opportunities).select_related(
        "opportunity"
    )
    return render(
        request,
        "publisher/desk.html",
        {
            "organization": organization,
            "unanswered": questions.filter(answered_at__isnull=True).order_by("asked_at"),
            "answered": questions.filter(answered_at__isnull=False)[:20],
            "bids": selectors.bids_opened_to_publisher(organization)[:200],
            "answer_form": AnswerForm(),
        },
    )


@login_required
@require_POST
def question_answer(request, pk):
    organization = _publisher_or_404(request.user)
    clarification = get_object_or_404(
        Clarification,
        pk=pk,
        opportunity__in=selectors.opportunities_published_by(organization),
    )
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.question_answer(
            clarification, request.user, answer=form.cleaned_data["answer"], request=request
        )
        messages.success(request, _("The answer is published."))
    else:
        messages.error(request, _error_text(ValidationError(form.errors["answer"])))
    return redirect(reverse("publisher:desk"))
