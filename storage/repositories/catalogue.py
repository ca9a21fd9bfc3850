"""The catalogue: centres, programmes and their cohorts, upserted by the source's identity."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Centre, Cohort, Programme, ProgrammeListing
from storage.repositories.rows import columns_of, labelled
from storage.repositories.upsert import upsert
from storage.tables import centres, cohorts, programmes


class CatalogueRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert_centre(self, **values) -> int:
        return await upsert(self._connection, centres, values, keys=("key",))

    async def upsert_programme(self, **values) -> int:
        return await upsert(self._connection, programmes, values, keys=("key",))

    async def upsert_cohort(self, **values) -> int:
        return await upsert(self._connection, cohorts, values, keys=("key",))

    async def centre(self, centre_id: int) -> Centre | None:
        row = (
            await self._connection.execute(select(centres).where(centres.c.id == centre_id))
        ).first()
        return Centre(**columns_of(row)) if row else None

    async def centres_in(self, sido: str) -> list[Centre]:
        """The centres of one 시/도 (where a request for a counsellor may go)."""
        query = select(centres).where(centres.c.sido == sido).order_by(centres.c.id)
        return [Centre(**columns_of(row)) for row in await self._connection.execute(query)]

    async def listing(self, programme_id: int, today: date) -> ProgrammeListing | None:
        found = await self._listings(programmes.c.id == programme_id, today)
        return found[0] if found else None

    async def listings(self, today: date) -> list[ProgrammeListing]:
        """Every programme with its centre and its next cohort starting on or after `today`."""
        return await self._listings(true(), today)

    async def _listings(self, condition, today: date) -> list[ProgrammeListing]:
        query = (
            select(*labelled(programmes, "p"), *labelled(centres, "c"))
            .join(centres, centres.c.id == programmes.c.centre_id)
            .where(condition)
            .order_by(programmes.c.id)
        )
        rows = (await self._connection.execute(query)).all()
        found = [(Programme(**columns_of(r, "p")), Centre(**columns_of(r, "c"))) for r in rows]
        next_cohorts = await self._next_cohorts([p.id for p, _ in found], today)
        return [ProgrammeListing(p, c, next_cohorts.get(p.id)) for p, c in found]

    async def _next_cohorts(self, programme_ids: list[int], today: date) -> dict[int, Cohort]:
        if not programme_ids:
            return {}
        query = (
            select(cohorts)
            .where(cohorts.c.programme_id.in_(programme_ids), cohorts.c.starts_on >= today)
            .order_by(cohorts.c.starts_on)
        )
        found: dict[int, Cohort] = {}
        for row in (await self._connection.execute(query)).all():
            found.setdefault(row.programme_id, Cohort(**columns_of(row)))
        return found
