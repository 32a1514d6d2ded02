"""The client's address: the one place that reads it, for rate limits, lock-outs and logs.

Behind a proxy, the connection comes from the proxy, and the client's address is in the
X-Forwarded-For header, which each proxy extends with the address it was reached from. Only
the entries the site's own proxies appended can be believed: anything to their left was sent
by the client and may be made up. So the header is read from the right, skipping the trusted
proxies, and the first address that is not one of them is the client (`DJANGO_TRUSTED_PROXIES`:
how many proxies stand in front, or which addresses and networks they have; by default none,
and the connection's own address is the client's).
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent `request`, or "" when it has none."""
    remote = _address(str(request.META.get("REMOTE_ADDR", "")))
    trusted = settings.TRUSTED_PROXIES
    if not trusted or remote is None:
        return remote or ""
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))[:2000]
    # The connection is the last hop; each entry to its left was appended by the hop after it.
    hops = [*(_address(entry) for entry in forwarded.split(",")), remote] if forwarded else [remote]
    if isinstance(trusted, int):
        index = max(len(hops) - 1 - trusted, 0)
    else:
        networks = _networks(tuple(trusted))
        index = len(hops) - 1
        while index > 0 and _in(hops[index], networks):
            index -= 1
    # A hop that is not an address cannot be believed: use the nearest real one to its right,
    # the proxy that received the request from it.
    return next(hop for hop in hops[index:] if hop is not None)


def _address(text: str) -> str | None:
    """An address written one way ("2001:db8::1"), without a port; None if it is not one."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 198.51.100.1:4711
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return None


def _in(address: str | None, networks: tuple[Network, ...]) -> bool:
    if address is None:
        return False
    parsed = ipaddress.ip_address(address)
    return any(parsed.version == net.version and parsed in net for net in networks)


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
