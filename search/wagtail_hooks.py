"""Admin registration: the synonym groups and related terms editors maintain for search."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RelatedTerms, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "note", "origin", "updated_at"]
    # A few hundred groups ship with the dictionary: editors find one by a term or its note
    # (a plain icontains over the table; these rows are not in any search index).
    search_fields = ["terms", "note"]
    search_backend_name = None


register_snippet(SynonymViewSet)


class RelatedTermsViewSet(SnippetViewSet):
    model = RelatedTerms
    icon = "list-ul"
    menu_order = 311
    add_to_admin_menu = True
    list_display = ["term", "related", "relation", "origin", "updated_at"]
    search_fields = ["term", "related", "note"]
    search_backend_name = None


register_snippet(RelatedTermsViewSet)
