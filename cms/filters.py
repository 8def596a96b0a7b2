"""The filters of an opportunity list page (kind, domain, region, status, level), built on django-filter."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Domain, OpportunityPage, Region, ScenarioPage, Status


class OpportunityFilter(django_filters.FilterSet):
    KINDS = [("scenario", _("Application scenarios")), ("challenge", _("Technology challenges"))]

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=KINDS, method="filter_kind", empty_label=_("All")
    )
    domain = django_filters.ModelChoiceFilter(
        label=_("Domain"),
        queryset=Domain.objects.select_related("parent").order_by(
            "parent__sort_order", "sort_order"
        ),
        to_field_name="slug",
        method="filter_domain",
        empty_label=_("All"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status", empty_label=_("All")
    )
    level = django_filters.ChoiceFilter(
        label=_("Scenario level"),
        choices=ScenarioPage.Level.choices,
        field_name="scenariopage__level",
        empty_label=_("All"),
    )

    class Meta:
        model = OpportunityPage
        fields = ["kind", "domain", "region", "status", "level"]

    @property
    def form(self):
        form = super().form
        if not getattr(form, "domains_grouped", False):
            # Child domains grouped under their parent, the parent itself first in its group.
            # Only the widget's options change: the field still checks a slug against its
            # queryset (set on the form's own copy, which resets the widget's options).
            form.fields["domain"].widget.choices = [
                ("", _("All")),
                *Domain.grouped_choices(value="slug", parents_selectable=True),
            ]
            form.domains_grouped = True
        return form

    def filter_kind(self, queryset, name, value):
        return queryset.scenarios() if value == "scenario" else queryset.challenges()

    def filter_domain(self, queryset, name, value):
        return queryset.in_domain(value.slug)

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)
