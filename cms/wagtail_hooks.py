"""Admin registration: the taxonomy, region and organisation snippets, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Domain, Organization, Region


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "tag"
    list_display = ["name", "name_en", "parent", "slug"]
    list_filter = ["parent"]
    search_fields = ["name", "name_en"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en"]


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "name_en"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (DomainViewSet, RegionViewSet, OrganizationViewSet)


register_snippet(TaxonomyViewSetGroup)
