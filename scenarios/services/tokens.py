"""API tokens (Wagtail's `APIToken`): an account creates and revokes its own, each audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from ..audit import audit
from ..models import AuditEvent
from ..selectors import company_of

MAX_TOKENS_PER_ACCOUNT = 10


@transaction.atomic
def token_create(actor, *, name, request=None):
    """A new bearer token for the account itself; returns (token, key). The key is shown once."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    name = (name or "").strip()
    if not name or "\x00" in name or len(name) > 80:
        raise ValidationError({"name": [_("Give the token a name of at most 80 characters.")]})
    if (
        APIToken.objects.filter(user=actor, revoked_at__isnull=True).count()
        >= MAX_TOKENS_PER_ACCOUNT
    ):
        raise ValidationError(
            _("An account keeps at most %(count)d tokens; revoke one first.")
            % {"count": MAX_TOKENS_PER_ACCOUNT},
            code="too_many",
        )
    token, key = APIToken.create_token(user=actor, name=name)
    audit(
        AuditEvent.Action.TOKEN_CREATED,
        actor,
        company=company_of(actor),
        request=request,
        token=token.pk,
        name=name,
    )
    return token, key


@transaction.atomic
def token_revoke(token, actor, *, request=None):
    """Revoke one of the account's own tokens (revoking twice changes nothing)."""
    token = APIToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    token.revoke()
    audit(
        AuditEvent.Action.TOKEN_REVOKED,
        actor,
        company=company_of(actor),
        request=request,
        token=token.pk,
        name=token.name,
    )
    return token
