"""The catalogue as the admin web edits it: every centre, programme and cohort by id, and
plain inserts and updates (the importer's upserts by source key live in `catalogue.py`)."""

from __future__ import annotations

from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Centre, Cohort, Programme
from storage.repositories.rows import columns_of, labelled
from storage.tables import centres, cohorts, programmes


class AdminCatalogueRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def centres(self) -> list[Centre]:
        query = select(centres).order_by(centres.c.sido, centres.c.name, centres.c.id)
        return [Centre(**columns_of(row)) for row in await self._connection.execute(query)]

    async def programmes(self) -> list[tuple[Programme, Centre, int]]:
        """Every programme with its centre and how many cohorts it has."""
        count = (
            select(func.count())
            .where(cohorts.c.programme_id == programmes.c.id)
            .scalar_subquery()
            .label("cohort_count")
        )
        query = (
            select(*labelled(programmes, "p"), *labelled(centres, "c"), count)
            .join(centres, centres.c.id == programmes.c.centre_id)
            .order_by(centres.c.name, programmes.c.title, programmes.c.id)
        )
        return [
            (Programme(**columns_of(row, "p")), Centre(**columns_of(row, "c")), row.cohort_count)
            for row in await self._connection.execute(query)
        ]

    async def programme(self, programme_id: int) -> Programme | None:
        query = select(programmes).where(programmes.c.id == programme_id)
        row = (await self._connection.execute(query)).first()
        return Programme(**columns_of(row)) if row else None

    async def cohorts_of(self, programme_id: int) -> list[Cohort]:
        query = (
            select(cohorts)
            .where(cohorts.c.programme_id == programme_id)
            .order_by(cohorts.c.starts_on.desc(), cohorts.c.id.desc())
        )
        return [Cohort(**columns_of(row)) for row in await self._connection.execute(query)]

    async def cohort(self, cohort_id: int) -> Cohort | None:
        row = (
            await self._connection.execute(select(cohorts).where(cohorts.c.id == cohort_id))
        ).first()
        return Cohort(**columns_of(row)) if row else None

    async def add(self, table_name: str, **values) -> int:
        result = await self._connection.execute(_TABLES[table_name].insert().values(**values))
        return result.inserted_primary_key[0]

    async def change(self, table_name: str, row_id: int, **values) -> bool:
        """Update one row by id; False when there is no such row."""
        table = _TABLES[table_name]
        statement = update(table).where(table.c.id == row_id).values(**values)
        return (await self._connection.execute(statement)).rowcount == 1


_TABLES: dict[str, Table] = {"centres": centres, "programmes": programmes, "cohorts": cohorts}
