"""The expert's side under /review/: assignments (answering invitations), the declaration and the
bids of one panel, reading a bid, the score sheet, and bids side by side target by target.

Every reading goes through selectors.why_expert_may_not_read (sealing holds through review): a
bid the expert may not read is a 404, as on the bidding side, so nothing says it exists. In a
blind round the pages name bids by pseudonym and show no name, credit code, team or file name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.selectors import bid_coverage
from scenarios.arrival import queue_window
from scenarios.models import Bid, BidAttachment, BidTargetResponse
from scenarios.views.common import add_service_errors, error_text, private_download

from .. import selectors, services
from ..forms import DeclarationForm, ScoreSheetForm, sheet_initial
from ..models import Panel, PanelMember, Round, ScoreSheet

# The bid list sorts by coverage of the challenge, best first ("-coverage") or worst first.
COVERAGE_SORTS = ("coverage", "-coverage")


def _expert_or_404(request):
    expert = selectors.expert_of(request.user)
    if expert is None:
        raise Http404
    return expert


@login_required
def assignments(request):
    expert = _expert_or_404(request)
    rows = [(member, selectors.next_step(member)) for member in selectors.assignments_of(expert)]
    return render(
        request,
        "selection/assignments.html",
        {"expert": expert, "rows": rows},
    )


@login_required
@require_POST
def invitation_respond(request, pk):
    expert = _expert_or_404(request)
    member = get_object_or_404(PanelMember, pk=pk, expert=expert)
    accept = request.POST.get("action") == "accept"
    reason = "" if accept else request.POST.get("reason", "")
    try:
        services.invitation_respond(
            member, request.user, accept=accept, reason=reason, request=request
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("You accepted the invitation.") if accept else _("You declined the invitation."),
        )
    return redirect("selection:assignments")


def _seat_or_404(request, panel):
    """The account's seat on the panel, accepted or recused (a recused expert still sees why)."""
    member = selectors.membership_of(request.user, panel)
    if member is None or member.status not in (
        PanelMember.Status.ACCEPTED,
        PanelMember.Status.RECUSED,
    ):
        raise Http404
    return member


@login_required
def panel_detail(request, pk):
    """One opportunity for the expert: the declaration until signed, then the bids to score."""
    panel = get_object_or_404(Panel.objects.select_related("opportunity"), pk=pk)
    member = _seat_or_404(request, panel)
    member.panel = panel
    context = {"panel": panel, "member": member, "next_step": selectors.next_step(member)}
    declaration_open = member.is_active and not member.has_declared
    sealed = timezone.now() <= panel.opportunity.application_deadline + queue_window()
    if declaration_open and not sealed:
        bidders = list(selectors.bids_before_panel(panel))
        names = selectors.bid_names(panel, bidders)
        form = DeclarationForm(
            request.POST or None, bid_choices=[(bid.pk, names[bid.pk]) for bid in bidders]
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.declaration_sign(
                    member,
                    request.user,
                    conflicted_bid_ids=form.cleaned_data["conflicted_bids"],
                    whole_opportunity=form.cleaned_data["whole_opportunity"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your declaration is signed."))
                return redirect("selection:panel", pk=panel.pk)
        context.update(declaration_form=form, declaration_text=services.DECLARATION_TEXT)
    elif request.method == "POST":
        raise Http404
    if member.is_active and member.has_declared:
        bids = selectors.bids_for_expert(member)
        sheets = {
            sheet.bid_id: sheet
            for sheet in ScoreSheet.objects.filter(member=member, round=Round.REVIEW)
        }
        names = selectors.bid_names(panel, bids)
        coverage = {bid.pk: bid_coverage(bid) for bid in bids}
        rows = [(bid, names[bid.pk], sheets.get(bid.pk), coverage[bid.pk]) for bid in bids]
        sort = request.GET.get("sort", "")
        if sort in COVERAGE_SORTS:
            rows.sort(key=lambda row: row[3].score, reverse=sort == "-coverage")
        context.update(bids=rows, sort=sort)
    return render(request, "selection/panel.html", context)


def _readable_bid(request, pk):
    """The bid, its panel and the expert's seat, when the expert may read it; else 404."""
    bid = get_object_or_404(
        Bid.objects.select_related("opportunity", "company", "eligibility"), pk=pk
    )
    try:
        member = services.bid_open_by_expert(bid, request.user, request=request)
    except PermissionDenied:
        raise Http404 from None
    return bid, member.panel, member


@login_required
def bid_detail(request, pk):
    bid, panel, member = _readable_bid(request, pk)
    attachments = list(bid.attachments.all())
    return render(
        request,
        "selection/bid.html",
        {
            "bid": bid,
            "panel": panel,
            "member": member,
            "blind": selectors.identity_hidden(panel),
            "name": selectors.bid_names(panel, [bid])[bid.pk],
            "responses": bid.target_responses.all(),
            "milestones": bid.milestones.all(),
            "attachments": attachments,
        },
    )


@login_required
def attachment_download(request, pk, attachment_id):
    bid, panel, _member = _readable_bid(request, pk)
    attachment = get_object_or_404(BidAttachment, pk=attachment_id, bid=bid)
    if not selectors.identity_hidden(panel):
        return private_download(attachment)
    # A blind round: the uploader's file name may name the bidder.
    label = selectors.blind_labels(panel).get(bid.pk, "X")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"bid-{label}-{attachment.pk}{attachment.extension}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _saved_message(sheet_before, submit):
    if sheet_before is not None and sheet_before.is_submitted:
        return _("The change was saved and recorded in the audit trail.")
    return _("Your score sheet was submitted.") if submit else _("Draft saved.")


@login_required
def score_sheet(request, pk):
    """The expert's sheet for a bid: save a draft or submit; after submitting, the other
    experts' submitted sheets of the bid (never before)."""
    bid, panel, member = _readable_bid(request, pk)
    criteria = list(panel.criteria.all())
    sheet = selectors.own_sheet(member, bid)
    open_for_scoring = panel.stage == Panel.Stage.SCORING
    form = ScoreSheetForm(
        criteria,
        request.POST if request.method == "POST" else None,
        initial=sheet_initial(sheet),
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.sheet_save(
                bid,
                request.user,
                form.entries(),
                comment=form.cleaned_data["comment"],
                submit=submit,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("selection:score", pk=bid.pk)
        else:
            messages.success(request, _saved_message(sheet, submit))
            return redirect("selection:score", pk=bid.pk)
    others = list(selectors.sheets_visible_to(member, bid).exclude(member=member))
    other_scores = [{s.criterion_id: s for s in other.scores.all()} for other in others]
    return render(
        request,
        "selection/score.html",
        {
            "bid": bid,
            "panel": panel,
            "member": member,
            "name": selectors.bid_names(panel, [bid])[bid.pk],
            "form": form,
            "sheet": sheet,
            "open_for_scoring": open_for_scoring,
            "criteria": criteria,
            "others": others,
            "other_rows": [
                (criterion, [by_criterion.get(criterion.pk) for by_criterion in other_scores])
                for criterion in criteria
            ],
        },
    )


@login_required
def compare(request, pk):
    """The bids the expert may read side by side: one row per technical target, one column per
    bid (committed value and how it will be met)."""
    panel = get_object_or_404(Panel.objects.select_related("opportunity"), pk=pk)
    member = _seat_or_404(request, panel)
    member.panel = panel
    bids = selectors.bids_for_expert(member) if member.is_active else []
    if not bids:
        raise Http404
    challenge = getattr(panel.opportunity, "challengepage", None)
    targets = list(challenge.targets.all()) if challenge is not None else []
    responses = {}
    for response in BidTargetResponse.objects.filter(bid__in=bids):
        responses[(response.target_id, response.bid_id)] = response
    names = selectors.bid_names(panel, bids)
    rows = [(target, [responses.get((target.pk, bid.pk)) for bid in bids]) for target in targets]
    return render(
        request,
        "selection/compare.html",
        {
            "panel": panel,
            "columns": [(bid, names[bid.pk]) for bid in bids],
            "rows": rows,
        },
    )
