"""The publisher's forms: a panel's rules and pass marks, inviting and recusing experts, moving
the stage, the eligibility check and roadshow slots. They read the request; the services decide
(selection/services/)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Expert, Panel, PanelMember
from ..services.panels import MANUAL_STEPS, RULE_FIELDS


class PanelForm(forms.ModelForm):
    """The rules of a new panel, with the kind's defaults, and a pass mark per criterion of the
    rubric (`pass_mark_<n>`, optional)."""

    class Meta:
        model = Panel
        fields = RULE_FIELDS

    def __init__(self, *args, criteria=(), defaults=None, **kwargs):
        kwargs.setdefault("initial", {}).update(defaults or {})
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for index, (name, maximum) in enumerate(self.criteria):
            self.fields[f"pass_mark_{index}"] = forms.DecimalField(
                label=_("Pass mark: %(criterion)s (out of %(max)d)")
                % {"criterion": name, "max": maximum},
                required=False,
                min_value=0,
                max_value=maximum,
                decimal_places=2,
                max_digits=5,
            )

    def rules(self):
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}

    def pass_marks(self):
        return {
            index: self.cleaned_data.get(f"pass_mark_{index}")
            for index in range(len(self.criteria))
            if self.cleaned_data.get(f"pass_mark_{index}") is not None
        }

    def pass_mark_fields(self):
        return [self[f"pass_mark_{index}"] for index in range(len(self.criteria))]

    def rule_fields(self):
        return [self[name] for name in RULE_FIELDS]


class InviteForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("expert"), queryset=Expert.objects.active(), widget=forms.HiddenInput
    )
    role = forms.ChoiceField(label=_("role"), choices=PanelMember.Role.choices)


class RecusalForm(forms.Form):
    """Recuse a member from one bid, or (no bid) from the whole opportunity."""

    member = forms.ModelChoiceField(label=_("expert"), queryset=PanelMember.objects.none())
    bid = forms.TypedChoiceField(
        label=_("bid"), coerce=int, required=False, empty_value=None, choices=()
    )
    reason = forms.CharField(
        label=_("reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, panel, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = panel.members.exclude(
            status__in=[PanelMember.Status.DECLINED, PanelMember.Status.RECUSED]
        ).select_related("expert")
        self.fields["member"].label_from_instance = lambda member: member.expert.name
        self.fields["bid"].choices = [("", _("The whole opportunity"))] + [
            (bid.pk, f"{bid.receipt_number} · {bid.bidder_name or bid.company.name}")
            for bid in bids
        ]


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("stage"), choices=[(s, Panel.Stage(s).label) for s in MANUAL_STEPS]
    )


class EligibilityForm(forms.Form):
    bid = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    eligible = forms.TypedChoiceField(
        label=_("result"),
        choices=[("yes", _("Eligible")), ("no", _("Not eligible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the bid is not eligible; the bidder reads it."),
    )


class RoadshowForm(forms.Form):
    bid = forms.TypedChoiceField(label=_("bid"), coerce=int, choices=())
    starts_at = forms.DateTimeField(
        label=_("starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("minutes"), min_value=5, max_value=240, initial=20)
    place = forms.CharField(label=_("place or meeting link"), max_length=200)

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [
            (bid.pk, f"{bid.receipt_number} · {bid.bidder_name or bid.company.name}")
            for bid in bids
        ]
