"""The 알림톡/SMS settings: defaults of PRODUCT.md, the per-language templates (with the issue's
ALIMTALK_TEMPLATE_REMINDER as the Korean one), the quiet hours, and a provider that is half
configured explained by name."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.channels.sms.hours import QuietHours
from bot.config import SettingsError, load_settings

NAMES = (
    "SMS_PROVIDER",
    "SOLAPI_API_KEY",
    "SOLAPI_API_SECRET",
    "SMS_SENDER",
    "SMS_HOURS",
    "SMS_RATE",
    "ALIMTALK_TEMPLATES",
    "ALIMTALK_TEMPLATE_REMINDER",
)
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_send_nothing_by_phone():
    settings = load_settings()
    assert settings.sms_provider is None and settings.sms_rate == 10
    assert settings.sms_hours == (time(8), time(21))


def test_templates_by_language_and_the_korean_one(monkeypatch):
    monkeypatch.setenv("ALIMTALK_TEMPLATES", "vi:KA01TP-vi, zh_Hans:KA01TP-zh")
    monkeypatch.setenv("ALIMTALK_TEMPLATE_REMINDER", "KA01TP-ko")
    assert load_settings().reminder_templates == {
        "vi": "KA01TP-vi",
        "zh_Hans": "KA01TP-zh",
        "ko": "KA01TP-ko",
    }


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("SMS_PROVIDER", "solapi", "SMS_PROVIDER=solapi needs SOLAPI_API_KEY"),
        ("SMS_HOURS", "21:00-08:00", "SMS_HOURS: '21:00-08:00': the window must start before"),
        ("ALIMTALK_TEMPLATES", "ko", "ALIMTALK_TEMPLATES: 'ko' is not LANGUAGE:ID"),
        ("SMS_PROVIDER", "nhn", "SMS_PROVIDER"),
    ],
)
def test_bad_values_are_explained_by_name(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert words in str(error.value)


def test_quiet_hours_move_a_night_message_to_the_morning():
    hours = QuietHours(time(8), time(21), SEOUL)
    assert hours.next_open(datetime(2026, 12, 7, 14, 0, tzinfo=SEOUL)) is None
    at_eleven = datetime(2026, 12, 7, 23, 0, tzinfo=SEOUL)
    assert hours.next_open(at_eleven) == datetime(2026, 12, 8, 8, 0, tzinfo=SEOUL)
    early = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)  # 06:30 in Seoul
    assert hours.next_open(early) == datetime(2026, 12, 8, 8, 0, tzinfo=SEOUL)
