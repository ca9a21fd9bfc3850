"""The 알림톡/SMS benchmark: 10,000 booking reminders by phone through the fake SOLAPI, paced at
SMS_RATE.

    .venv/bin/python bench/sms.py [--count 10000] [--rate 10] [--load 1.0] [--json PATH]

The reminders fall due evenly over `count / (rate × load)` seconds (`--load 1`: exactly as
many a second as SMS_RATE allows, so any pause is never made up; `0.9`: some room), on a
fresh SQLite database with the demo catalogue; the real Dispatcher claims and renders them
(template filled in, signed link) and the PhoneNotifier sends each through the SOLAPI client
(aiohttp, HMAC-signed) to the strict fake of `tests/fakes/solapi.py`, which checks every
request and notes when it took each message. Prints the rate reached (messages over the time
from the first due to the last taken), and how late each message was after its due time (p50,
p99, max). At the default SMS_RATE of 10/s the run takes about 17 minutes; `--rate 100` about
two. Everything runs in this one process (the fake too), which costs the sender some CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import LOCALES  # noqa: E402
from bot.channels.sms import PhoneNotifier, Solapi  # noqa: E402
from bot.channels.sms.hours import QuietHours  # noqa: E402
from bot.dispatch import Dispatcher  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from handlers.booking.policy import BookingPolicy  # noqa: E402
from handlers.booking.reminders import reminder_key  # noqa: E402
from handlers.i18n import Translator  # noqa: E402
from handlers.turn import FlowSettings  # noqa: E402
from storage.database import create_engine  # noqa: E402
from storage.demo import load_demo  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.records import Profile  # noqa: E402
from storage.tables import centres  # noqa: E402
from storage.uow import UnitOfWork, UnitOfWorkFactory  # noqa: E402
from tests.fakes.solapi import API_KEY, API_SECRET, PF_ID, TEMPLATE_IDS, FakeSolapi  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")
DAY_BEFORE = timedelta(hours=24)
LEAD_S = 3.0  # the first reminder falls due this long after seeding


async def seed(engine, count: int, pace: float) -> dict[str, datetime]:
    """`count` web users who said yes, each with a booking three days ahead and its reminder by
    phone due at an even pace from now; returns each reminder's due time by outbox key."""
    now = datetime.now(UTC)
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, now.astimezone(SEOUL).date(), SEOUL)
        query = select(centres.c.id).order_by(centres.c.id).limit(1)
        centre = (await uow.connection.execute(query)).scalar_one()
        start = datetime.combine(
            now.astimezone(SEOUL).date() + timedelta(days=3), day_time(14), SEOUL
        )
        slot = await uow.slots.add(
            centre_id=centre,
            mode="visit",
            starts_at=start,
            ends_at=start + timedelta(minutes=30),
            capacity=count,
            taken=0,
        )
        await uow.commit()
    due = {}
    async with UnitOfWork(engine) as uow:
        for n in range(count):
            user = await uow.users.seen("web", f"bench-sms-{n:05d}", now)
            await uow.users.set_language(user.id, "ko")
            await uow.users.set_consent(user.id, now)
            phone = f"+8210{n:08d}"
            await uow.profiles.save(Profile(user.id, phone=phone, phone_notices=True), now)
            booking = await uow.bookings.create(user.id, slot, now, phone=phone)
            key = reminder_key(booking.id, DAY_BEFORE)
            due[key] = now + timedelta(seconds=LEAD_S + n / pace)
            payload = {
                "type": "booking",
                "booking_id": booking.id,
                "before_s": DAY_BEFORE.total_seconds(),
            }
            await uow.outbox.enqueue(key, user.id, "reminder", payload, due[key], via="sms")
        await uow.commit()
    return due


async def run(count: int, rate: float, load: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
        await upgrade(engine)
        due = await seed(engine, count, rate * load)
        settings = FlowSettings(
            languages=("ko",),
            timezone=SEOUL,
            translator=Translator(LOCALES),
            booking=BookingPolicy(reminder_offsets=(DAY_BEFORE,), by_phone=True),
        )
        async with FakeSolapi() as fake:
            provider = Solapi(fake.url, API_KEY, API_SECRET, "02-1588-9142", PF_ID)
            hours = QuietHours(day_time(0), day_time.max, SEOUL)
            notifier = PhoneNotifier(provider, settings, TEMPLATE_IDS, hours, rate)
            dispatcher = Dispatcher(
                UnitOfWorkFactory(engine),
                settings,
                {"sms": notifier},
                lambda: datetime.now(UTC),
                timedelta(seconds=60),
            )
            dispatcher.start()
            started = time.perf_counter()
            limit = count / rate * 3 + 30
            while len(fake.sent) < count and time.perf_counter() - started < limit:  # noqa: ASYNC110
                await asyncio.sleep(0.2)
            await dispatcher.stop()
            await provider.close()
        await engine.dispose()
    return {**figures(fake, due, count, rate), "load": load}


def figures(fake: FakeSolapi, due: dict[str, datetime], count: int, rate: float) -> dict:
    late = sorted(
        m["receivedAt"] - due[m["customFields"]["outboxKey"]].timestamp() for m in fake.sent
    )
    first_due = min(due.values()).timestamp()
    span = max(m["receivedAt"] for m in fake.sent) - first_due
    counts = fake.count_by_id()
    return {
        "count": count,
        "rate": rate,
        "sent": len(fake.sent),
        "twice": sum(v > 1 for v in counts.values()),
        "refused": len(fake.refused),
        "rate_reached": len(fake.sent) / span,
        "late_p50_s": statistics.median(late),
        "late_p99_s": late[int(0.99 * (len(late) - 1))],
        "late_max_s": late[-1],
    }


def table(result: dict) -> str:
    return "\n".join(
        [
            "| reminders | SMS_RATE | due/s | sent | twice | refused | rate reached | late p50 "
            "| late p99 | late max |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {result['count']:,} | {result['rate']:g}/s | {result['rate'] * result['load']:g} "
            f"| {result['sent']:,} | {result['twice']} "
            f"| {result['refused']} | {result['rate_reached']:.2f}/s "
            f"({result['rate_reached'] / result['rate']:.1%}) | {result['late_p50_s']:.2f} s "
            f"| {result['late_p99_s']:.2f} s | {result['late_max_s']:.2f} s |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=10.0, help="SMS_RATE, messages a second")
    parser.add_argument("--load", type=float, default=1.0, help="due per second / SMS_RATE")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    configure_logging("WARNING")
    result = asyncio.run(run(args.count, args.rate, args.load))
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if result["sent"] == args.count and result["twice"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
