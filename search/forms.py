"""The search parameters as a form: each bad value is named with its problem and then ignored,
so a search always answers (the page shows the messages, the API returns them)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import Domain, Region, ScenarioPage, Status

from .queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, SORTS, SearchParams

# Elasticsearch answers at most 10,000 hits deep (index.max_result_window).
MAX_RESULT_DEPTH = 10_000
# The largest sum an opportunity stores (DecimalField(max_digits=12, decimal_places=2)).
MAX_AMOUNT = Decimal("9999999999.99")
KINDS = [("scenario", _("Application scenarios")), ("challenge", _("Technology challenges"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, required=False)
    domain = forms.SlugField(label=_("Domain"), required=False)
    region = forms.SlugField(label=_("Region"), required=False)
    level = forms.ChoiceField(
        label=_("Scenario level"), choices=ScenarioPage.Level.choices, required=False
    )
    list = forms.IntegerField(label=_("Opportunity list"), required=False, min_value=1)
    # 1e400 is a finite decimal but an infinite float, which Elasticsearch refuses.
    amount_min = forms.DecimalField(
        label=_("Budget from (10k CNY)"), required=False, min_value=0, max_value=MAX_AMOUNT
    )
    amount_max = forms.DecimalField(
        label=_("Budget to (10k CNY)"), required=False, min_value=0, max_value=MAX_AMOUNT
    )
    deadline_from = forms.DateField(label=_("Deadline from"), required=False)
    deadline_to = forms.DateField(label=_("Deadline to"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)
    page_size = forms.IntegerField(
        label=_("Results per page"), required=False, min_value=1, max_value=MAX_PAGE_SIZE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes = []

    def clean_q(self):
        query = self.cleaned_data["q"]
        if len(query) > MAX_QUERY_LENGTH:
            self.notes.append(
                _("The query was cut to its first %(count)d characters.")
                % {"count": MAX_QUERY_LENGTH}
            )
        return query[:MAX_QUERY_LENGTH]

    def clean_domain(self):
        slug = self.cleaned_data["domain"]
        if slug and not Domain.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("There is no domain “%(slug)s”."), params={"slug": slug})
        return slug

    def clean_region(self):
        slug = self.cleaned_data["region"]
        if slug and not Region.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("There is no region “%(slug)s”."), params={"slug": slug})
        return slug

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The upper bound is below the lower bound."))
        page, size = data.get("page") or 1, data.get("page_size") or DEFAULT_PAGE_SIZE
        if page * size > MAX_RESULT_DEPTH:
            self.add_error(
                "page",
                _("Results can be paged up to %(depth)d deep; narrow the search instead.")
                % {"depth": MAX_RESULT_DEPTH},
            )
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
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

        def number(name):
            value = data.get(name)
            return float(value) if value is not None else None

        return SearchParams(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            domain=data.get("domain") or "",
            region=data.get("region") or "",
            level=data.get("level") or "",
            list_id=data.get("list"),
            amount_min=number("amount_min"),
            amount_max=number("amount_max"),
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or DEFAULT_PAGE_SIZE,
        )
