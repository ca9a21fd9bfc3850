"""The phone as a way of its own for the outbox (`via = "sms"`): a booking's reminder rendered
into the approved template of her language (Korean when hers has none), sent within SMS_HOURS
at SMS_RATE, once.

Once: the outbox key is the message's custom id at the provider. A message claimed again (its
process died while sending, or an earlier try failed) is first looked up there: found, it
counts as sent; not found, it goes; when the provider cannot tell, it is marked unknown for
staff rather than risk sending it twice.
"""

from __future__ import annotations

from datetime import datetime

import structlog

from bot.channels.base import Later, Uncertain, Way
from bot.channels.sms.hours import QuietHours
from bot.channels.sms.provider import PhoneProvider, ProviderError
from handlers.booking.notices import NoLongerDue
from handlers.notices import Gone
from handlers.phone.notices import NoPhone, PhoneNotice, booking_reminder
from handlers.phone.templates import REMINDER
from handlers.turn import FlowSettings
from storage.records import OutboxMessage, User
from storage.uow import UnitOfWork

log = structlog.get_logger(__name__)


class PhoneNotifier(Way[PhoneNotice]):
    def __init__(
        self,
        provider: PhoneProvider,
        settings: FlowSettings,
        templates: dict[str, str],
        hours: QuietHours,
        rate: float,
    ) -> None:
        self.provider = provider
        self.rate = rate
        self._settings = settings
        self._templates = templates  # language -> approved 알림톡 template id
        self._hours = hours

    def language_for(self, user: User) -> str:
        """Hers when it has an approved template (or no 알림톡 is set up: plain SMS), else
        Korean."""
        language = user.language or "ko"
        if language not in REMINDER:
            return "ko"
        if self._templates and language not in self._templates:
            return "ko"
        return language

    async def render(
        self, uow: UnitOfWork, message: OutboxMessage, user: User, now: datetime
    ) -> PhoneNotice:
        if (opens := self._hours.next_open(now)) is not None:
            raise Later(opens)
        if message.payload.get("type") != "booking":
            raise Gone("only a booking's reminders go by phone")
        try:
            return await booking_reminder(
                uow, message, user, self._settings, self.language_for(user), now
            )
        except (NoLongerDue, NoPhone) as reason:
            raise Gone(str(reason)) from None

    async def send(self, _external_id: str, notice: PhoneNotice) -> None:
        if notice.attempt > 1:
            try:
                if await self.provider.sent_already(notice.custom_id):
                    log.info("phone_message_found_sent", template=notice.template)
                    return
            except ProviderError as error:
                raise Uncertain(f"look-up failed: {error}") from None
        await self.provider.send(notice, self._templates.get(notice.language))
