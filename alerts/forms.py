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
        required=False,  # none chosen: at once
    )

    def error_text(self):
        """Each refused field by its label and problem, as one line (标签：问题)."""
        return " ".join(
            f"{self.fields[name].label}：{message}"
            for name, messages in self.errors.items()
            for message in messages
        )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Frequency"), choices=SavedSearch.Frequency.choices)
