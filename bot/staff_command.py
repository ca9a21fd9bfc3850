"""`ilteo staff add`: grants a chat identity (Telegram or Kakao id) or a web login a staff role,
tied to the centres given with `--centre` (a counsellor sees their people only). A web login's
password is read from standard input, never from the command line (where it would stay in the
shell's history and the process list). `ilteo staff disable LOGIN`: the login can no longer
sign in and its open sessions end at once."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime

from bot.config import Settings
from bot.passwords import MIN_LENGTH, hash_password
from storage.admin_uow import AdminUnitOfWork
from storage.database import create_engine
from storage.migrate import schema_is_current
from storage.repositories.staff import ROLES


def add_parser(commands: argparse._SubParsersAction) -> None:
    staff = commands.add_parser("staff", help="staff roles").add_subparsers(
        dest="action", required=True
    )
    add = staff.add_parser("add", help="grant a chat identity or a web login a role")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--channel", choices=("telegram", "kakao"), help="with --id")
    who.add_argument("--web", metavar="LOGIN", help="a web login; the password is read from stdin")
    add.add_argument("--id", dest="external_id", help="the person's id in that channel")
    add.add_argument("--role", choices=ROLES, default="staff")
    add.add_argument(
        "--centre",
        dest="centres",
        type=int,
        action="append",
        metavar="ID",
        help="a centre whose people she may see (repeat for several)",
    )
    disable = staff.add_parser("disable", help="end a web login's sessions and sign-ins")
    disable.add_argument("login", metavar="LOGIN")


def read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


async def run_staff_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "disable":
        return await _disable(settings, args.login)
    if args.channel and not args.external_id:
        print("Give the person's id in that channel with --id.", file=sys.stderr)
        return 1
    password = None
    if args.web:
        password = read_password()
        if len(password) < MIN_LENGTH:
            print(
                f"The password needs at least {MIN_LENGTH} characters. Nothing was changed.",
                file=sys.stderr,
            )
            return 1
    engine = create_engine(settings.database_url)
    try:
        if not await schema_is_current(engine):
            print("Run `ilteo db upgrade` first, then try again.", file=sys.stderr)
            return 3
        async with AdminUnitOfWork(engine) as uow:
            unknown = await uow.admin_staff.unknown_centres(args.centres or [])
            if unknown:
                print(
                    f"No centre with the id {', '.join(map(str, unknown))}. Nothing was changed.",
                    file=sys.stderr,
                )
                return 1
            now = datetime.now(UTC)
            if password is not None:  # (read when --web is given)
                await uow.staff.grant_web(
                    args.web, hash_password(password), args.role, now, centres=args.centres
                )
            else:
                await uow.staff.grant(
                    args.channel, args.external_id, args.role, now, centres=args.centres
                )
            await uow.commit()
    finally:
        await engine.dispose()
    who = f"web login {args.web}" if args.web else f"{args.channel} id {args.external_id}"
    where = f", centres {', '.join(map(str, sorted(set(args.centres))))}" if args.centres else ""
    print(f"{who} has the role {args.role}{where}.")
    return 0


async def _disable(settings: Settings, login: str) -> int:
    engine = create_engine(settings.database_url)
    try:
        if not await schema_is_current(engine):
            print("Run `ilteo db upgrade` first, then try again.", file=sys.stderr)
            return 3
        async with AdminUnitOfWork(engine) as uow:
            found = await uow.staff.disable(login, datetime.now(UTC))
            await uow.commit()
    finally:
        await engine.dispose()
    if not found:
        print(f"There is no web login {login}. Nothing was changed.", file=sys.stderr)
        return 1
    print(f"web login {login} is disabled; its sessions have ended.")
    return 0
