"""Alembic environment: runs migrations on a connection handed in, or on DATABASE_URL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from storage.database import create_engine
from storage.tables import UtcDateTime, metadata

config = context.config


def render_item(type_, obj, autogen_context):
    """Migrations spell our UTC type as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_on_url(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_on)
            await connection.commit()
    finally:
        await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None, "alembic needs sqlalchemy.url (storage/migrate.py sets it)"
    asyncio.run(run_on_url(url))
