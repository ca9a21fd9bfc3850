"""The `ilteo` command line: serve, db upgrade, db backup, demo load, import, slots generate,
closures add, staff add.

Each command reads the settings once, says plainly what went wrong when it cannot go on,
and exits non-zero then; nothing here prints a secret.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import Ilteo, SchemaOutdated, check_schema
from bot.config import Settings, SettingsError, load_settings
from bot.import_command import KIND_CHOICES, run_import
from bot.logs import configure_logging
from bot.slots_command import add_demo_slots, add_parsers, run_slots_command
from bot.staff_command import add_parser as add_staff_parser
from bot.staff_command import run_staff_command
from storage.backup import BackupRefused, backup_sqlite, pg_dump_procedure
from storage.database import create_engine, is_sqlite
from storage.migrate import current_revision, upgrade
from storage.uow import UnitOfWork


async def serve(settings: Settings) -> None:
    app = await Ilteo.create(settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    await app.start()
    print(f"ilteo is running: web chat at {settings.base_url}/  (Ctrl+C to stop)", flush=True)
    try:
        await stopping.wait()
    finally:
        await app.stop()


async def db_upgrade(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        before = await current_revision(engine)
        await upgrade(engine)
        after = await current_revision(engine)
    finally:
        await engine.dispose()
    if before == after:
        print(f"The database is up to date (revision {after}).")
    else:
        print(f"The database was upgraded from revision {before or 'none'} to {after}.")


async def demo_load(settings: Settings) -> None:
    from storage.demo import load_demo

    engine = create_engine(settings.database_url)
    tz = ZoneInfo(settings.timezone)
    try:
        await check_schema(engine)
        async with UnitOfWork(engine) as uow:
            now = datetime.now(tz)
            summary = await load_demo(uow, now.date(), tz)
            slots = await add_demo_slots(uow, now, tz)
            await uow.commit()
    finally:
        await engine.dispose()
    print(f"Demo catalogue loaded: {summary}; {slots}")


def db_backup(settings: Settings, target: Path) -> int:
    """SQLite: an online copy into TARGET. PostgreSQL: prints the pg_dump procedure."""
    if not is_sqlite(settings.database_url):
        print(pg_dump_procedure(settings.database_url, target))
        return 4
    try:
        pages = backup_sqlite(settings.database_url, target)
    except BackupRefused as error:
        print(f"No backup made: {error}", file=sys.stderr)
        return 1
    print(f"Backed up to {target} ({pages} pages, checked).")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="ilteo", description="일터 — job-support chatbot")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "serve", help="run the HTTP server, Telegram (if a token is set), scheduler"
    )
    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="action", required=True
    )
    db.add_parser("upgrade", help="apply migrations (Alembic)")
    backup = db.add_parser("backup", help="copy the SQLite database while it serves")
    backup.add_argument("file", type=Path, help="the new file the copy is written to")
    demo = commands.add_parser("demo", help="demo data").add_subparsers(
        dest="action", required=True
    )
    demo.add_parser("load", help="load the demo catalogue (idempotent)")
    imports = commands.add_parser(
        "import", help="import centres, courses or bus visits (CSV or JSON)"
    )
    imports.add_argument("file", type=Path, help="CSV (UTF-8 or CP949) or JSON, as in samples/")
    imports.add_argument(
        "--kind", choices=KIND_CHOICES, help="guessed from the columns when not given"
    )
    imports.add_argument(
        "--progress", action="store_true", help="show progress even when stderr is not a terminal"
    )
    add_parsers(commands)
    add_staff_parser(commands)
    return root


COMMANDS = {
    ("serve", None): serve,
    ("db", "upgrade"): db_upgrade,
    ("demo", "load"): demo_load,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    configure_logging()
    if args.command == "import":
        return asyncio.run(run_import(settings, args.file, args.kind, args.progress))
    if args.command in ("slots", "closures"):
        return asyncio.run(run_slots_command(settings, args))
    if args.command == "staff":
        return asyncio.run(run_staff_command(settings, args))
    if (args.command, getattr(args, "action", None)) == ("db", "backup"):
        return db_backup(settings, args.file)
    command = COMMANDS[(args.command, getattr(args, "action", None))]
    try:
        asyncio.run(command(settings))
    except SchemaOutdated as error:
        print(f"ilteo cannot start: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
