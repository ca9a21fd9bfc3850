"""Rows of our own bus-visit file: a day, its hours in Seoul time, the zone, district and site.

Zones and their districts are the five of the Seoul counselling bus (`storage/demo.py`); a
site is known by its name, a visit by its day and site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from handlers.importing.cells import Cells
from storage.demo import ZONES

BUS_COLUMNS = (
    ("date", "start", "end", "zone", "district", "site", "services"),
    ("address", "latitude", "longitude", "phone"),
)
SERVICES = ("job", "startup", "aptitude", "interview")
DISTRICTS = {zone.name: zone.districts for zone in ZONES}
# South Korea, with room to spare; a swapped latitude and longitude falls outside.
LATITUDES, LONGITUDES = (33.0, 39.0), (124.0, 132.0)


@dataclass(frozen=True)
class BusVisitRow:
    row: int = field(compare=False)
    day: date
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    zone: str  # Korean name: 서남권
    district: str
    site: str
    address: str | None
    latitude: float | None
    longitude: float | None
    services: tuple[str, ...]
    phone: str | None

    @property
    def identity(self) -> str:
        return f"bus:{self.day.isoformat()}:{self.site}"


def bus_visit(cells: Cells, tz: tzinfo) -> BusVisitRow | None:
    day = cells.day("date", required=True)
    start, end = cells.clock("start", required=True), cells.clock("end", required=True)
    cells.ordered("start", start, "end", end, strict=True)
    zone = cells.text("zone", required=True)
    district = cells.text("district", required=True)
    _check_place(cells, zone, district)
    site = cells.text("site", required=True)
    latitude, longitude = _coordinates(cells)
    services = _services(cells)
    if cells.problems:
        return None
    return BusVisitRow(
        row=cells.row.number,
        day=day,
        starts_at=datetime.combine(day, start, tzinfo=tz).astimezone(UTC),
        ends_at=datetime.combine(day, end, tzinfo=tz).astimezone(UTC),
        zone=zone,
        district=district,
        site=site,
        address=cells.text("address"),
        latitude=latitude,
        longitude=longitude,
        services=services,
        phone=cells.text("phone"),
    )


def _coordinates(cells: Cells) -> tuple[float | None, float | None]:
    if (cells.raw("latitude") == "") != (cells.raw("longitude") == ""):
        cells.problem("give both latitude and longitude, or neither")
    swapped = _within(cells.raw("latitude"), LONGITUDES) and _within(
        cells.raw("longitude"), LATITUDES
    )
    if swapped:
        cells.problem("latitude and longitude look swapped (latitude is the one near 37 in Seoul)")
        return None, None
    return (
        cells.number("latitude", *LATITUDES, "Korea lies between latitude 33 and 39"),
        cells.number("longitude", *LONGITUDES, "Korea lies between longitude 124 and 132"),
    )


def _within(text: str, bounds: tuple[float, float]) -> bool:
    try:
        return bounds[0] <= float(text) <= bounds[1]
    except ValueError:
        return False


def _check_place(cells: Cells, zone: str | None, district: str | None) -> None:
    if zone is None:
        return
    if zone not in DISTRICTS:
        cells.problem(f'zone "{zone}" is not one of {", ".join(DISTRICTS)}')
    elif district is not None and district not in DISTRICTS[zone]:
        covered = ", ".join(DISTRICTS[zone])
        cells.problem(f"district {district} is not in {zone}, which covers {covered}")


def _services(cells: Cells) -> tuple[str, ...]:
    text = cells.text("services", required=True)
    if text is None:
        return ()
    given = [part.strip().lower() for part in re.split(r"[,;/·\s]+", text) if part.strip()]
    unknown = [part for part in given if part not in SERVICES]
    if unknown:
        shown = ", ".join(f'"{part}"' for part in unknown)
        cells.problem(f"services: {shown} is not one of {', '.join(SERVICES)}")
    return tuple(service for service in SERVICES if service in given)
