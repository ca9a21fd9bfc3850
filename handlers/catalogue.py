"""The catalogue as the chat reads it: today's listings and their search index, kept in
memory and rebuilt when the day changes or after `ttl` (so an import in another process shows
up within it); the index is built again only when the listings changed. Building it loads the
Korean analyser once per process, and one build runs at a time however many people search.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from handlers.search import SearchIndex, Tokenizer
from storage.ports.stores import CatalogueStore
from storage.records import ProgrammeListing


class CatalogueSnapshot:
    def __init__(
        self, ttl: timedelta = timedelta(seconds=60), tokenizer: Tokenizer | None = None
    ) -> None:
        self._ttl = ttl
        self._listings: list[ProgrammeListing] | None = None
        self._index: SearchIndex | None = None
        self._tokenizer = tokenizer
        self._day: date | None = None
        self._read_at: datetime | None = None
        self._building = asyncio.Lock()

    async def listings(
        self, uow: CatalogueStore, today: date, now: datetime
    ) -> list[ProgrammeListing]:
        if self._stale(today, now):
            fresh = await uow.catalogue.listings(today)
            if fresh != self._listings:
                self._listings, self._index = fresh, None
            self._day, self._read_at = today, now
        assert self._listings is not None
        return self._listings

    async def index(self, uow: CatalogueStore, today: date, now: datetime) -> SearchIndex:
        listings = await self.listings(uow, today, now)
        index = self._index
        if index is not None:
            return index
        async with self._building:  # the others wait for this build instead of starting theirs
            if self._index is None or self._listings is not listings:
                tokenizer = await self._tokenizer_ready()
                # seconds for a large catalogue: off the event loop
                index = await asyncio.to_thread(SearchIndex.build, listings, tokenizer)
                if self._listings is listings:
                    self._index = index
                return index
            return self._index

    async def warm_up(self) -> None:
        """Load the analyser off the event loop, so the first search does not wait for it."""
        async with self._building:
            await self._tokenizer_ready()

    async def _tokenizer_ready(self) -> Tokenizer:
        """(Called holding `_building`.)"""
        if self._tokenizer is None:
            self._tokenizer = await asyncio.to_thread(Tokenizer)
        return self._tokenizer

    def _stale(self, today: date, now: datetime) -> bool:
        return (
            self._listings is None
            or self._day != today
            or self._read_at is None
            or now - self._read_at > self._ttl
            or now < self._read_at  # a clock moved back (tests)
        )
