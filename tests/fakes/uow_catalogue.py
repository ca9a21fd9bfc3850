"""In-memory repositories of what is on offer, for `tests/fakes/uow.py`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storage.records import (
    EVERYTHING,
    BusSite,
    BusVisit,
    BusVisitListing,
    BusZone,
    Centre,
    Cohort,
    Programme,
    ProgrammeListing,
    Scope,
    Subscription,
)
from storage.repositories.subscriptions import KINDS
from tests.fakes.uow_reach import programme_within
from tests.fakes.uow_records import existing_id, record_of

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


class FakeCatalogue:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage

    async def upsert_centre(self, **values: Any) -> int:
        return self._upsert("centres", Centre, "key", values)

    async def upsert_programme(self, **values: Any) -> int:
        return self._upsert("programmes", Programme, "key", values)

    async def upsert_cohort(self, **values: Any) -> int:
        return self._upsert("cohorts", Cohort, "key", values)

    def _upsert(self, name: str, kind: type[Any], key: str, values: dict[str, Any]) -> int:
        table = self._storage.table(name)
        id_ = existing_id(table, key, values[key]) or self._storage.new_id(name)
        table[id_] = record_of(kind, {**values, "id": id_})
        return id_

    async def centre(self, centre_id: int) -> Centre | None:
        centre: Centre | None = self._storage.table("centres").get(centre_id)
        return centre

    async def centres_in(self, sido: str) -> list[Centre]:
        centres: dict[int, Centre] = self._storage.table("centres")
        return [centres[key] for key in sorted(centres) if centres[key].sido == sido]

    async def listing(self, programme_id: int, today: date) -> ProgrammeListing | None:
        found = [each for each in await self.listings(today) if each.programme.id == programme_id]
        return found[0] if found else None

    async def listings(self, today: date) -> list[ProgrammeListing]:
        centres = self._storage.table("centres")
        programmes = sorted(self._storage.rows("programmes"), key=lambda p: p.id)
        return [
            ProgrammeListing(p, centres[p.centre_id], self._next(p.id, today)) for p in programmes
        ]

    def _next(self, programme_id: int, today: date) -> Cohort | None:
        ahead = [
            c
            for c in self._storage.rows("cohorts")
            if c.programme_id == programme_id and c.starts_on >= today
        ]
        return min(ahead, key=lambda c: c.starts_on, default=None)


class FakeBus:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._catalogue = FakeCatalogue(storage)

    async def upsert_zone(self, **values: Any) -> int:
        return self._catalogue._upsert("bus_zones", BusZone, "code", values)

    async def upsert_site(self, **values: Any) -> int:
        return self._catalogue._upsert("bus_sites", BusSite, "key", values)

    async def upsert_visit(self, **values: Any) -> int:
        return self._catalogue._upsert("bus_visits", BusVisit, "key", values)

    async def visit(self, visit_id: int) -> BusVisitListing | None:
        visit = self._storage.table("bus_visits").get(visit_id)
        return self._listing(visit) if visit else None

    async def upcoming(self, now: datetime, limit: int = 10) -> list[BusVisitListing]:
        ahead = [v for v in self._storage.rows("bus_visits") if v.ends_at > now]
        return [self._listing(v) for v in sorted(ahead, key=lambda v: v.starts_at)[:limit]]

    def _listing(self, visit: BusVisit) -> BusVisitListing:
        site = self._storage.table("bus_sites")[visit.site_id]
        return BusVisitListing(visit, site, self._storage.table("bus_zones")[site.zone_id])


class FakeViews:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._views = storage.table("programme_views")

    async def count(self, programme_id: int, day: date) -> None:
        self._views[(programme_id, day)] = self._views.get((programme_id, day), 0) + 1

    async def top(
        self, first: date, last: date, limit: int = 5, scope: Scope = EVERYTHING
    ) -> list[tuple[str, int]]:
        """(programme title, views) of the most opened programmes in [first, last] of the
        centres within `scope`, most first (then by title)."""
        totals: dict[int, int] = {}
        for (programme_id, day), views in self._views.items():
            if first <= day <= last and programme_within(self._storage, scope, programme_id):
                totals[programme_id] = totals.get(programme_id, 0) + views
        titles = self._storage.table("programmes")
        ranked = sorted((-views, titles[key].title) for key, views in totals.items())
        return [(title, -views) for views, title in ranked[:limit]]


class FakeSubscriptions:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._alerts = storage.table("subscriptions")

    async def add(self, user_id: int, kind: str, target: str, now: datetime) -> bool:
        if kind not in KINDS:
            raise ValueError(f"unknown subscription kind {kind!r}")
        if any(
            (s.user_id, s.kind, s.target) == (user_id, kind, target) for s in self._mine(user_id)
        ):
            return False
        id_ = self._storage.new_id("subscriptions")
        self._alerts[id_] = Subscription(id_, user_id, kind, target, now)
        return True

    async def of_user(self, user_id: int) -> list[Subscription]:
        return sorted(self._mine(user_id), key=lambda s: s.id)

    async def remove(self, user_id: int, subscription_id: int) -> Subscription | None:
        found = self._alerts.get(subscription_id)
        if found is None or found.user_id != user_id:
            return None
        del self._alerts[subscription_id]
        removed: Subscription = found
        return removed

    async def remove_all(self, user_id: int) -> None:
        for alert in self._mine(user_id):
            del self._alerts[alert.id]

    def _mine(self, user_id: int) -> list[Subscription]:
        return [s for s in self._alerts.values() if s.user_id == user_id]
