"""A bidding organisation's bids: start, edit, submit, withdraw, attachments; and the read-only
view of a sealed bid for those allowed to open it. Every write goes through
scenarios/services/bids.py and attachments.py; every read of a bid through selectors.bid_access."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OpportunityPage

from .. import selectors, services
from ..forms import (
    AttachmentForm,
    BidForm,
    BreakGlassForm,
    MilestoneFormSet,
    TargetResponseFormSet,
    milestone_rows,
)
from ..models import Bid, BidAttachment
from .common import (
    add_service_errors,
    company_or_404,
    error_text,
    private_download,
    store_upload,
)


@login_required
def my_bids(request):
    company = company_or_404(request.user)
    page = Paginator(selectors.bids_of_company(company), 20).get_page(request.GET.get("page"))
    return render(request, "account/bids.html", {"company": company, "page_obj": page})


@login_required
@require_POST
def bid_start(request, page_id):
    opportunity = get_object_or_404(OpportunityPage.objects.live(), pk=page_id)
    company = company_or_404(request.user)
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
        messages.error(request, error_text(error))
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
    """The bid and why this account may see it; 404 (not 403) so sealed bids do not leak. Staff
    get (bid, None) for a sealed bid: they may only ask to break the glass."""
    bid = get_object_or_404(Bid.objects.select_related("company", "opportunity"), pk=pk)
    access = selectors.bid_access(request.user, bid)
    if access is None and not selectors.may_break_glass(request.user, bid):
        raise Http404
    return bid, access


@login_required
def bid_detail(request, pk):
    bid, access = _bid_for(request, pk)
    if access is None:
        return redirect("bids:break_glass", pk=bid.pk)
    opportunity = bid.opportunity.specific
    if access != "member":
        if request.method != "GET":
            raise Http404  # publishers and staff read sealed bids; only the bidder changes them
        services.bid_opened(bid, request.user, request=request)
        grant = selectors.break_glass_grant(request.user, bid) if access == "break_glass" else None
        return render(
            request,
            "bids/bid_readonly.html",
            {
                "bid": bid,
                "opportunity": opportunity,
                "access": access,
                "grant_ends": grant.at + selectors.break_glass_validity() if grant else None,
            },
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
                add_service_errors(form, error)
            else:
                if request.POST.get("action") == "submit":
                    return _submit_saved(request, bid)
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
            "history": selectors.history_for_bidder(bid),
        },
    )


def _member_action(request, pk, action, success):
    bid = _own_bid(request, pk)
    try:
        action(bid, request.user, request=request)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success(Bid.objects.get(pk=bid.pk)))
    return redirect("bids:detail", pk=bid.pk)


def _submitted(bid):
    return _("Submitted. Receipt number %(receipt)s; a confirmation is on its way.") % {
        "receipt": bid.receipt_number
    }


def _submit_saved(request, bid):
    """Submit a bid whose form was just saved (the submit button belongs to the edit form, so
    nothing typed is lost); a refused submission says the edits were kept."""
    try:
        services.bid_submit(bid, request.user, request=request)
    except ValidationError as error:
        messages.error(
            request,
            _("Your changes were saved, but the bid was not submitted: %(reason)s")
            % {"reason": error_text(error)},
        )
    else:
        messages.success(request, _submitted(Bid.objects.get(pk=bid.pk)))
    return redirect("bids:detail", pk=bid.pk)


@login_required
@require_POST
def bid_submit(request, pk):
    return _member_action(request, pk, services.bid_submit, _submitted)


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
        messages.error(request, error_text(ValidationError(form.errors["file"])))
        return redirect("bids:detail", pk=bid.pk)
    store_upload(
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
        messages.error(request, error_text(error))
    return redirect("bids:detail", pk=bid.pk)


@login_required
def attachment_download(request, pk, attachment_id):
    bid, access = _bid_for(request, pk)
    if access is None:
        return redirect("bids:break_glass", pk=bid.pk)
    attachment = get_object_or_404(BidAttachment, pk=attachment_id, bid=bid)
    if access != "member":
        services.bid_opened(bid, request.user, request=request)
    return private_download(attachment)


@login_required
def bid_break_glass(request, pk):
    """A staff account states why it must read a sealed bid; the service records the reason,
    tells the bidder and grants that one reading for a short while. Nothing on this page says
    whose bid it is."""
    bid = get_object_or_404(Bid.objects.select_related("opportunity"), pk=pk)
    if not selectors.may_break_glass(request.user, bid):
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_break_glass_open(
                bid, request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="reason")
        else:
            messages.warning(
                request,
                _("The seal is broken for you for %(minutes)d minutes; the bidder has been told.")
                % {"minutes": settings.BID_BREAK_GLASS_MINUTES},
            )
            return redirect("bids:detail", pk=bid.pk)
    return render(
        request,
        "bids/break_glass.html",
        {
            "bid": bid,
            "opportunity": bid.opportunity.specific,
            "form": form,
            "minutes": settings.BID_BREAK_GLASS_MINUTES,
        },
    )
