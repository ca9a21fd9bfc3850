"""Expand, then contract: a migration marked `compatible_with_previous` leaves every table and
column the previous code uses as it was, and only adds what that code can ignore; `serve`
accepts a newer schema so marked and refuses any other.

The previous code's expectations are the schema at the migration's `down_revision` (the code of
each revision matches its schema: tests/storage/test_migrations.py). Every migration of the
chain is checked on SQLite and PostgreSQL, so the next one marked compatible is checked too.
"""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from bot.app import SchemaOutdated, check_schema
from handlers.messages import Incoming
from storage.database import create_engine
from storage.migrate import alembic_config, head_revision, oldest_serving_code, upgrade
from tests.chat import Clock, make_engine


def chain() -> list:
    """The migrations, oldest first."""
    return list(reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())))


def snapshot(connection) -> dict:
    """What old code relies on: each table's columns (type, nullable, default) and the unique
    rules an insert must satisfy."""
    schema = inspect(connection)
    tables = {}
    for table in schema.get_table_names():
        if table == "alembic_version":
            continue
        columns = {
            column["name"]: (
                str(column["type"]).split("(")[0],
                column["nullable"],
                column.get("default") is not None or bool(column.get("autoincrement") is True),
            )
            for column in schema.get_columns(table)
        }
        uniques = {
            tuple(unique["column_names"]) for unique in schema.get_unique_constraints(table)
        } | {tuple(index["column_names"]) for index in schema.get_indexes(table) if index["unique"]}
        tables[table] = {"columns": columns, "uniques": uniques}
    return tables


def breaks_old_code(before: dict, after: dict) -> list[str]:
    """What in `after` the code written for `before` would trip over."""
    problems = []
    for table, old in before.items():
        if table not in after:
            problems.append(f"{table} dropped")
            continue
        new = after[table]
        for name, (kind, nullable, _) in old["columns"].items():
            if name not in new["columns"]:
                problems.append(f"{table}.{name} dropped")
            elif new["columns"][name][0] != kind:
                problems.append(f"{table}.{name} changed type")
            elif nullable and not new["columns"][name][1]:
                problems.append(f"{table}.{name} became NOT NULL")
        for name, (_, nullable, has_default) in new["columns"].items():
            if name not in old["columns"] and not nullable and not has_default:
                problems.append(f"{table}.{name} is new, NOT NULL, without a default")
        for unique in new["uniques"] - old["uniques"]:
            problems.append(f"{table} gained a unique rule on {', '.join(unique)}")
    return problems


@pytest.fixture
async def each_step(database_url):
    """The schema after every migration, on an empty database of each kind."""
    engine = create_engine(database_url)
    snapshots = {None: {}}
    try:
        for script in chain():
            await upgrade(engine, script.revision)
            async with engine.connect() as connection:
                snapshots[script.revision] = await connection.run_sync(snapshot)
    finally:
        await engine.dispose()
    return snapshots


async def test_a_migration_marked_compatible_keeps_what_the_previous_code_uses(each_step):
    marked = [s for s in chain() if getattr(s.module, "compatible_with_previous", False)]
    assert {"0005", "0006", "0007", "0010"} <= {s.revision for s in marked}
    for script in marked:
        before, after = each_step[script.down_revision], each_step[script.revision]
        assert breaks_old_code(before, after) == [], script.revision


async def test_the_check_finds_what_breaks_old_code(each_step, database_url):
    """0004 gives users and bookings a required secret the code of 0003 does not write (on
    PostgreSQL; SQLite's rebuilt tables fill it by default): it is not marked."""
    problems = breaks_old_code(each_step["0003"], each_step["0004"])
    if database_url.startswith("postgresql"):
        assert "users.secret is new, NOT NULL, without a default" in problems
    dropped = {**each_step["0007"], "users": {"columns": {}, "uniques": set()}}
    assert breaks_old_code(each_step["0007"], dropped)[0].startswith("users.id dropped")
    assert oldest_serving_code("0004") == "0004"


def test_the_oldest_serving_code_goes_back_through_the_marked_migrations():
    assert oldest_serving_code(head_revision()) == "0004"  # 0010, 0007, 0005, 0006 are marked


async def newer_schema(url: str, *, marked: bool) -> None:
    """What `ilteo db upgrade` of a next version leaves: its own migration applied (a new
    nullable column, a new table) and, if it marks it compatible, that recorded."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        serves_from = oldest_serving_code(head_revision()) if marked else "next"
        async with engine.begin() as connection:
            await connection.execute(text("ALTER TABLE users ADD COLUMN nickname VARCHAR(40)"))
            await connection.execute(text("CREATE TABLE next_things (id INTEGER PRIMARY KEY)"))
            await connection.execute(text("UPDATE alembic_version SET version_num = 'next'"))
            await connection.execute(text("DELETE FROM schema_compatibility"))
            await connection.execute(
                text("INSERT INTO schema_compatibility VALUES ('next', :serves)"),
                {"serves": serves_from},
            )
    finally:
        await engine.dispose()


async def refusal(url: str) -> str | None:
    """Why `serve` would refuse to start on the database at `url`, or None when it starts."""
    engine = create_engine(url)
    try:
        await check_schema(engine)
    except SchemaOutdated as error:
        return str(error)
    finally:
        await engine.dispose()
    return None


async def test_this_code_serves_a_newer_schema_marked_compatible(database_url):
    await newer_schema(database_url, marked=True)
    assert await refusal(database_url) is None
    engine = create_engine(database_url)  # and a newcomer's first steps work on it
    try:
        conversation = make_engine(engine, Clock())
        for step in ({"text": "/start"}, {"data": "lang:ko"}, {"data": "consent:yes"}):
            reply = await conversation.handle(Incoming("telegram", "4242", **step))
            assert reply.messages and "문제가 생겼어요" not in reply.messages[0].text
        async with engine.connect() as connection:
            users = await connection.execute(text("SELECT count(*), count(nickname) FROM users"))
            assert users.one() == (1, 0)
    finally:
        await engine.dispose()


async def test_this_code_refuses_a_newer_schema_not_marked(database_url):
    await newer_schema(database_url, marked=False)
    assert "does not know and no migration marks compatible" in await refusal(database_url)


async def test_this_code_refuses_an_older_schema_even_if_compatible(database_url):
    engine = create_engine(database_url)
    try:
        await upgrade(engine, "0007")  # an older schema: its code is older than this
    finally:
        await engine.dispose()
    assert "Run `ilteo db upgrade` first" in await refusal(database_url)
