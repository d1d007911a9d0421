"""How many times a public form was sent from one network in the last hour: the agenda's guest form
and the newsletter's sign-up take only so many, so a bot cannot flood them or anyone's inbox, while
the colleagues behind one town hall's address can each use them. Counted in Django's cache: one count
for all web processes when it is Redis (docs/deploy.md)."""

from __future__ import annotations

import ipaddress

from django.core.cache import cache

from stadskennis.core.client_address import client_address


def network_of(request) -> str:
    """The client's address; for IPv6 its /64, which one household or office gets whole."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def too_many(request, scope: str, per_hour: int) -> bool:
    """Count this request under `scope` for its network; True once more than `per_hour` came."""
    key = f"rate:{scope}:{network_of(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > per_hour
