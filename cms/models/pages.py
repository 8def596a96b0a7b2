"""Wagtail pages: the home page, opportunity lists (机会清单), scenarios (应用场景) and challenges (揭榜挂帅)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, AttachmentsBlock, DescriptionBlock
from ..forms import OpportunityListPageForm, OpportunityPageForm, RubricInlinePanel
from .snippets import Domain, Organization, Region

LISTING_PAGE_SIZE = 12


class Status(models.TextChoices):
    """Where an opportunity stands in its application window, derived from its dates."""

    UPCOMING = "upcoming", _("Not yet open")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")


class OpportunityQuerySet(PageQuerySet):
    def with_status(self, status, now=None):
        now = now or timezone.now()
        opened = Q(application_opens__isnull=True) | Q(application_opens__lte=now)
        if status == Status.UPCOMING:
            return self.filter(application_opens__gt=now)
        if status == Status.OPEN:
            return self.filter(opened, application_deadline__gte=now)
        if status == Status.CLOSED:
            return self.filter(application_deadline__lt=now)
        raise ValueError(f"unknown status {status!r}")

    def open(self):
        return self.with_status(Status.OPEN)

    def open_first(self, now=None):
        """Open opportunities first (soonest deadline first), then those not yet open, then the
        closed ones (most recently closed first)."""
        now = now or timezone.now()
        rank = Case(
            When(application_deadline__lt=now, then=Value(2)),
            When(application_opens__gt=now, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        closed = Q(application_deadline__lt=now)
        return self.annotate(
            status_rank=rank,
            coming_deadline=Case(When(~closed, then="application_deadline")),
            past_deadline=Case(When(closed, then="application_deadline")),
        ).order_by(
            "status_rank",
            models.F("coming_deadline").asc(nulls_last=True),
            models.F("past_deadline").desc(nulls_last=True),
            "pk",
        )

    def in_domain(self, slug):
        """Opportunities tagged with this domain or one of its children."""
        return self.filter(domains__in=Domain.with_descendants(slug)).distinct()

    def scenarios(self):
        return self.filter(scenariopage__isnull=False)

    def challenges(self):
        return self.filter(challengepage__isnull=False)


OpportunityManager = PageManager.from_queryset(OpportunityQuerySet)


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


class OpportunityKeyword(TaggedItemBase):
    content_object = ParentalKey(
        "cms.OpportunityPage", on_delete=models.CASCADE, related_name="tagged_keywords"
    )


class OpportunityPage(Page):
    """What scenarios and challenges share: taxonomy, application window, contact, keywords.

    Not creatable itself; it exists as a concrete table so lists, counters and filters can query
    both kinds at once.
    """

    kind = None

    ref = models.CharField(
        _("reference number"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "The publisher's own reference, e.g. JB-2025-017. Identifies the row on re-import."
        ),
    )
    summary = models.TextField(_("summary"), max_length=400)
    domains = ParentalManyToManyField(
        Domain, verbose_name=_("domains"), related_name="opportunities"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    keywords = ClusterTaggableManager(
        verbose_name=_("keywords"), through=OpportunityKeyword, blank=True
    )
    application_opens = models.DateTimeField(
        _("applications open"),
        null=True,
        blank=True,
        help_text=_("Leave empty to accept applications as soon as the page is published."),
    )
    application_deadline = models.DateTimeField(_("application deadline"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    attachments = StreamField(AttachmentsBlock(), verbose_name=_("attachments"), blank=True)
    source_url = models.URLField(_("source URL"), blank=True, max_length=500)

    objects = OpportunityManager()

    is_creatable = False
    parent_page_types = ["cms.OpportunityListPage"]
    subpage_types = []
    base_form_class = OpportunityPageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("ref"),
        index.FilterField("application_deadline"),
    ]

    taxonomy_panels = [
        FieldPanel("ref"),
        FieldPanel("domains", widget=forms.CheckboxSelectMultiple),
        FieldPanel("region"),
        FieldPanel("keywords"),
    ]
    window_panels = [
        FieldRowPanel([FieldPanel("application_opens"), FieldPanel("application_deadline")]),
    ]
    contact_panels = [
        FieldRowPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")]
        ),
        FieldPanel("source_url"),
    ]

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    @property
    def status(self):
        now = timezone.now()
        if self.application_opens and self.application_opens > now:
            return Status.UPCOMING
        if self.application_deadline and self.application_deadline < now:
            return Status.CLOSED
        return Status.OPEN

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def days_left(self):
        """Whole days until the deadline while open, else None."""
        if self.status != Status.OPEN:
            return None
        return (timezone.localdate(self.application_deadline) - timezone.localdate()).days

    @cached_property
    def list_page(self):
        return self.get_parent().specific

    def clean(self):
        super().clean()
        errors = {}
        deadline = self.application_deadline
        if deadline and self.application_opens and self.application_opens >= deadline:
            errors["application_opens"] = _("Applications must open before the deadline.")
        if deadline and self.go_live_at and self.go_live_at >= deadline:
            errors["application_deadline"] = _(
                "The deadline must come after the scheduled publication time."
            )
        if errors:
            raise ValidationError(errors)


class ScenarioPage(OpportunityPage):
    """An application scenario (应用场景): a place, data or service offered for new technology."""

    kind = "scenario"

    class Level(models.TextChoices):
        CITY = "city", _("City-level")
        ENTERPRISE = "enterprise", _("Enterprise-level")
        FIRST = "first", _("First-of-a-kind")

    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.CITY)
    publisher = models.ForeignKey(
        Organization,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="scenarios",
    )
    description = StreamField(DescriptionBlock(), verbose_name=_("description"), blank=True)
    sought = models.TextField(_("what is sought"), blank=True)
    resources_sites = models.TextField(_("sites offered"), blank=True)
    resources_data = models.TextField(_("data offered"), blank=True)
    resources_funding = models.TextField(_("funding offered"), blank=True)
    cooperation_mode = models.CharField(_("cooperation mode"), max_length=120, blank=True)
    budget_min_wan = models.DecimalField(
        _("budget from (10k CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_max_wan = models.DecimalField(
        _("budget up to (10k CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("publisher")]),
        MultiFieldPanel(OpportunityPage.taxonomy_panels, heading=_("Taxonomy")),
        FieldPanel("cover_image"),
        FieldPanel("description"),
        FieldPanel("sought"),
        MultiFieldPanel(
            [
                FieldPanel("resources_sites"),
                FieldPanel("resources_data"),
                FieldPanel("resources_funding"),
            ],
            heading=_("Resources offered"),
        ),
        FieldPanel("cooperation_mode"),
        FieldRowPanel([FieldPanel("budget_min_wan"), FieldPanel("budget_max_wan")]),
        MultiFieldPanel(OpportunityPage.window_panels, heading=_("Application window")),
        MultiFieldPanel(OpportunityPage.contact_panels, heading=_("Contact")),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *OpportunityPage.search_fields,
        index.SearchField("description"),
        index.SearchField("sought"),
    ]

    class Meta:
        verbose_name = _("application scenario")
        verbose_name_plural = _("application scenarios")

    def clean(self):
        super().clean()
        low, high = self.budget_min_wan, self.budget_max_wan
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"budget_max_wan": _("The upper budget must not be below the lower budget.")}
            )


class ChallengePage(OpportunityPage):
    """A technology challenge (揭榜挂帅): a hard problem with targets, a bounty and a deadline."""

    kind = "challenge"

    class SelectionMode(models.TextChoices):
        SINGLE = "single", _("Single winner")
        RACE = "race", _("Horse race (several winners)")

    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    problem = RichTextField(_("problem statement"), features=RICH_TEXT_FEATURES)
    qualifications = RichTextField(
        _("bidder qualifications"), features=RICH_TEXT_FEATURES, blank=True
    )
    bounty_wan = models.DecimalField(
        _("bounty (10k CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    implementation_months = models.PositiveSmallIntegerField(
        _("implementation period (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    selection_mode = models.CharField(
        _("selection mode"),
        max_length=16,
        choices=SelectionMode.choices,
        default=SelectionMode.SINGLE,
    )
    winners_count = models.PositiveSmallIntegerField(
        _("number of winners"), default=1, validators=[MinValueValidator(1)]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("issuer"),
        MultiFieldPanel(OpportunityPage.taxonomy_panels, heading=_("Taxonomy")),
        FieldPanel("cover_image"),
        FieldPanel("problem"),
        InlinePanel("targets", heading=_("Technical targets"), label=_("Target"), min_num=1),
        FieldPanel("qualifications"),
        FieldRowPanel([FieldPanel("bounty_wan"), FieldPanel("implementation_months")]),
        FieldRowPanel([FieldPanel("selection_mode"), FieldPanel("winners_count")]),
        RubricInlinePanel(
            "rubric_criteria",
            heading=_("Evaluation rubric"),
            label=_("Criterion"),
            help_text=_("The weights must add up to 100."),
        ),
        MultiFieldPanel(OpportunityPage.window_panels, heading=_("Application window")),
        MultiFieldPanel(OpportunityPage.contact_panels, heading=_("Contact")),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *OpportunityPage.search_fields,
        index.SearchField("problem"),
        index.SearchField("qualifications"),
    ]

    class Meta:
        verbose_name = _("technology challenge")
        verbose_name_plural = _("technology challenges")

    def clean(self):
        super().clean()
        if self.selection_mode == self.SelectionMode.RACE and self.winners_count < 2:
            raise ValidationError(
                {"winners_count": _("A horse race selects at least two winners.")}
            )
        if self.selection_mode == self.SelectionMode.SINGLE and self.winners_count != 1:
            raise ValidationError(
                {"winners_count": _("Single-winner selection has exactly one winner.")}
            )


class ChallengeTarget(Orderable):
    """One technical target (技术指标) of a challenge: an indicator, the value to reach and its unit."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=120)
    target_value = models.CharField(_("target value"), max_length=60)
    unit = models.CharField(_("unit"), max_length=30, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("target_value"), FieldPanel("unit")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("technical target")
        verbose_name_plural = _("technical targets")

    def __str__(self):
        return f"{self.indicator} {self.target_value}{self.unit}"


class RubricCriterion(Orderable):
    """One criterion of a challenge's evaluation rubric, with its weight out of 100."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="rubric_criteria")
    criterion = models.CharField(_("criterion"), max_length=120)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    panels = [FieldRowPanel([FieldPanel("criterion"), FieldPanel("weight")])]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")

    def __str__(self):
        return f"{self.criterion} ({self.weight})"


__all__ = [
    "ChallengePage",
    "ChallengeTarget",
    "HomePage",
    "OpportunityKeyword",
    "OpportunityListPage",
    "OpportunityPage",
    "PublisherSectionPage",
    "RubricCriterion",
    "ScenarioPage",
    "Status",
]
