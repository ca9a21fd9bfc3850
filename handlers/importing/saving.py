"""Writing checked rows: compare with what is stored, then upsert only what is new or different.

Each table is read once for the keys in the file (in chunks), compared value by value, and
written with one executemany per chunk, so 10,000 rows cost a few dozen round trips. Parents
are written before children, whose foreign keys come from the ids just stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.importing.report import Progress, Tally
from storage.repositories.imports import ImportRepository


class TableWriter:
    def __init__(self, repository: ImportRepository, progress: Progress | None) -> None:
        self.repository = repository
        self._progress = progress

    async def save(
        self, table: str, records: Mapping[str, dict[str, Any]], key: str = "key"
    ) -> tuple[Tally, dict[str, int]]:
        """Upserts `records` (key -> column values); returns the counts and every record's id."""
        stored = await self.repository.existing(table, records, column=key)
        tally, writes = Tally(), []
        for value, record in records.items():
            old = stored.get(value)
            if old is None:
                tally.added += 1
            elif any(not same(old[column], new) for column, new in record.items()):
                tally.changed += 1
            else:
                tally.unchanged += 1
                continue
            writes.append(record)
        await self.repository.upsert_many(
            table, writes, key, on_written=self._counter(table, writes)
        )
        ids = {value: row["id"] for value, row in stored.items()}
        ids |= await self.repository.ids(table, [r[key] for r in writes if r[key] not in ids], key)
        return tally, ids

    def _counter(self, table: str, writes: list[Any]) -> Callable[[int], None] | None:
        progress = self._progress
        if progress is None or not writes:
            return None
        written = 0

        def on_written(count: int) -> None:
            nonlocal written
            written += count
            progress(f"saving {table}", written, len(writes))

        return on_written


def same(stored: Any, new: Any) -> bool:
    """Equal as the database gives it back: JSON lists and tuples alike."""
    if isinstance(stored, list | tuple) and isinstance(new, list | tuple):
        return list(stored) == list(new)
    return stored == new
