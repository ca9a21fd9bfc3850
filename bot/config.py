"""The one typed settings object, read once at start from the environment or `.env`.

Durations are written as a number and a unit (`90s`, `30m`, `2h`, `7d`, `4w`), lists are
comma-separated. Secrets are `SecretStr` so that they never appear in a repr or a log line.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from datetime import time, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_ORIGIN = re.compile(r"^https://[A-Za-z0-9.-]+(:\d{1,5})?/?$|^https://\*\.[A-Za-z0-9.-]+/?$")


def parse_duration(value: Any) -> timedelta:
    """`"90s"` -> 90 seconds; a timedelta passes through."""
    if isinstance(value, timedelta):
        return value
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(
            f"{value!r} is not a duration; write a number and a unit: 90s, 30m, 2h, 7d, 4w"
        )
    amount, unit = match.groups()
    return timedelta(**{_UNITS[unit]: int(amount)})


def parse_list(value: Any) -> list[str]:
    """`"ko, en"` -> `["ko", "en"]`; an empty string is an empty list."""
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def parse_durations(value: Any) -> list[timedelta]:
    parts = value if isinstance(value, list | tuple) else parse_list(value)
    return [parse_duration(part) for part in parts]


def parse_pairs(value: Any) -> dict[str, str]:
    """`"ko:KA01TP1,vi:KA01TP2"` -> `{"ko": "KA01TP1", "vi": "KA01TP2"}`."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    pairs = {}
    for part in parse_list(value):
        name, sep, item = part.partition(":")
        if not sep or not name.strip() or not item.strip():
            raise ValueError(f"{part!r} is not LANGUAGE:ID; write e.g. ko:KA01TP1,vi:KA01TP2")
        pairs[name.strip()] = item.strip()
    return pairs


def parse_hours(value: Any) -> tuple[time, time]:
    """`"08:00-21:00"` -> (08:00, 21:00): a window of the day, start before end."""
    if isinstance(value, tuple):
        return value
    match = _HOURS.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a window of the day; write e.g. 08:00-21:00")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    start = time(h1, m1) if h1 < 24 else time.max
    end = time(h2, m2) if h2 < 24 else time.max if m2 == 0 else time.min  # 24:00: day's end
    if start >= end:
        raise ValueError(f"{value!r}: the window must start before it ends, e.g. 08:00-21:00")
    return start, end


_HOURS = re.compile(r"^\s*([01]?\d|2[0-4]):([0-5]\d)\s*-\s*([01]?\d|2[0-4]):([0-5]\d)\s*$")
Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Pairs = Annotated[dict[str, str], NoDecode, BeforeValidator(parse_pairs)]
Hours = Annotated[tuple[time, time], NoDecode, BeforeValidator(parse_hours)]
StrList = Annotated[list[str], NoDecode, BeforeValidator(parse_list)]
DurationList = Annotated[list[timedelta], NoDecode, BeforeValidator(parse_durations)]


# The shortest secrets accepted: a short one could be guessed or searched for.
MIN_SECRET_LENGTHS = {
    "secret_key": 32,
    "telegram_webhook_secret": 16,
    "kakao_skill_secret": 16,
    "metrics_token": 16,
    "sms_report_secret": 16,
}


class Settings(BaseSettings):
    """Everything ilteo reads from its environment (PRODUCT.md, "Configuration")."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    database_url: str = Field("sqlite+aiosqlite:///ilteo.db", repr=False)  # may hold a password
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    public_url: str | None = None
    secret_key: SecretStr | None = None

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    # Parallel connections Telegram may open to the webhook (setWebhook's max_connections).
    telegram_max_connections: int = Field(40, ge=1, le=100)

    kakao_skill_secret: SecretStr | None = None
    kakao_block_id: str | None = None
    kakao_bot_id: str | None = None
    kakao_rest_api_key: SecretStr | None = None
    kakao_event_api_url: str | None = None
    kakao_event_name: str = "ilteo_notice"

    languages: StrList = ["ko", "en", "vi", "zh_Hans"]
    timezone: str = "Asia/Seoul"
    reminder_offsets: DurationList = [timedelta(hours=24), timedelta(hours=1)]
    booking_min_notice: Duration = timedelta(hours=2)
    booking_horizon: Duration = timedelta(weeks=4)
    waitlist_hold: Duration = timedelta(hours=2)
    nudge_after: Duration = timedelta(minutes=30)
    # A request for a counsellor unanswered this long gets an apology and an offer to book;
    # a talk with a counsellor in which nothing is said this long returns to the bot.
    handoff_wait: Duration = timedelta(minutes=10)
    handoff_idle: Duration = timedelta(minutes=30)
    broadcast_rate: float = Field(25, gt=0, le=1000)
    broadcast_paid: bool = False
    outbox_lease: Duration = timedelta(seconds=60)
    retention_days: int = Field(365, ge=1)
    # How long a step waits for the same person's step elsewhere before asking her to resend.
    person_wait: Duration = timedelta(seconds=3)
    # How often jobs with a longer period (retention: a day) look whether theirs has come.
    jobs_check_every: Duration = timedelta(minutes=1)
    # Tests only: every process adds the clock offset a test keeps in the database.
    test_clock_from_database: bool = False
    booking_phone_days: int = Field(30, ge=0)
    metrics_token: SecretStr | None = None
    trusted_proxies: StrList = []
    frame_ancestors: StrList = []

    # Reminders by KakaoTalk 알림톡 with SMS fallback (bot/channels/sms/)
    sms_provider: Literal["solapi"] | None = None
    solapi_api_key: SecretStr | None = None
    solapi_api_secret: SecretStr | None = None
    solapi_api_url: str = "https://api.solapi.com"
    sms_sender: str | None = None
    kakao_pf_id: str | None = None
    alimtalk_templates: Pairs = {}
    alimtalk_template_reminder: str | None = None  # the Korean template, if not in the above
    sms_rate: float = Field(10, gt=0, le=1000)
    sms_hours: Hours = (time(8), time(21))
    sms_report_secret: SecretStr | None = None

    @field_validator("sms_provider", mode="before")
    @classmethod
    def _no_provider(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _provider_complete(self) -> Settings:
        if self.sms_provider is None:
            return self
        missing = [
            name.upper()
            for name in ("solapi_api_key", "solapi_api_secret", "sms_sender")
            if not _given(getattr(self, name))
        ]
        if missing:
            raise ValueError(f"SMS_PROVIDER=solapi needs {', '.join(missing)}")
        return self

    @property
    def reminder_templates(self) -> dict[str, str]:
        """The approved 알림톡 reminder template of each language (ALIMTALK_TEMPLATES, and
        ALIMTALK_TEMPLATE_REMINDER as the Korean one when that list has none)."""
        templates = dict(self.alimtalk_templates)
        if self.alimtalk_template_reminder and "ko" not in templates:
            templates["ko"] = self.alimtalk_template_reminder
        return templates

    def sms_report_path_secret(self, secret_key: str) -> str:
        """The secret in /sms/report/<secret>: configured, or derived from SECRET_KEY."""
        if self.sms_report_secret is not None:
            return self.sms_report_secret.get_secret_value()
        return hmac.new(secret_key.encode(), b"ilteo-sms-report", hashlib.sha256).hexdigest()

    @field_validator(*MIN_SECRET_LENGTHS)
    @classmethod
    def _long_enough(cls, value: SecretStr | None, info) -> SecretStr | None:
        least = MIN_SECRET_LENGTHS[info.field_name]
        if value is not None and value.get_secret_value() and len(value.get_secret_value()) < least:
            raise ValueError(
                f"too short: use at least {least} random characters "
                "(e.g. from `openssl rand -hex 32`)"
            )
        return value

    @field_validator("languages")
    @classmethod
    def _at_least_one_language(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("name at least one language, e.g. ko,en")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Seoul") from error
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError as error:
                raise ValueError(
                    f"{entry!r} is not an address or network, e.g. 10.0.0.5"
                ) from error
        return value

    @field_validator("frame_ancestors")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not _ORIGIN.match(entry):
                raise ValueError(f"{entry!r} is not a site, e.g. https://www.example.go.kr")
        return [entry.rstrip("/") for entry in value]

    @model_validator(mode="after")
    def _framing_needs_https(self) -> Settings:
        if self.frame_ancestors and not self.base_url.startswith("https://"):
            raise ValueError(
                "FRAME_ANCESTORS needs an https PUBLIC_URL (a framed chat's cookie must be Secure)"
            )
        return self

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.split(":///", 1)[1]
        return value

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None and bool(
            self.telegram_bot_token.get_secret_value()
        )

    def webhook_secret(self) -> str:
        """The configured secret, or one derived from the token, the same in every process."""
        if self.telegram_webhook_secret is not None:
            return self.telegram_webhook_secret.get_secret_value()
        token = self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else ""
        # Telegram allows only A-Z, a-z, 0-9, _ and - in the secret: hex fits.
        return hmac.new(token.encode(), b"ilteo-telegram-webhook", hashlib.sha256).hexdigest()


def _given(value: Any) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return bool(value and str(value).strip())


class SettingsError(Exception):
    """A bad value in the environment, explained in words an operator can act on."""


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning pydantic's errors into one readable message."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]).upper()
            message = problem["msg"].removeprefix("Value error, ")
            lines.append(f"  {name}: {message}" if name else f"  {message}")
        raise SettingsError("ilteo cannot start: bad configuration\n" + "\n".join(lines)) from None
