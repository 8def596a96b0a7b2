"""Template tags of alerts: whether the signed-in account follows an opportunity, and a saved
search's filters as their labels and names (领域：新能源), not query-string slugs."""

from django import template

from cms.models import Domain, OpportunityListPage, Region
from search.params import parameters

from ..models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def is_following(context, opportunity):
    user = context["request"].user
    return (
        user.is_authenticated
        and Follow.objects.filter(user=user, opportunity_id=opportunity.pk).exists()
    )


# Filters naming a record by slug or id: the record's own name is shown.
_NAMED = {
    "domain": lambda value: Domain.objects.filter(slug=value).first(),
    "region": lambda value: Region.objects.filter(slug=value).first(),
    "list": lambda value: OpportunityListPage.objects.filter(pk=value).first(),
}


@register.simple_tag
def saved_filter_items(filters):
    """(label, value) pairs of a saved search's filters, each value by its name."""
    specs = {spec.name: spec for spec in parameters()}
    items = []
    for name, value in (filters or {}).items():
        spec = specs.get(name)
        if spec is None:
            items.append((name, value))
            continue
        shown = value
        if spec.choices:
            shown = dict(spec.choices).get(value, value)
        elif name in _NAMED:
            record = _NAMED[name](value) if str(value).strip() else None
            shown = (getattr(record, "title", None) or str(record)) if record else value
        items.append((spec.label, shown))
    return items
