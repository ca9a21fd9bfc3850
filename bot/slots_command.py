"""`ilteo slots generate` and `ilteo closures add`, and the slots `ilteo demo load` adds.

Exit codes: 0 done, 1 the request cannot be done (a bad date or duration, an unknown centre or
visit, a centre without opening hours; nothing changed), 3 the database schema is not current.
The report goes to standard output, problems to standard error.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings, parse_duration
from handlers.slot_generation import (
    MODES,
    CannotGenerate,
    DayClosed,
    SlotsGenerated,
    close_day,
    generate_slots,
)
from storage.database import create_engine
from storage.migrate import schema_is_current
from storage.uow import UnitOfWork

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEMO_DAYS = 28  # demo centre slots: from tomorrow, four weeks
DEMO_CENTRE_SLOTS = (("visit", timedelta(minutes=30), 2), ("phone", timedelta(hours=1), 1))
DEMO_BUS_SLOTS = (timedelta(minutes=30), 3)  # a team of three at the bus


class BadRequest(ValueError):
    """An argument an operator typed wrongly; the message says how to write it."""


def add_parsers(commands: argparse._SubParsersAction) -> None:
    slots = commands.add_parser("slots", help="counselling slots").add_subparsers(
        dest="action", required=True
    )
    generate = slots.add_parser(
        "generate", help="create slots from opening hours, skipping weekends, holidays, closures"
    )
    place = generate.add_mutually_exclusive_group(required=True)
    place.add_argument("--centre", type=int, metavar="ID", help="a centre's id")
    place.add_argument("--visit", type=int, metavar="ID", help="a bus visit's id")
    generate.add_argument("--from", dest="first", required=True, metavar="DATE", help="YYYY-MM-DD")
    generate.add_argument("--to", dest="last", required=True, metavar="DATE", help="YYYY-MM-DD")
    generate.add_argument("--every", default="30m", help="slot length: 30m, 1h (default 30m)")
    generate.add_argument("--capacity", type=int, default=1, help="seats per slot (default 1)")
    generate.add_argument(
        "--mode", choices=MODES, help="default: visit at a centre, bus at a bus visit"
    )
    closures = commands.add_parser("closures", help="days a centre is closed").add_subparsers(
        dest="action", required=True
    )
    add = closures.add_parser("add", help="close a day for one centre or for every centre")
    add.add_argument("day", metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("--centre", type=int, metavar="ID", help="default: every centre")
    add.add_argument("--reason", help="shown to operators, e.g. 개소기념일")


async def run_slots_command(settings: Settings, args: argparse.Namespace) -> int:
    """Runs `slots generate` or `closures add`, prints the outcome and returns the exit code."""
    tz = ZoneInfo(settings.timezone)
    try:
        if args.command == "slots":
            request: dict[str, Any] = dict(
                first=_day(args.first), last=_day(args.last), every=_every(args.every)
            )
            if request["last"] < request["first"]:
                raise BadRequest(f"--to {args.last} is before --from {args.first}.")
        else:
            day = _day(args.day)
    except BadRequest as error:
        print(error, file=sys.stderr)
        return 1
    engine = create_engine(settings.database_url)
    try:
        if not await schema_is_current(engine):
            print(
                "Nothing was changed: the database schema is not current.\n"
                "Run `ilteo db upgrade` first, then try again.",
                file=sys.stderr,
            )
            return 3
        async with UnitOfWork(engine) as uow:
            if args.command == "slots":
                generated = await generate_slots(
                    uow,
                    centre_id=args.centre,
                    visit_id=args.visit,
                    capacity=args.capacity,
                    mode=args.mode,
                    tz=tz,
                    **request,
                )
                lines = generated_lines(args, request["first"], request["last"], generated)
            else:
                closed = await close_day(uow, day, args.centre, args.reason, tz)
                lines = closed_lines(day, args.reason, closed)
            await uow.commit()
    except CannotGenerate as error:
        print(f"{error} Nothing was changed.", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print("\n".join(lines))
    return 0


def generated_lines(args, first: date, last: date, generated: SlotsGenerated) -> list[str]:
    where = f"centre {args.centre}" if args.centre is not None else f"bus visit {args.visit}"
    where = f"{where} ({generated.place})"
    visit_day = generated.visit_day
    if args.visit is not None and visit_day is not None and not first <= visit_day <= last:
        return [f"No slots: {where} is on {generated.visit_day}, outside {first} to {last}."]
    mode = args.mode or ("bus" if args.visit is not None else "visit")
    lines = [
        f"Slots for {where}, {first} to {last}: {mode}, every {args.every}, "
        f"{args.capacity} seat(s) each.",
        f"  added           {generated.added:>6}",
        f"  already there   {generated.already_there:>6}",
    ]
    if generated.skipped:
        lines.append(f"Skipped {len(generated.skipped)} day(s):")
    for day, closed in generated.skipped:
        name = f" {closed.name}" if closed.name else ""
        lines.append(f"  {day}{name} ({closed.kind})")
    return lines


def closed_lines(day: date, reason: str | None, closed: DayClosed) -> list[str]:
    why = f" ({reason})" if reason else ""
    if not closed.added:
        return [f"{day} was already closed for {closed.place}; nothing changed."]
    lines = [f"Closed {day} for {closed.place}{why}."]
    if closed.slots_that_day:
        lines.append(
            f"{closed.slots_that_day} slot(s) generated earlier for that day were left as they are."
        )
    return lines


@dataclass(frozen=True, slots=True)
class DemoSlots:
    added: int
    already_there: int

    def __str__(self) -> str:
        return f"{self.added} slots added, {self.already_there} already there"


async def add_demo_slots(uow: UnitOfWork, now: datetime, tz: ZoneInfo) -> DemoSlots:
    """Slots for the demo: at centres with hours for four weeks from tomorrow, and at the bus."""
    today = now.astimezone(tz).date()
    centres = {
        listing.centre.id: listing.centre
        for listing in await uow.catalogue.listings(today)
        if listing.centre.key.startswith("demo:") and listing.centre.opens_at is not None
    }
    results = []
    first, last = today + timedelta(days=1), today + timedelta(days=DEMO_DAYS)
    for centre_id in sorted(centres):
        for mode, every, capacity in DEMO_CENTRE_SLOTS:
            results.append(
                await generate_slots(
                    uow,
                    centre_id=centre_id,
                    visit_id=None,
                    first=first,
                    last=last,
                    every=every,
                    capacity=capacity,
                    mode=mode,
                    tz=tz,
                )
            )
    every, capacity = DEMO_BUS_SLOTS
    for listing in await uow.bus.upcoming(now, limit=1000):
        if listing.visit.key.startswith("demo:"):
            day = listing.visit.starts_at.astimezone(tz).date()
            results.append(
                await generate_slots(
                    uow,
                    centre_id=None,
                    visit_id=listing.visit.id,
                    first=day,
                    last=day,
                    every=every,
                    capacity=capacity,
                    mode="bus",
                    tz=tz,
                )
            )
    return DemoSlots(sum(r.added for r in results), sum(r.already_there for r in results))


def _day(text: str) -> date:
    try:
        if not _ISO_DAY.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{text!r} is not a date; write YYYY-MM-DD, e.g. 2026-10-05") from None


def _every(text: str) -> timedelta:
    try:
        every = parse_duration(text)
    except ValueError as error:
        raise BadRequest(f"--every: {error}") from None
    if every < timedelta(minutes=1):
        raise BadRequest(f"--every: {text!r} is too short; slots last at least a minute, e.g. 30m")
    return every
