"""Template tags linking the selection's pages to each other, so that every step is reached by a
click from where its user stands: the publisher's panel page to the decision, the notice, its
objections and the records; the expert's panel page to the chair's consensus and the records."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from ..exports import record_links
from ..models import Panel, ResultNotice

register = template.Library()


def _live_notice(panel):
    return panel.notices.exclude(status=ResultNotice.Status.WITHDRAWN).order_by("-pk").first()


@register.inclusion_tag("selection/components/step_links.html", takes_context=True)
def publisher_step_links(context, panel):
    """The pages after scoring that the stage allows, for the publisher managing the panel."""
    links = []
    if panel.reached(Panel.Stage.DECISION):
        links.append(
            {
                "label": _("Ranking and decision"),
                "url": reverse("selection:decision", args=[panel.pk]),
            }
        )
    notice = _live_notice(panel) if panel.reached(Panel.Stage.DECISION) else None
    if notice is None and panel.stage == Panel.Stage.DECISION and panel.awards.exists():
        links.append(
            {
                "label": _("Publish the result notice"),
                "url": reverse("selection:notice_create", args=[panel.pk]),
            }
        )
    if notice is not None:
        links.append(
            {"label": _("Read the notice"), "url": reverse("selection:notice", args=[notice.pk])}
        )
        links.append(
            {
                "label": _("Answer the objections"),
                "url": reverse("selection:notice_objections", args=[notice.pk]),
            }
        )
    return {
        "links": links,
        # The publisher reads the records once the consensus is behind the panel
        # (exports.records_reader): no query for them before.
        "record_links": record_links(context["request"].user, panel)
        if panel.reached(Panel.Stage.ROADSHOW)
        else [],
    }


@register.inclusion_tag("selection/components/step_links.html", takes_context=True)
def expert_step_links(context, panel, member):
    """The chair's consensus page once the panel has reached it, and the records the account may
    open."""
    links = []
    if member is not None and member.is_chair and panel.reached(Panel.Stage.CONSENSUS):
        links.append(
            {
                "label": _("Panel consensus"),
                "url": reverse("selection:consensus", args=[panel.pk]),
            }
        )
    return {
        "links": links,
        "record_links": record_links(context["request"].user, panel),
    }
