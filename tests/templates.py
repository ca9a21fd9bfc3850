"""Migrated databases for tests, copied instead of migrated again: the migrations run once per
test run into a template (a SQLite file; a PostgreSQL template database), and each test that
needs a migrated database gets a copy of it (a file copy; `CREATE DATABASE … TEMPLATE`).

A copy is what the migrations would have made: the same tables, indexes and `alembic_version`.
Tests of the migrations themselves (`tests/storage/test_migrations*`, schema compatibility)
still start from an empty database and run them.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

import asyncpg

from storage.database import create_engine
from storage.migrate import upgrade

SQLITE_PREFIX = "sqlite+aiosqlite:///"
_sqlite_template: Path | None = None
_postgres_templates: dict[str, str] = {}  # admin URL -> template database name


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def _sqlite_template_file() -> Path:
    global _sqlite_template
    if _sqlite_template is None:
        folder = Path(tempfile.mkdtemp(prefix="ilteo-template-"))
        path = folder / "migrated.db"
        await _migrate(SQLITE_PREFIX + str(path))
        _sqlite_template = path
    return _sqlite_template


async def _postgres_template(admin_url: str) -> str:
    name = _postgres_templates.get(admin_url)
    if name is None:
        name = f"ilteo_template_{uuid.uuid4().hex[:12]}"
        connection = await asyncpg.connect(_dsn(admin_url))
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        await _migrate(admin_url.rsplit("/", 1)[0] + f"/{name}")
        _postgres_templates[admin_url] = name
    return name


def _copied(template: Path, path: Path) -> bool:
    """Copy the template to `path` unless a database is there already."""
    if path.exists():
        return False
    shutil.copyfile(template, path)
    return True


async def _is_empty_postgres(url: str) -> bool:
    connection = await asyncpg.connect(_dsn(url))
    try:
        tables = await connection.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        )
    finally:
        await connection.close()
    return tables == 0


async def migrated(url: str, admin_url: str) -> None:
    """Make the database at `url` a migrated one: a copy of the template when it is new and
    empty (a SQLite file not yet there, a PostgreSQL database without tables), otherwise the
    migrations run on it as they would in production."""
    if url.startswith(SQLITE_PREFIX):
        path = Path(url.removeprefix(SQLITE_PREFIX))
        if not _copied(await _sqlite_template_file(), path):
            await _migrate(url)
        return
    if not await _is_empty_postgres(url):
        await _migrate(url)
        return
    name = url.rsplit("/", 1)[1]
    template = await _postgres_template(admin_url)
    connection = await asyncpg.connect(_dsn(admin_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await connection.close()


async def drop_templates() -> None:
    """Remove the templates this run made (the end of the run)."""
    if _sqlite_template is not None:
        shutil.rmtree(_sqlite_template.parent, ignore_errors=True)
    for admin_url, name in _postgres_templates.items():
        connection = await asyncpg.connect(_dsn(admin_url))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()
    _postgres_templates.clear()
