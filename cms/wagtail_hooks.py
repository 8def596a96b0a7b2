"""Admin registration: the taxonomy, region and organisation snippets, grouped in one menu; an
organisation created there gets its section of the page tree at once."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Domain, Organization, Region
from .services import publisher_section_sync


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


@hooks.register("after_create_snippet")
def give_new_organization_its_section(request, instance):
    # So a moderator can add the organisation's first list, or link its first account, at once.
    if isinstance(instance, Organization):
        publisher_section_sync(instance)
