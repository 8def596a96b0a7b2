"""Which peers are our own reverse proxies (TRUSTED_PROXY_IPS: addresses or networks, e.g.
`10.0.0.5,172.16.0.0/12`). Only their headers about the client (X-Forwarded-For) and about the
moment of arrival (X-Request-Start) are believed."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def is_trusted_proxy(address):
    if not address:
        return False
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in _networks(tuple(settings.TRUSTED_PROXY_IPS)))
