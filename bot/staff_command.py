"""`ilteo staff add`: grants a chat identity (Telegram or Kakao id) or a web login a staff role.
A web login's password is read from standard input, never from the command line (where it
would stay in the shell's history and the process list)."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime

from bot.config import Settings
from bot.passwords import MIN_LENGTH, hash_password
from storage.database import create_engine
from storage.migrate import schema_is_current
from storage.repositories.staff import ROLES
from storage.uow import UnitOfWork


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


def read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


async def run_staff_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.channel and not args.external_id:
        print("Give the person's id in that channel with --id.", file=sys.stderr)
        return 1
    password = None
    if args.web:
        password = read_password()
        if len(password) < MIN_LENGTH:
            print(f"The password needs at least {MIN_LENGTH} characters. Nothing was changed.",
                  file=sys.stderr)  # fmt: skip
            return 1
    engine = create_engine(settings.database_url)
    try:
        if not await schema_is_current(engine):
            print("Run `ilteo db upgrade` first, then try again.", file=sys.stderr)
            return 3
        async with UnitOfWork(engine) as uow:
            now = datetime.now(UTC)
            if args.web:
                await uow.staff.grant_web(args.web, hash_password(password), args.role, now)
            else:
                await uow.staff.grant(args.channel, args.external_id, args.role, now)
            await uow.commit()
    finally:
        await engine.dispose()
    who = f"web login {args.web}" if args.web else f"{args.channel} id {args.external_id}"
    print(f"{who} has the role {args.role}.")
    return 0
