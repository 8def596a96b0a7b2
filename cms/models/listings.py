"""The pages that list opportunities: the home page, a publishing organisation's section and an
opportunity list (机会清单)."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, AttachmentsBlock
from ..forms import OpportunityListPageForm
from .challenges import ChallengePage
from .opportunities import OpportunityPage
from .snippets import Organization, Region

LISTING_PAGE_SIZE = 12


class HomePage(Page):
    """The site's front page: newest lists, open challenges and the platform's counters."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["cms.PublisherSectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lists = OpportunityListPage.objects.live().descendant_of(self)
        opportunities = OpportunityPage.objects.live().descendant_of(self)
        open_challenges = ChallengePage.objects.live().descendant_of(self).open()
        context.update(
            newest_lists=lists.order_by("-issued_on", "-pk")[:3],
            open_challenges=open_challenges.select_related("issuer", "region", "cover_image")
            .prefetch_related("domains", "cover_image__renditions")
            .order_by("application_deadline")[:6],
            counters={
                "lists": lists.count(),
                "open_scenarios": opportunities.scenarios().open().count(),
                "open_challenges": open_challenges.count(),
                "open_bounty_wan": open_challenges.aggregate(total=Sum("bounty_wan"))["total"]
                or Decimal(0),
                "organizations": Organization.objects.count(),
            },
        )
        return context


class PublisherSectionPage(Page):
    """A publishing organisation's part of the site (发布单位栏目): its lists live beneath it, and
    the organisation's group holds its page rights here and nowhere else.

    Made by ``publisher_section_sync``, never by hand, so that each organisation has exactly one.
    """

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("publishing organisation"),
        on_delete=models.PROTECT,
        related_name="section",
    )
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editing group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="publisher_section",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("image and document collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="publisher_section",
    )

    content_panels = Page.content_panels
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.OpportunityListPage"]
    is_creatable = False

    class Meta:
        verbose_name = _("publisher section")
        verbose_name_plural = _("publisher sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lists"] = (
            OpportunityListPage.objects.live()
            .child_of(self)
            .select_related("region")
            .order_by("-issued_on", "-pk")
        )
        return context


class OpportunityListPage(Page):
    """A dated batch of opportunities (机会清单), e.g. "2025年第一批城市机会清单"; its children are the opportunities."""

    publisher = models.ForeignKey(
        Organization,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="opportunity_lists",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL
    )
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    attachments = StreamField(AttachmentsBlock(), verbose_name=_("attachments"), blank=True)

    # The publisher is the organisation of the section the list is in (OpportunityListPageForm).
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("region"), FieldPanel("issued_on")]),
        FieldPanel("introduction"),
        FieldPanel("attachments"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    base_form_class = OpportunityListPageForm
    parent_page_types = ["cms.PublisherSectionPage"]
    subpage_types = ["cms.ScenarioPage", "cms.ChallengePage"]

    class Meta:
        verbose_name = _("opportunity list")
        verbose_name_plural = _("opportunity lists")

    def opportunities(self):
        return OpportunityPage.objects.live().child_of(self)

    def get_context(self, request, *args, **kwargs):
        from ..filters import OpportunityFilter

        context = super().get_context(request, *args, **kwargs)
        filterset = OpportunityFilter(
            request.GET or None, queryset=self.opportunities().open_first()
        )
        results = (
            filterset.qs.specific()
            .select_related("region", "cover_image", for_specific_subqueries=True)
            .prefetch_related("domains", "cover_image__renditions", for_specific_subqueries=True)
        )
        context["filter"] = filterset
        context["page_obj"] = Paginator(results, LISTING_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["total"] = self.opportunities().count()
        return context
