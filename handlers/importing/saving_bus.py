"""Writing bus visits: the five zones if the database has none yet, the sites, then the visits.

The zones come from `storage/demo.py` (one list of the five zones and their districts); a zone
already stored is left as it is. A site is found by its name, so a site the demo loaded keeps
its key and id and takes the file's address and coordinates.
"""

from __future__ import annotations

from handlers.importing.bus_rows import BusVisitRow
from handlers.importing.report import Tally
from handlers.importing.saving import TableWriter
from storage.demo import ZONES


async def save_bus_visits(writer: TableWriter, rows: list[BusVisitRow]) -> dict[str, Tally]:
    zone_tally, zone_ids = await _zones(writer)
    names = list(dict.fromkeys(row.site for row in rows))
    stored = await writer.repository.existing("bus_sites", names, column="name")
    site_keys = {
        name: stored[name]["key"] if name in stored else f"bus:site:{name}" for name in names
    }
    sites = {}
    for row in rows:  # a later visit to the same site wins
        key = site_keys[row.site]
        sites[key] = dict(
            key=key,
            name=row.site,
            zone_id=zone_ids[row.zone],
            district=row.district,
            address=row.address,
            latitude=row.latitude,
            longitude=row.longitude,
            is_example=False,
        )
    site_tally, site_ids = await writer.save("bus_sites", sites)
    visit_tally, _ = await writer.save(
        "bus_visits",
        {
            row.identity: dict(
                key=row.identity,
                site_id=site_ids[site_keys[row.site]],
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                services=list(row.services),
                phone=row.phone,
            )
            for row in rows
        },
    )
    return {"zones": zone_tally, "sites": site_tally, "visits": visit_tally}


async def _zones(writer: TableWriter) -> tuple[Tally, dict[str, int]]:
    """Zone ids by Korean name; creates the zones that are missing (by code)."""
    repository = writer.repository
    stored = await repository.existing("bus_zones", [zone.name for zone in ZONES], column="name")
    missing = [zone for zone in ZONES if zone.name not in stored]
    await repository.insert_missing(
        "bus_zones",
        [dict(code=z.code, name=z.name, districts=list(z.districts)) for z in missing],
        key="code",
    )
    ids = await repository.ids("bus_zones", [zone.name for zone in ZONES], column="name")
    absent = [zone.name for zone in ZONES if zone.name not in ids]
    if absent:  # stored under their code with another name: an operator must look
        raise RuntimeError(f"bus zones {', '.join(absent)} are stored under other names")
    return Tally(added=len(missing), unchanged=len(ZONES) - len(missing)), ids
