"""The admin login under attack: a burst of parallel wrong passwords gets at most 5 checked
(each attempt is counted before its check, and at most two checks run at once; the rest are
answered 429), a patient guesser never keeps the real admin out for more than 5 minutes after
his last guess, and `X-Forwarded-For` names the client only when the peer is a trusted proxy.
On SQLite and PostgreSQL, with a clock the test moves."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import aiohttp
from sqlalchemy import select

from storage.tables import audit_log
from tests.admin.client import AdminClient, Page, _page
from tests.admin.conftest import ADMIN, add_web_login
from tests.cli import all_rows
from tests.conftest import prepared_database, running_app

START = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


async def guess(
    client: AdminClient, login: str, password: str, forwarded: str | None = None
) -> Page:
    """One sign-in attempt from a client that has the login form's cookie and token."""
    data = aiohttp.FormData({"login": login, "password": password, "csrf": client.csrf or ""})
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    async with client.session.post(
        client.base_url + "/admin/login", data=data, headers=headers, allow_redirects=False
    ) as response:
        return await _page(response)


async def clients(url: str, count: int) -> list[AdminClient]:
    made = [AdminClient(url) for _ in range(count)]
    for client in made:
        await client.get("/admin/login")
    return made


async def test_a_parallel_burst_of_wrong_passwords_gets_at_most_five_checked(database_url):
    await prepared_database(database_url, demo=False)
    await add_web_login(database_url, *ADMIN, "admin")
    now = [START]
    async with running_app(clock=lambda: now[0], database_url=database_url) as app:
        burst = await clients(app.url, 40)
        try:
            answers = await asyncio.gather(
                *(guess(client, ADMIN[0], f"guess-{n}") for n, client in enumerate(burst))
            )
            for pair in range(10):  # then two at a time, which two threads can take
                answers += await asyncio.gather(
                    *(
                        guess(client, ADMIN[0], f"again-{pair}-{n}")
                        for n, client in enumerate(burst[:2])
                    )
                )
            statuses = Counter(answer.status for answer in answers)
            assert statuses[401] <= 5, statuses  # checked (and wrong)
            assert statuses[401] + statuses[429] == 60, statuses
            assert (await guess(burst[0], *ADMIN)).status == 429  # even the right one, now
            now[0] += timedelta(minutes=5)
            assert (await guess(burst[1], *ADMIN)).status == 303
        finally:
            for client in burst:
                await client.close()


async def test_a_patient_guesser_never_keeps_the_admin_out_for_more_than_five_minutes(
    database_url,
):
    await prepared_database(database_url, demo=False)
    await add_web_login(database_url, *ADMIN, "admin")
    now = [START]
    async with running_app(clock=lambda: now[0], database_url=database_url) as app:
        guesser, admin = await clients(app.url, 2)
        try:
            each_minute = []
            for minute in range(30):  # a guess a minute for half an hour
                each_minute.append((await guess(guesser, ADMIN[0], f"guess-{minute}")).status)
                now[0] += timedelta(minutes=1)
            assert each_minute[:5] == [401] * 5
            # The pause grew (15 s, 30 s, 1, 2, 4, 5 min): 8 of the other 25 minutes' guesses.
            assert each_minute[5:].count(401) <= 8 and each_minute[-4:].count(429) >= 3
            assert (await guess(guesser, ADMIN[0], "one-more")).status in (401, 429)
            for _ in range(20):  # refused tries renew nothing
                await guess(guesser, ADMIN[0], "hammering")
            assert (await admin.sign_in(*ADMIN)).status == 429  # still waiting
            now[0] += timedelta(minutes=5)
            assert (await admin.sign_in(*ADMIN)).status == 303
        finally:
            await guesser.close()
            await admin.close()


async def test_forwarded_for_names_the_client_only_behind_a_trusted_proxy(database_url):
    await prepared_database(database_url, demo=False)
    for trusted, expected in (("", "127.0.0.1"), ("127.0.0.1", "203.0.113.7")):
        async with running_app(database_url=database_url, trusted_proxies=trusted) as app:
            (client,) = await clients(app.url, 1)
            try:
                forwarded = "198.51.100.1, 203.0.113.7"  # the left one is the client's to write
                assert (await guess(client, "nobody", "x", forwarded)).status == 401
            finally:
                await client.close()
        rows = await all_rows(database_url, select(audit_log.c.detail).order_by(audit_log.c.id))
        assert rows[-1][0] == {"ip": expected}


async def test_spoofed_forwarded_addresses_do_not_escape_the_limit_per_address(database_url):
    await prepared_database(database_url, demo=False)
    async with running_app(database_url=database_url) as app:
        (client,) = await clients(app.url, 1)
        try:
            answers = [
                (await guess(client, f"login{n}", "x", f"203.0.113.{n}")).status for n in range(22)
            ]
        finally:
            await client.close()
    assert answers[:20] == [401] * 20 and answers[20:] == [429, 429]
