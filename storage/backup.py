"""Backing up the database while ilteo keeps serving.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database page by page
into a new file, a consistent snapshot even while other processes write (WAL). PostgreSQL is
backed up by its own tool, `pg_dump`; `pg_dump_procedure` says how.
"""

from __future__ import annotations

import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

PAGES_PER_STEP = 1024  # between steps, writers get their turn


class BackupRefused(Exception):
    """The backup cannot be written (the target exists, or the source is not a file)."""


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupRefused("DATABASE_URL names no SQLite file to back up.")
    return Path(database)


def backup_sqlite(url: str, target: Path) -> int:
    """Copies the SQLite database of `url` into `target` (a new file); returns its pages."""
    source_path = sqlite_path(url)
    if not source_path.is_file():
        raise BackupRefused(f"There is no database file at {source_path}.")
    if target.exists():
        raise BackupRefused(f"{target} already exists; name a new file.")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=PAGES_PER_STEP)
        (check,) = copy.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise BackupRefused(f"The copy failed its check: {check}")
        (pages,) = copy.execute("PRAGMA page_count").fetchone()
        return pages
    finally:
        copy.close()
        source.close()


def pg_dump_procedure(url: str, target: Path) -> str:
    """The commands that back up (and restore) the PostgreSQL database of `url`, its password
    left out (pg_dump reads it from PGPASSWORD or ~/.pgpass)."""
    parsed = make_url(url)
    options = [
        f"--host={parsed.host or 'localhost'}",
        f"--port={parsed.port or 5432}",
        f"--username={parsed.username or 'postgres'}",
    ]
    dump = ["pg_dump", "--format=custom", f"--file={target}", *options, parsed.database or ""]
    restore = ["pg_restore", "--clean", "--if-exists", *options, f"--dbname={parsed.database}"]
    return (
        "ilteo does not copy a PostgreSQL database itself; PostgreSQL's pg_dump takes a\n"
        "consistent snapshot while every ilteo process keeps serving:\n\n"
        f"  {shlex.join(dump)}\n\n"
        "To restore it (into an empty database of the same name, with ilteo stopped):\n\n"
        f"  {shlex.join(restore + [str(target)])}\n"
    )
