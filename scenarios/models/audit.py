"""The audit trail: every state change of a bid or an organisation, and every staff access to a
sealed bid, with who, when, what, and from which state to which."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One line of the audit trail. Written by the services in the same transaction as the change
    it records, never edited."""

    class Action(models.TextChoices):
        COMPANY_REGISTERED = "company_registered", _("Organisation registered")
        COMPANY_UPDATED = "company_updated", _("Organisation profile updated")
        COMPANY_VERIFIED = "company_verified", _("Organisation verified")
        COMPANY_REJECTED = "company_rejected", _("Organisation rejected")
        MEMBER_ADDED = "member_added", _("Member added")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        OWNERSHIP_TRANSFERRED = "ownership_transferred", _("Ownership transferred")
        CERTIFICATE_ADDED = "certificate_added", _("Certificate added")
        CERTIFICATE_REMOVED = "certificate_removed", _("Certificate removed")
        BID_CREATED = "bid_created", _("Bid drafted")
        BID_UPDATED = "bid_updated", _("Bid edited")
        BID_SUBMITTED = "bid_submitted", _("Bid submitted")
        BID_WITHDRAWN = "bid_withdrawn", _("Bid withdrawn")
        BID_ATTACHMENT_ADDED = "bid_attachment_added", _("Attachment added")
        BID_ATTACHMENT_REMOVED = "bid_attachment_removed", _("Attachment removed")
        BID_VIEWED_BY_STAFF = "bid_viewed_by_staff", _("Bid opened by staff")
        BID_OPENED_BY_PUBLISHER = "bid_opened_by_publisher", _("Bid opened by the publisher")
        BID_BREAK_GLASS = "bid_break_glass", _("Sealed bid opened by staff, with a reason")
        QUESTION_ASKED = "question_asked", _("Question asked")
        QUESTION_ANSWERED = "question_answered", _("Question answered")
        QUESTION_ANSWER_REVISED = "question_answer_revised", _("Answer revised")
        BID_INVITED = "bid_invited", _("Invited to bid")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        # Selection (selection/services/): panels, conflicts, scores, the decision, the notice.
        PANEL_FORMED = "panel_formed", _("Review panel formed")
        PANEL_STAGE_CHANGED = "panel_stage_changed", _("Review stage changed")
        EXPERT_INVITED = "expert_invited", _("Expert invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_DECLINED = "invitation_declined", _("Invitation declined")
        DECLARATION_SIGNED = "declaration_signed", _("Conflict-of-interest declaration signed")
        EXPERT_RECUSED = "expert_recused", _("Expert recused")
        ELIGIBILITY_MARKED = "eligibility_marked", _("Eligibility checked")
        BID_OPENED_BY_EXPERT = "bid_opened_by_expert", _("Bid opened by an expert")
        SCORE_SAVED = "score_saved", _("Score saved")
        SCORE_SUBMITTED = "score_submitted", _("Score sheet submitted")
        SCORE_CHANGED = "score_changed", _("Submitted score changed")
        CONSENSUS_RECORDED = "consensus_recorded", _("Consensus recorded")
        ROADSHOW_SCHEDULED = "roadshow_scheduled", _("Roadshow scheduled")
        BID_SHORTLISTED = "bid_shortlisted", _("Bid shortlisted")
        BID_SELECTED = "bid_selected", _("Bid selected")
        BID_NOT_SELECTED = "bid_not_selected", _("Bid not selected")
        DECISION_RETURNED = "decision_returned", _("Decision sent back")
        NOTICE_PUBLISHED = "notice_published", _("Result notice published")
        OBJECTION_FILED = "objection_filed", _("Objection filed")
        OBJECTION_ANSWERED = "objection_answered", _("Objection answered")
        RESULT_FINAL = "result_final", _("Result final")

    # What the panel does with a bid is not the bidder's to read: who opened, scored, recused or
    # agreed on it would name the experts (the bidder's own history leaves these out).
    PANEL_INTERNAL = frozenset(
        {
            Action.EXPERT_RECUSED,
            Action.BID_OPENED_BY_EXPERT,
            Action.SCORE_SAVED,
            Action.SCORE_SUBMITTED,
            Action.SCORE_CHANGED,
            Action.CONSENSUS_RECORDED,
        }
    )

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("who (name)"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=32, choices=Action.choices)
    company = models.ForeignKey(
        "scenarios.Company",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    bid = models.ForeignKey(
        "scenarios.Bid",
        verbose_name=_("bid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    opportunity = models.ForeignKey(
        "cms.OpportunityPage",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(_("from state"), max_length=16, blank=True)
    to_state = models.CharField(_("to state"), max_length=16, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.get_action_display()}"

    @property
    def from_state_label(self):
        return _state_label(self.from_state)

    @property
    def to_state_label(self):
        return _state_label(self.to_state)


# Apps above this one add the states their audit lines name (selection: the panel stages).
STATE_LABELS = {}


def register_state_labels(choices):
    """Let an app's states show in the reader's language in the audit trail."""
    STATE_LABELS.update(dict(choices))


def _state_label(value):
    """A bid status, verification state or registered state in the reader's language; anything
    else as written."""
    from .bids import Bid
    from .companies import Company

    labels = {**STATE_LABELS, **dict(Company.Verification.choices), **dict(Bid.Status.choices)}
    return labels.get(value, value)
