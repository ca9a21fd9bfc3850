"""The address a request came from. Behind a reverse proxy the peer is the proxy, so the
client's address is read from `X-Forwarded-For`, but only when the peer is one of
TRUSTED_PROXIES: anyone else could write any address there. The header is read from its right
end (what the nearest proxy appended), skipping the trusted proxies themselves."""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from aiohttp import web

Network = IPv4Network | IPv6Network
UNKNOWN = "unknown"


def networks(values: Iterable[str]) -> tuple[Network, ...]:
    """`"10.0.0.1"`, `"10.0.0.0/8"`, `"::1"` as networks (ValueError for anything else)."""
    return tuple(ip_network(value.strip(), strict=False) for value in values)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def client_address(request: web.Request, trusted: tuple[Network, ...]) -> str:
    peer = request.remote or UNKNOWN
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, trusted):
            try:
                return str(ip_address(hop))
            except ValueError:
                return UNKNOWN  # not an address: a proxy would not have written that
    return peer
