"""What scenarios and challenges share: the opportunity page, its keywords, its status and its
queries (open, closed, in a domain, open ones first)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..blocks import AttachmentsBlock
from ..forms import OpportunityPageForm
from .snippets import Domain, Region


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
