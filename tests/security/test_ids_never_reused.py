"""Ids that a token, a link or a button names never come back (issue 12, item 4), on SQLite
and PostgreSQL.

On SQLite a table without AUTOINCREMENT hands the highest deleted id to the next new row: a
web user who deleted her data left her calendar link and her "continue in Telegram" link to
the next newcomer, whose booking then opened with them. Now those ids are never reused, and
every signed token binds a random secret of its row, which dies with it. Migration 0004
rebuilds the SQLite tables for it and keeps every row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import select

from storage.database import create_engine
from storage.migrate import upgrade
from storage.tables import bookings, users
from storage.uow import UnitOfWork
from tests.handlers.booking_setup import add_slots
from tests.security.chats import TelegramChat, WebChat, booking_day, the_app

TELEGRAM_USER = 7790001


async def _newest(database_url: str, table) -> int:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            return (await uow.connection.execute(select(sa.func.max(table.c.id)))).scalar_one()
    finally:
        await engine.dispose()


async def test_a_deleted_persons_links_do_not_work_for_the_next_newcomer(database_url):
    async with the_app(database_url) as (app, fake, _session, _kakao):
        day = await booking_day(database_url)
        first = WebChat(app.url)
        try:
            await first.agree()
            await first.book(day)
            calendar = first.calendar_url()
            await first.open()
            move_link = first.telegram_payload()
            her_id, her_booking = (
                await _newest(database_url, users),
                await _newest(database_url, bookings),
            )
            await first.from_menu("내 정보")
            await first.tap("내 정보 모두 지우기")
            await first.tap("네, 지워 주세요")
            assert await first.get(calendar) == 404
        finally:
            await first.close()

        newcomer = WebChat(app.url)
        try:
            await newcomer.agree()
            await newcomer.book(day)
            assert await _newest(database_url, users) > her_id
            assert await _newest(database_url, bookings) > her_booking
            assert await newcomer.get(calendar) == 404  # her old link opens nothing of his
            assert await newcomer.get(newcomer.calendar_url()) == 200
            taken = await TelegramChat(fake, TELEGRAM_USER).say(f"/start {move_link}")
            assert "이미 쓴 링크" in taken
            assert "광명시여성새일센터" in await newcomer.from_menu("상담 예약")  # still his
        finally:
            await newcomer.close()


# --- migration 0004 on a filled database of revision 0003 -----------------------------------

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def _table(name: str, *columns: tuple[str, sa.types.TypeEngine]) -> sa.TableClause:
    """A table as revision 0003 has it (no defaults of today's code added to inserts)."""
    return sa.table(name, *(sa.column(column, kind) for column, kind in columns))


T = sa.DateTime(timezone=True)
OLD = {
    "users": _table(
        "users",
        ("id", sa.Integer),
        ("channel", sa.String),
        ("external_id", sa.String),
        ("language", sa.String),
        ("consent_at", T),
        ("notifications", sa.Boolean),
        ("active", sa.Boolean),
        ("created_at", T),
        ("last_seen_at", T),
    ),
    "profiles": _table(
        "profiles",
        ("user_id", sa.Integer),
        ("sido", sa.String),
        ("interests", sa.JSON),
        ("availability", sa.JSON),
        ("constraints", sa.JSON),
        ("phone", sa.String),
        ("updated_at", T),
    ),
    "bookings": _table(
        "bookings",
        ("id", sa.Integer),
        ("user_id", sa.Integer),
        ("slot_id", sa.Integer),
        ("state", sa.String),
        ("phone", sa.String),
        ("created_at", T),
        ("updated_at", T),
    ),
    "waitlist_entries": _table(
        "waitlist_entries",
        ("id", sa.Integer),
        ("slot_id", sa.Integer),
        ("user_id", sa.Integer),
        ("state", sa.String),
        ("created_at", T),
    ),
    "subscriptions": _table(
        "subscriptions",
        ("id", sa.Integer),
        ("user_id", sa.Integer),
        ("kind", sa.String),
        ("target", sa.String),
        ("created_at", T),
    ),
    "staff": _table(
        "staff",
        ("id", sa.Integer),
        ("channel", sa.String),
        ("external_id", sa.String),
        ("role", sa.String),
        ("created_at", T),
    ),
    "account_links": _table(
        "account_links", ("user_id", sa.Integer), ("primary_id", sa.Integer), ("linked_at", T)
    ),
    "link_codes": _table(
        "link_codes", ("user_id", sa.Integer), ("code_hash", sa.String), ("expires_at", T)
    ),
    "link_attempts": _table(
        "link_attempts", ("id", sa.Integer), ("user_id", sa.Integer), ("at", T)
    ),
    "outbox": _table(
        "outbox",
        ("id", sa.Integer),
        ("key", sa.String),
        ("user_id", sa.Integer),
        ("kind", sa.String),
        ("payload", sa.JSON),
        ("due_at", T),
        ("state", sa.String),
    ),
    "conversations": _table(
        "conversations",
        ("user_id", sa.Integer),
        ("flow", sa.String),
        ("step", sa.String),
        ("data", sa.JSON),
        ("updated_at", T),
    ),
}


def _rows(slot: int) -> dict[str, list[dict]]:
    people = [
        dict(
            id=n,
            channel="web" if n % 2 else "telegram",
            external_id=f"chat-{n}",
            language="ko",
            consent_at=NOW,
            notifications=True,
            active=True,
            created_at=NOW,
            last_seen_at=NOW,
        )
        for n in range(1, 6)
    ]
    return {
        "users": people,
        "profiles": [
            dict(
                user_id=n,
                sido="경기도",
                interests=["cooking"],
                availability=[],
                constraints=[],
                phone="010-1234-567" + str(n),
                updated_at=NOW,
            )
            for n in (1, 2)
        ],
        "bookings": [
            dict(
                id=n,
                user_id=n,
                slot_id=slot,
                state="active",
                phone=None,
                created_at=NOW,
                updated_at=NOW,
            )
            for n in (1, 2, 4)
        ],
        "waitlist_entries": [dict(id=1, slot_id=slot, user_id=5, state="waiting", created_at=NOW)],
        "subscriptions": [
            dict(id=n, user_id=1, kind="field", target=t, created_at=NOW)
            for n, t in ((1, "cooking"), (2, "care"))
        ],
        "staff": [
            dict(id=1, channel="telegram", external_id="chat-2", role="staff", created_at=NOW)
        ],
        "account_links": [dict(user_id=3, primary_id=1, linked_at=NOW)],
        "link_codes": [dict(user_id=1, code_hash="h" * 16, expires_at=NOW)],
        "link_attempts": [dict(id=1, user_id=2, at=NOW)],
        "outbox": [
            dict(
                id=1,
                key="reminder:1",
                user_id=1,
                kind="reminder",
                payload={"booking_id": 1},
                due_at=NOW,
                state="pending",
            )
        ],
        "conversations": [dict(user_id=1, flow="menu", step="idle", data={}, updated_at=NOW)],
    }


async def _snapshot(connection) -> dict[str, list[tuple]]:
    found = {}
    for name, table in OLD.items():
        rows = [tuple(row) for row in await connection.execute(select(*table.c))]
        found[name] = sorted(rows, key=repr)
    return found


async def test_migration_0004_keeps_every_row_of_a_filled_database(database_url):
    engine = create_engine(database_url)
    try:
        await upgrade(engine, "0003")
        async with engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO centres (id, key, name, kind, sido, source, is_example) "
                    "VALUES (1, 'c', '광명', 'saeil', '경기도', 'test', false)"
                )
            )
        day = (NOW + timedelta(days=3)).date()
        slot = (await add_slots(engine, 1, [day], hours=(14,)))[(day, 14)]
        async with engine.begin() as connection:
            for name, rows in _rows(slot).items():
                await connection.execute(sa.insert(OLD[name]), rows)
                if connection.dialect.name == "postgresql" and "id" in rows[0]:
                    # rows made by the application take their ids from the sequence
                    await connection.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"{max(row['id'] for row in rows)})"
                        )
                    )
            # The newest person and an alias left before the upgrade (their rows go with them).
            await connection.execute(sa.text("DELETE FROM account_links"))
            await connection.execute(sa.text("DELETE FROM users WHERE id = 3"))
        async with engine.connect() as connection:
            before = await _snapshot(connection)

        await upgrade(engine)

        async with engine.connect() as connection:
            assert await _snapshot(connection) == before  # every row, every value, every id
            secrets = (await connection.execute(select(users.c.secret))).scalars().all()
            secrets += (await connection.execute(select(bookings.c.secret))).scalars().all()
        assert len(secrets) == 4 + 3 and len(set(secrets)) == len(secrets) and all(secrets)
        async with UnitOfWork(engine) as uow:  # delete the newest person, then a newcomer
            await uow.users.delete(5)
            newcomer = await uow.users.seen("web", "newcomer", NOW)
            await uow.commit()
        assert newcomer.id > 5 and newcomer.secret
    finally:
        await engine.dispose()


async def test_migration_0004_refuses_to_rebuild_with_foreign_keys_on(sqlite_url):
    """Run as Alembic would without our helper (foreign keys on): it stops before a rebuild
    could cascade into every row that refers to a user, and leaves the database at 0003."""
    from alembic import command

    from storage.migrate import alembic_config, current_revision

    engine = create_engine(sqlite_url)
    try:
        await upgrade(engine, "0003")

        def run(connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")

        try:
            async with engine.begin() as connection:
                await connection.run_sync(run)
        except RuntimeError as refused:
            assert "foreign keys off" in str(refused)
        else:
            raise AssertionError("0004 ran with foreign keys on")
        assert await current_revision(engine) == "0003"
    finally:
        await engine.dispose()
