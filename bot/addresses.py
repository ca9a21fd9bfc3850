"""Who is asking, by address, and how often each address may ask.

The client's address is the peer's, unless the peer is one of `TRUSTED_PROXIES`: then it is
the nearest address in `X-Forwarded-For` that is not a trusted proxy (a client can prepend
anything to that header, so it is read from the right). IPv6 clients count by their /64, which
is what one household or phone gets.

`AddressLimits` is a token bucket per address, kept in this process's memory: `allow(address)`
takes one token or says no. It remembers a bounded number of addresses, so a flood of fresh
addresses costs memory only up to that bound; the time source is a dependency for tests.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
REMEMBERED = 100_000


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks ("10.0.0.5" is 10.0.0.5/32)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str | None) -> Address | None:
    try:
        return ipaddress.ip_address((text or "").strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: Address | None, trusted: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in trusted)


def client_address(request: web.Request, trusted: tuple[Network, ...]) -> str:
    """The address requests are counted and audited by (see the module's docstring)."""
    peer = _address(request.remote)
    client = peer
    if _trusted(peer, trusted):
        hops = ",".join(request.headers.getall("X-Forwarded-For", [])).split(",")
        for hop in reversed(hops[-20:]):  # a longer chain is a client padding it
            address = _address(hop)
            if address is None:
                break  # garbage: believe nothing further left
            client = address
            if not _trusted(address, trusted):
                break
    if client is None:
        return request.remote or "unknown"
    if client.version == 6 and client.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{client}/64", strict=False))
    return str(client.ipv4_mapped or client) if client.version == 6 else str(client)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class AddressLimits:
    """At most `burst` requests at once per address, refilled at `burst` per `period_s`."""

    def __init__(
        self,
        burst: int,
        period_s: float,
        clock: Callable[[], float] = time.monotonic,
        remembered: int = REMEMBERED,
    ) -> None:
        self._burst = float(burst)
        self._rate = burst / period_s
        self._clock = clock
        self._remembered = remembered
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, address: str) -> bool:
        now = self._clock()
        bucket = self._buckets.pop(address, None) or _Bucket(self._burst, now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.at) * self._rate)
        bucket.at = now
        allowed = bucket.tokens >= 1
        if allowed:
            bucket.tokens -= 1
        self._buckets[address] = bucket  # the most recently seen go last
        while len(self._buckets) > self._remembered:
            self._buckets.popitem(last=False)  # the longest quiet is forgotten (a full bucket)
        return allowed

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may ask again (for Retry-After)."""
        bucket = self._buckets.get(address)
        missing = 1 - bucket.tokens if bucket else 0
        return max(1, round(missing / self._rate + 0.5))
