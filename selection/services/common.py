"""What every selection service repeats: who manages a panel, locking it, and the stage rule."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..models import Panel, PanelMember
from ..selectors import panel_managed_by


def lock_panel(panel):
    """Re-read the panel under a row lock, so two requests never change it at once."""
    return Panel.objects.select_for_update().select_related("opportunity").get(pk=panel.pk)


def require_manager(actor, panel_or_opportunity):
    """Only a publisher of the organisation responsible for the opportunity manages its panel."""
    opportunity = getattr(panel_or_opportunity, "opportunity", panel_or_opportunity)
    if not panel_managed_by(actor, opportunity):
        raise PermissionDenied(_("Only the publisher of this opportunity may do this."))


def require_stage(panel, *stages):
    if panel.stage not in stages:
        raise ValidationError(
            _("The panel is at the stage “%(stage)s”; this step belongs to another stage.")
            % {"stage": panel.get_stage_display()},
            code="wrong_stage",
        )


def seat_of(actor, panel, *, lock=False):
    """The actor's accepted seat on the panel, or PermissionDenied."""
    seats = PanelMember.objects.select_related("expert", "panel__opportunity")
    if lock:
        seats = seats.select_for_update(of=("self",))
    member = (
        seats.filter(panel=panel, expert__user=actor).first() if actor.is_authenticated else None
    )
    if member is None or member.status != PanelMember.Status.ACCEPTED:
        raise PermissionDenied(_("You are not an active member of this panel."))
    return member


def text_problem(value, max_length):
    """Why a text cannot be stored as it is (too long, a NUL character, a lone surrogate that
    JSON may carry escaped), or None."""
    if len(value) > max_length:
        return _("At most %(count)d characters.") % {"count": max_length}
    if "\x00" in value:
        return _("Null characters are not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("This text holds characters that are not valid Unicode.")
    return None


def clean_text(value, field, max_length):
    """The stripped text, or a ValidationError naming the field."""
    value = (value or "").strip()
    problem = text_problem(value, max_length)
    if problem:
        raise ValidationError({field: problem}, code="invalid")
    return value
