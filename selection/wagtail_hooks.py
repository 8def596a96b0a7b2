"""Admin of the expert pool (专家库) for moderators: list with search and filters by domain and
in-pool, create and edit with an account chooser. Moderators (and superusers) hold the model
permissions (migration 0002); editors see neither the pool nor the chooser."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Expert


def manages_the_pool(user):
    return user.is_active and (
        user.has_perm("selection.add_expert") or user.has_perm("selection.change_expert")
    )


class AccountSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("User name or e-mail")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(Q(username__icontains=query) | Q(email__icontains=query))
            self.is_searching = True
            self.search_query = query
        return objects


class PoolManagersOnly:
    """The account list is for those who manage the pool, not for every admin user."""

    def dispatch(self, request, *args, **kwargs):
        if not manages_the_pool(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return get_user_model().objects.filter(is_active=True).order_by("username")


class AccountChooseView(PoolManagersOnly, ChooseView):
    filter_form_class = AccountSearchForm


class AccountChooseResultsView(PoolManagersOnly, ChooseResultsView):
    filter_form_class = AccountSearchForm


class AccountChosenView(PoolManagersOnly, ChosenView):
    pass


class AccountChooserViewSet(ChooserViewSet):
    model = get_user_model()
    name = "expert_accounts"
    url_prefix = "selection/accounts"
    icon = "user"
    choose_one_text = _("Choose an account")
    choose_another_text = _("Choose another account")
    register_widget = False  # only the expert form uses it; other user fields keep theirs
    choose_view_class = AccountChooseView
    choose_results_view_class = AccountChooseResultsView
    chosen_view_class = AccountChosenView


account_chooser = AccountChooserViewSet()


class ExpertForm(WagtailAdminModelForm):
    class Meta:
        model = Expert
        fields = [
            *("user", "name", "affiliation", "affiliation_uscc", "title", "domains"),
            *("keywords", "phone", "email", "is_active"),
        ]
        widgets = {"domains": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].widget = account_chooser.widget_class()


class ExpertViewSet(ModelViewSet):
    model = Expert
    name = "experts"
    url_prefix = "selection/experts"
    icon = "user"
    menu_label = _("Expert pool")
    menu_order = 320
    add_to_admin_menu = True
    form_class = ExpertForm
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["name", "affiliation", "title", "keywords", "is_active"]
    list_filter = ["domains", "is_active"]
    search_fields = ["name", "affiliation", "keywords", "user__username"]
    search_backend_name = None
    ordering = ["name"]

    def get_form_class(self, for_update=False):
        return ExpertForm


@hooks.register("register_admin_viewset")
def register_expert_pool():
    return [account_chooser, ExpertViewSet()]
