"""Following (关注) one opportunity: an account follows a live opportunity and is told of its
answered questions, its amendments and its result."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import OpportunityPage
from notifications.services import notify

from ..models import Follow


@transaction.atomic
def follow_add(user, opportunity):
    """Follow a live opportunity (following it again changes nothing)."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to follow an opportunity."))
    if not OpportunityPage.objects.live().filter(pk=opportunity.pk).exists():
        raise ValidationError(_("Only a published opportunity can be followed."))
    follow, _created = Follow.objects.get_or_create(user=user, opportunity_id=opportunity.pk)
    return follow


@transaction.atomic
def follow_remove(user, opportunity):
    """Stop following; returns whether the account was following."""
    deleted, _rows = Follow.objects.filter(user=user, opportunity_id=opportunity.pk).delete()
    return bool(deleted)


def followers_notify(opportunity, subject, body, url="", exclude=()):
    """Tell the accounts following an opportunity (but those in `exclude`, told otherwise)."""
    followers = (
        Follow.objects.filter(opportunity_id=opportunity.pk)
        .exclude(user_id__in=[user.pk for user in exclude])
        .select_related("user")
    )
    return notify([follow.user for follow in followers], subject, body, url=url)


def followers_told_of_answer(clarification):
    """A question on a followed opportunity was answered (or its answer revised); the asker is
    never named."""
    opportunity = clarification.opportunity
    return followers_notify(
        opportunity,
        _("New answer on “%(title)s”") % {"title": opportunity.title},
        _("Question: %(question)s\nAnswer: %(answer)s")
        % {"question": clarification.question, "answer": clarification.answer},
        url=opportunity.url or "",
        exclude=[clarification.asked_by],
    )


def followers_told_of_amendment(opportunity):
    return followers_notify(
        opportunity,
        _("“%(title)s” was amended") % {"title": opportunity.title},
        _("The publisher changed “%(title)s”; please read it again.")
        % {"title": opportunity.title},
        url=opportunity.url or "",
    )


def followers_told_of_result(opportunity, url, final=False):
    title = {"title": opportunity.title}
    if final:
        subject = _("Result final: %(title)s") % title
        body = _("The objection period of “%(title)s” has ended; the result is final.") % title
    else:
        subject = _("Result notice published: %(title)s") % title
        body = _("The proposed result of “%(title)s” is published.") % title
    return followers_notify(opportunity, subject, body, url=url)
