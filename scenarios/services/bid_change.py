"""The steps every change of a bid repeats, written once: who may change it (a member of the
bidding organisation, verified), the locked row, the application window and the bid's state; and
the validation of what a bid may hold, which the site and the API share."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.models import OpportunityPage

from ..arrival import arrival_time
from ..models import Bid, BidMilestone, BidTargetResponse, Membership

# What a bid's own fields may be set to, through the site or the API.
BID_FIELDS = ("summary", "approach", "team", "requested_funding_wan")
RESPONSE_FIELDS = ("committed_value", "approach")
MILESTONE_FIELDS = ("month", "deliverable")
MAX_MILESTONES = 24


def beijing(moment):
    return date_format(timezone.localtime(moment), "Y-m-d H:i:s")


def ensure_member(company_id, actor):
    """Only the bidding organisation's own accounts change its bids."""
    if not Membership.objects.filter(user=actor, company_id=company_id).exists():
        raise PermissionDenied


def ensure_verified(company):
    """Only a verified organisation drafts, edits and submits. A renamed organisation goes back
    to pending (services/companies.py) and its bids wait, unchanged, until it is verified again."""
    if not company.is_verified:
        raise ValidationError(
            _(
                "Your organisation has not been verified (or is being verified again after a "
                "change of name, type or credit code); its bids cannot change until a moderator "
                "verifies it."
            ),
            code="not_verified",
        )


def ensure_accepting(opportunity, now):
    """Refuse unless the opportunity is live and inside its application window at `now`."""
    if not opportunity.live:
        raise ValidationError(_("This opportunity is not published."), code="not_published")
    if opportunity.application_opens and now < opportunity.application_opens:
        raise ValidationError(
            _("Applications open at %(opens)s (Beijing time).")
            % {"opens": beijing(opportunity.application_opens)},
            code="not_open",
        )
    if now > opportunity.application_deadline:
        raise ValidationError(
            _("The deadline (%(deadline)s, Beijing time) has passed: the bid can no longer change.")
            % {"deadline": beijing(opportunity.application_deadline)},
            code="deadline_passed",
        )


def ensure_editable(bid):
    if not bid.is_editable:
        raise ValidationError(_("A withdrawn bid cannot change."), code="not_editable")


@dataclass
class BidChange:
    """A bid opened for a change: the locked row, its opportunity and the moment that counts."""

    bid: Bid
    opportunity: OpportunityPage
    now: object


def open_bid_for_change(bid, actor, request=None, *, editing=True):
    """Check membership, lock the bid's row (with its organisation), check the application window
    at the moment the request arrived and, when `editing`, that the bid may still change and its
    organisation is verified. Call inside the service's transaction."""
    ensure_member(bid.company_id, actor)
    bid = Bid.objects.select_for_update(of=("self",)).select_related("company").get(pk=bid.pk)
    opportunity = OpportunityPage.objects.get(pk=bid.opportunity_id).specific
    now = arrival_time(request)
    ensure_accepting(opportunity, now)
    if editing:
        ensure_editable(bid)
        ensure_verified(bid.company)
    return BidChange(bid=bid, opportunity=opportunity, now=now)


# -- what a bid may hold -------------------------------------------------------------------------
def _is_unicode(value):
    """False for text no UTF-8 column can store: a lone surrogate, which JSON may carry escaped
    (a form's bytes are decoded with replacement and never hold one)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _field_errors(model, values, allowed, prefix=""):
    """Clean `values` with the model fields' own checks (length, range, digits, NUL characters)
    and refuse text that is not valid Unicode; returns (cleaned values, {field: [messages]})."""
    cleaned, errors = {}, {}
    for name, value in values.items():
        key = f"{prefix}{name}"
        if name not in allowed:
            errors[key] = [_("Unknown field.")]
            continue
        if isinstance(value, str) and not _is_unicode(value):
            errors[key] = [_("This text holds characters that are not valid Unicode.")]
            continue
        field = model._meta.get_field(name)
        if value is None and not field.null:
            value = ""
        try:
            cleaned[name] = field.clean(value, None) if value not in (None, "") else value
        except ValidationError as error:
            errors[key] = list(error.messages)
    return cleaned, errors


def clean_bid_fields(fields):
    """The bid's own fields, checked; raises ValidationError naming each bad field."""
    cleaned, errors = _field_errors(Bid, fields, BID_FIELDS)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_target_responses(responses):
    """{response id: {"committed_value", "approach"}}, checked."""
    cleaned, errors = {}, {}
    for response_id, values in (responses or {}).items():
        row, row_errors = _field_errors(
            BidTargetResponse, values, RESPONSE_FIELDS, prefix=f"target_responses[{response_id}]."
        )
        cleaned[response_id] = row
        errors.update(row_errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_milestones(milestones):
    """[{"month", "deliverable"}], checked: each month within the model's range, each
    deliverable given."""
    if len(milestones) > MAX_MILESTONES:
        raise ValidationError(
            {"milestones": [_("At most %(count)d milestones.") % {"count": MAX_MILESTONES}]}
        )
    cleaned, errors = [], {}
    for index, values in enumerate(milestones):
        prefix = f"milestones[{index}]."
        row, row_errors = _field_errors(BidMilestone, values, MILESTONE_FIELDS, prefix=prefix)
        for name in MILESTONE_FIELDS:
            if row.get(name) in (None, "") and f"{prefix}{name}" not in row_errors:
                row_errors[f"{prefix}{name}"] = [_("This field is required.")]
        cleaned.append(row)
        errors.update(row_errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_funding(opportunity, requested):
    """The requested funding stays within what the opportunity offers."""
    bounty = getattr(opportunity, "bounty_wan", None) or getattr(
        opportunity, "budget_max_wan", None
    )
    if requested is not None and bounty is not None and requested > bounty:
        raise ValidationError(
            {
                "requested_funding_wan": _(
                    "The requested funding (%(requested)s) is above what the opportunity offers "
                    "(%(bounty)s, in 10k CNY)."
                )
                % {"requested": requested, "bounty": bounty}
            },
            code="funding_above_bounty",
        )
