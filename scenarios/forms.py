"""Forms of the company side: sign-up, the organisation profile, bids, attachments, questions."""

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.models import Domain, Region

from .models import Bid, BidTargetResponse, Company
from .validators import normalize_uscc, validate_uscc
from .widgets import FilePickerInput


def split_keywords(value):
    """'机器视觉, 缺陷检测、工业AI' -> ['机器视觉', '缺陷检测', '工业AI'] (commas, 、 or new lines)."""
    seen = []
    for word in re.split(r"[,，、;；\n]+", value or ""):
        word = word.strip()
        if word and word not in seen:
            seen.append(word[:30])
    return seen[:30]


class UsccField(forms.CharField):
    """The unified social credit code, normalised (full width, case, spaces) and checked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", _("Unified social credit code"))
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_uscc(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_uscc(value)


class CompanyFieldsMixin:
    """What sign-up and the profile share: a credit code unless the organisation is a team."""

    def clean(self):
        cleaned = super().clean()
        uscc, kind = cleaned.get("uscc"), cleaned.get("kind")
        if kind and kind != Company.Kind.TEAM and not uscc and "uscc" not in self.errors:
            self.add_error(
                "uscc", _("Registered organisations must give their unified social credit code.")
            )
        if uscc:
            taken = Company.objects.filter(uscc=uscc)
            if getattr(self, "company", None) is not None:
                taken = taken.exclude(pk=self.company.pk)
            if taken.exists():
                self.add_error(
                    "uscc", _("An organisation with this credit code is already registered.")
                )
        return cleaned


class SignupForm(CompanyFieldsMixin, UserCreationForm):
    """An account and the organisation it belongs to, as its owner."""

    email = forms.EmailField(label=_("E-mail"), help_text=_("Receipts and notices go here."))
    company_name = forms.CharField(label=_("Organisation name"), max_length=120)
    kind = forms.ChoiceField(label=_("Organisation type"), choices=Company.Kind.choices)
    uscc = UsccField(required=False, help_text=_("Teams without registration leave it empty."))
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_company_name(self):
        name = self.cleaned_data["company_name"].strip()
        if Company.objects.filter(name=name).exists():
            raise ValidationError(_("An organisation with this name is already registered."))
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(_("An account with this e-mail already exists."))
        return email

    def company_fields(self):
        data = self.cleaned_data
        return {
            "name": data["company_name"],
            "kind": data["kind"],
            "uscc": data["uscc"],
            "region": data["region"],
        }


class CompanyProfileForm(CompanyFieldsMixin, forms.ModelForm):
    """The organisation profile; the logo is checked and re-encoded by the service."""

    uscc = UsccField(required=False)
    keywords = forms.CharField(
        label=_("Capability keywords"),
        required=False,
        help_text=_("Separated by commas or 、, e.g. 机器视觉、缺陷检测、边缘计算."),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains"),
        queryset=Domain.objects.filter(parent__isnull=False).select_related("parent"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=FilePickerInput,
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB and 16 million pixels."),
    )

    class Meta:
        model = Company
        fields = ["name", "kind", "uscc", "region", "description", "qualifications"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = self.instance
        self.fields["keywords"].initial = "、".join(self.instance.capability_keywords)
        self.fields["domains"].initial = list(self.instance.domains.values_list("pk", flat=True))
        self.fields["domains"].choices = Domain.grouped_choices()

    def profile_fields(self):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["capability_keywords"] = split_keywords(self.cleaned_data["keywords"])
        return fields


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise ValidationError(_("This username is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(cleaned["password"], user)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class BidForm(forms.ModelForm):
    class Meta:
        model = Bid
        fields = ["summary", "approach", "team", "requested_funding_wan"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 8}),
            "team": forms.Textarea(attrs={"rows": 4}),
        }


class TargetResponseForm(forms.ModelForm):
    class Meta:
        model = BidTargetResponse
        fields = ["committed_value", "approach"]
        widgets = {"approach": forms.Textarea(attrs={"rows": 2})}


TargetResponseFormSet = forms.modelformset_factory(
    BidTargetResponse, form=TargetResponseForm, extra=0, can_delete=False
)


class MilestoneForm(forms.Form):
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=120)
    deliverable = forms.CharField(label=_("Deliverable"), max_length=300)


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2, max_num=24, can_delete=True)


def milestone_rows(formset):
    return [
        {"month": form.cleaned_data["month"], "deliverable": form.cleaned_data["deliverable"]}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"),
        widget=FilePickerInput,
        help_text=_("PDF (checked by its content) or an image, at most 20 MB."),
    )


class CertificateForm(forms.Form):
    title = forms.CharField(
        label=_("Certificate"),
        max_length=100,
        help_text=_("What it is, e.g. 营业执照, 高新技术企业证书, ISO 9001."),
    )
    file = forms.FileField(
        label=_("Scan"),
        widget=FilePickerInput,
        help_text=_("PDF (checked by its content) or an image, at most 20 MB."),
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Public answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80, initial="ERP")


class BreakGlassForm(forms.Form):
    """Why a staff account must read a sealed bid; the service checks the length and the bidder
    reads the reason."""

    reason = forms.CharField(
        label=_("Why must you read this sealed bid?"),
        help_text=_(
            "Name the support case or the suspicion. The bidding organisation is told at once, "
            "with this reason, and the access is recorded in the audit trail."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
    )
