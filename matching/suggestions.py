"""Keyword suggestions in the editor: what the text of an opportunity's latest draft says that
its keywords do not, and the editor accepting (a new draft revision with the keyword) or
rejecting one (never suggested again)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from search import text

from .keywords import suggested_keywords
from .models import KeywordRejection

SUGGESTIONS_SHOWN = 12


def _draft(page):
    return page.specific.get_latest_revision_as_object()


def keyword_suggestions_for(page, count=SUGGESTIONS_SHOWN):
    """Suggested keywords of the page's latest draft, best first, less the rejected ones."""
    rejected = set(page.rejected_keywords.values_list("word", flat=True))
    words = suggested_keywords(_draft(page), count=count + len(rejected))
    return [word for word in words if word not in rejected][:count]


def _check_editor(user, page):
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied(_("You may not edit this page."))


@transaction.atomic
def keyword_accept(user, page, word):
    """Add the keyword to the page's latest draft, saved as a new revision (published when the
    editor publishes)."""
    _check_editor(user, page)
    word = text.fold(word)[:100]
    draft = _draft(page)
    draft.keywords.add(word)
    return draft.save_revision(user=user, log_action=True)


@transaction.atomic
def keyword_reject(user, page, word):
    _check_editor(user, page)
    rejection, _created = KeywordRejection.objects.get_or_create(
        page=page, word=text.fold(word)[:100], defaults={"rejected_by": user}
    )
    return rejection
