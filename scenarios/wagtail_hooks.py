"""Admin for moderators and staff: verifying organisations, the audit trail (read-only,
exportable as CSV or XLSX; events of sealed bids are left out until the deadline), how many
bids each opportunity has (counts only, never whose); every CSV export of the admin neutralises
cells that would run as formulas."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import selectors
from .models import AuditEvent, Company
from .services import company_verify

# A cell starting with one of these is read as a formula by Excel, WPS and LibreOffice; a tab or
# carriage return before "=" still is. OWASP's advice: prefix a single quote, shown as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A CSV cell as text: a typed value that starts like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_cells_without_formulas(preprocess_field_value):
    def preprocess(self, field, value, export_format):
        value = preprocess_field_value(self, field, value, export_format)
        return neutralise_formula(value) if export_format == self.FORMAT_CSV else value

    preprocess.neutralises_formulas = True
    return preprocess


# Wagtail turns formulas back into strings in its XLSX exports but writes CSV cells as typed.
# Wrapping the mixin every export view shares (our viewsets, Wagtail's reports such as the site
# history, form submissions) covers all of them, where a subclass would cover only ours; this
# module is imported with the admin's URLs, before any export is served.
if not getattr(SpreadsheetExportMixin.preprocess_field_value, "neutralises_formulas", False):
    SpreadsheetExportMixin.preprocess_field_value = _csv_cells_without_formulas(
        SpreadsheetExportMixin.preprocess_field_value
    )


class CompanyVerificationForm(WagtailAdminModelForm):
    verification = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Company.Verification.VERIFIED, _("Verify: the organisation is who it says")),
            (Company.Verification.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Company
        fields = ["verification", "verification_note"]


def certificate_links(company):
    """Links to the organisation's certificate scans (served by the checked download view)."""
    certificates = company.certificates.all()
    if not certificates:
        return _("No certificates uploaded.")
    return format_html_join(
        mark_safe("<br>"),
        '<a href="{}">{}</a> ({}, {})',
        (
            (
                reverse("account:certificate", args=[c.pk]),
                c.title,
                c.original_name,
                filesizeformat(c.size),
            )
            for c in certificates
        ),
    )


class CompanyInspectView(InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "certificates":  # a reverse relation: Wagtail would print "Certificates"
            return _("Licences and certificates")
        return super().get_field_label(field_name, field)

    def get_certificates_display_value(self):
        return certificate_links(self.object)


class CompanyVerifyView(EditView):
    """The moderator's decision goes through the service, which audits and notifies; the page
    shows the profile and the certificate scans the decision rests on."""

    template_name = "admin/bidding/company_verify.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate_links"] = certificate_links(self.object)
        return context

    def save_instance(self):
        return company_verify(
            self.object,
            self.request.user,
            approve=self.form.cleaned_data["verification"] == Company.Verification.VERIFIED,
            note=self.form.cleaned_data["verification_note"],
            request=self.request,
        )


class CompanyViewSet(ModelViewSet):
    model = Company
    name = "organisations"
    url_prefix = "bidding/organisations"
    icon = "group"
    menu_label = _("Bidding organisations")
    form_class = CompanyVerificationForm
    edit_view_class = CompanyVerifyView
    inspect_view_class = CompanyInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        *("name", "kind", "uscc", "region", "domains", "capability_keywords"),
        *("qualifications", "description", "certificates", "verification"),
        *("verification_note", "verified_at", "verified_by", "created_at"),
    ]
    list_display = ["name", "kind", "uscc", "region", "verification", "created_at"]
    list_filter = ["verification", "kind"]
    search_fields = ["name", "uscc"]
    search_backend_name = None
    list_export = ["name", "kind", "uscc", "verification", "verified_at", "created_at"]

    def get_form_class(self, for_update=False):
        return CompanyVerificationForm


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Nobody adds, edits or deletes audit lines, not even a superuser, through the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(AuditEvent, ReadOnlyPolicy(AuditEvent))


class AuditTrailIndexView(IndexView):
    """The trail and its CSV/XLSX exports, without the events of bids still sealed."""

    def get_base_queryset(self):
        return selectors.audit_trail_for_staff()


class AuditEventInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(selectors.audit_trail_for_staff(), pk=self.pk)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    name = "audit"
    url_prefix = "bidding/audit"
    icon = "history"
    menu_label = _("Audit trail")
    # An append-only log: tracking which objects its rows point at would cost three queries on
    # every bid or organisation change, and the "usage" of a log row means nothing to an editor.
    add_to_reference_index = False
    index_view_class = AuditTrailIndexView
    inspect_view_class = AuditEventInspectView
    exclude_form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = True
    # States as their labels (已提交, 已认证), not the codes stored.
    list_display = [
        "at",
        "actor_name",
        "action",
        "company",
        "bid",
        Column("from_state_label", label=_("from state")),
        Column("to_state_label", label=_("to state")),
    ]
    list_filter = ["action", "at"]
    search_fields = ["actor_name", "company__name", "bid__receipt_number"]
    search_backend_name = None
    list_export = [
        "at",
        "actor_name",
        "action",
        "company",
        "bid",
        "from_state",
        "to_state",
        "ip_address",
        "detail",
    ]
    export_filename = "audit-trail"


class BidCountsView(WagtailAdminTemplateMixin, TemplateView):
    """How many bids each opportunity has, by state: what staff may know of sealed bids."""

    template_name = "admin/bidding/bid_counts.html"
    page_title = _("Bids per opportunity")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not selectors.is_staff_reader(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opportunities"] = selectors.bid_counts_by_opportunity()[:500]
        return context


class StaffReaderMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.is_staff_reader(request.user)


class BidCountsViewSet(ViewSet):
    name = "bid_counts"
    url_prefix = "bidding/bid-counts"
    icon = "doc-full-inverse"
    menu_label = _("Bids per opportunity")
    menu_item_class = StaffReaderMenuItem

    def get_urlpatterns(self):
        return [path("", BidCountsView.as_view(), name="index")]


class BiddingViewSetGroup(ViewSetGroup):
    menu_label = _("Bids")
    menu_icon = "doc-full-inverse"
    menu_order = 310
    items = (CompanyViewSet, AuditEventViewSet, BidCountsViewSet)


@hooks.register("register_admin_viewset")
def register_bidding_viewsets():
    return BiddingViewSetGroup()
