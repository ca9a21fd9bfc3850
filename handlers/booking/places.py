"""Where counselling happens: a centre (a visit or a phone call) or a stop of the bus.

A place is named in button data as `c<centre id>` or `v<visit id>`; the person's own region
comes first in lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers.flows.common import row_id
from handlers.i18n import N_
from storage.ports.stores import BookingStore
from storage.records import Profile, Slot

MODES = ("visit", "phone", "bus")
MODE_BUTTONS = {
    "visit": N_("Visit a centre"),
    "phone": N_("By phone"),
    "bus": N_("At the bus"),
}
MODE_NAMES = {
    "visit": N_("counselling at the centre"),
    "phone": N_("counselling by phone"),
    "bus": N_("counselling at the bus"),
}


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # "c12" or "v5"
    name: str
    address: str | None
    region: str  # "경기도 광명시", for sorting and showing
    phone: str | None = None
    is_example: bool = False

    @property
    def centre_id(self) -> int | None:
        return int(self.key[1:]) if self.key.startswith("c") else None

    @property
    def visit_id(self) -> int | None:
        return int(self.key[1:]) if self.key.startswith("v") else None


def parse_place(key: str | None) -> tuple[int | None, int | None] | None:
    """`"c12"` -> (12, None), `"v5"` -> (None, 5); None for anything else."""
    number = row_id(key[1:]) if key and key[0] in "cv" else None
    if number is None:
        return None
    return (number, None) if key[0] == "c" else (None, number)


async def place(uow: BookingStore, key: str) -> Place | None:
    parsed = parse_place(key)
    if parsed is None:
        return None
    centre_id, visit_id = parsed
    if centre_id is not None:
        centre = await uow.catalogue.centre(centre_id)
        if centre is None:
            return None
        region = " ".join(part for part in (centre.sido, centre.sigungu) if part)
        return Place(key, centre.name, centre.address, region, centre.phone, centre.is_example)
    listing = await uow.bus.visit(visit_id)
    if listing is None:
        return None
    site = listing.site
    return Place(
        key,
        site.name,
        site.address,
        f"서울특별시 {site.district}",
        listing.visit.phone,
        site.is_example,
    )


async def place_of(uow: BookingStore, slot: Slot) -> Place | None:
    key = f"c{slot.centre_id}" if slot.centre_id is not None else f"v{slot.visit_id}"
    return await place(uow, key)


async def places_with_seats(
    uow: BookingStore, mode: str, first: datetime, last: datetime, profile: Profile | None
) -> list[tuple[Place, int]]:
    """Places with a free seat of this kind, the person's own 시/군/구 and 시/도 first."""
    found = []
    for centre_id, visit_id, seats in await uow.slots.seats_by_place(first, last, mode):
        key = f"c{centre_id}" if visit_id is None else f"v{visit_id}"
        if (found_place := await place(uow, key)) is not None:
            found.append((found_place, int(seats)))
    return sorted(found, key=lambda item: _nearness(item[0], profile))


def _nearness(candidate: Place, profile: Profile | None) -> int:
    if profile is None or not profile.sido:
        return 2
    if profile.sigungu and candidate.region.endswith(profile.sigungu):
        return 0
    return 1 if candidate.region.startswith(profile.sido) else 2
