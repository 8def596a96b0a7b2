"""Admin registration: the synonym groups editors maintain for search."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "note", "origin", "updated_at"]


register_snippet(SynonymViewSet)
