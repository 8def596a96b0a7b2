"""Review panels (评审专家组): one per opportunity, its stage, its rules, its criteria and its
members (a chair and members, each invited, accepting or declining, and declaring conflicts)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .experts import Expert


class Panel(models.Model):
    """The panel that selects among an opportunity's bids, and the rules it works by."""

    class Stage(models.TextChoices):
        FORMING = "forming", _("Forming the panel")
        ELIGIBILITY = "eligibility", _("Eligibility check")
        SCORING = "scoring", _("Expert scoring")
        CONSENSUS = "consensus", _("Panel consensus")
        ROADSHOW = "roadshow", _("Roadshow")
        DECISION = "decision", _("Deciding the winners")
        NOTICE = "notice", _("Public notice")
        FINAL = "final", _("Result final")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("Mean of the experts' scores")
        TRIMMED_MEAN = "trimmed_mean", _("Mean without the highest and the lowest score")

    opportunity = models.OneToOneField(
        "cms.OpportunityPage",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="panel",
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.FORMING, db_index=True
    )
    min_members = models.PositiveSmallIntegerField(
        _("minimum number of experts"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
    )
    aggregation = models.CharField(
        _("aggregation rule"), max_length=16, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    outlier_share = models.DecimalField(
        _("outlier share"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.20"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "A score further than this share of the criterion maximum from the median is flagged."
        ),
    )
    comment_below_share = models.DecimalField(
        _("comment required below"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("A score below this share of the criterion maximum needs a comment."),
    )
    pass_score = models.DecimalField(
        _("overall pass mark"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    blind_first_round = models.BooleanField(
        _("blind first round"),
        default=False,
        help_text=_("Experts do not see the bidders' names while they score."),
    )
    with_roadshow = models.BooleanField(_("roadshow round"), default=False)
    objection_working_days = models.PositiveSmallIntegerField(
        _("objection period (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review panel")
        verbose_name_plural = _("review panels")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.opportunity.title}（{self.get_stage_display()}）"

    @property
    def stage_index(self):
        return list(self.Stage.values).index(self.stage)

    def reached(self, stage):
        """Whether the panel is at this stage or past it."""
        return self.stage_index >= list(self.Stage.values).index(stage)


class PanelCriterion(models.Model):
    """One scoring criterion of a panel, copied from the challenge's rubric when the panel is
    formed (or the default rubric of a scenario), so a later edit of the page never changes what
    was scored. Its maximum is the rubric weight: the criteria add up to 100."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=120)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A bid whose panel score on this criterion is below it is not ranked."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__isnull=True)
                | models.Q(pass_mark__gte=0, pass_mark__lte=models.F("max_score")),
                name="panel_criterion_pass_mark_within_maximum",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.max_score}）"


class PanelMember(models.Model):
    """An expert on a panel: invited, then accepting or declining; before reading any bid the
    expert signs the conflict-of-interest declaration for this opportunity."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        RECUSED = "recused", _("Recused from the opportunity")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    declined_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    # The signed declaration (利益冲突声明): its text as the expert saw it, and when.
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    declaration_text = models.TextField(_("declaration"), blank=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["-role", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="panel_member_once"),
            models.UniqueConstraint(
                fields=["panel"], condition=models.Q(role="chair"), name="panel_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.expert.name}（{self.get_role_display()}）"

    @property
    def is_chair(self):
        return self.role == self.Role.CHAIR

    @property
    def is_active(self):
        """Accepted and not recused from the whole opportunity."""
        return self.status == self.Status.ACCEPTED

    @property
    def has_declared(self):
        return self.declared_at is not None
