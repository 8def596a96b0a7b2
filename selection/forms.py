"""Forms of the selection pages: the declaration and a score sheet. They
only collect input; the services check it (selection/services/)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclarationForm(forms.Form):
    """The signed declaration: bids the expert has a conflict with, or the whole opportunity."""

    conflicted_bids = forms.TypedMultipleChoiceField(
        label=_("Bids I have a conflict of interest with"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    whole_opportunity = forms.BooleanField(
        label=_("I have a conflict of interest with this opportunity as a whole"),
        required=False,
    )
    note = forms.CharField(
        label=_("The conflict, in your words"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("I have read the declaration and sign it"))

    def __init__(self, *args, bid_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicted_bids"].choices = list(bid_choices)


class ScoreSheetForm(forms.Form):
    """One score and comment per criterion, and an overall comment. Scores are text here: the
    service parses them and names what is wrong per field (score_<id>, comment_<id>)."""

    def __init__(self, criteria, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.CharField(
                label=_("Score of “%(name)s” (0–%(max)d)")
                % {"name": criterion.name, "max": criterion.max_score},
                required=False,
                max_length=12,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Overall comment"),
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def rows(self):
        """(criterion, score field, comment field) per criterion, for the template."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def entries(self):
        return {
            criterion.pk: {
                "score": self.cleaned_data[f"score_{criterion.pk}"],
                "comment": self.cleaned_data[f"comment_{criterion.pk}"],
            }
            for criterion in self.criteria
        }


def sheet_initial(sheet):
    """A saved sheet as the form's initial values."""
    if sheet is None:
        return {}
    initial = {"comment": sheet.comment}
    for score in sheet.scores.all():
        initial[f"score_{score.criterion_id}"] = score.score
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial
