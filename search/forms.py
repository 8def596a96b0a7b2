"""The search parameters as a form, built from their one declaration (`SearchParams`): each bad
value is named with its problem and then ignored, so the search page always answers."""

from django import forms

from .params import SearchParams, parameters, query_cut_note, value_problems


def form_field(spec):
    """The form field that checks one declared parameter."""
    options = {"label": spec.label, "required": False}
    bounds = {"min_value": spec.min_value, "max_value": spec.max_value}
    if spec.choices:
        return forms.ChoiceField(choices=spec.choices, **options)
    if spec.slug:
        return forms.SlugField(**options)
    if spec.type is int:
        return forms.IntegerField(**bounds, **options)
    if spec.type is float:
        return forms.FloatField(**bounds, **options)
    if spec.type is str:
        return forms.CharField(strip=True, **options)
    return forms.DateField(**options)


class SearchForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in parameters():
            self.fields[spec.name] = form_field(spec)
        self.notes = []

    def clean_q(self):
        query = self.cleaned_data["q"]
        note = query_cut_note(query)
        if note:
            self.notes.append(note)
        return query

    def clean(self):
        data = super().clean()
        for name, problem in value_problems(data).items():
            if name not in self.errors:
                self.add_error(name, problem)
        return data

    def messages(self):
        """One line per bad value (the field's label and the problem), then any notes."""
        return [
            *(
                f"{self.fields[name].label}: {' '.join(errors)}"
                for name, errors in self.errors.items()
            ),
            *map(str, self.notes),
        ]

    def params(self):
        """`SearchParams` from the valid values; the bad ones fall back to their defaults."""
        self.is_valid()
        return SearchParams.from_values(
            {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        )
