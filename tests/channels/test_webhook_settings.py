"""TELEGRAM_MAX_CONNECTIONS becomes setWebhook's max_connections (Telegram may deliver one
chat's updates on that many parallel connections)."""

from __future__ import annotations

from tests.conftest import app_with_telegram, prepared_database


async def test_the_webhook_is_registered_with_the_configured_connections(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    async with app_with_telegram(sqlite_url, telegram_max_connections=7) as (_app, fake):
        assert fake.webhook.max_connections == 7
