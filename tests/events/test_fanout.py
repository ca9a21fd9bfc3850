"""The live events' fan-out: a committed handoff event wakes every open stream of every process
(SQLite: this process's commits; PostgreSQL: LISTEN/NOTIFY, which reconnects when its
connection is lost); a rolled-back one wakes nobody."""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
from aiohttp import web

from bot.events import LiveEvents
from bot.events.postgres import asyncpg_dsn
from storage.database import create_engine
from storage.event_signal import announce_event
from storage.uow import UnitOfWork
from tests.test_outbox_processes import eventually

SOON_S = 5.0
NOT_WOKEN_S = 0.5


@contextlib.asynccontextmanager
async def live(url: str):
    """One process's live events on `url`: (its engine, its LiveEvents), started."""
    engine = create_engine(url)
    app = web.Application()
    events = LiveEvents(engine, url)
    events.register(app)
    app.freeze()
    await app.startup()
    if events.listener is not None:
        await asyncio.wait_for(events.listener.listening.wait(), SOON_S)
    try:
        yield engine, events
    finally:
        await app.shutdown()
        await engine.dispose()


async def write_event(engine, event_id: int, commit: bool = True) -> None:
    async with UnitOfWork(engine) as uow:
        await announce_event(uow.connection, event_id)
        if commit:
            await uow.commit()


async def drain(subscription) -> None:
    """Forget wake-ups so far (a listener wakes everyone once when it connects)."""
    while await subscription.wait(0.05):
        pass


async def test_a_commit_on_sqlite_wakes_every_stream_and_a_rollback_none(sqlite_url):
    async with live(sqlite_url) as (engine, events):
        with events.fanout.subscribe() as first, events.fanout.subscribe() as second:
            await write_event(engine, 1, commit=False)
            assert not await first.wait(NOT_WOKEN_S)
            await write_event(engine, 2)
            assert await first.wait(SOON_S)
            assert await second.wait(SOON_S)
            # the mark went with the commit: the next transaction, without an event, wakes nobody
            async with UnitOfWork(engine) as uow:
                await uow.commit()
            assert not await first.wait(NOT_WOKEN_S)


async def test_an_event_committed_in_one_process_wakes_the_streams_of_another(postgres_url):
    async with live(postgres_url) as (writer, _), live(postgres_url) as (_engine, reader):
        with reader.fanout.subscribe() as stream:
            await drain(stream)
            await write_event(writer, 7, commit=False)
            assert not await stream.wait(NOT_WOKEN_S)
            await write_event(writer, 8)
            assert await stream.wait(SOON_S)


async def test_the_listener_comes_back_after_its_connection_is_killed(postgres_url):
    async with live(postgres_url) as (writer, _), live(postgres_url) as (_engine, reader):
        listener = reader.listener
        with reader.fanout.subscribe() as stream:
            await drain(stream)
            killed = listener.server_pid
            admin = await asyncpg.connect(asyncpg_dsn(postgres_url))
            try:
                await admin.execute("SELECT pg_terminate_backend($1)", killed)
            finally:
                await admin.close()
            # it reconnects and wakes every stream (to read what came while it was away)
            await eventually(lambda: _relistening(listener, killed), "it listens again", 15)
            assert await stream.wait(SOON_S)
            await drain(stream)
            await write_event(writer, 9)
            assert await stream.wait(SOON_S)


async def _relistening(listener, killed: int) -> bool:
    return listener.listening.is_set() and listener.server_pid != killed


async def test_stopping_the_server_ends_every_stream(sqlite_url):
    async with live(sqlite_url) as (_engine, events):
        stream = events.fanout.subscribe()
    assert stream.closed
    assert await stream.wait(NOT_WOKEN_S)
