"""The one wiring place: builds the database, engine, channels, scheduler and HTTP server.

Nothing is built at import time; `Ilteo.create(settings)` makes everything and hands each
part the values it needs, and `start()` / `stop()` run and end it cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.error import InvalidToken, TelegramError

from bot.addresses import networks
from bot.admin import AdminWeb
from bot.broadcast_progress import BroadcastProgress, ProgressBoard
from bot.channels.base import Notifier, push_channels
from bot.channels.kakao import EventApi, KakaoChannel, KakaoNotifier
from bot.channels.sms import DeliveryReports, PhoneNotifier, Solapi
from bot.channels.sms.hours import QuietHours
from bot.channels.telegram import TelegramChannel
from bot.channels.telegram.notifier import TelegramNotifier, TelegramProgressBoard
from bot.channels.telegram.pace import CHAT_RATE
from bot.channels.web.booking_link import BookingLinks
from bot.channels.web.guards import ChatGuards
from bot.channels.web.ics import CalendarFiles
from bot.channels.web.identity import WebIdentity
from bot.channels.web.live import ChatStream
from bot.channels.web.routes import WebChat
from bot.clock import DatabaseClock, utc_now
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.events import LiveEvents
from bot.http import (
    MAX_BODY,
    frame_headers,
    limit_body,
    log_request,
    refuse_malformed,
    register,
)
from bot.metrics import Metrics
from bot.ratelimit import allowed_rate
from bot.resources import locales_dir
from bot.scheduler import Scheduler
from bot.security_headers import security_headers
from handlers.booking.policy import BookingPolicy
from handlers.engine import ChatRate, ConversationEngine
from handlers.flows.handoff.timeouts import HandoffTimeouts
from handlers.i18n import Translator
from handlers.links import LinkSigner
from handlers.turn import FlowSettings
from storage.admin_uow import AdminUnitOfWorkFactory
from storage.database import create_engine
from storage.migrate import (
    current_revision,
    head_revision,
    known_revisions,
    schema_serves_this_code,
)
from storage.uow import UnitOfWork, UnitOfWorkFactory

TELEGRAM_RETRY_MAX_S = 300
LOCALES = locales_dir()
log = structlog.get_logger(__name__)


class SchemaOutdated(Exception):
    """The database schema is older (or newer) than this code."""


def calm_garbage_collector() -> None:
    """Keep the collector off what lives as long as the process (the analyser, modules,
    settings): frozen after warm-up, so a full collection walks only what requests made and a
    step is not held up for tens of milliseconds."""
    gc.collect()
    gc.freeze()


async def check_schema(engine: AsyncEngine) -> None:
    """Serve on this code's schema, or on a newer one its migrations mark compatible (an
    expand-then-contract upgrade under way); refuse any other."""
    current, head = await current_revision(engine), head_revision()
    if current == head:
        return
    if await schema_serves_this_code(engine):
        log.warning("schema_newer_but_compatible", schema=current, code=head)
        return
    if current is None or current in known_revisions():
        raise SchemaOutdated(
            f"The database schema is at revision {current}, this code needs {head}.\n"
            "Run `ilteo db upgrade` first, then start again."
        )
    raise SchemaOutdated(
        f"The database schema is at revision {current or 'none'}, which this code ({head}) "
        "does not know and no migration marks compatible with it.\n"
        "Run the version of ilteo that upgraded the database."
    )


async def secret_key(settings: Settings, engine: AsyncEngine) -> str:
    """SECRET_KEY from the environment, or one generated once and kept in the database."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    async with UnitOfWork(engine) as uow:
        value = await uow.secrets.get_or_create("secret_key", secrets.token_urlsafe(48))
        await uow.commit()
    return value


def offered_languages(settings: Settings, translator: Translator) -> tuple[str, ...]:
    """LANGUAGES in order, less those without a catalogue yet (English is the source)."""
    offered = tuple(code for code in settings.languages if translator.has(code))
    return offered or ("ko",)


def event_api(settings: Settings) -> EventApi | None:
    """Kakao's Event API, when KAKAO_EVENT_API_URL, KAKAO_BOT_ID and KAKAO_REST_API_KEY are set."""
    key = settings.kakao_rest_api_key.get_secret_value() if settings.kakao_rest_api_key else ""
    if not (settings.kakao_event_api_url and settings.kakao_bot_id and key):
        return None
    return EventApi(
        settings.kakao_event_api_url, settings.kakao_bot_id, key, settings.kakao_event_name
    )


def kakao_skill_secret(settings: Settings) -> str | None:
    secret = settings.kakao_skill_secret
    return secret.get_secret_value() if secret is not None and secret.get_secret_value() else None


def notifier_kinds(settings: Settings) -> dict[str, type[Notifier[Any]]]:
    """The notifiers this configuration has, by the channel (or way) they send through: made
    in `Ilteo.create` once their channels are, and what the push channels are named from."""
    kinds: dict[str, type[Notifier[Any]]] = {}
    if settings.telegram_enabled:
        kinds["telegram"] = TelegramNotifier
    if kakao_skill_secret(settings) and event_api(settings) is not None:
        kinds["kakao"] = KakaoNotifier
    if settings.sms_provider is not None:
        kinds["sms"] = PhoneNotifier
    return kinds


def chat_rates(settings: Settings) -> dict[str, ChatRate]:
    """The channels that limit messages to one chat (replies past it go by their API)."""
    if not settings.telegram_enabled:
        return {}
    return {"telegram": CHAT_RATE}


def booking_policy(settings: Settings) -> BookingPolicy:
    return BookingPolicy(
        min_notice=settings.booking_min_notice,
        horizon=settings.booking_horizon,
        waitlist_hold=settings.waitlist_hold,
        reminder_offsets=tuple(settings.reminder_offsets),
        timezone=ZoneInfo(settings.timezone),
        by_phone=settings.sms_provider is not None,
    )


@dataclass
class Ilteo:
    settings: Settings
    database: AsyncEngine
    web_app: web.Application
    conversation: ConversationEngine
    metrics: Metrics
    scheduler: Scheduler
    telegram: TelegramChannel | None = None
    test_clock: DatabaseClock | None = None
    _runner: web.AppRunner | None = None
    _telegram_task: asyncio.Task | None = None

    @classmethod
    async def create(cls, settings: Settings, clock: Callable[[], datetime] = utc_now) -> Ilteo:
        database = create_engine(settings.database_url)
        await check_schema(database)
        test_clock = None
        if settings.test_clock_from_database:
            test_clock = DatabaseClock(UnitOfWorkFactory(database))
            clock = test_clock.now
        translator = Translator(LOCALES)
        kinds = notifier_kinds(settings)
        telegram: TelegramChannel | None = None  # made below; its username is read once connected
        flow_settings = FlowSettings(
            languages=offered_languages(settings, translator),
            timezone=ZoneInfo(settings.timezone),
            translator=translator,
            retention_days=settings.retention_days,
            booking=booking_policy(settings),
            links=LinkSigner(await secret_key(settings, database), settings.base_url),
            telegram_username=lambda: telegram.username if telegram is not None else None,
            push_channels=push_channels(kinds),
        )
        conversation = ConversationEngine(
            UnitOfWorkFactory(database),
            translator,
            flow_settings,
            clock,
            person_wait_s=settings.person_wait.total_seconds(),
            chat_rates=chat_rates(settings),
        )
        metrics = Metrics()
        metrics.count_handoffs(UnitOfWorkFactory(database), clock)
        framing = frame_headers(settings.frame_ancestors)
        secure = settings.base_url.startswith("https://")
        headers = security_headers(https=secure, frame_ancestors=settings.frame_ancestors)
        web_app = web.Application(
            client_max_size=MAX_BODY,
            middlewares=[log_request, framing, headers, limit_body, refuse_malformed],
        )
        register(web_app, database, metrics, settings.metrics_token)
        live = LiveEvents(database, settings.database_url)
        live.register(web_app)
        key = await secret_key(settings, database)
        identity = WebIdentity(key, https=secure, framed=bool(settings.frame_ancestors))
        guards = ChatGuards(
            flow_settings, settings.base_url, networks(settings.trusted_proxies), clock
        )
        WebChat(
            conversation,
            UnitOfWorkFactory(database),
            flow_settings,
            metrics,
            identity,
            guards,
            clock,
        ).register_routes(web_app)
        ChatStream(
            UnitOfWorkFactory(database), identity, live, clock, flow_settings
        ).register_routes(web_app)
        CalendarFiles(UnitOfWorkFactory(database), flow_settings, clock).register_routes(web_app)
        AdminWeb(
            AdminUnitOfWorkFactory(database),
            flow_settings,
            await secret_key(settings, database),
            settings.base_url,
            clock,
            secure_cookie=secure,
            trusted_proxies=networks(settings.trusted_proxies),
            live=live,
        ).register_routes(web_app)
        telegram = cls._telegram(settings, conversation, metrics, web_app)
        notifiers: dict[str, Notifier[Any]] = {}
        boards: dict[str, ProgressBoard] = {}
        if telegram is not None and "telegram" in kinds:
            notifiers["telegram"] = TelegramNotifier(telegram)
            boards["telegram"] = TelegramProgressBoard(telegram)
        if kakao := cls._kakao(settings, conversation, metrics, web_app, flow_settings):
            notifiers["kakao"] = kakao
        BookingLinks(UnitOfWorkFactory(database), flow_settings, identity, clock).register_routes(
            web_app
        )
        if "sms" in kinds:
            notifiers["sms"] = await cls._phone(settings, database, web_app, flow_settings, clock)
            metrics.count_phone_messages(UnitOfWorkFactory(database))
        assert notifiers.keys() == kinds.keys(), "every configured notifier is made"
        dispatcher = Dispatcher(
            UnitOfWorkFactory(database),
            flow_settings,
            notifiers,
            clock,
            settings.outbox_lease,
            rate=allowed_rate(settings.broadcast_rate, settings.broadcast_paid),
        )
        scheduler = Scheduler(
            UnitOfWorkFactory(database),
            clock,
            dispatcher,
            settings.nudge_after,
            retention=timedelta(days=settings.retention_days),
            booking=flow_settings.booking,
            booking_phones=timedelta(days=settings.booking_phone_days),
            progress=BroadcastProgress(UnitOfWorkFactory(database), flow_settings, boards, clock),
            push_channels=flow_settings.push_channels,
            check_every=settings.jobs_check_every,
            handoffs=(HandoffTimeouts(settings.handoff_wait, settings.handoff_idle), flow_settings),
        )
        return cls(
            settings, database, web_app, conversation, metrics, scheduler, telegram, test_clock
        )

    @staticmethod
    def _telegram(
        settings: Settings,
        conversation: ConversationEngine,
        metrics: Metrics,
        web_app: web.Application,
    ) -> TelegramChannel | None:
        if not settings.telegram_enabled or settings.telegram_bot_token is None:
            return None
        channel = TelegramChannel(
            token=settings.telegram_bot_token.get_secret_value(),
            api_url=settings.telegram_api_url,
            webhook_url=settings.telegram_webhook_url,
            webhook_secret=settings.webhook_secret(),
            max_connections=settings.telegram_max_connections,
            engine=conversation,
            metrics=metrics,
        )
        channel.register_routes(web_app)
        return channel

    @staticmethod
    def _kakao(
        settings: Settings,
        conversation: ConversationEngine,
        metrics: Metrics,
        web_app: web.Application,
        flow_settings: FlowSettings,
    ) -> KakaoNotifier | None:
        """The Kakao skill route when KAKAO_SKILL_SECRET is set; its Event API notifier when the
        Event API is configured too, else None."""
        secret = kakao_skill_secret(settings)
        if secret is None:
            return None
        KakaoChannel(
            secret=secret,
            engine=conversation,
            settings=flow_settings,
            block_id=settings.kakao_block_id,
            metrics=metrics,
        ).register_routes(web_app)
        api = event_api(settings)
        if api is None:
            return None
        notifier = KakaoNotifier(api)
        web_app.on_cleanup.append(lambda _app: notifier.close())
        return notifier

    @staticmethod
    async def _phone(
        settings: Settings,
        database: AsyncEngine,
        web_app: web.Application,
        flow_settings: FlowSettings,
        clock: Callable[[], datetime],
    ) -> PhoneNotifier:
        """Reminders by 알림톡/SMS (SMS_PROVIDER) and their delivery reports' route."""
        key, secret, sender = (
            settings.solapi_api_key,
            settings.solapi_api_secret,
            settings.sms_sender,
        )
        assert key and secret and sender  # (Settings refuses SMS_PROVIDER without them)
        provider = Solapi(
            settings.solapi_api_url,
            key.get_secret_value(),
            secret.get_secret_value(),
            sender,
            settings.kakao_pf_id,
        )
        web_app.on_cleanup.append(lambda _app: provider.close())
        path_secret = settings.sms_report_path_secret(await secret_key(settings, database))
        DeliveryReports(UnitOfWorkFactory(database), provider, path_secret, clock).register_routes(
            web_app
        )
        hours = QuietHours(*settings.sms_hours, ZoneInfo(settings.timezone))
        return PhoneNotifier(
            provider, flow_settings, settings.reminder_templates, hours, settings.sms_rate
        )

    async def start(
        self, host: str | None = None, port: int | None = None, warm_up: bool = True
    ) -> None:
        """Serve. With `warm_up`, the Korean analyser is loaded first (a few seconds), so no
        early request waits for it; tests skip that and load it on first use."""
        if self.test_clock is not None:
            await self.test_clock.start()
        if warm_up:
            await self.conversation.warm_up()
            calm_garbage_collector()
        self._runner = web.AppRunner(self.web_app, access_log=None, shutdown_timeout=5)
        await self._runner.setup()
        site = web.TCPSite(
            self._runner,
            host or self.settings.host,
            port if port is not None else self.settings.port,
        )
        await site.start()
        if self.telegram is not None:
            self._telegram_task = asyncio.create_task(self._start_telegram(self.telegram))
        self.scheduler.start()
        log.info("started", url=self.url, telegram=self.telegram is not None)

    @property
    def url(self) -> str:
        assert self._runner is not None
        host, port = self._runner.addresses[0][:2]
        return f"http://{host}:{port}"

    async def _start_telegram(self, telegram: TelegramChannel) -> None:
        """Connect to Telegram; while it can't be reached, the web chat serves and we retry."""
        delay = 1.0
        while True:
            try:
                await telegram.start()
                return
            except InvalidToken:
                log.error("telegram_token_rejected", hint="check TELEGRAM_BOT_TOKEN")
                return
            except TelegramError as error:
                log.warning("telegram_unavailable", error=type(error).__name__, retry_s=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, TELEGRAM_RETRY_MAX_S)

    async def telegram_ready(self) -> None:
        """Wait until the Telegram start-up (webhook registration or polling) is done."""
        if self._telegram_task is not None:
            await asyncio.shield(self._telegram_task)

    async def stop(self) -> None:
        """The scheduler; then the web server stops taking connections and finishes the
        requests in flight (a proxy sends new ones to another process); then Telegram."""
        await self.scheduler.stop()  # the dispatch finishes and records what it is sending
        if self._runner is not None:
            await self._runner.cleanup()
        if self._telegram_task is not None:
            self._telegram_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._telegram_task
        if self.telegram is not None:
            await self.telegram.stop()
        if self.test_clock is not None:
            await self.test_clock.stop()
        await self.database.dispose()
        log.info("stopped")
