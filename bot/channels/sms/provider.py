"""What a phone provider does for us, small enough for a second one (NCP SENS, NHN Cloud):
send one message under a custom id, look a message up by that id, and read the provider's
delivery reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from handlers.phone.notices import PhoneNotice


class ProviderError(Exception):
    """The provider did not take the message (or could not be asked): try again later."""


@dataclass(frozen=True, slots=True)
class Report:
    """What became of one message: `delivered` or `failed`, as what (ATA, SMS, LMS), why."""

    custom_id: str
    state: str
    sent_as: str | None = None
    error: str | None = None


class PhoneProvider(Protocol):
    async def send(self, notice: PhoneNotice, template_id: str | None) -> None:
        """Send `notice` as the 알림톡 `template_id` (falling back to SMS/LMS), or as SMS/LMS
        when there is none; raises ProviderError when it was not taken."""

    async def sent_already(self, custom_id: str) -> bool:
        """Whether a message under this id was taken and has not failed; raises ProviderError
        when the provider cannot tell."""

    def reports(self, body: object) -> list[Report]:
        """The delivery reports in a webhook's JSON body (final ones only); ValueError when it
        is not the provider's report."""

    async def close(self) -> None: ...
