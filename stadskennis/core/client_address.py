"""The address a request really came from, behind the reverse proxies of docs/deploy.md.

Behind a proxy, REMOTE_ADDR is the proxy's address for every visitor. The proxy appends the address
it received the request from to X-Forwarded-For; whatever stands left of that was written by the
client and may be forged. So the header is believed only when REMOTE_ADDR is a trusted proxy
(settings.TRUSTED_PROXIES), and read from the right, past the trusted proxies, to the first address
that is not one of them (as nginx's `real_ip_recursive` does).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES holds something that is not an address: {error}"
        ) from error


def _parse(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the nearest address in
    X-Forwarded-For that is not. Used by the login limits (settings.AXES_CLIENT_IP_CALLABLE)."""
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))

    def trusted(address: Address) -> bool:
        return any(address in network for network in networks)

    remote = request.META.get("REMOTE_ADDR", "")
    nearest = _parse(remote)
    if nearest is None or not trusted(nearest):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:
            break  # not written by a proxy we know: stop at the last address one of them gave
        nearest = address
        if not trusted(address):
            break
    return str(nearest)
