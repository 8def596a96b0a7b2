"""The forms of saved searches on the site: saving the current search, changing one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SavedSearch


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    frequency = forms.ChoiceField(
        label=_("Frequency"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.IMMEDIATE,
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Frequency"), choices=SavedSearch.Frequency.choices)
