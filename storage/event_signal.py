"""Telling the live streams (`bot/events`) that a handoff event was written.

On PostgreSQL, a `pg_notify` in the event's own transaction: PostgreSQL delivers it to every
listening process when, and only if, that transaction commits. On SQLite the connection is
marked, and the process's commit listener wakes its streams once the commit is done. The
notification carries the event's id only; the streams read the rows themselves.
"""

from __future__ import annotations

from sqlalchemy import text

CHANNEL = "ilteo_handoff_events"
MARK = "ilteo_handoff_event"


async def announce_event(connection, event_id: int) -> None:
    """Call after inserting the handoff event `event_id`, inside its transaction."""
    if connection.dialect.name == "postgresql":
        notify = text("SELECT pg_notify(:channel, :event)")
        await connection.execute(notify, {"channel": CHANNEL, "event": str(event_id)})
    else:
        connection.info[MARK] = event_id
