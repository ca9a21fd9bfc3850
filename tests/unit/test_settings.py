"""Configuration from the environment: defaults, units, lists, and clear errors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import SettingsError, load_settings

NAMES = (
    "DATABASE_URL",
    "LANGUAGES",
    "REMINDER_OFFSETS",
    "BOOKING_HORIZON",
    "PORT",
    "TIMEZONE",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "SECRET_KEY",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_those_of_product_md():
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///ilteo.db"
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.base_url == "http://127.0.0.1:8080"
    assert settings.languages == ["ko", "en", "vi", "zh_Hans"]
    assert settings.reminder_offsets == [timedelta(hours=24), timedelta(hours=1)]
    assert settings.booking_min_notice == timedelta(hours=2)
    assert settings.booking_horizon == timedelta(weeks=4)
    assert settings.outbox_lease == timedelta(seconds=60)
    assert settings.telegram_enabled is False


def test_durations_and_lists_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("REMINDER_OFFSETS", "90s, 30m")
    monkeypatch.setenv("BOOKING_HORIZON", "7d")
    monkeypatch.setenv("LANGUAGES", "ko,en")
    settings = load_settings()
    assert settings.reminder_offsets == [timedelta(seconds=90), timedelta(minutes=30)]
    assert settings.booking_horizon == timedelta(days=7)
    assert settings.languages == ["ko", "en"]


def test_empty_reminder_offsets_mean_no_reminders(monkeypatch):
    monkeypatch.setenv("REMINDER_OFFSETS", "")
    assert load_settings().reminder_offsets == []


def test_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text("PORT=9090\nTIMEZONE=Asia/Seoul\n")
    assert load_settings().port == 9090


def test_bad_values_are_explained_by_name(monkeypatch):
    monkeypatch.setenv("BOOKING_HORIZON", "a while")
    monkeypatch.setenv("TIMEZONE", "Mars/Olympus")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert "BOOKING_HORIZON" in message and "90s, 30m, 2h, 7d, 4w" in message
    assert "TIMEZONE" in message


def test_secrets_never_show_in_the_settings_repr(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:topsecret")
    monkeypatch.setenv("SECRET_KEY", "keyvalue" * 4)
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:dbpassword@db/ilteo")
    text = repr(load_settings()) + str(load_settings())
    assert "topsecret" not in text and "keyvalue" not in text and "dbpassword" not in text


def test_plain_database_urls_get_the_async_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1/ilteo")
    assert load_settings().database_url.startswith("postgresql+asyncpg://")


def test_the_webhook_secret_is_derived_from_the_token_and_stable(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    first, second = load_settings().webhook_secret(), load_settings().webhook_secret()
    assert first == second and len(first) == 64 and "abc" not in first
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "given-secret-of-16")
    assert load_settings().webhook_secret() == "given-secret-of-16"
