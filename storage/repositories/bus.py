"""The counselling bus: zones with their districts, sites, and dated visits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import BusSite, BusVisit, BusVisitListing, BusZone
from storage.repositories.rows import columns_of, labelled
from storage.repositories.upsert import upsert
from storage.tables import bus_sites, bus_visits, bus_zones


class BusRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert_zone(self, **values) -> int:
        return await upsert(self._connection, bus_zones, values, keys=("code",))

    async def upsert_site(self, **values) -> int:
        return await upsert(self._connection, bus_sites, values, keys=("key",))

    async def upsert_visit(self, **values) -> int:
        return await upsert(self._connection, bus_visits, values, keys=("key",))

    async def visit(self, visit_id: int) -> BusVisitListing | None:
        rows = await self._listings(bus_visits.c.id == visit_id, limit=1)
        return rows[0] if rows else None

    async def upcoming(self, now: datetime, limit: int = 10) -> list[BusVisitListing]:
        """Visits that have not ended yet, soonest first."""
        return await self._listings(bus_visits.c.ends_at > now, limit=limit)

    async def _listings(self, condition, limit: int) -> list[BusVisitListing]:
        query = (
            select(*labelled(bus_visits, "v"), *labelled(bus_sites, "s"), *labelled(bus_zones, "z"))
            .join(bus_sites, bus_sites.c.id == bus_visits.c.site_id)
            .join(bus_zones, bus_zones.c.id == bus_sites.c.zone_id)
            .where(condition)
            .order_by(bus_visits.c.starts_at)
            .limit(limit)
        )
        return [_listing(row) for row in (await self._connection.execute(query)).all()]


def _listing(row) -> BusVisitListing:
    return BusVisitListing(
        visit=BusVisit(**columns_of(row, "v")),
        site=BusSite(**columns_of(row, "s")),
        zone=BusZone(**columns_of(row, "z")),
    )
