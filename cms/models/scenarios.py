"""The application scenario page (应用场景)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import DescriptionBlock
from .opportunities import OpportunityPage
from .snippets import Organization


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
