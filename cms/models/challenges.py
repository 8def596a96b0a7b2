"""The technology challenge page (揭榜挂帅), its technical targets and its evaluation rubric."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES
from ..forms import RubricInlinePanel
from .opportunities import OpportunityPage
from .snippets import Organization


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
