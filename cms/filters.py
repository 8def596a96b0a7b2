"""The filters of an opportunity list page (kind, domain, region, status, level), built on django-filter."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Domain, OpportunityPage, Region, ScenarioPage, Status


class OpportunityFilter(django_filters.FilterSet):
    KINDS = [("scenario", _("Application scenarios")), ("challenge", _("Technology challenges"))]

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=KINDS, method="filter_kind")
    domain = django_filters.ModelChoiceFilter(
        label=_("Domain"),
        queryset=Domain.objects.select_related("parent").order_by(
            "parent__sort_order", "sort_order"
        ),
        to_field_name="slug",
        method="filter_domain",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status"
    )
    level = django_filters.ChoiceFilter(
        label=_("Scenario level"),
        choices=ScenarioPage.Level.choices,
        field_name="scenariopage__level",
    )

    class Meta:
        model = OpportunityPage
        fields = ["kind", "domain", "region", "status", "level"]

    def filter_kind(self, queryset, name, value):
        return queryset.scenarios() if value == "scenario" else queryset.challenges()

    def filter_domain(self, queryset, name, value):
        return queryset.in_domain(value.slug)

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)
