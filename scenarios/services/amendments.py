"""Amendments: a published opportunity that bidders have already started on changed. The notice
names what changed (and a moved deadline, from when to when); a publication that changed nothing
a bidder reads sends no notice."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry

from cms.models import OpportunityPage
from notifications.services import notify

from ..models import Bid, Company
from .bid_change import beijing

DEADLINE = "application_deadline"


def _compared_fields(page_class):
    """What a bidder reads: the title and every field the opportunity types add to a page
    (child rows such as targets and rubric criteria included), by name, with its label."""
    fields = {"title": Page._meta.get_field("title").verbose_name}
    for field in page_class._meta.get_fields():
        owner = getattr(field, "model", None)
        if owner is None or not issubclass(owner, OpportunityPage) or field.name.endswith("_ptr"):
            continue
        label = (
            getattr(field, "verbose_name", None) or field.related_model._meta.verbose_name_plural
        )
        fields[field.name] = label
    return fields


def _same(before, after):
    """Equal as a bidder reads them: 120 and 120.00 are the same bounty."""
    if isinstance(before, str) and isinstance(after, str):
        try:
            return Decimal(before) == Decimal(after)
        except InvalidOperation:
            pass
    return before == after


def _previous_publication(page):
    """The revision that was live before this publication (its log entry is written after the
    page_published signal), or None for a first publication."""
    entry = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry is not None else None


def amendment_changes(page, revision):
    """[(field name, label, before, after)] of what changed between the previous publication and
    `revision`, values as stored in the revisions; None when there is no earlier revision to
    compare with (a page made live without one, e.g. by an import)."""
    previous = _previous_publication(page)
    if previous is None or revision is None:
        return None
    if previous.pk == revision.pk:
        return []
    # Both as stored (JSON): the revision just saved still holds Python values in memory.
    revision = type(revision).objects.get(pk=revision.pk)
    before, after = previous.content, revision.content
    return [
        (name, label, before.get(name), after.get(name))
        for name, label in _compared_fields(type(page)).items()
        if name in after and not _same(before.get(name), after.get(name))
    ]


def _deadline_text(before, after):
    old, new = parse_datetime(before or ""), parse_datetime(after or "")
    if old is None or new is None:
        return ""
    template = (
        _("The deadline was extended from %(old)s to %(new)s (Beijing time).")
        if new > old
        else _("The deadline was brought forward from %(old)s to %(new)s (Beijing time).")
    )
    return template % {"old": beijing(old), "new": beijing(new)}


def opportunity_amended(page, revision=None):
    """Tell everyone with a draft or submitted bid what changed in a published opportunity."""
    changes = amendment_changes(page, revision)
    if changes == []:
        return []
    companies = Company.objects.filter(
        bids__opportunity=page,
        bids__status__in=[Bid.Status.DRAFT, Bid.Status.SUBMITTED],
    )
    users = get_user_model().objects.filter(membership__company__in=companies).distinct()
    if changes is None:
        lines = [_("The publisher changed “%(title)s”.") % {"title": page.title}]
    else:
        lines = [
            _("The publisher changed “%(title)s”: %(fields)s.")
            % {"title": page.title, "fields": "、".join(str(change[1]) for change in changes)}
        ]
    for name, _label, before, after in changes or []:
        if name == DEADLINE:
            lines.append(_deadline_text(before, after))
    lines.append(
        _(
            "Please read it again and check that your bid still answers it; the deadline is "
            "%(deadline)s (Beijing time)."
        )
        % {"deadline": beijing(page.application_deadline)}
    )
    return notify(
        users,
        _("“%(title)s” was amended") % {"title": page.title},
        "\n".join(line for line in lines if line),
        url=page.url or "",
    )
