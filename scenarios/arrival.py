"""When a request reached the platform. The deadline of a bid is judged by that moment, not by
when a busy worker got round to it: in the last seconds before a deadline many bids arrive at
once and wait in the server's queue. Our own reverse proxy stamps each request on arrival
(`X-Request-Start: t=<seconds.milliseconds>`, deploy/nginx.conf); the stamp is believed only
from TRUSTED_PROXY_IPS and only within BID_ARRIVAL_MAX_QUEUE_SECONDS of the present, so a
client can neither write its own nor reach further back than a queue could hold it."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .proxies import is_trusted_proxy


def _proxy_stamp(request):
    header = request.META.get("HTTP_X_REQUEST_START", "")
    if not header or not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
        return None
    try:
        seconds = float(header.removeprefix("t="))
    except ValueError:
        return None
    if seconds > 1e11:  # some proxies send milliseconds or microseconds
        seconds /= 1000 if seconds < 1e14 else 1_000_000
    return datetime.fromtimestamp(seconds, tz=UTC)


class ArrivalTimeMiddleware:
    """Sets `request.arrived_at`: the proxy's stamp when it can be believed, else the moment
    the request reached Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now()
        stamp = _proxy_stamp(request)
        believable = stamp is not None and now - queue_window() <= stamp <= now
        request.arrived_at = stamp if believable else now
        return self.get_response(request)


def arrival_time(request):
    """The moment to judge a deadline by: the request's arrival, or now outside a request."""
    arrived_at = getattr(request, "arrived_at", None)
    return arrived_at if arrived_at is not None else timezone.now()


def queue_window():
    """How long an in-time request may wait in the queue; bids stay sealed this long past the
    deadline, so that nobody opens the list before the last in-time bid is written."""
    return timedelta(seconds=settings.BID_ARRIVAL_MAX_QUEUE_SECONDS)
