"""`ilteo db backup FILE`: on SQLite, a checked copy made while the database is open and a
writer is half-way through a transaction, which reads back as the original and serves as the
database; on PostgreSQL, the pg_dump procedure, without the password."""

from __future__ import annotations

import asyncio
import sqlite3

from bot.cli import main
from tests.conftest import prepared_database


def table_counts(path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        query = "SELECT name FROM sqlite_master WHERE type='table'"
        names = [row[0] for row in connection.execute(query)]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names
        }
    finally:
        connection.close()


async def ilteo_on(url: str, monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    capsys.readouterr()
    code = await asyncio.to_thread(main, list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def test_a_backup_taken_during_a_write_restores_what_was_committed(
    sqlite_url, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    await prepared_database(sqlite_url)
    database = sqlite_url.split("///", 1)[1]
    committed = table_counts(database)
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE half_done (id INTEGER)")  # not committed when the copy is made
    try:
        code, out, err = await ilteo_on(
            sqlite_url, monkeypatch, capsys, "db", "backup", str(tmp_path / "copy.db")
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert code == 0, err
    assert "checked" in out
    assert table_counts(tmp_path / "copy.db") == committed
    assert committed["programmes"] > 0

    restored = f"sqlite+aiosqlite:///{tmp_path / 'copy.db'}"
    code, out, _ = await ilteo_on(restored, monkeypatch, capsys, "db", "upgrade")
    assert code == 0 and "up to date" in out


async def test_a_backup_never_overwrites_a_file(sqlite_url, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    await prepared_database(sqlite_url, demo=False)
    target = tmp_path / "precious.db"
    target.write_bytes(b"keep me")
    code, _, err = await ilteo_on(sqlite_url, monkeypatch, capsys, "db", "backup", str(target))
    assert code == 1 and "already exists" in err
    assert target.read_bytes() == b"keep me"


async def test_on_postgresql_it_prints_the_pg_dump_procedure_without_the_password(
    postgres_url, monkeypatch, tmp_path, capsys
):
    monkeypatch.chdir(tmp_path)
    secret_url = postgres_url.replace("postgres@", "postgres:hunter2@")
    code, out, _ = await ilteo_on(
        secret_url, monkeypatch, capsys, "db", "backup", str(tmp_path / "ilteo.dump")
    )
    assert code == 4
    assert "pg_dump --format=custom" in out and "pg_restore" in out
    assert "hunter2" not in out
    assert postgres_url.rsplit("/", 1)[1] in out
