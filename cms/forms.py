"""Admin forms for opportunity pages: publication checks, the rubric's weights and a list's publisher."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel

RUBRIC_TOTAL = 100


def check_rubric_weights(weights):
    """Raise ValidationError unless a non-empty rubric's weights add up to exactly 100."""
    weights = list(weights)
    if weights and sum(weights) != RUBRIC_TOTAL:
        raise forms.ValidationError(
            _("The rubric's weights add up to %(total)s; they must add up to %(expected)s."),
            code="rubric_total",
            params={"total": sum(weights), "expected": RUBRIC_TOTAL},
        )


class RubricFormSet(BaseChildFormSet):
    """The rubric rows of a challenge; the weights of the rows kept must sum to 100."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        check_rubric_weights(row["weight"] for row in kept if row.get("weight") is not None)


class RubricInlinePanel(InlinePanel):
    """An InlinePanel whose formset checks the rubric's total weight."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = RubricFormSet
        return options


class OpportunityPageForm(WagtailAdminPageForm):
    """Refuses to publish, for the first time, an opportunity whose deadline has already passed."""

    def clean(self):
        cleaned_data = super().clean()
        deadline = cleaned_data.get("application_deadline")
        publishing = "action-publish" in self.data
        never_published = self.instance.first_published_at is None
        if publishing and never_published and deadline and deadline <= timezone.now():
            self.add_error(
                "application_deadline",
                _("The deadline has already passed: an opportunity cannot be published closed."),
            )
        return cleaned_data


class OpportunityListPageForm(WagtailAdminPageForm):
    """A list is published by the organisation whose section it is in: the form sets it, so an
    editor can neither forget it nor name another organisation."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        organization_id = getattr(
            parent_page.specific if parent_page else None, "organization_id", None
        )
        if organization_id is not None:
            self.instance.publisher_id = organization_id
