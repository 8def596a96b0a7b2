"""Writing the audit trail: one call per state change, in the same transaction as the change."""

from .models import AuditEvent
from .proxies import is_trusted_proxy


def client_ip(request, *args):
    """The client's address: REMOTE_ADDR, or the address our own proxy appended to
    X-Forwarded-For when REMOTE_ADDR is one of TRUSTED_PROXY_IPS (scenarios/proxies.py). A header
    the client wrote itself is never believed. Also django-axes' AXES_CLIENT_IP_CALLABLE."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if is_trusted_proxy(remote) and forwarded:
        return forwarded.split(",")[-1].strip() or remote
    return remote


def audit(
    action,
    actor,
    *,
    company=None,
    bid=None,
    opportunity=None,
    from_state="",
    to_state="",
    request=None,
    **detail,
):
    """Record who did what to which organisation, bid or opportunity, from which state to which."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else "",
        company=company if company is not None else (bid.company if bid is not None else None),
        bid=bid,
        opportunity_id=opportunity.pk
        if opportunity is not None
        else (bid.opportunity_id if bid is not None else None),
        from_state=from_state,
        to_state=to_state,
        detail=detail,
        ip_address=client_ip(request),
    )
