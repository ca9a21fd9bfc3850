"""Issue 12, item 3: limits an outsider cannot exhaust for everyone. Per address, about 60
requests a minute to /api/chat and 20 new visitors an hour; the address is the peer's, or the
client's in X-Forwarded-For when the peer is one of TRUSTED_PROXIES. A limit answers 429 with
a line in her language that the page shows. Through the real HTTP route, on SQLite and
PostgreSQL, with a clock the test moves."""

from __future__ import annotations

from bot.channels.web.guards import NEW_VISITORS_PER_HOUR, REQUESTS_PER_MINUTE
from tests.chat import Clock
from tests.security.web import chat_app, visitor


async def too_many(response) -> str:
    assert response.status == 429
    assert int(response.headers["Retry-After"]) >= 1
    return (await response.json())["message"]


async def test_sixty_requests_a_minute_then_429_in_her_language(database_url):
    clock = Clock()
    async with chat_app(database_url, clock) as (app, _slots), visitor(app) as her:
        for _ in range(REQUESTS_PER_MINUTE):
            assert (await her.post(data="sys:resume")).status == 200
        assert "기다렸다가" in await too_many(await her.post(data="sys:resume"))
        her.headers["Accept-Language"] = "en"
        assert "wait a minute" in await too_many(await her.post(data="sys:resume"))
        async with visitor(app) as neighbour:  # the same address: the same budget
            assert (await neighbour.post(data="sys:resume")).status == 429
        clock.advance(seconds=60)
        assert (await her.post(data="sys:resume")).status == 200


async def test_twenty_new_visitors_an_hour_from_one_address(database_url):
    clock = Clock()
    async with chat_app(database_url, clock) as (app, _slots), visitor(app) as known:
        await known.say(data="sys:resume")
        for _ in range(NEW_VISITORS_PER_HOUR - 1):
            async with visitor(app) as newcomer:
                assert (await newcomer.post(data="sys:resume")).status == 200
        async with visitor(app) as one_too_many:
            assert "기다렸다가" in await too_many(await one_too_many.post(data="sys:resume"))
        assert (await known.post(data="sys:resume")).status == 200  # she is not locked out
        clock.advance(hours=1)
        async with visitor(app) as next_hour:
            assert (await next_hour.post(data="sys:resume")).status == 200


async def test_behind_a_trusted_proxy_each_client_counts_alone(database_url):
    clock = Clock()
    async with chat_app(database_url, clock, trusted_proxies="127.0.0.1,10.0.0.0/8") as (app, _):
        for number in range(NEW_VISITORS_PER_HOUR + 5):  # each from her own address
            forwarded = f"203.0.113.{number}, 10.1.2.3"  # the client, then an inner proxy
            async with visitor(app, **{"X-Forwarded-For": forwarded}) as newcomer:
                assert (await newcomer.post(data="sys:resume")).status == 200
        statuses = []
        for _ in range(NEW_VISITORS_PER_HOUR + 1):  # one client, pretending with a prefix
            async with visitor(app, **{"X-Forwarded-For": "1.1.1.1, 198.51.100.7"}) as same:
                statuses.append((await same.post(data="sys:resume")).status)
        assert statuses == [200] * NEW_VISITORS_PER_HOUR + [429]


async def test_an_untrusted_peer_cannot_choose_its_address(database_url):
    clock = Clock()
    async with chat_app(database_url, clock) as (app, _slots):
        statuses = []
        for number in range(NEW_VISITORS_PER_HOUR + 1):
            async with visitor(app, **{"X-Forwarded-For": f"203.0.113.{number}"}) as newcomer:
                statuses.append((await newcomer.post(data="sys:resume")).status)
        assert statuses == [200] * NEW_VISITORS_PER_HOUR + [429]


async def test_behind_a_trusted_proxy_wrong_passwords_lock_out_their_sender_only(database_url):
    """The admin login's limit of 20 failures an address counts the client, not the proxy."""
    from bot.admin.login import PER_ADDRESS, PER_LOGIN
    from tests.admin.client import AdminClient

    async with chat_app(database_url, trusted_proxies="127.0.0.1") as (app, _slots):
        guesser, colleague = AdminClient(app.url), AdminClient(app.url)
        guesser.session.headers["X-Forwarded-For"] = "203.0.113.9"
        colleague.session.headers["X-Forwarded-For"] = "198.51.100.20"
        try:
            for number in range(PER_ADDRESS):
                login = f"guess{number // (PER_LOGIN - 1)}"  # never 5 tries at one login
                assert (await guesser.sign_in(login, "wrong")).status == 401
            assert (await guesser.sign_in("someone", "wrong")).status == 429
            assert (await colleague.sign_in("someone", "wrong")).status == 401
        finally:
            await guesser.close()
            await colleague.close()
