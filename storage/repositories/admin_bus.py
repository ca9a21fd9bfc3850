"""Bus sites and visits as the admin web lists and edits them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import BusSite, BusVisit, BusVisitListing, BusZone
from storage.repositories.rows import columns_of, labelled
from storage.tables import bus_sites, bus_visits, bus_zones


class AdminBusRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def sites(self) -> list[BusSite]:
        query = select(bus_sites).order_by(bus_sites.c.district, bus_sites.c.name)
        return [BusSite(**columns_of(row)) for row in await self._connection.execute(query)]

    async def visits_from(self, first: datetime, limit: int = 200) -> list[BusVisitListing]:
        """Visits ending after `first`, soonest first."""
        query = (
            select(*labelled(bus_visits, "v"), *labelled(bus_sites, "s"), *labelled(bus_zones, "z"))
            .join(bus_sites, bus_sites.c.id == bus_visits.c.site_id)
            .join(bus_zones, bus_zones.c.id == bus_sites.c.zone_id)
            .where(bus_visits.c.ends_at > first)
            .order_by(bus_visits.c.starts_at, bus_visits.c.id)
            .limit(limit)
        )
        return [_listing(row) for row in (await self._connection.execute(query)).all()]

    async def add_visit(self, **values) -> int:
        result = await self._connection.execute(bus_visits.insert().values(**values))
        return result.inserted_primary_key[0]

    async def change_visit(self, visit_id: int, **values) -> bool:
        statement = update(bus_visits).where(bus_visits.c.id == visit_id).values(**values)
        return (await self._connection.execute(statement)).rowcount == 1


def _listing(row) -> BusVisitListing:
    return BusVisitListing(
        visit=BusVisit(**columns_of(row, "v")),
        site=BusSite(**columns_of(row, "s")),
        zone=BusZone(**columns_of(row, "z")),
    )
