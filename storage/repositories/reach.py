"""A staff member's reach as SQL: which slots are her centres' and who her centres' people
are. A centre's people are those with a booking or a waitlist place on one of its slots, or an
alert for one of its programmes; a bus centre (kind `mobile`) has every bus visit, so the
people with a booking, a waitlist place or an alert for a visit or a bus zone are its people too.
`None` conditions mean: no limit (the admin)."""

from __future__ import annotations

from sqlalchemy import String, and_, cast, exists, false, or_, select

from storage.records import Scope
from storage.tables import (
    bookings,
    centres,
    programmes,
    slots,
    subscriptions,
    users,
    waitlist_entries,
)

BUS_ALERTS = ("bus_zone", "bus_visit")


def _has_bus(ids: frozenset[int]):
    return exists().where(centres.c.id.in_(ids), centres.c.kind == "mobile")


def slot_condition(scope: Scope):
    """True for the slots of her centres (and every bus slot for a bus centre); None: all."""
    if scope.everything:
        return None
    ids = scope.centres
    if not ids:
        return false()
    return or_(slots.c.centre_id.in_(ids), and_(slots.c.visit_id.is_not(None), _has_bus(ids)))


def programme_condition(scope: Scope):
    """True for the programmes of her centres; None: all."""
    if scope.everything:
        return None
    return programmes.c.centre_id.in_(scope.centres) if scope.centres else false()


def people_condition(scope: Scope, user_id=users.c.id):
    """True for the people of her centres (`user_id`: the column that names the person)."""
    if scope.everything:
        return None
    ids = scope.centres
    if not ids:
        return false()
    her_slots = select(slots.c.id).where(slot_condition(scope))
    her_programmes = select(cast(programmes.c.id, String)).where(programmes.c.centre_id.in_(ids))
    her_ids = select(programmes.c.id).where(programmes.c.centre_id.in_(ids))
    booked = exists().where(
        bookings.c.user_id == user_id,
        or_(bookings.c.slot_id.in_(her_slots), bookings.c.programme_id.in_(her_ids)),
    )
    waiting = exists().where(
        waitlist_entries.c.user_id == user_id, waitlist_entries.c.slot_id.in_(her_slots)
    )
    alerted = exists().where(
        subscriptions.c.user_id == user_id,
        or_(
            and_(subscriptions.c.kind == "programme", subscriptions.c.target.in_(her_programmes)),
            and_(subscriptions.c.kind.in_(BUS_ALERTS), _has_bus(ids)),
        ),
    )
    return or_(booked, waiting, alerted)


def within(query, condition):
    """`query` limited by `condition` (a None condition limits nothing)."""
    return query if condition is None else query.where(condition)


def centre_condition(scope: Scope, centre_id):
    """True for rows of her centres (`centre_id`: the column naming the centre; NULL, the
    shared queue, only for the admin); None: all."""
    if scope.everything:
        return None
    return centre_id.in_(scope.centres) if scope.centres else false()
