"""Wagtail admin: the keyword suggestions of an opportunity, reached from its editor's header."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.models import OpportunityPage

from .suggestions import keyword_accept, keyword_reject, keyword_suggestions_for


@require_http_methods(["GET", "POST"])
def suggestions_view(request, page_id):
    page = get_object_or_404(OpportunityPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        word = request.POST.get("word", "")
        if request.POST.get("decision") == "accept":
            keyword_accept(request.user, page, word)
            messages.success(request, _("“%(word)s” was added to the draft.") % {"word": word})
        else:
            keyword_reject(request.user, page, word)
            messages.info(request, _("“%(word)s” will not be suggested again.") % {"word": word})
        return redirect("matching_keyword_suggestions", page_id=page.pk)
    return TemplateResponse(
        request,
        "matching/admin/suggestions.html",
        {
            "page": page,
            "suggestions": keyword_suggestions_for(page),
            "keywords": [
                tag.name for tag in page.specific.get_latest_revision_as_object().keywords.all()
            ],
        },
    )


@hooks.register("register_admin_urls")
def register_suggestion_urls():
    return [
        path(
            "matching/suggestions/<int:page_id>/",
            suggestions_view,
            name="matching_keyword_suggestions",
        )
    ]


@hooks.register("register_page_header_buttons")
def suggestion_button(page, user, view_name, next_url=None):
    if page.pk and page.specific_class and issubclass(page.specific_class, OpportunityPage):
        yield Button(
            _("Keyword suggestions"),
            reverse("matching_keyword_suggestions", args=[page.pk]),
            icon_name="tag",
            priority=60,
        )
